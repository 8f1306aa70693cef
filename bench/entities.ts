// Entity finding benchmark: runs the matcher built from config/watchlist.yaml over the gold development set
// (test/entities-gold/) and prints precision, recall and F1 by type, for watchlist entities and for other names
// separately (article-level: each entity counts once per article), then articles per second in this process.
// `node bench/entities.ts --errors` also lists every miss and every false find; `--only <id prefix>` scores a
// part of the set (such as `--only batch2/`).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type EntityType, entityTypes, Watchlist } from "../config/watchlist-schema.ts";
import { type GoldArticle, goldArticles, otherNames } from "../test/entities-gold/gold.ts";
import { isCommonWord } from "../workers/entities/english.ts";
import { foldPattern } from "../workers/entities/fold.ts";
import { loadGazetteer } from "../workers/entities/gazetteer.ts";
import { createEntityMatcher, type FoundEntity } from "../workers/entities/match.ts";

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

/** Articles found per second over the documents, for about two seconds, after a warm-up pass. */
function throughput(docs: { title: string; text: string }[]): { perSecond: number; meanLength: number } {
  for (const doc of docs) matcher.find(doc);
  let articles = 0;
  let characters = 0;
  const begin = performance.now();
  while (performance.now() - begin < 2000) {
    for (const doc of docs) {
      matcher.find(doc);
      articles++;
      characters += doc.title.length + doc.text.length;
    }
  }
  return { perSecond: articles / ((performance.now() - begin) / 1000), meanLength: characters / articles };
}

// Speed on the gold articles as they are, and on longer ones (six gold texts joined, like a long feature).
const gold = throughput(goldArticles.map((a) => ({ title: a.title, text: a.text })));
const long: { title: string; text: string }[] = [];
for (let i = 0; i + 6 <= goldArticles.length; i += 6) {
  const group = goldArticles.slice(i, i + 6);
  long.push({ title: group[0]?.title ?? "", text: group.map((a) => a.text).join("\n\n") });
}
const longSpeed = throughput(long);

console.log(`entity finding on ${articlesScored.length} gold articles (test/entities-gold/${only})\n`);
printTable(
  ["set", "type", "gold", "tp", "fp", "fn", "precision", "recall", "f1"],
  [...rows("watchlist", watchedTable), ...rows("other", otherTable)],
);
console.log("");
printTable(
  ["speed (one process)", "value"],
  [
    [
      `articles per second, gold articles (mean ${gold.meanLength.toFixed(0)} characters)`,
      gold.perSecond.toFixed(0),
    ],
    [
      `articles per second, long articles (mean ${longSpeed.meanLength.toFixed(0)} characters)`,
      longSpeed.perSecond.toFixed(0),
    ],
    ["matcher build (ms)", buildMs.toFixed(1)],
    ["gazetteer and word list load, once per process (ms)", gazetteerMs.toFixed(0)],
  ],
  1,
);
if (showErrors) {
  console.log("");
  for (const e of errors) console.log(e);
}
