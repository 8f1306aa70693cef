// Text folding for matching: lowercase, diacritics stripped, Azerbaijani and Turkish letters mapped to their
// usual Latin transliteration (Əliyev -> aliyev), apostrophes unified, hyphens and whitespace runs collapsed to
// one space, Russian case endings stripped so that inflected forms meet one stem. Every folded character
// keeps the UTF-16 range of the original text it came from, so matches map back to exact original offsets.

export interface FoldedText {
  folded: string;
  /** Original start offset of each folded character. */
  starts: Int32Array;
  /** Original end offset (exclusive) of each folded character. */
  ends: Int32Array;
}

const special: Record<string, string> = {
  ə: "a",
  Ə: "a",
  ı: "i",
  İ: "i",
  ß: "ss",
  ø: "o",
  Ø: "o",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  þ: "th",
  "’": "'",
  "‘": "'",
  "`": "'",
  ʼ: "'",
  "´": "'",
  "·": " ",
  "・": " ",
  "‐": " ",
  "‑": " ",
  "‒": " ",
  "–": " ",
  "—": " ",
  "-": " ",
  "\u00a0": " ",
  "\t": " ",
  "\u2009": " ",
  "\u202f": " ",
};

const foldCache = new Map<string, string>();

/** Folds one character (a code point) to zero or more folded characters. */
export function foldChar(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let out = special[ch];
  if (out === undefined) {
    if (ch === "\n" || ch === "\r") out = "\n";
    else if (/\s/u.test(ch)) out = " ";
    else out = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFC");
  }
  foldCache.set(ch, out);
  return out;
}

const cyrillicLetter = /[\u0400-\u04ff]/;
// Singular case endings of Russian nouns and adjectives, longest first (й has lost its breve by now: и).
// Plural endings are left out: names are rarely plural, and -ам/-ах would cut stems such as Ильхам.
const russianEndings = [
  "иеи",
  "ого",
  "его",
  "ому",
  "ему",
  "ая",
  "яя",
  "ое",
  "ее",
  "ои",
  "еи",
  "ии",
  "ыи",
  "ую",
  "юю",
  "ом",
  "ем",
  "ию",
  "ия",
  "ым",
  "им",
  "а",
  "я",
  "о",
  "е",
  "ы",
  "и",
  "у",
  "ю",
  "ь",
];
/** Endings that begin with a consonant-final syllable need a longer stem (Хаким keeps its -им). */
const longStemEndings = new Set(["ом", "ем", "ым", "им", "ого", "его", "ому", "ему"]);

/** How many trailing characters of a folded Cyrillic word are a case ending (the stem keeps at least 3). */
function russianEndingLength(word: string): number {
  for (const ending of russianEndings) {
    const minimum = longStemEndings.has(ending) ? 4 : 3;
    if (word.length - ending.length >= minimum && word.endsWith(ending)) return ending.length;
  }
  return 0;
}

export function foldText(text: string): FoldedText {
  const folded: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let lastSpace = true; // no leading space
  let wordStart = -1; // folded index where the current Cyrillic word starts
  const closeCyrillicWord = (): void => {
    if (wordStart < 0) return;
    const word = folded.slice(wordStart).join("");
    const cut = russianEndingLength(word);
    if (cut > 0) {
      const end = ends[ends.length - 1] ?? 0;
      folded.length -= cut;
      starts.length -= cut;
      ends.length -= cut;
      ends[ends.length - 1] = end;
    }
    wordStart = -1;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(code);
    const next = i + ch.length;
    const out = foldChar(ch);
    if (out === " " || out === "\n") {
      closeCyrillicWord();
      if (lastSpace) {
        // Collapse runs; a newline inside the run wins so that matches never cross paragraphs.
        const last = folded.length - 1;
        if (out === "\n" && last >= 0 && folded[last] === " ") folded[last] = "\n";
        if (last >= 0) ends[last] = next;
      } else {
        folded.push(out);
        starts.push(i);
        ends.push(next);
        lastSpace = true;
      }
    } else {
      for (const c of out) {
        if (cyrillicLetter.test(c)) {
          if (wordStart < 0) wordStart = folded.length;
        } else closeCyrillicWord();
        folded.push(c);
        starts.push(i);
        ends.push(next);
      }
      if (out.length > 0) lastSpace = false;
    }
    i = next;
  }
  closeCyrillicWord();
  return { folded: folded.join(""), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** The folded form of a pattern (an alias), trimmed. */
export function foldPattern(pattern: string): string {
  return foldText(pattern).folded.trim();
}

const wordChar = /[\p{L}\p{N}]/u;
const hanChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && wordChar.test(ch);
}

/** Scripts written without spaces between words, where a match needs no word boundary. */
export function isUnspacedScript(ch: string | undefined): boolean {
  return ch !== undefined && hanChar.test(ch);
}
