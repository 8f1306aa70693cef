// Entity finding benchmark: runs the matcher built from config/watchlist.yaml over the gold development set
// (test/entities-gold/) and prints precision, recall and F1 by type, for watchlist entities and for other names
// separately (article-level: each entity counts once per article), then articles per second in this process.
// `node bench/entities.ts --errors` also lists every miss and every false find.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type EntityType, entityTypes, Watchlist } from "../config/watchlist-schema.ts";
import { type GoldArticle, goldArticles, otherNames } from "../test/entities-gold/gold.ts";
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

function printTable(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const format = (r: string[]): string =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of body) console.log(format(r));
}

const watchlistPath = new URL("../config/watchlist.yaml", import.meta.url);
const watchlist = Watchlist.parse(parse(readFileSync(watchlistPath, "utf8")));
const typeOf = new Map(watchlist.entities.map((e) => [e.name, e.type]));

let started = performance.now();
loadGazetteer();
const gazetteerMs = performance.now() - started;
started = performance.now();
const matcher = createEntityMatcher(watchlist.entities);
const buildMs = performance.now() - started;

const watchedTable = emptyTable();
const otherTable = emptyTable();
for (const article of goldArticles) {
  const found = matcher.find({ title: article.title, text: article.text });
  scoreWatched(article, found, typeOf, watchedTable);
  scoreOthers(article, found, otherTable);
}

// Throughput: the whole set, again and again, for about two seconds.
let articles = 0;
let characters = 0;
started = performance.now();
while (performance.now() - started < 2000) {
  for (const article of goldArticles) {
    matcher.find({ title: article.title, text: article.text });
    articles++;
    characters += article.title.length + article.text.length;
  }
}
const seconds = (performance.now() - started) / 1000;

console.log(`entity finding on ${goldArticles.length} gold articles (test/entities-gold/)\n`);
printTable(
  ["set", "type", "gold", "tp", "fp", "fn", "precision", "recall", "f1"],
  [...rows("watchlist", watchedTable), ...rows("other", otherTable)],
);
console.log("");
printTable(
  ["speed", "value"],
  [
    ["articles per second (one process)", (articles / seconds).toFixed(0)],
    ["mean article length (characters)", (characters / articles).toFixed(0)],
    ["matcher build (ms)", buildMs.toFixed(1)],
    ["gazetteer load, once per process (ms)", gazetteerMs.toFixed(0)],
  ],
);
if (showErrors) {
  console.log("");
  for (const e of errors) console.log(e);
}
