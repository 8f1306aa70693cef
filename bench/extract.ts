// Extraction benchmark: newsmon's extractor against @mozilla/readability on jsdom and on linkedom, over the
// trafilatura evaluation set (main-text precision/recall/F1/accuracy, scored the way its authors do) and the
// readability test pages (title/byline/lang/date agreement, word-level text overlap with Readability's own output).
// Each extractor runs in a child process of its own, one after the other, so speed and peak memory are its own.
// jsdom keeps a few MB per parsed page alive even after window.close(), so every extractor works through a corpus
// in slices of BATCH pages, one fresh child process per slice; peak memory is the largest slice's.
//   node bench/extract.ts [--limit N] [--extractors newsmon,readability-jsdom,readability-linkedom]
//                         [--corpora trafilatura-eval,readability-test-pages]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "cheerio/slim";
import { decodeHtml } from "../workers/clean/decode.ts";
import { extractArticle } from "../workers/clean/extract.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED_CORPORA = resolve(ROOT, "../shared/corpora");
const CORPORA = join(ROOT, ".cache/corpora");
const EXTRACTORS = ["newsmon", "readability-jsdom", "readability-linkedom"] as const;
const CORPUS_NAMES = ["trafilatura-eval", "readability-test-pages"] as const;
type ExtractorName = (typeof EXTRACTORS)[number];
type CorpusName = (typeof CORPUS_NAMES)[number];

interface Output {
  title: string | null;
  text: string;
  byline: string | null;
  lang: string | null;
  publishedTime: string | null;
}

interface Page {
  id: string;
  url: string;
  /** Read and decoded when its turn comes, so peak memory is the extractor's, not the corpus's. */
  html: () => string;
  /** trafilatura-eval: segments that must / must not be in the text. */
  with?: string[];
  without?: string[];
  /** readability-test-pages: expected text and metadata. */
  expectedText?: string;
  expected?: {
    title: string | null;
    byline: string | null;
    lang: string | null;
    publishedTime: string | null;
  };
}

interface Result {
  extractor: ExtractorName;
  corpus: CorpusName;
  documents: number;
  failures: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  title: [number, number];
  byline: [number, number];
  lang: [number, number];
  date: [number, number];
  seconds: number;
  /** CPU time spent extracting (user + system), and the whole process's, start-up included. */
  cpuSeconds: number;
  processCpuSeconds: number;
  peakMemoryMb: number;
}

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function ensureCorpora(): void {
  mkdirSync(CORPORA, { recursive: true });
  for (const name of CORPUS_NAMES) {
    if (existsSync(join(CORPORA, name))) continue;
    const archive = join(SHARED_CORPORA, `${name}.tar.gz`);
    if (!existsSync(archive)) throw new Error(`corpus ${archive} not found (expected beside the checkout)`);
    execFileSync("tar", ["xzf", archive, "-C", CORPORA]);
  }
}

const BATCH = 200;

/** The corpus's pages [from, to), in a fixed order. */
function readPages(corpus: CorpusName, from: number, to: number): Page[] {
  const dir = join(CORPORA, corpus);
  const decode = (path: string) => decodeHtml(readFileSync(path)).html;
  if (corpus === "trafilatura-eval") {
    const evaldata = JSON.parse(readFileSync(join(dir, "evaldata.json"), "utf8")) as Record<
      string,
      { file: string; with: string[]; without: string[] }
    >;
    return Object.entries(evaldata)
      .slice(from, to)
      .map(([url, entry]) => ({
        id: entry.file,
        url,
        html: () => decode(join(dir, "html", entry.file)),
        with: entry.with,
        without: entry.without,
      }));
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .slice(from, to)
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(dir, name, "expected-metadata.json"), "utf8")) as Record<
        string,
        string | null
      >;
      return {
        id: name,
        url: `http://fakehost/${name}/`,
        html: () => decode(join(dir, name, "source.html")),
        expectedText: load(readFileSync(join(dir, name, "expected.html"), "utf8"))
          .root()
          .text(),
        expected: {
          title: meta.title ?? null,
          byline: meta.byline ?? null,
          lang: meta.lang ?? null,
          publishedTime: meta.publishedTime ?? null,
        },
      };
    });
}

async function extractorFor(name: ExtractorName): Promise<(html: string, url: string) => Output> {
  if (name === "newsmon") {
    return (html, url) => {
      const article = extractArticle(html, url);
      return {
        title: article.title,
        text: article.text,
        byline: article.authors.length > 0 ? article.authors.join(", ") : null,
        lang: article.lang,
        publishedTime: article.publishedAt ?? article.modifiedAt,
      };
    };
  }
  const { Readability } = await import("@mozilla/readability");
  const run = (document: unknown): Output => {
    const article = new Readability(document as ConstructorParameters<typeof Readability>[0]).parse();
    return {
      title: article?.title ?? null,
      text: article?.textContent ?? "",
      byline: article?.byline ?? null,
      lang: article?.lang ?? null,
      publishedTime: article?.publishedTime ?? null,
    };
  };
  if (name === "readability-jsdom") {
    const { JSDOM } = await import("jsdom");
    return (html, url) => {
      const dom = new JSDOM(html, { url });
      try {
        return run(dom.window.document);
      } finally {
        dom.window.close();
      }
    };
  }
  const { parseHTML } = await import("linkedom");
  return (html) => run(parseHTML(html).document);
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return !Number.isNaN(x) && x === y;
}

/** A byline matches when, lowercased and without "by" and punctuation, every word of one occurs in the other or
 * one is a substring of the other (Readability's bylines are raw page text: "by Lucas Nolan22 Dec 2016"). */
function bylineMatches(expected: string, actual: string | null): boolean {
  if (!actual) return false;
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/^\s*by\s+/, "")
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const e = words(expected);
  const a = words(actual);
  if (e.length === 0 || a.length === 0) return false;
  const joinedE = e.join(" ");
  const joinedA = a.join(" ");
  return (
    a.every((word) => e.includes(word)) ||
    e.every((word) => a.includes(word)) ||
    joinedE.includes(joinedA) ||
    joinedA.includes(joinedE)
  );
}

function corpusSize(corpus: CorpusName): number {
  const dir = join(CORPORA, corpus);
  if (corpus === "trafilatura-eval") {
    return Object.keys(JSON.parse(readFileSync(join(dir, "evaldata.json"), "utf8")) as object).length;
  }
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
}

async function runWorker(
  extractorName: ExtractorName,
  corpus: CorpusName,
  from: number,
  to: number,
): Promise<Result> {
  const extract = await extractorFor(extractorName);
  const pages = readPages(corpus, from, to);
  const result: Result = {
    extractor: extractorName,
    corpus,
    documents: pages.length,
    failures: 0,
    tp: 0,
    fp: 0,
    fn: 0,
    tn: 0,
    title: [0, 0],
    byline: [0, 0],
    lang: [0, 0],
    date: [0, 0],
    seconds: 0,
    cpuSeconds: 0,
    processCpuSeconds: 0,
    peakMemoryMb: 0,
  };
  for (const page of pages) {
    let output: Output;
    const html = page.html();
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    try {
      output = extract(html, page.url);
    } catch {
      output = { title: null, text: "", byline: null, lang: null, publishedTime: null };
      result.failures++;
    }
    result.seconds += Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    result.cpuSeconds += (cpu.user + cpu.system) / 1e6;
    const text = normalise(output.text);
    if (page.with && page.without) {
      for (const segment of page.with) text.includes(normalise(segment)) ? result.tp++ : result.fn++;
      for (const segment of page.without) text.includes(normalise(segment)) ? result.fp++ : result.tn++;
    }
    if (page.expected && page.expectedText !== undefined) {
      const expected = words(page.expectedText);
      const actual = words(text);
      let common = 0;
      let expectedTotal = 0;
      let actualTotal = 0;
      for (const [word, count] of expected) {
        common += Math.min(count, actual.get(word) ?? 0);
        expectedTotal += count;
      }
      for (const count of actual.values()) actualTotal += count;
      // Word overlap stands in for segments here: tp = shared words, fp = extra words, fn = missing words.
      result.tp += common;
      result.fp += actualTotal - common;
      result.fn += expectedTotal - common;
      const { title, byline, lang, publishedTime } = page.expected;
      if (title !== null) {
        result.title[1]++;
        if (normalise(title) === normalise(output.title ?? "")) result.title[0]++;
      }
      if (byline !== null && normalise(byline) !== "") {
        result.byline[1]++;
        if (bylineMatches(byline, output.byline)) result.byline[0]++;
      }
      if (lang !== null && lang !== "") {
        result.lang[1]++;
        const primary = (s: string | null) => (s ?? "").toLowerCase().split(/[-_]/)[0];
        if (primary(lang) === primary(output.lang)) result.lang[0]++;
      }
      if (publishedTime !== null) {
        result.date[1]++;
        if (sameInstant(publishedTime, output.publishedTime)) result.date[0]++;
      }
    }
  }
  result.peakMemoryMb = process.resourceUsage().maxRSS / 1024;
  const whole = process.cpuUsage();
  result.processCpuSeconds = (whole.user + whole.system) / 1e6;
  return result;
}

function table(results: Result[]): string {
  const pct = ([hit, all]: [number, number]) =>
    all === 0 ? "-" : `${((100 * hit) / all).toFixed(1)}% of ${all}`;
  const rows = results.map((r) => {
    const precision = r.tp / (r.tp + r.fp || 1);
    const recall = r.tp / (r.tp + r.fn || 1);
    const f1 = (2 * precision * recall) / (precision + recall || 1);
    const total = r.tp + r.fp + r.fn + r.tn;
    return [
      r.corpus,
      r.extractor,
      `${r.documents}${r.failures ? ` (${r.failures} threw)` : ""}`,
      precision.toFixed(3),
      recall.toFixed(3),
      f1.toFixed(3),
      r.tn > 0 ? ((r.tp + r.tn) / total).toFixed(3) : "-",
      pct(r.title),
      pct(r.byline),
      pct(r.lang),
      pct(r.date),
      (r.documents / r.seconds).toFixed(1),
      r.peakMemoryMb.toFixed(0),
    ];
  });
  const header = [
    "corpus",
    "extractor",
    "docs",
    "precision",
    "recall",
    "F1",
    "accuracy",
    "title",
    "byline",
    "lang",
    "date",
    "pages/s",
    "peak MB",
  ];
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

function merge(into: Result | undefined, part: Result): Result {
  if (!into) return part;
  const add = (a: [number, number], b: [number, number]): [number, number] => [a[0] + b[0], a[1] + b[1]];
  return {
    ...into,
    documents: into.documents + part.documents,
    failures: into.failures + part.failures,
    tp: into.tp + part.tp,
    fp: into.fp + part.fp,
    fn: into.fn + part.fn,
    tn: into.tn + part.tn,
    title: add(into.title, part.title),
    byline: add(into.byline, part.byline),
    lang: add(into.lang, part.lang),
    date: add(into.date, part.date),
    seconds: into.seconds + part.seconds,
    cpuSeconds: into.cpuSeconds + part.cpuSeconds,
    processCpuSeconds: into.processCpuSeconds + part.processCpuSeconds,
    peakMemoryMb: Math.max(into.peakMemoryMb, part.peakMemoryMb),
  };
}

async function main(): Promise<void> {
  const worker = arg("worker");
  if (worker) {
    const [extractor, corpus] = worker.split(":") as [ExtractorName, CorpusName];
    const result = await runWorker(extractor, corpus, Number(arg("from")), Number(arg("to")));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  ensureCorpora();
  const limit = Number(arg("limit") ?? Number.POSITIVE_INFINITY);
  const extractors = (arg("extractors")?.split(",") ?? [...EXTRACTORS]) as ExtractorName[];
  const corpora = (arg("corpora")?.split(",") ?? [...CORPUS_NAMES]) as CorpusName[];
  const results: Result[] = [];
  for (const corpus of corpora) {
    const size = Math.min(limit, corpusSize(corpus));
    for (const extractor of extractors) {
      let result: Result | undefined;
      for (let from = 0; from < size; from += BATCH) {
        const to = Math.min(size, from + BATCH);
        const child = spawnSync(
          process.execPath,
          [
            fileURLToPath(import.meta.url),
            "--worker",
            `${extractor}:${corpus}`,
            "--from",
            String(from),
            "--to",
            String(to),
          ],
          { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] },
        );
        const last = child.stdout.trim().split("\n").pop();
        if (child.status !== 0 || !last) {
          process.stderr.write(`${extractor} on ${corpus} [${from}, ${to}) failed (exit ${child.status})\n`);
          continue;
        }
        result = merge(result, JSON.parse(last) as Result);
      }
      if (result) results.push(result);
      process.stderr.write(`done: ${extractor} on ${corpus}\n`);
    }
  }
  process.stdout.write(`${table(results)}\n`);
  process.stdout.write(
    `\n${cpuTable(results, corpora.includes("trafilatura-eval") ? cliRun(limit) : null)}\n`,
  );
  if (!arg("worker") && extractors.includes("newsmon")) process.stdout.write(`\n${scalingTable()}\n`);
}

interface CliRun {
  pages: number;
  /** CPU of `newsmon extract --jsonl` over the pages, and of the same command on empty input (its start-up). */
  cpuSeconds: number;
  startupCpuSeconds: number;
}

/**
 * `newsmon extract --jsonl` as a user runs it, over the trafilatura-eval pages in one process, its CPU time read
 * with bash's `times` (the children's user and system time). The first run warms Node's compile cache, as any
 * run after installation has.
 */
function cliRun(limit: number): CliRun {
  const pages = readPages("trafilatura-eval", 0, Math.min(limit, corpusSize("trafilatura-eval")));
  const input = join(CORPORA, "trafilatura-eval.jsonl");
  writeFileSync(
    input,
    pages.map((page) => JSON.stringify({ id: page.id, url: page.url, html: page.html() })).join("\n"),
  );
  const cpuOf = (stdin: string): number => {
    const script = `node ${JSON.stringify(join(ROOT, "cli", "newsmon.js"))} extract --jsonl < ${JSON.stringify(stdin)} > /dev/null; times`;
    const out = execFileSync("bash", ["-c", script], { encoding: "utf8" });
    // `times` prints the shell's own line, then its children's: "0m1.234s 0m0.056s".
    const children = out.trim().split("\n").pop() ?? "";
    return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (sum, [, m, sec]) => sum + Number(m) * 60 + Number(sec),
      0,
    );
  };
  cpuOf("/dev/null");
  const startupCpuSeconds = Math.min(cpuOf("/dev/null"), cpuOf("/dev/null"), cpuOf("/dev/null"));
  return { pages: pages.length, cpuSeconds: cpuOf(input), startupCpuSeconds };
}

/** Pages per CPU-second, without and with each process's start-up, and newsmon's CLI against Readability. */
function cpuTable(results: Result[], cli: CliRun | null): string {
  const rows = results.map((r) => [
    r.corpus,
    r.extractor,
    String(r.documents),
    r.cpuSeconds.toFixed(2),
    (r.documents / r.cpuSeconds).toFixed(0),
    r.processCpuSeconds.toFixed(2),
    (r.documents / r.processCpuSeconds).toFixed(0),
  ]);
  if (cli) {
    rows.push([
      "trafilatura-eval",
      "newsmon extract --jsonl (CLI)",
      String(cli.pages),
      (cli.cpuSeconds - cli.startupCpuSeconds).toFixed(2),
      (cli.pages / (cli.cpuSeconds - cli.startupCpuSeconds)).toFixed(0),
      cli.cpuSeconds.toFixed(2),
      (cli.pages / cli.cpuSeconds).toFixed(0),
    ]);
  }
  const header = [
    "corpus",
    "extractor",
    "docs",
    "CPU-s",
    "pages/CPU-s",
    "CPU-s with start-up",
    "pages/CPU-s with start-up",
  ];
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const lines = [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)];
  const linkedom = results.find(
    (r) => r.corpus === "trafilatura-eval" && r.extractor === "readability-linkedom",
  );
  if (cli && linkedom) {
    const ratio = cli.pages / cli.cpuSeconds / (linkedom.documents / linkedom.processCpuSeconds);
    lines.push(
      "",
      `newsmon's CLI start-up: ${cli.startupCpuSeconds.toFixed(2)} CPU-s; the CLI over ${cli.pages} pages, start-up included, does ${ratio.toFixed(1)}x the pages per CPU-second of Readability on linkedom (its processes' start-up included too)`,
    );
  }
  return lines.join("\n");
}

const RUNS = 7;
/** global.gc, present when node runs with --expose-gc (npm run bench:extract passes it). */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** newsmon's time on synthetic pages of growing size and on hostile pages: linear growth, capped inputs. */
function scalingTable(): string {
  const paragraph = `<p>${"The delegation discussed cooperation in trade, energy and culture at length. ".repeat(4)}</p>`;
  const nav = `<nav><ul>${'<li><a href="/x">Section</a></li>'.repeat(20)}</ul></nav>`;
  // Paragraphs are numbered: the extractor keeps one copy of a repeated paragraph.
  const unit = (n: number) =>
    `${nav}<article>${Array.from({ length: 20 }, (_, i) => paragraph.replace("<p>", `<p>${n}.${i} `)).join("")}</article><aside class="related">${nav}</aside>`;
  const page = (bytes: number) => {
    const count = Math.max(1, Math.round(bytes / unit(0).length));
    return `<html><body>${Array.from({ length: count }, (_, n) => unit(n)).join("")}</body></html>`;
  };
  const cases: [string, string][] = [
    ["250 KB page", page(250_000)],
    ["1 MB page", page(1_000_000)],
    ["4 MB page", page(4_000_000)],
    ["50 MB page (capped)", page(50_000_000)],
    [
      "100,000 nested <div>",
      `<html><body>${"<div>".repeat(100_000)}${paragraph}${"</div>".repeat(100_000)}</body></html>`,
    ],
    ["100,000 nested <a>", `<html><body>${'<a href="/">'.repeat(100_000)}${paragraph}</body></html>`],
  ];
  // Warm the JIT on a mid-sized page first, so the first row does not pay for it.
  for (let run = 0; run < 3; run++) extractArticle(page(1_000_000), "https://example.test/");
  const rows = cases.map(([name, html]) => {
    let article = extractArticle(html, "https://example.test/");
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      collectGarbage(); // so one run does not pay for the garbage of the one before
      const started = process.hrtime.bigint();
      article = extractArticle(html, "https://example.test/");
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const ms = times.sort((a, b) => a - b)[RUNS >> 1] as number; // the median
    const mb = html.length / 1e6;
    return `| ${name.padEnd(22)} | ${mb.toFixed(1).padStart(6)} | ${ms.toFixed(0).padStart(7)} | ${(ms / mb).toFixed(1).padStart(6)} | ${String(article.text.length).padStart(9)} |`;
  });
  return [
    "| newsmon input          |     MB |      ms |  ms/MB | text chars |",
    "|------------------------|--------|---------|--------|------------|",
    ...rows,
  ].join("\n");
}

await main();
