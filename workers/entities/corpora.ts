// Readers of the public annotated news the name tagger learns from and is measured on (the ner-dev archive,
// unpacked under .cache/corpora/ner from ../shared/corpora/ner-dev.tar.gz on first use; see its README.md):
// CoNLL-2003 English, factRuEval-2016 Russian and People's Daily Chinese, each as documents of sentences of
// words with BIO tags, plus each document's text and its names as character spans (what the benchmark scores
// the whole tagger against). Used by train.ts and bench/entities.ts only; the corpora never enter the repository.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { type Model, type NameType, type TaggerLanguage, tagText } from "./tagger.ts";

export interface CorpusSentence {
  words: string[];
  /** BIO tags: O, B-PER, I-ORG... */
  tags: string[];
}

export interface CorpusDocument {
  sentences: CorpusSentence[];
  /** The document as text, and where each word of each sentence stands in it. */
  text: string;
  offsets: [number, number][][];
}

export interface GoldSpan {
  start: number;
  end: number;
  type: NameType;
}

export interface CorpusSplit {
  train: CorpusDocument[];
  dev: CorpusDocument[];
}

export const corpusRoot = new URL("../../.cache/corpora/ner/", import.meta.url);
/** Where the archive sits beside a checkout (the project's shared folder); unpacked on first use. */
const archive = new URL("../../../shared/corpora/ner-dev.tar.gz", import.meta.url);

/** Whether the corpora are there, unpacking the archive beside the checkout into .cache/corpora if need be. */
export function corpusAvailable(): boolean {
  if (existsSync(corpusRoot)) return true;
  if (!existsSync(archive)) return false;
  const target = new URL("../", corpusRoot);
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["xzf", archive.pathname, "-C", target.pathname]);
  return existsSync(corpusRoot);
}

function file(path: string): string {
  const url = new URL(path, corpusRoot);
  if (!corpusAvailable() || !existsSync(url)) {
    throw new Error(
      `${url.pathname} is missing: unpack ner-dev.tar.gz into .cache/corpora (mkdir -p .cache/corpora && tar xzf <path>/ner-dev.tar.gz -C .cache/corpora)`,
    );
  }
  return readFileSync(url, "utf8");
}

/** Text of sentences joined by spaces, one sentence a line, with each word's offsets. */
function withText(sentences: CorpusSentence[]): CorpusDocument {
  let text = "";
  const offsets: [number, number][][] = [];
  for (const sentence of sentences) {
    const row: [number, number][] = [];
    sentence.words.forEach((word, i) => {
      if (i > 0) text += " ";
      row.push([text.length, text.length + word.length]);
      text += word;
    });
    offsets.push(row);
    text += "\n";
  }
  return { sentences, text, offsets };
}

/** Names of a document as character spans, from its BIO tags. */
export function goldSpans(doc: CorpusDocument): GoldSpan[] {
  const spans: GoldSpan[] = [];
  doc.sentences.forEach((sentence, s) => {
    const offsets = doc.offsets[s] as [number, number][];
    let open: GoldSpan | undefined;
    sentence.tags.forEach((tag, i) => {
      const [start, end] = offsets[i] as [number, number];
      if (tag.startsWith("I-") && open && open.type === tag.slice(2)) {
        open.end = end;
        return;
      }
      if (open) spans.push(open);
      open = tag === "O" ? undefined : { start, end, type: tag.slice(2) as NameType };
    });
    if (open) spans.push(open);
  });
  return spans;
}

/** CoNLL-2003: "word POS chunk tag" lines, IOB1 tags turned into BIO, documents split at -DOCSTART-. */
function readConll(path: string): CorpusDocument[] {
  const docs: CorpusSentence[][] = [];
  let sentences: CorpusSentence[] = [];
  let sentence: CorpusSentence = { words: [], tags: [] };
  const endSentence = (): void => {
    if (sentence.words.length > 0) sentences.push(sentence);
    sentence = { words: [], tags: [] };
  };
  for (const line of file(path).split("\n")) {
    if (line.startsWith("-DOCSTART-")) {
      endSentence();
      if (sentences.length > 0) docs.push(sentences);
      sentences = [];
      continue;
    }
    if (line.trim() === "") {
      endSentence();
      continue;
    }
    const parts = line.trim().split(" ");
    const word = parts[0] as string;
    let tag = parts[parts.length - 1] as string;
    const previous = sentence.tags[sentence.tags.length - 1] ?? "O";
    if (tag.startsWith("I-") && previous.slice(2) !== tag.slice(2)) tag = `B-${tag.slice(2)}`;
    sentence.words.push(word);
    sentence.tags.push(tag);
  }
  endSentence();
  if (sentences.length > 0) docs.push(sentences);
  return docs.map(withText);
}

/** People's Daily: "char tag" lines, blank line between sentences; sentences grouped 20 to a document. */
function readPeoplesDaily(path: string): CorpusDocument[] {
  const sentences: CorpusSentence[] = [];
  let sentence: CorpusSentence = { words: [], tags: [] };
  for (const line of file(path).split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) {
      if (sentence.words.length > 0) sentences.push(sentence);
      sentence = { words: [], tags: [] };
      continue;
    }
    sentence.words.push(parts[0] as string);
    sentence.tags.push(parts[1] as string);
  }
  if (sentence.words.length > 0) sentences.push(sentence);
  const docs: CorpusDocument[] = [];
  for (let i = 0; i < sentences.length; i += 20) {
    docs.push(withChineseText(sentences.slice(i, i + 20)));
  }
  return docs;
}

/** Chinese sentences as text without spaces, one sentence a line. */
function withChineseText(sentences: CorpusSentence[]): CorpusDocument {
  let text = "";
  const offsets: [number, number][][] = [];
  for (const sentence of sentences) {
    offsets.push(
      sentence.words.map((word) => {
        const at = text.length;
        text += word;
        return [at, text.length] as [number, number];
      }),
    );
    text += "\n";
  }
  return { sentences, text, offsets };
}

/** Span kinds that make up a name, by object type (descriptions, jobs and adjectives are not names). */
const nameParts: Record<string, { type: NameType; kinds: string[] }> = {
  Person: { type: "PER", kinds: ["name", "surname", "patronymic", "nickname"] },
  Org: { type: "ORG", kinds: ["org_name"] },
  Location: { type: "LOC", kinds: ["loc_name"] },
  LocOrg: { type: "LOC", kinds: ["loc_name"] },
};

/**
 * factRuEval-2016: a book's tokens (blank line between sentences) and its objects (Person, Org, Location,
 * LocOrg) made of spans. A mention is a run of adjacent name spans of one object ("Юрия" + "Лужкова"); a
 * country acting as a party (LocOrg) is a place; of overlapping mentions the longer stays.
 */
function readFactRuEvalBook(base: string): CorpusDocument {
  const text = file(`${base}.txt`);
  const tokenIds: number[] = [];
  const tokenAt = new Map<number, number>();
  const sentences: CorpusSentence[] = [];
  const offsets: [number, number][][] = [];
  let sentence: CorpusSentence = { words: [], tags: [] };
  let row: [number, number][] = [];
  for (const line of file(`${base}.tokens`).split("\n")) {
    const parts = line.split(" ");
    if (parts.length < 4) {
      if (sentence.words.length > 0) {
        sentences.push(sentence);
        offsets.push(row);
      }
      sentence = { words: [], tags: [] };
      row = [];
      continue;
    }
    const id = Number(parts[0]);
    const start = Number(parts[1]);
    const length = Number(parts[2]);
    tokenAt.set(id, tokenIds.length);
    tokenIds.push(id);
    sentence.words.push(text.slice(start, start + length));
    sentence.tags.push("O");
    row.push([start, start + length]);
  }
  if (sentence.words.length > 0) {
    sentences.push(sentence);
    offsets.push(row);
  }
  const spans = new Map<string, { kind: string; first: number; count: number }>();
  for (const line of file(`${base}.spans`).split("\n")) {
    const parts = line.split(" ");
    if (parts.length < 6) continue;
    spans.set(parts[0] as string, {
      kind: parts[1] as string,
      first: Number(parts[4]),
      count: Number(parts[5]),
    });
  }
  // Mentions over the book's global token positions.
  const mentions: { from: number; to: number; type: NameType }[] = [];
  for (const line of file(`${base}.objects`).split("\n")) {
    const [fields] = line.split("#");
    const parts = (fields ?? "").trim().split(/\s+/);
    const parts_ = nameParts[parts[1] ?? ""];
    if (!parts_) continue;
    const ranges = parts
      .slice(2)
      .map((id) => spans.get(id))
      .filter((s) => s !== undefined && parts_.kinds.includes(s.kind))
      .map((s) => {
        const from = tokenAt.get(s?.first as number) as number;
        return { from, to: from + (s?.count as number) };
      })
      .sort((a, b) => a.from - b.from);
    let current: { from: number; to: number } | undefined;
    for (const range of ranges) {
      if (current && range.from <= current.to) current.to = Math.max(current.to, range.to);
      else {
        if (current) mentions.push({ ...current, type: parts_.type });
        current = { ...range };
      }
    }
    if (current) mentions.push({ ...current, type: parts_.type });
  }
  mentions.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const tags: string[] = new Array(tokenIds.length).fill("O");
  for (const mention of mentions) {
    if (tags.slice(mention.from, mention.to).some((t) => t !== "O")) continue;
    for (let i = mention.from; i < mention.to; i++)
      tags[i] = `${i === mention.from ? "B" : "I"}-${mention.type}`;
  }
  let at = 0;
  for (const s of sentences) {
    s.tags = tags.slice(at, at + s.words.length);
    // A mention that runs over a sentence break starts again in the next sentence.
    if (s.tags[0]?.startsWith("I-")) s.tags[0] = `B-${s.tags[0].slice(2)}`;
    at += s.words.length;
  }
  return { sentences, text, offsets };
}

function readFactRuEval(): CorpusDocument[] {
  const folder = new URL("ru-factrueval2016/devset/", corpusRoot);
  const books = readdirSync(folder)
    .filter((name) => name.endsWith(".tokens"))
    .map((name) => Number(name.slice(5, -7)))
    .sort((a, b) => a - b);
  return books.map((n) => readFactRuEvalBook(`ru-factrueval2016/devset/book_${n}`));
}

/**
 * Training and development documents of a language. English: CoNLL train / its development split (testa),
 * which no model is trained on. Russian: every fifth book of the factRuEval collection held out; Chinese:
 * People's Daily example.test for training, example.dev held out. The Russian and Chinese models in the
 * repository learn from both parts (the sets are small); their figures come from a model trained without the
 * held-out part (train.ts heldOutScores).
 */
export function readCorpus(language: TaggerLanguage): CorpusSplit {
  switch (language) {
    case "en":
      return { train: readConll("en-conll2003/train.txt"), dev: readConll("en-conll2003/valid.txt") };
    case "ru": {
      const books = readFactRuEval();
      return {
        train: books.filter((_, i) => i % 5 !== 4),
        dev: books.filter((_, i) => i % 5 === 4),
      };
    }
    case "zh":
      return {
        train: readPeoplesDaily("zh-peoples-daily/example.test"),
        dev: readPeoplesDaily("zh-peoples-daily/example.dev"),
      };
  }
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Strict scoring (same start, end and type) of predicted against gold spans, per type. */
export function scoreSpans(gold: GoldSpan[], predicted: GoldSpan[], into: Map<NameType, Counts>): void {
  const counts = (type: NameType): Counts => {
    let c = into.get(type);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0 };
      into.set(type, c);
    }
    return c;
  };
  const key = (s: GoldSpan): string => `${s.start}:${s.end}:${s.type}`;
  const goldKeys = new Set(gold.map(key));
  const predictedKeys = new Set(predicted.map(key));
  for (const s of predicted) counts(s.type)[goldKeys.has(key(s)) ? "tp" : "fp"]++;
  for (const s of gold) if (!predictedKeys.has(key(s))) counts(s.type).fn++;
}

export function f1(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** Micro-averaged counts over the given types (the headline figure: person, organisation, place). */
export function micro(table: Map<NameType, Counts>, types: NameType[]): Counts {
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const type of types) {
    const c = table.get(type);
    if (!c) continue;
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}

/** Scores of a model (by default the language's model file) on documents' text, tagged as articles are. */
export function developmentScores(
  language: TaggerLanguage,
  docs: CorpusDocument[],
  model?: Model,
): Map<NameType, Counts> {
  const table = new Map<NameType, Counts>();
  for (const doc of docs) {
    scoreSpans(goldSpans(doc), tagText(doc.text, language, model), table);
  }
  return table;
}
