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

const utf16 = new TextDecoder("utf-16le");
const SPACE = 32;
const NEWLINE = 10;

/** Builds the folded text character by character into typed arrays (the hot path of entity finding). */
class FoldBuilder {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  /** The last folded character is a space or newline (true at the start: no leading space). */
  private lastSpace = true;
  /** Folded index where the current Cyrillic word starts, -1 outside one. */
  private wordStart = -1;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  private push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) {
      const size = this.codes.length * 2 + 16;
      const codes = new Uint16Array(size);
      const starts = new Int32Array(size);
      const ends = new Int32Array(size);
      codes.set(this.codes);
      starts.set(this.starts);
      ends.set(this.ends);
      this.codes = codes;
      this.starts = starts;
      this.ends = ends;
    }
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  letter(code: number, start: number, end: number): void {
    const cyrillic = code >= 0x400 && code <= 0x4ff;
    if (cyrillic) {
      if (this.wordStart < 0) this.wordStart = this.length;
    } else this.closeCyrillicWord();
    this.push(code, start, end);
    this.lastSpace = false;
  }

  /** A space or a newline: runs collapse to one, and a newline in the run wins (no match crosses paragraphs). */
  space(code: number, start: number, end: number): void {
    this.closeCyrillicWord();
    if (this.lastSpace) {
      const last = this.length - 1;
      if (last < 0) return;
      if (code === NEWLINE) this.codes[last] = NEWLINE;
      this.ends[last] = end;
    } else {
      this.push(code, start, end);
      this.lastSpace = true;
    }
  }

  closeCyrillicWord(): void {
    if (this.wordStart < 0) return;
    const word = utf16.decode(this.codes.subarray(this.wordStart, this.length));
    const cut = russianEndingLength(word);
    if (cut > 0) {
      const end = this.ends[this.length - 1] as number;
      this.length -= cut;
      this.ends[this.length - 1] = end;
    }
    this.wordStart = -1;
  }
}

export function foldText(text: string): FoldedText {
  const builder = new FoldBuilder(text.length + 16);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) builder.letter(c + 32, i, i + 1);
      else if (c === SPACE || c === 9 || c === 45) builder.space(SPACE, i, i + 1);
      else if (c === NEWLINE || c === 13) builder.space(NEWLINE, i, i + 1);
      else if (c === 96) builder.letter(39, i, i + 1);
      else builder.letter(c, i, i + 1);
      i++;
      continue;
    }
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    const out = foldChar(width === 1 ? (text[i] as string) : text.slice(i, i + 2));
    const next = i + width;
    if (out === " " || out === "\n") builder.space(out === " " ? SPACE : NEWLINE, i, next);
    else for (let k = 0; k < out.length; k++) builder.letter(out.charCodeAt(k), i, next);
    i = next;
  }
  builder.closeCyrillicWord();
  return {
    folded: utf16.decode(builder.codes.subarray(0, builder.length)),
    starts: builder.starts.subarray(0, builder.length),
    ends: builder.ends.subarray(0, builder.length),
  };
}

const patternCache = new Map<string, string>();

/** The folded form of a pattern, a word or a short name, trimmed (memoised: words repeat across articles). */
export function foldPattern(pattern: string): string {
  let folded = patternCache.get(pattern);
  if (folded === undefined) {
    folded = foldText(pattern).folded.trim();
    if (patternCache.size >= 100_000) patternCache.clear();
    patternCache.set(pattern, folded);
  }
  return folded;
}

const wordChar = /[\p{L}\p{N}]/u;
const hanChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  // ASCII (most folded text) without the regular expression: its letters and digits are its only \p{L} and \p{N}.
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return wordChar.test(ch);
}

/** Scripts written without spaces between words, where a match needs no word boundary. */
export function isUnspacedScript(ch: string | undefined): boolean {
  return ch !== undefined && hanChar.test(ch);
}
