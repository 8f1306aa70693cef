// Entity finding benchmark. (1) The name tagger on public development data (strict span and type, per language
// and type: English on CoNLL-2003's development split, which training never sees; Russian on the factRuEval books
// held out of training; Chinese on People's Daily example.dev), with compromise on the same English documents.
// (2) The matcher built from config/watchlist.yaml on the gold development set (test/entities-gold/): precision,
// recall and F1 by type, for watchlist entities and for other names separately (article-level: each entity
// counts once per article). (3) Speed: articles of 3,000 characters per second in this process per language,
// against compromise on the same English articles, with CPU-seconds, and the tagger's own part (tagDocument
// alone on the same articles); model load times; how soon `newsmon entities --jsonl` answers its first line.
// `--errors` also lists every gold-set miss and false find; `--only <id prefix>` scores a part of the gold set
// (such as `--only batch2/`). Part (1) needs the corpora (workers/entities/corpora.ts unpacks
// ../shared/corpora/ner-dev.tar.gz); without them it is skipped with a note.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import nlp from "compromise";
import { parse } from "yaml";
import { type EntityType, entityTypes, Watchlist } from "../config/watchlist-schema.ts";
import { type GoldArticle, goldArticles, otherNames } from "../test/entities-gold/gold.ts";
import {
  type CorpusDocument,
  corpusAvailable,
  f1,
  type GoldSpan,
  goldSpans,
  micro,
  readCorpus,
  type Counts as SpanCounts,
  scoreSpans,
} from "../workers/entities/corpora.ts";
import { isCommonWord } from "../workers/entities/english.ts";
import { foldPattern } from "../workers/entities/fold.ts";
import { loadGazetteer } from "../workers/entities/gazetteer.ts";
import { createEntityMatcher, type FoundEntity } from "../workers/entities/match.ts";
import {
  modelFor,
  type NameType,
  type TaggerLanguage,
  tagDocument,
  taggerLanguages,
} from "../workers/entities/tagger.ts";
import { heldOutScores } from "../workers/entities/train.ts";

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

type Table = Map<EntityType, Counts>;

function emptyTable(): Table {
  return new Map(entityTypes.map((type) => [type, { tp: 0, fp: 0, fn: 0 }]));
}

function count(table: Table, type: EntityType, key: keyof Counts): void {
  (table.get(type) as Counts)[key]++;
}

const showErrors = process.argv.includes("--errors");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? "") : "";
const articlesScored = goldArticles.filter((article) => article.id.startsWith(only));
const errors: string[] = [];

function scoreWatched(
  article: GoldArticle,
  found: FoundEntity[],
  typeOf: Map<string, EntityType>,
  table: Table,
): void {
  const predicted = new Map(found.filter((e) => e.watched).map((e) => [e.canonical, e.type]));
  for (const name of article.watched) {
    const type = typeOf.get(name);
    if (!type) throw new Error(`${article.id}: gold names ${name}, which the watchlist does not have`);
    if (predicted.has(name)) count(table, type, "tp");
    else {
      count(table, type, "fn");
      errors.push(`${article.id}  watched  miss   ${name}`);
    }
  }
  for (const [name, type] of predicted) {
    if (article.watched.includes(name)) continue;
    count(table, type, "fp");
    errors.push(`${article.id}  watched  false  ${name}`);
  }
}

function scoreOthers(article: GoldArticle, found: FoundEntity[], table: Table): void {
  const gold = otherNames(article);
  const matched = new Set<number>();
  for (const entity of found.filter((e) => !e.watched)) {
    const key = foldPattern(entity.canonical);
    const index = gold.findIndex((g) => g.names.some((n) => foldPattern(n) === key));
    const g = gold[index];
    if (!g) {
      count(table, entity.type, "fp");
      errors.push(`${article.id}  other    false  ${entity.canonical} (${entity.type})`);
      continue;
    }
    if (matched.has(index)) continue;
    matched.add(index);
    if (g.types.includes(entity.type)) {
      if (!g.optional) count(table, entity.type, "tp");
    } else if (!g.optional) {
      count(table, entity.type, "fp");
      count(table, g.types[0] as EntityType, "fn");
      errors.push(
        `${article.id}  other    type   ${entity.canonical} (${entity.type}, gold ${g.types.join("|")})`,
      );
    }
  }
  gold.forEach((g, index) => {
    if (matched.has(index) || g.optional) return;
    count(table, g.types[0] as EntityType, "fn");
    errors.push(`${article.id}  other    miss   ${g.names[0]} (${g.types.join("|")})`);
  });
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

function rows(label: string, table: Table): string[][] {
  const out: string[][] = [];
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const line = (name: string, c: Counts): string[] => {
    const p = ratio(c.tp, c.tp + c.fp);
    const r = ratio(c.tp, c.tp + c.fn);
    const f = p + r === 0 ? 0 : (2 * p * r) / (p + r);
    return [
      label,
      name,
      String(c.tp + c.fn),
      String(c.tp),
      String(c.fp),
      String(c.fn),
      p.toFixed(3),
      r.toFixed(3),
      f.toFixed(3),
    ];
  };
  for (const [type, c] of table) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    if (c.tp + c.fp + c.fn > 0) out.push(line(type, c));
  }
  out.push(line("all", total));
  return out;
}

/** Prints rows under a header; the first `textColumns` columns align left, the others (figures) right. */
function printTable(header: string[], body: string[][], textColumns = 2): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const format = (r: string[]): string =>
    r
      .map((cell, i) =>
        i < textColumns ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join("  ")
      .trimEnd();
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of body) console.log(format(r));
}

// ---- (1) the tagger on public development data ----------------------------------------------------------

const typeNames: Record<NameType, string> = {
  PER: "person",
  ORG: "organization",
  LOC: "place",
  MISC: "other",
};
const headline: NameType[] = ["PER", "ORG", "LOC"];

function spanRows(language: string, system: string, table: Map<NameType, SpanCounts>): string[][] {
  const line = (name: string, c: SpanCounts): string[] => {
    const r = f1(c);
    return [
      language,
      system,
      name,
      String(c.tp + c.fn),
      String(c.tp),
      String(c.fp),
      String(c.fn),
      r.precision.toFixed(3),
      r.recall.toFixed(3),
      r.f1.toFixed(3),
    ];
  };
  const out: string[][] = [];
  for (const type of ["PER", "ORG", "LOC", "MISC"] as NameType[]) {
    const c = table.get(type);
    if (c) out.push(line(typeNames[type], c));
  }
  out.push(line("micro (person, organization, place)", micro(table, headline)));
  return out;
}

/** compromise's people, organisations and places as character spans, trimmed of punctuation around them. */
function compromiseSpans(text: string): GoldSpan[] {
  const doc = nlp(text);
  const out: GoldSpan[] = [];
  const add = (matches: { offset: { start: number; length: number } }[], type: NameType): void => {
    for (const { offset } of matches) {
      let start = offset.start;
      let end = offset.start + offset.length;
      while (start < end && !/[\p{L}\p{N}]/u.test(text[start] as string)) start++;
      while (end > start && !/[\p{L}\p{N}.]/u.test(text[end - 1] as string)) end--;
      if (end > start) out.push({ start, end, type });
    }
  };
  add(doc.people().json({ offset: true }), "PER");
  add(doc.organizations().json({ offset: true }), "ORG");
  add(doc.places().json({ offset: true }), "LOC");
  return out;
}

// Russian and Chinese: scored with a model trained in this run without the held-out part (train.ts
// heldOutScores), as their model files learned from all their documents.
const corpusNames: Record<TaggerLanguage, string> = {
  en: "CoNLL-2003 dev (testa)",
  ru: "factRuEval books held out*",
  zh: "People's Daily example.dev*",
};
const modelLoadMs = new Map<TaggerLanguage, number>();
const devDocuments = new Map<TaggerLanguage, CorpusDocument[]>();
const devRows: string[][] = [];
if (corpusAvailable()) {
  for (const language of taggerLanguages) {
    const begin = performance.now();
    modelFor(language);
    modelLoadMs.set(language, performance.now() - begin);
    devDocuments.set(language, readCorpus(language).dev);
  }
}

/** Part (1), run after the speed measurements so that the garbage it leaves does not weigh on them. */
function scoreDevelopment(): void {
  for (const [language, dev] of devDocuments) {
    const label = `${language} ${corpusNames[language]} (${dev.length} docs)`;
    devRows.push(...spanRows(label, "newsmon", heldOutScores(language)));
    if (language === "en") {
      const table = new Map<NameType, SpanCounts>();
      for (const doc of dev) scoreSpans(goldSpans(doc), compromiseSpans(doc.text), table);
      devRows.push(...spanRows(label, "compromise", table));
    }
  }
}

// ---- (2) the watchlist and other names on the project's gold set --------------------------------------------

const watchlistPath = new URL("../config/watchlist.yaml", import.meta.url);
const watchlist = Watchlist.parse(parse(readFileSync(watchlistPath, "utf8")));
const typeOf = new Map(watchlist.entities.map((e) => [e.name, e.type]));

let started = performance.now();
loadGazetteer();
isCommonWord("the");
const gazetteerMs = performance.now() - started;
started = performance.now();
const matcher = createEntityMatcher(watchlist.entities);
const buildMs = performance.now() - started;

const watchedTable = emptyTable();
const otherTable = emptyTable();
for (const article of articlesScored) {
  const found = matcher.find({ title: article.title, text: article.text });
  scoreWatched(article, found, typeOf, watchedTable);
  scoreOthers(article, found, otherTable);
}

// ---- (3) speed ----------------------------------------------------------------------------------------------

interface Speed {
  perSecond: number;
  cpuSecondsPerThousand: number;
}

/**
 * Articles per second through `work`, for about two seconds after a second of warm-up (the compiler's work stays
 * out of the figure), and CPU-seconds per 1,000 articles (all threads of the process: compiler and collector too).
 */
function throughput(
  docs: { title: string; text: string }[],
  work: (doc: { title: string; text: string }) => void,
): Speed {
  const warm = performance.now();
  while (performance.now() - warm < 1000) for (const doc of docs) work(doc);
  let articles = 0;
  const cpu = process.cpuUsage();
  const begin = performance.now();
  while (performance.now() - begin < 2000) {
    for (const doc of docs) {
      work(doc);
      articles++;
    }
  }
  const seconds = (performance.now() - begin) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    perSecond: articles / seconds,
    cpuSecondsPerThousand: ((used.user + used.system) / 1e6 / articles) * 1000,
  };
}

/** Articles of 3,000 characters (cut at a space) from a stream of texts. */
function articlesOf(texts: string[], count: number): { title: string; text: string }[] {
  const stream = texts.join("\n");
  const out: { title: string; text: string }[] = [];
  let at = 0;
  while (out.length < count && at + 3000 <= stream.length) {
    let end = at + 3000;
    while (end > at + 2900 && !/\s/u.test(stream[end] as string)) end--;
    out.push({ title: "", text: stream.slice(at, end) });
    at = end + 1;
  }
  return out;
}

const speedRows: string[][] = [];
const goldArticles3000 = articlesOf(
  goldArticles.map((a) => a.text),
  40,
);
const ours = throughput(goldArticles3000, (doc) => matcher.find(doc));
const theirs = throughput(goldArticles3000, (doc) => nlp(doc.text).people().json());
speedRows.push(
  [
    "newsmon (watchlist + tagger), English gold-set text",
    ours.perSecond.toFixed(0),
    ours.cpuSecondsPerThousand.toFixed(2),
    "1.00",
  ],
  [
    "compromise (people, same articles)",
    theirs.perSecond.toFixed(0),
    theirs.cpuSecondsPerThousand.toFixed(2),
    (theirs.perSecond / ours.perSecond).toFixed(2),
  ],
);
for (const language of taggerLanguages) {
  const dev = devDocuments.get(language);
  if (!dev) continue;
  const docs = articlesOf(
    dev.map((d) => d.text),
    40,
  );
  const speed = throughput(docs, (doc) => matcher.find(doc));
  const tagger = throughput(docs, (doc) =>
    tagDocument([{ source: doc.title }, { source: doc.text }], language),
  );
  speedRows.push(
    [
      `newsmon (watchlist + tagger), ${language} development text`,
      speed.perSecond.toFixed(0),
      speed.cpuSecondsPerThousand.toFixed(2),
      (speed.perSecond / ours.perSecond).toFixed(2),
    ],
    [
      `  of which the tagger alone, ${language}`,
      tagger.perSecond.toFixed(0),
      tagger.cpuSecondsPerThousand.toFixed(2),
      (tagger.perSecond / ours.perSecond).toFixed(2),
    ],
  );
}

/**
 * Milliseconds from starting `newsmon <args>` to its first line of output (median of three), the input line
 * written at once: `entities --jsonl` answering one article, and `--help` as the command's own start-up.
 */
async function firstLineMs(args: string[]): Promise<number> {
  const cli = new URL("../cli/newsmon.js", import.meta.url).pathname;
  const once = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const begin = performance.now();
      const child = spawn(process.execPath, [cli, ...args], { stdio: ["pipe", "pipe", "inherit"] });
      child.stdout.once("data", () => {
        resolve(performance.now() - begin);
        child.stdin.end();
      });
      child.once("error", reject);
      child.stdin.write(
        `${JSON.stringify({ id: "1", title: "", text: "He flew to New York on Friday." })}\n`,
      );
    });
  const times = [await once(), await once(), await once()].sort((a, b) => a - b);
  return times[1] as number;
}
scoreDevelopment();
const cliMs = await firstLineMs(["entities", "--jsonl"]);
const helpMs = await firstLineMs(["--help"]);

// ---- report -------------------------------------------------------------------------------------------------

console.log("names on public development data (strict span and type)\n");
if (devRows.length > 0) {
  printTable(["data", "system", "type", "gold", "tp", "fp", "fn", "precision", "recall", "f1"], devRows, 3);
  console.log(
    "* a model trained in this run on the other part of the set (the shipped one learned from all of it)",
  );
} else {
  console.log("(skipped: the corpora are not unpacked under .cache/corpora; see workers/entities/train.ts)");
}
console.log(`\nentity finding on ${articlesScored.length} gold articles (test/entities-gold/${only})\n`);
printTable(
  ["set", "type", "gold", "tp", "fp", "fn", "precision", "recall", "f1"],
  [...rows("watchlist", watchedTable), ...rows("other", otherTable)],
);
console.log("");
printTable(
  ["speed, articles of 3,000 characters (one process)", "articles/s", "CPU-s per 1,000", "ratio"],
  speedRows,
  1,
);
console.log("");
printTable(
  ["start-up", "ms"],
  [
    ...[...modelLoadMs].map(([language, ms]) => [`${language} model load, on first use`, ms.toFixed(0)]),
    ["gazetteer and word list load, once per process", gazetteerMs.toFixed(0)],
    ["matcher build", buildMs.toFixed(1)],
    ["`newsmon entities --jsonl`: start to first answer line (median of 3)", cliMs.toFixed(0)],
    ["`newsmon --help`: start to first line, the command's own start-up (median of 3)", helpMs.toFixed(0)],
  ],
  1,
);
if (showErrors) {
  console.log("");
  for (const e of errors) console.log(e);
}
