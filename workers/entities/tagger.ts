// The statistical name tagger: a linear-chain model over BIO tags (person, organisation, place, other names)
// whose weights an averaged structured perceptron learned from public annotated news (train.ts), decoded with
// Viterbi under the BIO constraint. One model per language (models/<lang>.bin.gz), loaded on first use. This
// file holds what training and tagging must share exactly: tokenisation, the features of a token, decoding and
// the model file format. English and Russian are tagged word by word, Chinese character by character.
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { isCommonWord } from "./english.ts";
import { foldPattern } from "./fold.ts";
import { isDemonym, opensPlaceName, placeName } from "./gazetteer.ts";
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
  /** Chinese: the dictionary words of the text the tokens' offsets point into (segmentWords), made once per text. */
  words?: Segmentation;
}

/**
 * What a document tells about its words: the lowercase words it uses (a capitalised one may still be a name),
 * and for each capitalised word the words around its uses (up to eight): "Weah" opening a sentence is read in
 * the light of "striker Weah" further on.
 */
export interface DocumentContext {
  lowercase: Set<string>;
  around: Map<string, number[]>;
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
  // One expression for every line: exec runs to the end of the line, which sets lastIndex back to 0.
  wordTokens.lastIndex = 0;
  for (let match = wordTokens.exec(line); match !== null; match = wordTokens.exec(line)) {
    let text = match[0];
    // "Mr." keeps its full stop as one token, as the training text writes it.
    if (line[wordTokens.lastIndex] === "." && abbreviations.has(text.toLowerCase())) {
      text += ".";
      wordTokens.lastIndex++;
    }
    const start = base + match.index;
    tokens.push({ text, start, end: start + text.length });
  }
  return tokens;
}

/** Chinese: one token per character, a run of Latin letters or digits (with inner . or -) as one, no spaces. */
function characterTokens(line: string, base: number): Token[] {
  const tokens: Token[] = [];
  const alphanumeric = (code: number): boolean =>
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 0xc0 && code <= 0x24f);
  let i = 0;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    let end = i + 1;
    if (alphanumeric(code)) {
      while (
        end < line.length &&
        (alphanumeric(line.charCodeAt(end)) ||
          ((line[end] === "." || line[end] === "-") && alphanumeric(line.charCodeAt(end + 1))))
      )
        end++;
    } else if (code >= 0xd800 && code <= 0xdbff && end < line.length) end++;
    if (!/\s/u.test(line[i] as string))
      tokens.push({ text: line.slice(i, end), start: base + i, end: base + end });
    i = end;
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

/** What the features need of a word on its own, worked out once per distinct word (words repeat). */
interface WordInfo {
  lower: string;
  lowerHash: number;
  wordHash: number;
  shapeHash: number;
  /** Its prefix and suffix features (up to four characters), in the order they are emitted. */
  affixes: number[];
  /** Begins with an uppercase or a lowercase letter. */
  capital: boolean;
  lowercase: boolean;
  connector: boolean;
  /** Its letters: how many, whether uppercasing leaves them as they are, whether one is uppercase. */
  letters: number;
  uppercase: boolean;
  someUppercase: boolean;
  /** The word as a neighbour before or after a capitalised word (DocumentContext's around). */
  asBefore: number;
  asAfter: number;
  /** From its folded form, filled in by foldedInfo on first need (capitalised words, Russian stems). */
  folded: string | undefined;
  stem: number;
  place: boolean;
  opensPlace: boolean;
  given: boolean;
  demonym: boolean;
  /** A common English word (english.ts), asked of capitalised words of English text on first need. */
  common: boolean | undefined;
  /** Under the model weightsOf: the summed weights of the word's features in each role (Role × tags), those with a bit in weightsDone filled in. */
  weights: Int32Array | undefined;
  weightsOf: Model | undefined;
  weightsDone: number;
}

// Bounded (an entry with its weights is under a kilobyte): emptied when full, frequent words come back at once.
const wordInfos = new Map<string, WordInfo>();

function wordInfo(word: string): WordInfo {
  let info = wordInfos.get(word);
  if (info !== undefined) return info;
  const lower = word.toLowerCase();
  const lowerHash = hashString(lower);
  const affixes: number[] = [];
  let prefix = F.prefix as number;
  let suffix = F.suffix as number;
  for (let k = 1; k <= 4 && k <= lower.length; k++) {
    prefix = mix(prefix, lower.charCodeAt(k - 1));
    suffix = mix(suffix, lower.charCodeAt(lower.length - k));
    affixes.push(prefix, suffix);
  }
  const letters = word.replace(/[^\p{L}]/gu, "");
  info = {
    lower,
    lowerHash,
    wordHash: hashString(word),
    shapeHash: hashString(shape(word)),
    affixes,
    capital: /^\p{Lu}/u.test(word),
    lowercase: /^\p{Ll}/u.test(word),
    connector: connectors.has(lower),
    letters: letters.length,
    uppercase: letters === letters.toUpperCase(),
    someUppercase: /\p{Lu}/u.test(letters),
    asBefore: mix(1, lowerHash),
    asAfter: mix(2, lowerHash),
    folded: undefined,
    stem: 0,
    place: false,
    opensPlace: false,
    given: false,
    demonym: false,
    common: undefined,
    weights: undefined,
    weightsOf: undefined,
    weightsDone: 0,
  };
  if (wordInfos.size >= 20_000) wordInfos.clear();
  wordInfos.set(word, info);
  return info;
}

/** The word's folded form and what the gazetteer and the given names say of it. */
function foldedInfo(info: WordInfo, word: string): WordInfo {
  if (info.folded !== undefined) return info;
  const folded = foldPattern(word);
  info.folded = folded;
  info.stem = hashString(folded);
  info.place = placeName(folded) !== null;
  info.opensPlace = opensPlaceName(folded);
  info.given = givenNames.has(folded);
  info.demonym = isDemonym(folded);
  return info;
}

/** Place names known to the gazetteer and known given names: B/I marks per token for the features. */
function gazetteerMarks(words: string[], infos: WordInfo[]): string[] {
  const marks = new Array<string>(words.length).fill("");
  for (let i = 0; i < words.length; i++) {
    const first = infos[i] as WordInfo;
    if (!first.capital) continue;
    foldedInfo(first, words[i] as string);
    // A place of several words begins with the folded first word and a space.
    for (let n = first.opensPlace ? Math.min(4, words.length - i) : 1; n >= 1; n--) {
      // Place names end in a capitalised word ("New York", "Bosnia and Herzegovina").
      if (!(infos[i + n - 1] as WordInfo).capital) continue;
      if (n === 1 ? first.place : placeName(foldPattern(words.slice(i, i + n).join(" "))) !== null) {
        marks[i] += "gzB";
        for (let k = i + 1; k < i + n; k++) marks[k] += "gzI";
        break;
      }
    }
    if (first.given) marks[i] += "gn";
    if (first.demonym) marks[i] += "dm";
  }
  return marks;
}

/**
 * Capitalised phrases (capitalised words, joined by connectors): per token in a phrase of two words or more,
 * the index of the phrase's first and last words (-1 outside one). The last word is usually what the name is
 * ("... International Airport", "... Avenue"), and the connectors inside it belong to the name.
 */
function phrases(infos: WordInfo[]): { first: number[]; last: number[] } {
  const n = infos.length;
  const first = new Array<number>(n).fill(-1);
  const last = new Array<number>(n).fill(-1);
  const capital = (i: number): boolean => i < n && (infos[i] as WordInfo).capital;
  let i = 0;
  while (i < n) {
    if (!capital(i)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n) {
      if (capital(end)) end++;
      else if ((infos[end] as WordInfo).connector && capital(end + 1)) end += 2;
      else break;
    }
    if (end - i >= 2) {
      first.fill(i, i, end);
      last.fill(end - 1, i, end);
    }
    i = end;
  }
  return { first, last };
}

/** Feature templates: what a feature is about, hashed with its value (an object literal: fast property reads). */
const F = {
  bias: hashString("bias"),
  word: hashString("word"),
  Word: hashString("Word"),
  shape: hashString("shape"),
  prefix: hashString("prefix"),
  suffix: hashString("suffix"),
  stem: hashString("stem"),
  stemBefore: hashString("stemBefore"),
  stemAfter: hashString("stemAfter"),
  before: hashString("before"),
  after: hashString("after"),
  before2: hashString("before2"),
  after2: hashString("after2"),
  shapeBefore: hashString("shapeBefore"),
  shapeAfter: hashString("shapeAfter"),
  shapePair: hashString("shapePair"),
  shapePairAfter: hashString("shapePairAfter"),
  wordPair: hashString("wordPair"),
  wordPairAfter: hashString("wordPairAfter"),
  shapeBeforeWord: hashString("shapeBeforeWord"),
  first: hashString("first"),
  caps: hashString("caps"),
  lowercaseElsewhere: hashString("lowercaseElsewhere"),
  aroundElsewhere: hashString("aroundElsewhere"),
  dictionary: hashString("dictionary"),
  gazetteer: hashString("gazetteer"),
  gazetteerBefore: hashString("gazetteerBefore"),
  gazetteerAfter: hashString("gazetteerAfter"),
  phraseLast: hashString("phraseLast"),
  phraseFirst: hashString("phraseFirst"),
  phraseConnector: hashString("phraseConnector"),
  known: hashString("known"),
  char: hashString("char"),
  charBefore: hashString("charBefore"),
  charAfter: hashString("charAfter"),
  charBefore2: hashString("charBefore2"),
  charAfter2: hashString("charAfter2"),
  bigramBefore: hashString("bigramBefore"),
  bigramAfter: hashString("bigramAfter"),
  bigramBefore2: hashString("bigramBefore2"),
  bigramAfter2: hashString("bigramAfter2"),
  around: hashString("around"),
  trigram: hashString("trigram"),
  classes: hashString("classes"),
  segmentPosition: hashString("segmentPosition"),
  segmentWord: hashString("segmentWord"),
  segmentBefore: hashString("segmentBefore"),
  segmentAfter: hashString("segmentAfter"),
  segmentPositionChar: hashString("segmentPositionChar"),
};
const outsideBefore = hashString("<s>");
const outsideAfter = hashString("</s>");
const yes = hashString("yes");
const no = hashString("no");

/**
 * What a word is to the token a feature describes, in the features that read that word alone: the token itself
 * (its word, shape and affixes), its stem (Russian), or a neighbour by stem, word or shape. Tagging sums the
 * weights of a word's features per role once (WordInfo.weights) instead of looking each up for every token.
 */
const Role = {
  self: 0,
  stem: 1,
  stemBefore: 2,
  stemAfter: 3,
  before: 4,
  after: 5,
  before2: 6,
  after2: 7,
  shapeBefore: 8,
  shapeAfter: 9,
} as const;
const roleCount = 10;
const roleTemplates = [
  F.bias,
  F.stem,
  F.stemBefore,
  F.stemAfter,
  F.before,
  F.after,
  F.before2,
  F.after2,
  F.shapeBefore,
  F.shapeAfter,
];

/** The features of a word in a role, in the order sentenceFeatures emits them. */
function roleFeatures(info: WordInfo, role: number, out: (feature: number) => void): void {
  if (role === Role.self) {
    out(mix(F.bias, 0));
    out(mix(F.word, info.lowerHash));
    out(mix(F.Word, info.wordHash));
    out(mix(F.shape, info.shapeHash));
    for (const affix of info.affixes) out(affix);
    return;
  }
  const value =
    role <= Role.stemAfter ? info.stem : role >= Role.shapeBefore ? info.shapeHash : info.lowerHash;
  out(mix(roleTemplates[role] as number, value));
}

/** Takes a word's features in a role (roleFeatures) for the token at index, in place of emit. */
type WordEmitter = (index: number, word: WordInfo, role: number) => void;

/**
 * Calls emit with every feature of every token of a sentence (emit's index says which token), as 32-bit hashes,
 * or with emitWord given, the features that read one word alone as that word and its role (English, Russian).
 * The features are independent of the tags; the tag transitions are the model's own table.
 */
export function sentenceFeatures(
  sentence: Sentence,
  language: TaggerLanguage,
  context: DocumentContext,
  emit: (index: number, feature: number) => void,
  emitWord?: WordEmitter,
): void {
  if (language === "zh") {
    chineseFeatures(sentence, emit);
    return;
  }
  const words = sentence.tokens.map((t) => t.text);
  const n = words.length;
  const infos = words.map(wordInfo);
  const marks = gazetteerMarks(words, infos);
  const markHashes = marks.map((mark) => (mark ? hashString(mark) : 0));
  // Headlines and datelines in capitals: case tells nothing there, so the model learns them apart.
  let letters = 0;
  let uppercase = true;
  let someUppercase = false;
  for (const info of infos) {
    letters += info.letters;
    uppercase &&= info.uppercase;
    someUppercase ||= info.someUppercase;
  }
  const allCaps = letters >= 6 && uppercase && someUppercase;
  const phrase = allCaps ? undefined : phrases(infos);
  if (language === "ru") for (let k = 0; k < n; k++) foldedInfo(infos[k] as WordInfo, words[k] as string);
  const w = (i: number): number =>
    i < 0 ? outsideBefore : i >= n ? outsideAfter : (infos[i] as WordInfo).lowerHash;
  const s = (i: number): number =>
    i < 0 ? outsideBefore : i >= n ? outsideAfter : (infos[i] as WordInfo).shapeHash;
  let i = 0;
  const f = (template: number, value: number): void => emit(i, mix(template, value));
  const emitOne = (feature: number): void => emit(i, feature);
  const word = (k: number, role: number): void => {
    if (emitWord) emitWord(i, infos[k] as WordInfo, role);
    else roleFeatures(infos[k] as WordInfo, role, emitOne);
  };
  // A neighbour outside the sentence is a feature of its own.
  const neighbour = (k: number, role: number): void => {
    if (k < 0 || k >= n) f(roleTemplates[role] as number, k < 0 ? outsideBefore : outsideAfter);
    else word(k, role);
  };
  for (; i < n; i++) {
    const info = infos[i] as WordInfo;
    word(i, Role.self);
    if (language === "ru") {
      // The stem without its case ending: "Москвы", "Москве" and "Москва" share it.
      word(i, Role.stem);
      if (i > 0) word(i - 1, Role.stemBefore);
      if (i + 1 < n) word(i + 1, Role.stemAfter);
    }
    neighbour(i - 1, Role.before);
    neighbour(i + 1, Role.after);
    neighbour(i - 2, Role.before2);
    neighbour(i + 2, Role.after2);
    neighbour(i - 1, Role.shapeBefore);
    neighbour(i + 1, Role.shapeAfter);
    f(F.shapePair, mix(s(i - 1), s(i)));
    f(F.shapePairAfter, mix(s(i), s(i + 1)));
    f(F.wordPair, mix(w(i - 1), w(i)));
    f(F.wordPairAfter, mix(w(i), w(i + 1)));
    f(F.shapeBeforeWord, mix(s(i - 1), w(i)));
    if (i === 0) f(F.first, s(i));
    if (allCaps) f(F.caps, s(i));
    if (info.capital) {
      const opening = i === 0 || allCaps ? yes : no;
      // A capitalised word the document also writes in lowercase is probably a common word.
      if (context.lowercase.has(info.lower)) f(F.lowercaseElsewhere, opening);
      for (const around of context.around.get(words[i] as string) ?? []) f(F.aroundElsewhere, around);
      if (language === "en") {
        info.common ??= isCommonWord(info.lower);
        if (info.common) f(F.dictionary, opening);
      }
    }
    if (marks[i]) f(F.gazetteer, markHashes[i] as number);
    if (i > 0 && marks[i - 1]) f(F.gazetteerBefore, markHashes[i - 1] as number);
    if (i + 1 < n && marks[i + 1]) f(F.gazetteerAfter, markHashes[i + 1] as number);
    const last = phrase ? (phrase.last[i] as number) : -1;
    if (phrase && last >= 0) {
      const lastHash = (infos[last] as WordInfo).lowerHash;
      f(F.phraseLast, lastHash);
      f(F.phraseFirst, (infos[phrase.first[i] as number] as WordInfo).lowerHash);
      if (info.connector) f(F.phraseConnector, mix(w(i), lastHash));
    }
    const known = sentence.known?.[i];
    if (known) f(F.known, hashString(known));
  }
}

const chineseWords = new Intl.Segmenter("zh", { granularity: "word" });

/** Per character offset of a text: where its dictionary word starts and ends, and the hashes of it and its neighbours. */
export interface Segmentation {
  first: Int32Array;
  end: Int32Array;
  word: Uint32Array;
  before: Uint32Array;
  after: Uint32Array;
}

/**
 * The dictionary words Intl.Segmenter finds in a text (a word longer than four characters hashed as "long").
 * Names are often out of the dictionary, so they break into single characters or odd words, which tells the
 * model a lot. One segmenter pass per text: a pass per sentence costs several times more.
 */
export function segmentWords(text: string): Segmentation {
  const n = text.length;
  const out: Segmentation = {
    first: new Int32Array(n),
    end: new Int32Array(n),
    word: new Uint32Array(n),
    before: new Uint32Array(n).fill(outsideBefore),
    after: new Uint32Array(n).fill(outsideAfter),
  };
  let previous: { index: number; end: number; hash: number } | undefined;
  for (const segment of chineseWords.segment(text)) {
    const end = segment.index + segment.segment.length;
    const hash = hashString(segment.segment.length <= 4 ? segment.segment : "long");
    for (let i = segment.index; i < end; i++) {
      out.first[i] = segment.index;
      out.end[i] = end;
      out.word[i] = hash;
      if (previous) out.before[i] = previous.hash;
    }
    if (previous) out.after.fill(hash, previous.index, previous.end);
    previous = { index: segment.index, end, hash };
  }
  return out;
}

/** Character class by code point: 1 Han or kana, 2 digit, 3 other letter, 4 anything else; 0 outside. */
function charClass(ch: string | undefined): number {
  if (ch === undefined) return 0;
  const code = ch.codePointAt(0) as number;
  if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0x3040 && code <= 0x30ff) || code >= 0x20000) return 1;
  if ((code >= 48 && code <= 57) || (code >= 0xff10 && code <= 0xff19)) return 2;
  if (ch.toLowerCase() !== ch.toUpperCase()) return 3;
  return 4;
}

function chineseFeatures(sentence: Sentence, emit: (index: number, feature: number) => void): void {
  const tokens = sentence.tokens;
  const n = tokens.length;
  if (n === 0) return;
  // A sentence tagged on its own (training, tests) is segmented on its own, its offsets made relative.
  const base = sentence.words ? 0 : (tokens[0] as Token).start;
  const words = sentence.words ?? segmentWords(tokens.map((t) => t.text).join(""));
  const hashes = tokens.map((t) => hashString(t.text));
  const classes = tokens.map((t) => charClass(t.text));
  const c = (i: number): number => (i < 0 ? outsideBefore : i >= n ? outsideAfter : (hashes[i] as number));
  const cls = (i: number): number => (i < 0 || i >= n ? 0 : (classes[i] as number));
  // 1 begins a word, 2 inside one, 3 ends one, 4 is a word of its own; 0 outside the sentence.
  const positions = tokens.map((t) => {
    const first = words.first[t.start - base] === t.start - base;
    const last = words.end[t.end - 1 - base] === t.end - base;
    return first && last ? 4 : first ? 1 : last ? 3 : 2;
  });
  const p = (i: number): number => (i < 0 || i >= n ? 0 : (positions[i] as number));
  let i = 0;
  const f = (template: number, value: number): void => emit(i, mix(template, value));
  for (; i < n; i++) {
    const at = (tokens[i] as Token).start - base;
    const c0 = c(i);
    f(F.bias, 0);
    f(F.segmentPosition, p(i - 1) * 25 + p(i) * 5 + p(i + 1));
    f(F.segmentWord, words.word[at] as number);
    f(F.segmentBefore, words.before[at] as number);
    f(F.segmentAfter, words.after[at] as number);
    f(F.segmentPositionChar, mix(p(i), c0));
    f(F.char, c0);
    f(F.charBefore, c(i - 1));
    f(F.charAfter, c(i + 1));
    f(F.charBefore2, c(i - 2));
    f(F.charAfter2, c(i + 2));
    f(F.bigramBefore, mix(c(i - 1), c0));
    f(F.bigramAfter, mix(c0, c(i + 1)));
    f(F.bigramBefore2, mix(c(i - 2), c(i - 1)));
    f(F.bigramAfter2, mix(c(i + 1), c(i + 2)));
    f(F.around, mix(c(i - 1), c(i + 1)));
    f(F.trigram, mix(mix(c(i - 1), c0), c(i + 1)));
    f(F.classes, cls(i - 1) * 25 + cls(i) * 5 + cls(i + 1));
    const k = sentence.known?.[i];
    if (k) f(F.known, hashString(k));
  }
}

/** The lowercase words of a document's sentences (see DocumentContext). */
export function documentContext(sentences: string[][]): DocumentContext {
  const lowercase = new Set<string>();
  const around = new Map<string, number[]>();
  for (const words of sentences) {
    const infos = words.map(wordInfo);
    infos.forEach((info, i) => {
      const word = words[i] as string;
      if (i > 0 && info.lowercase) lowercase.add(word);
      if (!info.capital) return;
      let list = around.get(word);
      if (!list) {
        list = [];
        around.set(word, list);
      }
      if (list.length >= 8) return;
      if (i > 0) list.push((infos[i - 1] as WordInfo).asBefore);
      if (i + 1 < words.length) list.push((infos[i + 1] as WordInfo).asAfter);
    });
  }
  // Each neighbour once (the features are a set), deduplicated in place once per document rather than per use.
  for (const list of around.values()) {
    let kept = 0;
    for (const value of list) {
      let seen = false;
      for (let k = 0; k < kept && !seen; k++) seen = list[k] === value;
      if (!seen) list[kept++] = value;
    }
    list.length = kept;
  }
  return { lowercase, around };
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

// Viterbi's tables, reused from sentence to sentence (a typed array costs more to make than to fill here).
function scratchFor(
  size: number,
  transitions: number,
): { score: Float64Array; back: Int32Array; transitions: Float64Array } {
  return {
    score: new Float64Array(size),
    back: new Int32Array(size),
    transitions: new Float64Array(transitions),
  };
}
let decoding = scratchFor(4096, 256);

/**
 * Best tag sequence for per-token emission scores (n × T, row-major) and transitions ((T + 1) × T, row 0 from
 * the sentence start), under the BIO constraint: a forbidden transition weighs -Infinity, so that it never wins
 * (nor does a tag no path reaches) without a test in the inner loop.
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
  if (decoding.score.length < n * T || decoding.transitions.length < transitions.length)
    decoding = scratchFor(n * T * 2, transitions.length);
  const { score, back } = decoding;
  const weights = decoding.transitions;
  for (let k = 0; k < transitions.length; k++) weights[k] = ok[k] ? (transitions[k] as number) : -Infinity;
  for (let t = 0; t < T; t++) score[t] = (emissions[t] as number) + (weights[t] as number);
  for (let i = 1; i < n; i++) {
    const previous = (i - 1) * T;
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let from = 0;
      for (let p = 0; p < T; p++) {
        const value = (score[previous + p] as number) + (weights[(p + 1) * T + t] as number);
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
  /** keys.length × tags.length, in units of `scale` (int16, as the model file stores them). */
  weights: Int16Array;
  scale: number;
  /** (tags + 1) × tags: from the start or a tag, to a tag. */
  transitions: Float64Array;
  /** The keys and their weights rows in one lookup table (featureTable), built on first use. */
  table?: FeatureTable;
}

/**
 * Model file: gzip of [u32 header length][header JSON][u32 feature hashes][int16 weights], the weights
 * quantised with one scale per model ({language, tags, scale, count, transitions} in the header).
 */
export function encodeModel(model: Model): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      language: model.language,
      tags: model.tags,
      scale: model.scale,
      count: model.keys.length,
      transitions: [...model.transitions].map((t) => Math.round(t * 1000) / 1000),
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const keys = Uint32Array.from(model.keys);
  const { weights } = model;
  const body = Buffer.concat([
    length,
    header,
    Buffer.from(keys.buffer),
    Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength),
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
  return {
    language: header.language,
    tags: header.tags,
    keys: new Uint32Array(body.buffer.slice(body.byteOffset + keysAt, body.byteOffset + weightsAt)),
    weights: new Int16Array(body.buffer.slice(body.byteOffset + weightsAt, body.byteOffset + body.length)),
    scale: header.scale,
    transitions: Float64Array.from(header.transitions),
  };
}

/**
 * Open addressing, linear probing, at most three quarters full: each slot a feature hash (0: empty; features
 * never hash to 0) followed by its weights row, so that finding a feature and reading its weights touch one cache
 * line (a key table and a separate weights table cost two misses per feature, the bulk of tagging's time).
 */
export interface FeatureTable {
  keys: Uint32Array;
  /** The same memory as keys. */
  weights: Int16Array;
  /** Slots - 1. */
  mask: number;
  /** Slot size in int32 units; the key is the first, the weights row follows. */
  stride: number;
}

function featureTable(model: Model): FeatureTable {
  const T = model.tags.length;
  const stride = Math.ceil((4 + 2 * T) / 4);
  let size = 1024;
  while (size * 0.75 < model.keys.length) size *= 2;
  const buffer = new ArrayBuffer(size * stride * 4);
  const table: FeatureTable = {
    keys: new Uint32Array(buffer),
    weights: new Int16Array(buffer),
    mask: size - 1,
    stride,
  };
  model.keys.forEach((key, row) => {
    let slot = key & table.mask;
    while (table.keys[slot * stride] !== 0) slot = (slot + 1) & table.mask;
    table.keys[slot * stride] = key;
    table.weights.set(model.weights.subarray(row * T, row * T + T), slot * stride * 2 + 2);
  });
  return table;
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

// A sentence's features (hash, token), the key in each one's home slot and the tokens' sums: reused from sentence
// to sentence.
let featureHashes = new Uint32Array(4096);
let featureTokens = new Int32Array(4096);
let homeKeys = new Uint32Array(4096);
let emissionSums = new Int32Array(4096);
let emissionScratch = new Float64Array(4096);

/** Where a feature's weights row starts in the table's int16 view, or -1; key is the one in its home slot. */
function rowOf(table: FeatureTable, feature: number, key: number): number {
  const { keys, mask, stride } = table;
  let slot = feature & mask;
  while (key !== feature) {
    if (key === 0) return -1;
    slot = (slot + 1) & mask;
    key = keys[slot * stride] as number;
  }
  return slot * stride * 2 + 2;
}

/**
 * Emission scores of a sentence under a model: n × T, summed as integers in the weights' int16 units and scaled
 * once at the end. The features of one word alone come summed per word and role (WordInfo.weights), worked out
 * on the word's first use. The others are gathered first and looked up after, one pass reading each feature's
 * home slot before the pass that adds weights: the reads of the first pass are independent, so the CPU waits
 * for many cache lines at once instead of one per feature. The scores are a view of a buffer the next call reuses.
 */
export function emissionScores(model: Model, sentence: Sentence, context: DocumentContext): Float64Array {
  const T = model.tags.length;
  const n = sentence.tokens.length;
  const table = model.table ?? featureTable(model);
  model.table = table;
  const { keys, weights, mask, stride } = table;
  if (emissionSums.length < n * T) emissionSums = new Int32Array(n * T * 2);
  const sums = emissionSums;
  sums.fill(0, 0, n * T);
  let count = 0;
  const gather = (i: number, feature: number): void => {
    if (count === featureHashes.length) {
      const hashes = new Uint32Array(count * 2);
      hashes.set(featureHashes);
      featureHashes = hashes;
      const tokens = new Int32Array(count * 2);
      tokens.set(featureTokens);
      featureTokens = tokens;
      homeKeys = new Uint32Array(count * 2);
    }
    featureHashes[count] = feature;
    featureTokens[count] = i;
    count++;
  };
  const addWord = (i: number, info: WordInfo, role: number): void => {
    if (info.weightsOf !== model || info.weights === undefined) {
      info.weights = new Int32Array(roleCount * T);
      info.weightsOf = model;
      info.weightsDone = 0;
    }
    const vector = info.weights;
    const from = role * T;
    if ((info.weightsDone & (1 << role)) === 0) {
      roleFeatures(info, role, (feature) => {
        const row = rowOf(table, feature, keys[(feature & mask) * stride] as number);
        if (row < 0) return;
        for (let t = 0; t < T; t++)
          vector[from + t] = (vector[from + t] as number) + (weights[row + t] as number);
      });
      info.weightsDone |= 1 << role;
    }
    const at = i * T;
    for (let t = 0; t < T; t++) sums[at + t] = (sums[at + t] as number) + (vector[from + t] as number);
  };
  sentenceFeatures(sentence, model.language, context, gather, addWord);
  for (let k = 0; k < count; k++)
    homeKeys[k] = keys[((featureHashes[k] as number) & mask) * stride] as number;
  for (let k = 0; k < count; k++) {
    const row = rowOf(table, featureHashes[k] as number, homeKeys[k] as number);
    if (row < 0) continue;
    const at = (featureTokens[k] as number) * T;
    for (let t = 0; t < T; t++) sums[at + t] = (sums[at + t] as number) + (weights[row + t] as number);
  }
  if (emissionScratch.length < n * T) emissionScratch = new Float64Array(n * T * 2);
  const scores = emissionScratch.subarray(0, n * T);
  for (let k = 0; k < scores.length; k++) scores[k] = (sums[k] as number) * model.scale;
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

/** A field of a document to tag: its text and the spans a knowledge base (the watchlist) already names. */
export interface Field {
  source: string;
  known?: { start: number; end: number }[];
}

/**
 * The names in a document's fields (title and text) as character spans, per field. Known spans' tokens carry
 * the kb feature, so the model can read them as parts of longer names too. Each field is split into sentences
 * once, for the document context and for tagging.
 */
export function tagDocument(
  fields: Field[],
  language: TaggerLanguage,
  model: Model = modelFor(language),
): TextName[][] {
  const split = fields.map((field) => sentencesOf(field.source, language));
  // Chinese features read no document context.
  const context =
    language === "zh"
      ? { lowercase: new Set<string>(), around: new Map<string, number[]>() }
      : documentContext(split.flatMap((sentences) => sentences.map((s) => s.map((t) => t.text))));
  return fields.map((field, f) => {
    const out: TextName[] = [];
    const known = [...(field.known ?? [])].sort((a, b) => a.start - b.start);
    const words = language === "zh" ? segmentWords(field.source) : undefined;
    for (const tokens of split[f] as Token[][]) {
      const marks = known.length === 0 ? undefined : knownMarks(tokens, known);
      for (const name of tagSentence(model, { tokens, known: marks, words }, context)) {
        out.push({
          start: (tokens[name.from] as Token).start,
          end: (tokens[name.to - 1] as Token).end,
          type: name.type,
        });
      }
    }
    return out;
  });
}

/** The names in one text (a document of one field). */
export function tagText(source: string, language: TaggerLanguage, model?: Model): TextName[] {
  return tagDocument([{ source }], language, model)[0] as TextName[];
}

/** B/I marks of the tokens that known spans (sorted by start) cover, or undefined when none does. */
function knownMarks(tokens: Token[], known: { start: number; end: number }[]): Sentence["known"] {
  const first = (tokens[0] as Token).start;
  const last = (tokens[tokens.length - 1] as Token).end;
  let marks: Sentence["known"];
  for (const span of known) {
    if (span.end <= first) continue;
    if (span.start >= last) break;
    tokens.forEach((token, i) => {
      if (token.end <= span.start || token.start >= span.end) return;
      marks ??= new Array(tokens.length);
      marks[i] = token.start <= span.start ? "B" : "I";
    });
  }
  return marks;
}
