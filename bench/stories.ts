// Story benchmark: how often story assignment (workers/index/story.ts: MinHash + LSH bands in Redis, verified on
// the estimated similarity) merges different stories or splits copies, against the old 64-bit SimHash at Hamming
// distance 14, on articles generated deterministically from the CoNLL-2003 Reuters documents (unpacked from
// ../shared/corpora/ner-dev.tar.gz into .cache/corpora).
// 1. Labelled pairs: copies derived from every document by deterministic edits (syndicated, truncated, extended,
//    lightly edited, all at once), the corpus's own re-issues (hand-labelled below), and the hard negatives: every
//    pair of different corpus documents that share at least 10% of their shingles (results tables, scoreboards,
//    market reports, two reports of one event). Printed: similarity ranges and the share judged the same story.
// 2. Volume: 1,000 / 10,000 / 100,000 articles (originals, copies, same-event siblings) assigned through the real
//    Redis (127.0.0.1:6379 or REDIS_URL, own key prefix, deleted afterwards), 16 assignments in flight; the SimHash
//    baseline runs in-process on the same articles, each compared with the previous 2,400 (two minutes at 20
//    articles/s: the old Redis window; the old more_like_this candidates need Elasticsearch and are left out, so the
//    baseline's false merges are a lower bound). Columns: articles/s on one core (baseline: per CPU-second;
//    MinHash: signature CPU plus assignment wall time), CPU-seconds of this process (signatures and client) and of
//    the Redis server (INFO, server-wide), Redis commands per article counted exactly with MONITOR over the last
//    1,000 assignments (the EVALSHA and every command of the script), Redis memory per article (MEMORY USAGE of
//    the day hashes after the run).
//   node bench/stories.ts [--sizes 1000,10000,100000]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import { seededRandom } from "../lib/random.ts";
import {
  assignStory,
  type StorySignature,
  sameStory,
  storySignature,
  storySimilarity,
} from "../workers/index/story.ts";

const root = resolve(import.meta.dirname, "..");
const corpora = join(root, ".cache/corpora");
const conllDir = join(corpora, "ner/en-conll2003");

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

// ---- corpus ------------------------------------------------------------------------------------------------

interface Doc {
  index: number;
  /** The headline: not part of the text (the pipeline signs the body only). */
  headline: string;
  sentences: string[];
}

function loadDocs(): Doc[] {
  if (!existsSync(conllDir)) {
    const archive = resolve(root, "../shared/corpora/ner-dev.tar.gz");
    if (!existsSync(archive)) throw new Error(`corpus ${archive} not found (expected beside the checkout)`);
    mkdirSync(corpora, { recursive: true });
    execFileSync("tar", ["xzf", archive, "-C", corpora, "ner/en-conll2003", "ner/README.md"]);
  }
  const docs: Doc[] = [];
  for (const file of ["train.txt", "valid.txt"]) {
    let lines: string[] | null = null;
    let tokens: string[] = [];
    const flush = () => {
      if (lines && tokens.length > 0) lines.push(detokenize(tokens));
      tokens = [];
    };
    const finish = () => {
      flush();
      if (lines && lines.length > 1) {
        docs.push({ index: docs.length, headline: lines[0] ?? "", sentences: lines.slice(1) });
      }
    };
    for (const line of readFileSync(join(conllDir, file), "utf8").split("\n")) {
      if (line.startsWith("-DOCSTART-")) {
        finish();
        lines = [];
      } else if (line.trim() === "") flush();
      else tokens.push(line.split(" ")[0] ?? "");
    }
    finish();
  }
  return docs;
}

function detokenize(tokens: string[]): string {
  return tokens
    .join(" ")
    .replace(/ ([.,:;!?)'%])/g, "$1")
    .replace(/\( /g, "(")
    .replace(/ 's\b/g, "'s");
}

/**
 * The corpus's own near-duplicates, read by hand (document numbers in train.txt then valid.txt order, checked
 * against the corpus digest): Reuters re-issues and rewrites of one item are one story; results, standings and
 * scoreboards of other days or other matches are different stories (hard negatives, left to the 10% rule);
 * two pairs where one item is a later update of the other are left out as ambiguous.
 */
const corpusDigest = "f568aa220848a308";
const sameInCorpus: Array<[number, number]> = [
  [343, 372],
  [1078, 1079],
  [639, 640],
  [951, 1114],
  [152, 153],
  [535, 537],
  [5, 23],
  [1138, 1139],
  [344, 373],
];
const ambiguousInCorpus: Array<[number, number]> = [
  [344, 370],
  [259, 341],
  [370, 373],
];

// ---- deterministic edits --------------------------------------------------------------------------------------

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const agencies = ["Reuters", "AFP", "Trend News Agency", "APA", "Xinhua", "Report.az", "AzerNews", "News.Az"];
const names = ["Leyla Aliyeva", "John Smith", "Chen Wei", "Maria Rossi", "Orkhan Mammadov", "Anna Kowalska"];
const footers = [
  "Reporting by {name}; editing by {other}",
  "Follow us on Telegram and X for the latest news.",
  "Copyright {agency}. All rights reserved. Republication requires written permission.",
  "Read more: the latest business and politics news from the region.",
];

/** Byline and dateline on top, a footer below: what a syndicating site wraps around the same body. */
function syndicate(sentences: string[], next: () => number): string[] {
  const agency = pick(next, agencies);
  const fill = (line: string) =>
    line
      .replace("{name}", pick(next, names))
      .replace("{other}", pick(next, names))
      .replace("{agency}", agency);
  return [
    `By ${pick(next, names)} | ${agency}`,
    ...sentences,
    fill(pick(next, footers)),
    fill(pick(next, footers)),
  ];
}

/** The first share of the sentences (at least 3). */
function truncate(sentences: string[], share: number): string[] {
  return sentences.slice(0, Math.max(3, Math.ceil(sentences.length * share)));
}

/** Three words changed, two figures corrected, one sentence dropped: a lightly edited re-publication. */
function lightlyEdit(sentences: string[], next: () => number): string[] {
  const replacements = ["reportedly", "officially", "also", "later", "new", "main", "recent", "local"];
  const words = sentences.map((sentence) => sentence.split(" "));
  const positions = words.flatMap((line, i) => line.map((_, j) => [i, j] as const));
  const figures = positions.filter(([i, j]) => /^\d+$/.test(words[i]?.[j] ?? ""));
  for (let n = 0; n < 2 && figures.length > 0; n++) {
    const [i, j] = pick(next, figures);
    const line = words[i];
    if (line) line[j] = String(Number(line[j]) + 1);
  }
  for (let n = 0; n < 3; n++) {
    const [i, j] = pick(next, positions);
    const line = words[i];
    if (line) line[j] = pick(next, replacements);
  }
  const edited = words.map((line) => line.join(" "));
  if (edited.length > 4) edited.splice(1 + Math.floor(next() * (edited.length - 2)), 1);
  return edited;
}

/** A paragraph of background from another document added before the last sentences. */
function extend(sentences: string[], other: string[], next: () => number): string[] {
  const at = Math.max(1, sentences.length - 1 - Math.floor(next() * 2));
  const added = other.slice(0, Math.max(2, Math.ceil(sentences.length * 0.3)));
  return [...sentences.slice(0, at), ...added, ...sentences.slice(at)];
}

const copyKinds = [
  "syndicated",
  "truncated 60%",
  "truncated 40%",
  "extended",
  "lightly edited",
  "all at once",
];
type CopyKind = (typeof copyKinds)[number];

function copyOf(sentences: string[], kind: CopyKind, other: string[], seed: number): string[] {
  const next = seededRandom(seed);
  switch (kind) {
    case "syndicated":
      return syndicate(sentences, next);
    case "truncated 60%":
      return syndicate(truncate(sentences, 0.6), next);
    case "truncated 40%":
      return syndicate(truncate(sentences, 0.4), next);
    case "extended":
      return syndicate(extend(sentences, other, next), next);
    case "lightly edited":
      return lightlyEdit(sentences, next);
    default:
      return syndicate(truncate(extend(lightlyEdit(sentences, next), other, next), 0.7), next);
  }
}

const textOf = (sentences: string[]) => sentences.join("\n\n");

// ---- exact similarity (for the labelled table) ---------------------------------------------------------------

function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const item of a.size < b.size ? a : b) if ((a.size < b.size ? b : a).has(item)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

// ---- the old SimHash (baseline only) ------------------------------------------------------------------------

const simhashDistance = 14;

function simhash(text: string): [number, number] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const weights = new Int32Array(64);
  const grams =
    words.length < 3
      ? [words.join(" ")]
      : words.slice(2).map((_, i) => `${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  for (const gram of grams) {
    const high = fnv1a(gram, 0x811c9dc5);
    const low = fnv1a(gram, 0x01000193 ^ 0x5bd1e995);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] = (weights[bit] ?? 0) + ((high >>> bit) & 1 ? 1 : -1);
      weights[bit + 32] = (weights[bit + 32] ?? 0) + ((low >>> bit) & 1 ? 1 : -1);
    }
  }
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((weights[bit] ?? 0) > 0) high |= 1 << bit;
    if ((weights[bit + 32] ?? 0) > 0) low |= 1 << bit;
  }
  return [high >>> 0, low >>> 0];
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

// ---- 1. labelled pairs --------------------------------------------------------------------------------------

interface PairClass {
  name: string;
  expectSame: boolean;
  /** Each pair: the two texts and whether the first has news length (150 words or more). */
  pairs: Array<[string, string, boolean]>;
}

const newsLength = (text: string) => (text.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 150;

function labelledPairs(docs: Doc[]): PairClass[] {
  const usable = docs.filter((doc) => shingles(textOf(doc.sentences)).size >= 20);
  const classes: PairClass[] = copyKinds.map((kind) => ({
    name: `copy: ${kind}`,
    expectSame: true,
    pairs: usable.map((doc, i) => {
      const other = usable[(i * 7919 + 13) % usable.length]?.sentences ?? [];
      const text = textOf(doc.sentences);
      return [
        text,
        textOf(copyOf(doc.sentences, kind, other, doc.index * 31 + kind.length)),
        newsLength(text),
      ];
    }),
  }));
  const texts = docs.map((doc) => textOf(doc.sentences));
  classes.push({
    name: "corpus re-issues (by hand)",
    expectSame: true,
    pairs: sameInCorpus.map(([a, b]) => [texts[a] ?? "", texts[b] ?? "", newsLength(texts[a] ?? "")]),
  });
  const labelled = new Set([...sameInCorpus, ...ambiguousInCorpus].map(([a, b]) => `${a}-${b}`));
  const sets = texts.map(shingles);
  const negatives: Array<[string, string, boolean]> = [];
  for (let a = 0; a < docs.length; a++) {
    for (let b = a + 1; b < docs.length; b++) {
      if (labelled.has(`${a}-${b}`)) continue;
      if (jaccard(sets[a] ?? new Set(), sets[b] ?? new Set()) >= 0.1) {
        negatives.push([texts[a] ?? "", texts[b] ?? "", newsLength(texts[a] ?? "")]);
      }
    }
  }
  classes.push({ name: "same-topic corpus pairs (J >= 0.1)", expectSame: false, pairs: negatives });
  return classes;
}

function printLabelled(classes: PairClass[]): void {
  console.log(
    "\n## Labelled pairs (exact Jaccard of word 3-shingles; MinHash estimate; share judged the same story)\n",
  );
  console.log(
    "| pairs | n | exact J min / median / max | est. text J min / max | est. lead J min / max | same story: MinHash | (150+ words) | same story: SimHash <= 14 | (150+ words) |",
  );
  console.log("|---|---:|---|---|---|---:|---:|---:|---:|");
  for (const pairClass of classes) {
    const rows = pairClass.pairs.map(([a, b, long]) => {
      const [sa, sb] = [storySignature(a), storySignature(b)];
      const [ha, hb] = [simhash(a), simhash(b)];
      return {
        long,
        exact: jaccard(shingles(a), shingles(b)),
        estimate: storySimilarity(sa, sb),
        same: sameStory(sa, sb),
        simhashSame: popcount((ha[0] ^ hb[0]) >>> 0) + popcount((ha[1] ^ hb[1]) >>> 0) <= simhashDistance,
      };
    });
    const exact = rows.map((row) => row.exact).sort((x, y) => x - y);
    const range = (values: number[]) =>
      `${Math.min(...values).toFixed(2)} / ${Math.max(...values).toFixed(2)}`;
    const share = (subset: typeof rows, key: "same" | "simhashSame") => {
      const count = subset.filter((row) => row[key]).length;
      return `${((100 * count) / Math.max(1, subset.length)).toFixed(1)}% (${count}/${subset.length})`;
    };
    const long = rows.filter((row) => row.long);
    console.log(
      `| ${pairClass.name} (${pairClass.expectSame ? "same" : "different"}) | ${rows.length} | ` +
        `${exact[0]?.toFixed(2)} / ${exact[Math.floor(exact.length / 2)]?.toFixed(2)} / ${exact.at(-1)?.toFixed(2)} | ` +
        `${range(rows.map((row) => row.estimate.text))} | ${range(rows.map((row) => row.estimate.lead))} | ` +
        `${share(rows, "same")} | ${share(long, "same")} | ${share(rows, "simhashSame")} | ${share(long, "simhashSame")} |`,
    );
  }
}

// ---- 2. volume -------------------------------------------------------------------------------------------------

interface Article {
  articleId: string;
  /** Ground-truth story: the index of its original. */
  truth: number;
  /** For a copy: the index of its original, and how it was made. */
  copyOf: number | null;
  kind: CopyKind | null;
  signature: StorySignature;
  simhash: [number, number];
}

/**
 * Originals (six in ten): corpus documents (at most one of each hand-labelled re-issue) alternating with
 * synthetic ones, sentence mixes on a line design over the corpus's sentences (two mixes share at most one
 * sentence, so no two originals are near copies by construction); copies (three in ten) of one of the last 200
 * originals, the copy kinds in turn; same-event siblings (one in ten): the opening sentence of a recent original
 * over another mix's body, a different story.
 */
function* articles(
  docs: Doc[],
  count: number,
): Generator<Omit<Article, "signature" | "simhash"> & { text: string }> {
  const later = new Set([...sameInCorpus, ...ambiguousInCorpus].map(([, b]) => b));
  const real = docs.filter((doc) => !later.has(doc.index) && shingles(textOf(doc.sentences)).size >= 20);
  // Prose sentences of 8 words or more, each once (compared as lower-case words, so a re-issue's copy of a
  // sentence does not come back); table rows (mostly figures) are left out, they repeat from day to day.
  const seen = new Set<string>();
  const pool = docs.flatMap((doc) =>
    doc.sentences.filter((sentence) => {
      const words = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      const key = words.join(" ");
      if (words.length < 8 || words.filter((word) => /\d/.test(word)).length * 3 > words.length) return false;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
  const shuffle = seededRandom(7);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  const columns = 16;
  let lines = Math.floor(pool.length / columns);
  while (!isPrime(lines)) lines--;
  let mixes = 0;
  const mix = (): string[] => {
    const [slope, offset] = [Math.floor(mixes / lines), mixes % lines];
    const length = 8 + (mixes % 9);
    mixes++;
    if (slope >= lines) throw new Error("the line design is exhausted");
    return Array.from(
      { length },
      (_, column) => pool[column * lines + ((slope * column + offset) % lines)] ?? "",
    );
  };
  const next = seededRandom(count);
  const originals: Array<{ index: number; sentences: string[] }> = [];
  let realUsed = 0;
  const make = (
    index: number,
    sentences: string[],
    truth: number,
    copyOf: number | null,
    kind: CopyKind | null,
  ) => {
    const text = textOf(sentences);
    const articleId = createHash("sha256").update(`${count}:${index}`).digest("hex").slice(0, 24);
    return { articleId, truth, copyOf, kind, text };
  };
  for (let index = 0; index < count; index++) {
    const slot = index % 10;
    const recent = originals.slice(-200);
    if (slot < 6 || recent.length === 0) {
      const doc = originals.length % 2 === 0 && realUsed < real.length ? real[realUsed++] : null;
      const sentences = doc ? doc.sentences : mix();
      originals.push({ index, sentences });
      yield make(index, sentences, index, null, null);
    } else if (slot < 9) {
      const original = pick(next, recent);
      const kind = copyKinds[((index / 10) % copyKinds.length) | 0] ?? "syndicated";
      yield make(index, copyOf(original.sentences, kind, mix(), index), original.index, original.index, kind);
    } else {
      const original = pick(next, recent);
      yield make(index, [original.sentences[0] ?? "", ...mix()], index, null, null);
    }
  }
}

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n > 1;
}

interface Outcome {
  falseMergedArticles: number;
  mixedStories: number;
  copies: number;
  missedCopies: number;
  missedByKind: Map<CopyKind, [number, number]>;
}

function score(list: Article[], stories: string[]): Outcome {
  const truthsOf = new Map<string, Set<number>>();
  list.forEach((article, i) => {
    const story = stories[i] ?? "";
    truthsOf.set(story, (truthsOf.get(story) ?? new Set()).add(article.truth));
  });
  const storyOfIndex = new Map<number, string>();
  list.forEach((article, i) => {
    if (article.copyOf === null) storyOfIndex.set(article.truth, stories[i] ?? "");
  });
  const copies = list.filter((article) => article.copyOf !== null);
  const missedByKind = new Map<CopyKind, [number, number]>();
  list.forEach((article, i) => {
    if (article.copyOf === null || article.kind === null) return;
    const [missed, all] = missedByKind.get(article.kind) ?? [0, 0];
    missedByKind.set(article.kind, [
      missed + (storyOfIndex.get(article.copyOf) !== stories[i] ? 1 : 0),
      all + 1,
    ]);
  });
  return {
    falseMergedArticles: stories.filter((story) => (truthsOf.get(story)?.size ?? 0) > 1).length,
    mixedStories: [...truthsOf.values()].filter((truths) => truths.size > 1).length,
    copies: copies.length,
    missedByKind,
    missedCopies: list.filter(
      (article, i) => article.copyOf !== null && storyOfIndex.get(article.copyOf) !== stories[i],
    ).length,
  };
}

/** The old assignment: the nearest of the previous `window` articles within Hamming distance 14, else a new story. */
function simhashStories(list: Article[], window: number): string[] {
  const stories: string[] = [];
  list.forEach((article, i) => {
    let best = -1;
    let bestDistance = simhashDistance + 1;
    for (let j = Math.max(0, i - window); j < i; j++) {
      const other = list[j] as Article;
      const distance =
        popcount((article.simhash[0] ^ other.simhash[0]) >>> 0) +
        popcount((article.simhash[1] ^ other.simhash[1]) >>> 0);
      if (distance < bestDistance) [best, bestDistance] = [j, distance];
    }
    stories.push(best >= 0 ? (stories[best] ?? article.articleId) : article.articleId);
  });
  return stories;
}

async function redisInfo(redis: Redis): Promise<Map<string, string>> {
  const text = await redis.info();
  return new Map(
    text
      .split("\r\n")
      .flatMap((line) => (line.includes(":") ? [line.split(":", 2) as [string, string]] : [])),
  );
}

async function keysMemory(redis: Redis, prefix: string): Promise<{ bytes: number; keys: string[] }> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [nextCursor, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    keys.push(...found);
    cursor = nextCursor;
  } while (cursor !== "0");
  let bytes = 0;
  for (const key of keys) bytes += Number((await redis.call("MEMORY", "USAGE", key, "SAMPLES", "0")) ?? 0);
  return { bytes, keys };
}

interface Row {
  size: number;
  method: string;
  outcome: Outcome;
  /** Single-core articles/s: per CPU-second for the in-process baseline; signatures plus Redis wall time for MinHash. */
  articlesPerSecond: number;
  cpuSeconds: number;
  redisCpuSeconds?: number;
  commandsPerArticle?: number;
  bytesPerArticle?: number;
}

async function volume(docs: Doc[], size: number, redis: Redis): Promise<Row[]> {
  // Signatures and fingerprints are timed in batches of 1,000 texts, apart from generating the texts.
  const list: Article[] = [];
  let signatureCpu = 0;
  let simhashCpu = 0;
  let batch: Array<Omit<Article, "signature" | "simhash"> & { text: string }> = [];
  const sign = () => {
    let started = process.cpuUsage();
    const signatures = batch.map((article) => storySignature(article.text));
    signatureCpu += cpuSeconds(started);
    started = process.cpuUsage();
    const fingerprints = batch.map((article) => simhash(article.text));
    simhashCpu += cpuSeconds(started);
    batch.forEach(({ text: _text, ...article }, i) => {
      list.push({ ...article, signature: signatures[i] ?? "", simhash: fingerprints[i] ?? [0, 0] });
    });
    batch = [];
  };
  for (const article of articles(docs, size)) {
    batch.push(article);
    if (batch.length === 1_000) sign();
  }
  sign();

  const prefix = `bench-stories-${process.pid}-${size}`;
  const stories: string[] = new Array(size);
  const assign = async (from: number, to: number) => {
    let nextIndex = from;
    const worker = async () => {
      while (nextIndex < to) {
        const i = nextIndex++;
        stories[i] = await assignStory(redis, prefix, list[i] as Article, null);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  };
  const before = await redisInfo(redis);
  const cpuStarted = process.cpuUsage();
  const wallStarted = performance.now();
  const sampled = Math.min(1_000, size);
  await assign(0, size - sampled);
  const commands = await countCommands(redis, prefix, () => assign(size - sampled, size));
  const seconds = (performance.now() - wallStarted) / 1000;
  const assignCpu = cpuSeconds(cpuStarted);
  const after = await redisInfo(redis);
  const memory = await keysMemory(redis, prefix);
  if (memory.keys.length > 0) await redis.del(...memory.keys);
  const delta = (field: string) => Number(after.get(field) ?? 0) - Number(before.get(field) ?? 0);

  const baselineStarted = process.cpuUsage();
  const baseline = simhashStories(list, 2_400);
  const baselineCpu = cpuSeconds(baselineStarted) + simhashCpu;
  return [
    {
      size,
      method: "SimHash <= 14, last 2,400",
      outcome: score(list, baseline),
      articlesPerSecond: size / baselineCpu,
      cpuSeconds: baselineCpu,
    },
    {
      size,
      method: "MinHash + LSH (Redis)",
      outcome: score(list, stories),
      articlesPerSecond: size / (signatureCpu + seconds),
      cpuSeconds: signatureCpu + assignCpu,
      redisCpuSeconds: delta("used_cpu_user") + delta("used_cpu_sys"),
      commandsPerArticle: commands / sampled,
      bytesPerArticle: memory.bytes / size,
    },
  ];
}

/**
 * Redis commands run for the assignments `run` makes (the EVALSHA and every command of the script), counted
 * exactly with MONITOR: a script's commands follow its EVALSHA with no other client's in between.
 */
async function countCommands(redis: Redis, prefix: string, run: () => Promise<void>): Promise<number> {
  const monitor = await redis.monitor();
  let ours = false;
  let count = 0;
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source !== "lua")
      ours = /^eval/i.test(args[0] ?? "") && args.some((arg) => arg.startsWith(`${prefix}:`));
    if (ours) count++;
  });
  await run();
  // MONITOR lines arrive after the replies: wait until a marker command is seen.
  await new Promise<void>((resolve) => {
    monitor.on("monitor", (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === "echo" && args[1] === prefix) resolve();
    });
    void redis.echo(prefix);
  });
  monitor.disconnect();
  return count;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function printVolume(rows: Row[]): void {
  console.log(
    "\n## Volume (false merge: articles in a story that mixes ground-truth stories; missed: copies apart from their original)\n",
  );
  console.log(
    "| articles | method | false merges | mixed stories | missed merges | articles/s | CPU s (newsmon) | CPU s (Redis server) | Redis commands / article | Redis bytes / article |",
  );
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    const { outcome } = row;
    const rate = (count: number, of: number) => `${((100 * count) / of).toFixed(3)}% (${count})`;
    console.log(
      `| ${row.size.toLocaleString("en")} | ${row.method} | ${rate(outcome.falseMergedArticles, row.size)} | ` +
        `${outcome.mixedStories} | ${rate(outcome.missedCopies, outcome.copies)} | ` +
        `${Math.round(row.articlesPerSecond).toLocaleString("en")} | ${row.cpuSeconds.toFixed(2)} | ` +
        `${row.redisCpuSeconds?.toFixed(2) ?? "-"} | ${row.commandsPerArticle?.toFixed(1) ?? "-"} | ` +
        `${row.bytesPerArticle?.toFixed(0) ?? "-"} |`,
    );
  }
  console.log("\nMissed merges by copy kind (share of that kind's copies)\n");
  console.log(`| articles | method | ${copyKinds.join(" | ")} |`);
  console.log(`|---:|---|${copyKinds.map(() => "---:").join("|")}|`);
  for (const row of rows) {
    const cells = copyKinds.map((kind) => {
      const [missed, all] = row.outcome.missedByKind.get(kind) ?? [0, 0];
      return `${((100 * missed) / Math.max(1, all)).toFixed(1)}%`;
    });
    console.log(`| ${row.size.toLocaleString("en")} | ${row.method} | ${cells.join(" | ")} |`);
  }
}

async function main(): Promise<void> {
  const docs = loadDocs();
  const digest = createHash("sha256")
    .update(docs.map((doc) => doc.headline).join("\n"))
    .digest("hex")
    .slice(0, 16);
  if (digest !== corpusDigest)
    throw new Error(`unexpected corpus (digest ${digest}): the hand labels do not apply`);
  console.log(`CoNLL-2003 train+valid: ${docs.length} documents`);
  printLabelled(labelledPairs(docs));
  const sizes = (arg("sizes") ?? "1000,10000,100000").split(",").map(Number);
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 3 });
  try {
    const rows: Row[] = [];
    for (const size of sizes) rows.push(...(await volume(docs, size, redis)));
    printVolume(rows);
  } finally {
    redis.disconnect();
  }
}

await main();
