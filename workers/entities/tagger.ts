// The statistical name tagger: a linear-chain model over BIO tags (person, organisation, place, other names)
// whose weights an averaged structured perceptron learned from public annotated news (train.ts), decoded with
// Viterbi under the BIO constraint. One model per language (models/<lang>.bin.gz), loaded on first use. This
// file holds what training and tagging must share exactly: tokenisation, the features of a token, decoding and
// the model file format. English and Russian are tagged word by word, Chinese character by character.
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { isCommonWord } from "./english.ts";
import { foldPattern } from "./fold.ts";
import { isDemonym, placeName } from "./gazetteer.ts";
import { givenNames } from "./given-names.ts";

export type TaggerLanguage = "en" | "ru" | "zh";
export const taggerLanguages: readonly TaggerLanguage[] = ["en", "ru", "zh"];

/** Name types as the corpora label them; MISC is CoNLL's "other names" (events, nationalities, works). */
export type NameType = "PER" | "ORG" | "LOC" | "MISC";

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A sentence to tag: its tokens and, per token, whether a known name (the watchlist) covers it (B or I). */
export interface Sentence {
  tokens: Token[];
  known?: ("B" | "I" | undefined)[];
}

/** What a document tells about its words: the lowercase words it uses (a capitalised one may still be a name). */
export interface DocumentContext {
  lowercase: Set<string>;
}

export interface TaggedName {
  /** Token indices, end exclusive. */
  from: number;
  to: number;
  type: NameType;
}

// ---- tokens and sentences ----------------------------------------------------------------------------------

/** Abbreviations that keep their full stop (and so do not end a sentence) in running English text. */
const abbreviations = new Set(
  "mr mrs ms dr prof st gen col lt sgt capt gov sen rep rev jr sr co corp inc ltd bros no vs jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split(
    " ",
  ),
);

// Dotted initialisms (U.S., U.N.), a possessive 's on its own as CoNLL writes it, words with inner hyphens,
// apostrophes, dots or ampersands (O'Neill, AT&T, 1996-08-30, 3.5), any other single character.
const wordTokens =
  /(?:\p{L}\.){2,}|['’][sS](?![\p{L}\p{N}])|[\p{L}\p{M}\p{N}]+(?:(?:[-.&/]|['’](?![sS](?![\p{L}\p{N}])))[\p{L}\p{M}\p{N}]+)*|\S/gu;
const hanOrKana = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const latinOrDigits = /[\p{Script=Latin}\p{N}]+(?:[.-][\p{Script=Latin}\p{N}]+)*|./gsu;
const sentenceEnd = new Set([".", "!", "?", "。", "！", "？", "…"]);

/** Splits a field into sentences of tokens with exact offsets: at line breaks and at sentence-final marks. */
export function sentencesOf(source: string, language: TaggerLanguage): Token[][] {
  const sentences: Token[][] = [];
  let lineStart = 0;
  for (const line of source.split("\n")) {
    let current: Token[] = [];
    const tokens = language === "zh" ? characterTokens(line, lineStart) : wordTokensOf(line, lineStart);
    tokens.forEach((token, index) => {
      current.push(token);
      const next = tokens[index + 1];
      if (sentenceEnd.has(token.text) && (next === undefined || !/^[.!?…"”’»)]$/u.test(next.text))) {
        sentences.push(current);
        current = [];
      }
    });
    if (current.length > 0) sentences.push(current);
    lineStart += line.length + 1;
  }
  return sentences;
}

function wordTokensOf(line: string, base: number): Token[] {
  const tokens: Token[] = [];
  const pattern = new RegExp(wordTokens.source, "gu");
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    let text = match[0];
    // "Mr." keeps its full stop as one token, as the training text writes it.
    if (line[pattern.lastIndex] === "." && abbreviations.has(text.toLowerCase())) {
      text += ".";
      pattern.lastIndex++;
    }
    const start = base + match.index;
    tokens.push({ text, start, end: start + text.length });
  }
  return tokens;
}

/** Chinese: one token per Han character, a run of Latin letters or digits as one token, no spaces. */
function characterTokens(line: string, base: number): Token[] {
  const tokens: Token[] = [];
  for (const match of line.matchAll(latinOrDigits)) {
    const text = match[0];
    if (/^\s$/u.test(text)) continue;
    const start = base + match.index;
    tokens.push({ text, start, end: start + text.length });
  }
  return tokens;
}

// ---- features ----------------------------------------------------------------------------------------------

/** Word shape with repeats collapsed: "McDonald" -> "XxXx", "1996-08-30" -> "d-d-d", "U.S." -> "X.X.". */
function shape(word: string): string {
  let out = "";
  let last = "";
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    let c: string;
    if (code >= 65 && code <= 90) c = "X";
    else if (code >= 97 && code <= 122) c = "x";
    else if (code >= 48 && code <= 57) c = "d";
    else if (code < 128) c = ch;
    else if (ch !== ch.toLowerCase()) c = "X";
    else if (ch !== ch.toUpperCase()) c = "x";
    else if (/\p{N}/u.test(ch)) c = "d";
    else if (/\p{L}/u.test(ch)) c = "o";
    else c = ch;
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

function charClass(ch: string | undefined): string {
  if (ch === undefined) return "_";
  if (hanOrKana.test(ch)) return "H";
  if (/^\p{N}+$/u.test(ch)) return "d";
  if (/^\p{L}/u.test(ch)) return "L";
  return "p";
}

/** Place names known to the gazetteer and known given names: B/I marks per token for the features. */
function gazetteerMarks(words: string[], language: TaggerLanguage): string[] {
  const marks = new Array<string>(words.length).fill("");
  if (language === "zh") return marks;
  for (let i = 0; i < words.length; i++) {
    const first = words[i] as string;
    if (!/^\p{Lu}/u.test(first)) continue;
    for (let n = Math.min(4, words.length - i); n >= 1; n--) {
      // Place names end in a capitalised word ("New York", "Bosnia and Herzegovina").
      if (!/^\p{Lu}/u.test(words[i + n - 1] as string)) continue;
      const folded = foldPattern(n === 1 ? first : words.slice(i, i + n).join(" "));
      if (placeName(folded) !== null) {
        marks[i] += "gzB";
        for (let k = i + 1; k < i + n; k++) marks[k] += "gzI";
        break;
      }
    }
    const folded = foldPattern(first);
    if (givenNames.has(folded)) marks[i] += "gn";
    if (isDemonym(folded)) marks[i] += "dm";
  }
  return marks;
}

/** Lowercase words that join capitalised words into one name: "Ministry of Energy", "Sports and Exhibition". */
const connectors = new Set([
  "of",
  "and",
  "for",
  "the",
  "de",
  "du",
  "des",
  "la",
  "le",
  "&",
  "van",
  "von",
  "al",
  "bin",
]);

/**
 * Capitalised phrases (capitalised words, joined by connectors): per token in a phrase of two words or more,
 * the phrase's first and last words. The last word is usually what the name is ("... International Airport",
 * "... Avenue"), and the connectors inside it belong to the name.
 */
function phrases(words: string[]): { first: string[]; last: string[] } {
  const first = new Array<string>(words.length).fill("");
  const last = new Array<string>(words.length).fill("");
  const capital = (i: number): boolean => /^\p{Lu}/u.test(words[i] ?? "");
  let i = 0;
  while (i < words.length) {
    if (!capital(i)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < words.length) {
      if (capital(end)) end++;
      else if (connectors.has((words[end] as string).toLowerCase()) && capital(end + 1)) end += 2;
      else break;
    }
    if (end - i >= 2) {
      for (let k = i; k < end; k++) {
        first[k] = (words[i] as string).toLowerCase();
        last[k] = (words[end - 1] as string).toLowerCase();
      }
    }
    i = end;
  }
  return { first, last };
}

/** FNV-1a over UTF-16 code units: features are hashed, never built as strings (tagging speed). */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Combines two hashes (a feature template and its value, or two values) into one; never 0 (the empty slot). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0 || 1;
}

/** Feature templates: what a feature is about, hashed with its value. */
const F = Object.fromEntries(
  [
    "bias word Word shape prefix suffix stem stemBefore stemAfter before after before2 after2 shapeBefore",
    "shapeAfter shapePair shapePairAfter wordPair wordPairAfter shapeBeforeWord first caps lowercaseElsewhere",
    "dictionary gazetteer gazetteerBefore gazetteerAfter phraseLast phraseFirst phraseConnector known",
    "char charBefore charAfter charBefore2 charAfter2 bigramBefore bigramAfter bigramBefore2 bigramAfter2",
    "around trigram classes segmentPosition segmentWord segmentBefore segmentAfter segmentPositionChar",
  ]
    .join(" ")
    .split(" ")
    .map((name) => [name, hashString(name)]),
) as Record<string, number>;
const outsideBefore = hashString("<s>");
const outsideAfter = hashString("</s>");
const yes = hashString("yes");
const no = hashString("no");

/**
 * Calls emit with every feature of every token of a sentence (emit's index says which token), as 32-bit hashes.
 * The features are independent of the tags; the tag transitions are the model's own table.
 */
export function sentenceFeatures(
  sentence: Sentence,
  language: TaggerLanguage,
  context: DocumentContext,
  emit: (index: number, feature: number) => void,
): void {
  const words = sentence.tokens.map((t) => t.text);
  if (language === "zh") {
    chineseFeatures(words, sentence.known, emit);
    return;
  }
  const n = words.length;
  const lower = words.map((w) => w.toLowerCase());
  const lowerHash = lower.map(hashString);
  const shapeHash = words.map((w) => hashString(shape(w)));
  const marks = gazetteerMarks(words, language);
  const letters = words.join("").replace(/[^\p{L}]/gu, "");
  // Headlines and datelines in capitals: case tells nothing there, so the model learns them apart.
  const allCaps = letters.length >= 6 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters);
  const phrase = allCaps ? undefined : phrases(words);
  const stems = language === "ru" ? words.map((w) => hashString(foldPattern(w))) : [];
  const w = (i: number): number => (i < 0 ? outsideBefore : i >= n ? outsideAfter : (lowerHash[i] as number));
  const s = (i: number): number => (i < 0 ? outsideBefore : i >= n ? outsideAfter : (shapeHash[i] as number));
  let i = 0;
  const f = (template: number, value: number): void => emit(i, mix(template, value));
  for (; i < n; i++) {
    const word = words[i] as string;
    const low = lower[i] as string;
    f(F.bias as number, 0);
    f(F.word as number, w(i));
    f(F.Word as number, hashString(word));
    f(F.shape as number, s(i));
    let prefix = F.prefix as number;
    let suffix = F.suffix as number;
    for (let k = 1; k <= 4 && k <= low.length; k++) {
      prefix = mix(prefix, low.charCodeAt(k - 1));
      suffix = mix(suffix, low.charCodeAt(low.length - k));
      emit(i, prefix);
      emit(i, suffix);
    }
    if (language === "ru") {
      // The stem without its case ending: "Москвы", "Москве" and "Москва" share it.
      f(F.stem as number, stems[i] as number);
      if (i > 0) f(F.stemBefore as number, stems[i - 1] as number);
      if (i + 1 < n) f(F.stemAfter as number, stems[i + 1] as number);
    }
    f(F.before as number, w(i - 1));
    f(F.after as number, w(i + 1));
    f(F.before2 as number, w(i - 2));
    f(F.after2 as number, w(i + 2));
    f(F.shapeBefore as number, s(i - 1));
    f(F.shapeAfter as number, s(i + 1));
    f(F.shapePair as number, mix(s(i - 1), s(i)));
    f(F.shapePairAfter as number, mix(s(i), s(i + 1)));
    f(F.wordPair as number, mix(w(i - 1), w(i)));
    f(F.wordPairAfter as number, mix(w(i), w(i + 1)));
    f(F.shapeBeforeWord as number, mix(s(i - 1), w(i)));
    if (i === 0) f(F.first as number, s(i));
    if (allCaps) f(F.caps as number, s(i));
    if (/^\p{Lu}/u.test(word)) {
      const opening = i === 0 || allCaps ? yes : no;
      // A capitalised word the document also writes in lowercase is probably a common word.
      if (context.lowercase.has(low)) f(F.lowercaseElsewhere as number, opening);
      if (language === "en" && isCommonWord(low)) f(F.dictionary as number, opening);
    }
    const mark = marks[i] as string;
    if (mark) f(F.gazetteer as number, hashString(mark));
    if (i > 0 && marks[i - 1]) f(F.gazetteerBefore as number, hashString(marks[i - 1] as string));
    if (i + 1 < n && marks[i + 1]) f(F.gazetteerAfter as number, hashString(marks[i + 1] as string));
    const last = phrase?.last[i];
    if (last) {
      f(F.phraseLast as number, hashString(last));
      f(F.phraseFirst as number, hashString(phrase?.first[i] as string));
      if (connectors.has(low)) f(F.phraseConnector as number, mix(w(i), hashString(last)));
    }
    const known = sentence.known?.[i];
    if (known) f(F.known as number, hashString(known));
  }
}

const chineseWords = new Intl.Segmenter("zh", { granularity: "word" });

/**
 * Where each token of a Chinese sentence stands in the dictionary words Intl.Segmenter finds: B, M, E or S
 * (a word of one token) and the word itself. Names are often out of the dictionary, so they break into
 * single characters or odd words, which tells the model a lot.
 */
function chineseWordsOf(chars: string[]): {
  position: string[];
  word: string[];
  before: string[];
  after: string[];
} {
  const position = new Array<string>(chars.length);
  const word = new Array<string>(chars.length);
  const before = new Array<string>(chars.length).fill("<s>");
  const after = new Array<string>(chars.length).fill("</s>");
  const segments: [number, number, string][] = [];
  const tokenAt: number[] = [];
  chars.forEach((text, i) => {
    for (let k = 0; k < text.length; k++) tokenAt.push(i);
  });
  for (const segment of chineseWords.segment(chars.join(""))) {
    const first = tokenAt[segment.index] as number;
    const last = tokenAt[segment.index + segment.segment.length - 1] as number;
    for (let i = first; i <= last; i++) {
      position[i] = first === last ? "S" : i === first ? "B" : i === last ? "E" : "M";
      word[i] = segment.segment.length <= 4 ? segment.segment : "long";
    }
    segments.push([first, last, word[first] as string]);
  }
  segments.forEach(([first, last], k) => {
    for (let i = first; i <= last; i++) {
      if (k > 0) before[i] = (segments[k - 1] as [number, number, string])[2];
      if (k + 1 < segments.length) after[i] = (segments[k + 1] as [number, number, string])[2];
    }
  });
  return { position, word, before, after };
}

function chineseFeatures(
  chars: string[],
  known: Sentence["known"],
  emit: (index: number, feature: number) => void,
): void {
  const n = chars.length;
  const hashes = chars.map(hashString);
  const c = (i: number): number => (i < 0 ? outsideBefore : i >= n ? outsideAfter : (hashes[i] as number));
  const words = chineseWordsOf(chars);
  const p = (i: number): string => (i < 0 || i >= n ? "_" : (words.position[i] as string));
  let i = 0;
  const f = (template: number, value: number): void => emit(i, mix(template, value));
  for (; i < n; i++) {
    const c0 = c(i);
    f(F.bias as number, 0);
    f(F.segmentPosition as number, hashString(`${p(i - 1)}${p(i)}${p(i + 1)}`));
    f(F.segmentWord as number, hashString(words.word[i] as string));
    f(F.segmentBefore as number, hashString(words.before[i] as string));
    f(F.segmentAfter as number, hashString(words.after[i] as string));
    f(F.segmentPositionChar as number, mix(hashString(p(i)), c0));
    f(F.char as number, c0);
    f(F.charBefore as number, c(i - 1));
    f(F.charAfter as number, c(i + 1));
    f(F.charBefore2 as number, c(i - 2));
    f(F.charAfter2 as number, c(i + 2));
    f(F.bigramBefore as number, mix(c(i - 1), c0));
    f(F.bigramAfter as number, mix(c0, c(i + 1)));
    f(F.bigramBefore2 as number, mix(c(i - 2), c(i - 1)));
    f(F.bigramAfter2 as number, mix(c(i + 1), c(i + 2)));
    f(F.around as number, mix(c(i - 1), c(i + 1)));
    f(F.trigram as number, mix(mix(c(i - 1), c0), c(i + 1)));
    f(
      F.classes as number,
      hashString(`${charClass(chars[i - 1])}${charClass(chars[i])}${charClass(chars[i + 1])}`),
    );
    const k = known?.[i];
    if (k) f(F.known as number, hashString(k));
  }
}

/** The lowercase words of a document's sentences (see DocumentContext). */
export function documentContext(sentences: string[][]): DocumentContext {
  const lowercase = new Set<string>();
  for (const words of sentences) {
    words.forEach((word, i) => {
      if (i > 0 && /^\p{Ll}/u.test(word)) lowercase.add(word);
    });
  }
  return { lowercase };
}

// ---- tags and decoding --------------------------------------------------------------------------------------

/** Tag list of a model: "O", then B-X, I-X for each type. */
export function tagList(types: readonly NameType[]): string[] {
  return ["O", ...types.flatMap((t) => [`B-${t}`, `I-${t}`])];
}

/** Whether tag `to` may follow tag `from` (-1: sentence start): I-X only after B-X or I-X. */
export function allowed(tags: string[], from: number, to: number): boolean {
  const tag = tags[to] as string;
  if (!tag.startsWith("I-")) return true;
  if (from < 0) return false;
  const previous = tags[from] as string;
  return previous !== "O" && previous.slice(2) === tag.slice(2);
}

const allowedTables = new WeakMap<string[], Uint8Array>();

/** allowed() as a table: row from + 1 (row 0 the sentence start), column to. */
function allowedTable(tags: string[]): Uint8Array {
  let table = allowedTables.get(tags);
  if (!table) {
    const T = tags.length;
    table = new Uint8Array((T + 1) * T);
    for (let from = -1; from < T; from++) {
      for (let to = 0; to < T; to++) table[(from + 1) * T + to] = allowed(tags, from, to) ? 1 : 0;
    }
    allowedTables.set(tags, table);
  }
  return table;
}

/**
 * Best tag sequence for per-token emission scores (n × T, row-major) and transitions ((T + 1) × T, row 0 from
 * the sentence start), under the BIO constraint.
 */
export function viterbi(
  emissions: Float64Array,
  n: number,
  transitions: Float64Array,
  tags: string[],
): number[] {
  const T = tags.length;
  if (n === 0) return [];
  const ok = allowedTable(tags);
  const score = new Float64Array(n * T);
  const back = new Int32Array(n * T);
  for (let t = 0; t < T; t++) {
    score[t] = ok[t] ? (emissions[t] as number) + (transitions[t] as number) : -Infinity;
  }
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let from = 0;
      for (let p = 0; p < T; p++) {
        const previous = score[(i - 1) * T + p] as number;
        if (previous === -Infinity || !ok[(p + 1) * T + t]) continue;
        const value = previous + (transitions[(p + 1) * T + t] as number);
        if (value > best) {
          best = value;
          from = p;
        }
      }
      score[i * T + t] = best + (emissions[i * T + t] as number);
      back[i * T + t] = from;
    }
  }
  let last = 0;
  for (let t = 1; t < T; t++)
    if ((score[(n - 1) * T + t] as number) > (score[(n - 1) * T + last] as number)) last = t;
  const path = new Array<number>(n);
  path[n - 1] = last;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + (path[i] as number)] as number;
  return path;
}

/** Names (token ranges and types) in a BIO tag sequence. */
export function namesIn(path: number[], tags: string[]): TaggedName[] {
  const names: TaggedName[] = [];
  let open: TaggedName | undefined;
  path.forEach((t, i) => {
    const tag = tags[t] as string;
    if (tag.startsWith("I-") && open && open.type === tag.slice(2)) {
      open.to = i + 1;
      return;
    }
    if (open) names.push(open);
    open = tag === "O" ? undefined : { from: i, to: i + 1, type: tag.slice(2) as NameType };
  });
  if (open) names.push(open);
  return names;
}

// ---- the model --------------------------------------------------------------------------------------------

export interface Model {
  language: TaggerLanguage;
  tags: string[];
  /** Feature hashes, one per weights row. */
  keys: Uint32Array;
  /** keys.length × tags.length. */
  weights: Float32Array;
  /** (tags + 1) × tags: from the start or a tag, to a tag. */
  transitions: Float64Array;
  /** Open-addressing table over the keys: slot -> row + 1 (0: empty); built on load. */
  slots?: Int32Array;
}

/**
 * Model file: gzip of [u32 header length][header JSON][u32 feature hashes][int16 weights], the weights
 * quantised with one scale per model ({language, tags, scale, count, transitions} in the header).
 */
export function encodeModel(model: Model): Buffer {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 32767 || 1;
  const quantised = new Int16Array(model.weights.length);
  model.weights.forEach((w, i) => {
    quantised[i] = Math.round(w / scale);
  });
  const header = Buffer.from(
    JSON.stringify({
      language: model.language,
      tags: model.tags,
      scale,
      count: model.keys.length,
      transitions: [...model.transitions].map((t) => Math.round(t * 1000) / 1000),
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const keys = Uint32Array.from(model.keys);
  const body = Buffer.concat([
    length,
    header,
    Buffer.from(keys.buffer),
    Buffer.from(quantised.buffer, quantised.byteOffset, quantised.byteLength),
  ]);
  return gzipSync(body, { level: 9 });
}

export function decodeModel(file: Buffer): Model {
  const body = gunzipSync(file);
  const headerLength = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + headerLength).toString()) as {
    language: TaggerLanguage;
    tags: string[];
    scale: number;
    count: number;
    transitions: number[];
  };
  const T = header.tags.length;
  const keysAt = 4 + headerLength;
  const weightsAt = keysAt + header.count * 4;
  if (body.length !== weightsAt + header.count * T * 2)
    throw new Error(`model ${header.language}: bad length`);
  // Copied out: typed-array views need aligned offsets.
  const keys = new Uint32Array(body.buffer.slice(body.byteOffset + keysAt, body.byteOffset + weightsAt));
  const quantised = new Int16Array(
    body.buffer.slice(body.byteOffset + weightsAt, body.byteOffset + body.length),
  );
  const weights = new Float32Array(quantised.length);
  for (let i = 0; i < quantised.length; i++) weights[i] = (quantised[i] as number) * header.scale;
  const model: Model = {
    language: header.language,
    tags: header.tags,
    keys,
    weights,
    transitions: Float64Array.from(header.transitions),
  };
  model.slots = slotTable(keys);
  return model;
}

function slotTable(keys: Uint32Array): Int32Array {
  let size = 1024;
  while (size < keys.length * 2) size *= 2;
  const slots = new Int32Array(size);
  keys.forEach((key, row) => {
    let slot = key & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = row + 1;
  });
  return slots;
}

/** The weights row of a feature hash, or -1 when the model has no weight for it. */
function rowOf(model: Model, key: number): number {
  const slots = model.slots as Int32Array;
  const mask = slots.length - 1;
  let slot = key & mask;
  for (;;) {
    const row = slots[slot] as number;
    if (row === 0) return -1;
    if (model.keys[row - 1] === key) return row - 1;
    slot = (slot + 1) & mask;
  }
}

export function modelPath(language: TaggerLanguage): URL {
  return new URL(`./models/${language}.bin.gz`, import.meta.url);
}

const loaded = new Map<TaggerLanguage, Model>();

/** The language's model, read from its file on first use. */
export function modelFor(language: TaggerLanguage): Model {
  let model = loaded.get(language);
  if (!model) {
    model = decodeModel(readFileSync(modelPath(language)));
    loaded.set(language, model);
  }
  return model;
}

/** Emission scores of a sentence under a model: n × T. */
export function emissionScores(model: Model, sentence: Sentence, context: DocumentContext): Float64Array {
  const T = model.tags.length;
  const scores = new Float64Array(sentence.tokens.length * T);
  const { weights } = model;
  sentenceFeatures(sentence, model.language, context, (i, feature) => {
    const row = rowOf(model, feature);
    if (row < 0) return;
    const offset = row * T;
    const at = i * T;
    for (let t = 0; t < T; t++) scores[at + t] = (scores[at + t] as number) + (weights[offset + t] as number);
  });
  return scores;
}

/** The names in one sentence. */
export function tagSentence(model: Model, sentence: Sentence, context: DocumentContext): TaggedName[] {
  const scores = emissionScores(model, sentence, context);
  return namesIn(viterbi(scores, sentence.tokens.length, model.transitions, model.tags), model.tags);
}

// ---- text in, names out -------------------------------------------------------------------------------------

export interface TextName {
  start: number;
  end: number;
  type: NameType;
}

/** A document's context from the text of its fields (title and text). */
export function contextOf(sources: string[], language: TaggerLanguage): DocumentContext {
  return documentContext(
    sources.flatMap((source) => sentencesOf(source, language).map((s) => s.map((t) => t.text))),
  );
}

/**
 * The names in a text as character spans. `known` are spans a knowledge base (the watchlist) already names:
 * their tokens carry the kb feature, so the model can read them as parts of longer names too.
 */
export function tagText(
  source: string,
  language: TaggerLanguage,
  context: DocumentContext = contextOf([source], language),
  known: { start: number; end: number }[] = [],
): TextName[] {
  const model = modelFor(language);
  const out: TextName[] = [];
  for (const tokens of sentencesOf(source, language)) {
    const marks = known.length === 0 ? undefined : knownMarks(tokens, known);
    for (const name of tagSentence(model, { tokens, known: marks }, context)) {
      out.push({
        start: (tokens[name.from] as Token).start,
        end: (tokens[name.to - 1] as Token).end,
        type: name.type,
      });
    }
  }
  return out;
}

function knownMarks(tokens: Token[], known: { start: number; end: number }[]): Sentence["known"] {
  const marks: Sentence["known"] = new Array(tokens.length);
  let any = false;
  for (const span of known) {
    tokens.forEach((token, i) => {
      if (token.end <= span.start || token.start >= span.end) return;
      marks[i] = token.start <= span.start ? "B" : "I";
      any = true;
    });
  }
  return any ? marks : undefined;
}
