// Feed parsing quality and speed on test/feeds-corpus: per category, files, files read as expected (a feed, or
// a refusal for the not-a-feed ones), expected fields matched, files with unsafe markup in any output field, and
// feeds per second; newsmon's parseFeed beside rss-parser alone (UTF-8 decoding, no repair, no sanitising).
// Run: npm run bench:feeds   (add --verbose to list every mismatch)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Parser as HtmlParser } from "htmlparser2";
import RssParser from "rss-parser";
import { z } from "zod";
import { FeedParseError, type ParsedFeed, parseFeed } from "../workers/poll/parse-feed.ts";

const corpus = join(import.meta.dirname, "..", "test", "feeds-corpus");
const verbose = process.argv.includes("--verbose");

const Expected = z.object({
  file: z.string(),
  url: z.string().optional(),
  contentType: z.string().optional(),
  contentLocation: z.string().optional(),
  error: z.boolean().optional(),
  hostile: z.boolean().optional(),
  expect: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
type Expected = z.infer<typeof Expected>;

interface Outcome {
  ok: boolean;
  threw: boolean;
  value: unknown;
  ms: number;
}

const baseline = new RssParser();

/** rss-parser alone, its output mapped to newsmon's field names. */
async function runBaseline(bytes: Uint8Array): Promise<Omit<Outcome, "ms">> {
  try {
    const output = await baseline.parseString(new TextDecoder().decode(bytes));
    const items = output.items.map((raw) => {
      const item = raw as Record<string, unknown>;
      return {
        title: item.title ?? null,
        link: item.link ?? null,
        id: item.guid ?? item.id ?? null,
        summary: item.summary ?? item.content ?? null,
        content: item["content:encoded"] ?? item.content ?? null,
        published: item.isoDate ?? null,
        updated: null,
        author: item.creator ?? item.author ?? null,
        categories: item.categories ?? [],
        enclosures: item.enclosure ? [item.enclosure] : [],
      };
    });
    return {
      ok: true,
      threw: false,
      value: {
        feed: {
          title: output.title ?? null,
          link: output.link ?? null,
          description: output.description ?? null,
        },
        entries: items,
      },
    };
  } catch (error) {
    return { ok: false, threw: true, value: error };
  }
}

async function runNewsmon(bytes: Uint8Array, expected: Expected): Promise<Omit<Outcome, "ms">> {
  try {
    const parsed: ParsedFeed = await parseFeed(bytes, {
      ...(expected.url ? { url: expected.url } : {}),
      contentType: expected.contentType ?? null,
      contentLocation: expected.contentLocation ?? null,
    });
    return { ok: true, threw: false, value: parsed };
  } catch (error) {
    // Anything but FeedParseError is a crash.
    return { ok: false, threw: !(error instanceof FeedParseError), value: error };
  }
}

/** Reads "entries[0].enclosures[1].url" or "entries.length" from a result. */
function pick(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (current === null || current === undefined) return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    if (index) current = (current as unknown[])[Number(index[1])];
    else current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const dangerousTags = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "style",
  "form",
  "input",
  "button",
  "meta",
  "link",
  "base",
  "svg",
  "math",
  "textarea",
  "select",
  "isindex",
]);
const urlAttributes = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "background",
  "poster",
  "data",
  "xlink:href",
  "lowsrc",
  "dynsrc",
  "srcdoc",
  "cite",
  "longdesc",
]);
const hidingStyle =
  /(?:position|display|visibility|opacity|z-index|expression|behavior|-moz-binding|url\s*\()/i;

/** True when HTML carries anything executable or content-hiding. */
function isUnsafe(html: string): boolean {
  let unsafe = false;
  const parser = new HtmlParser(
    {
      onopentag(name, attrs) {
        if (dangerousTags.has(name)) unsafe = true;
        for (const [attr, value] of Object.entries(attrs)) {
          if (attr.startsWith("on")) unsafe = true;
          // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore control characters in URLs
          const compact = value.replace(/[\u0000-\u0020]+/g, "").toLowerCase();
          if (urlAttributes.has(attr) && /^(?:javascript|vbscript|data|livescript):/.test(compact))
            unsafe = true;
          if (attr === "style" && hidingStyle.test(value)) unsafe = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return unsafe;
}

function hasUnsafeOutput(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const result = value as { feed?: Record<string, unknown>; entries?: Array<Record<string, unknown>> };
  const fields = [
    ...Object.values(result.feed ?? {}),
    ...(result.entries ?? []).flatMap((entry) => [entry.title, entry.summary, entry.content, entry.link]),
  ];
  return fields.some(
    (field) => typeof field === "string" && (isUnsafe(field) || /^\s*javascript:/i.test(field)),
  );
}

interface Tally {
  files: number;
  read: number;
  fields: number;
  matched: number;
  unsafe: number;
  crashes: number;
  ms: number;
}
const emptyTally = (): Tally => ({ files: 0, read: 0, fields: 0, matched: 0, unsafe: 0, crashes: 0, ms: 0 });

function score(tally: Tally, outcome: Outcome, expected: Expected, label: string, name: string): void {
  tally.files++;
  tally.ms += outcome.ms;
  if (outcome.threw && !expected.error) tally.crashes++;
  if (expected.error) {
    tally.fields++;
    if (!outcome.ok) {
      tally.read++;
      tally.matched++;
    } else if (verbose) console.log(`  [${label}] ${name}: expected a refusal, got a feed`);
    return;
  }
  if (outcome.ok) tally.read++;
  else if (verbose) console.log(`  [${label}] ${name}: ${(outcome.value as Error)?.message}`);
  for (const [path, want] of Object.entries(expected.expect)) {
    tally.fields++;
    const got = outcome.ok ? pick(outcome.value, path) : undefined;
    if (got === want || (want === null && got === undefined && outcome.ok)) tally.matched++;
    else if (verbose && outcome.ok)
      console.log(`  [${label}] ${name} ${path}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
  }
  if (outcome.ok && hasUnsafeOutput(outcome.value)) {
    tally.unsafe++;
    if (verbose) console.log(`  [${label}] ${name}: unsafe output`);
  }
}

const categories = readdirSync(corpus)
  .filter((entry) => statSync(join(corpus, entry)).isDirectory())
  .sort();
// One untimed pass first, so that feeds per second measure parsing rather than the JIT warming up.
for (const category of categories) {
  const folder = join(corpus, category);
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".expected.json"))) {
    const expected = Expected.parse(JSON.parse(readFileSync(join(folder, file), "utf8")));
    const bytes = new Uint8Array(readFileSync(join(folder, expected.file)));
    await runNewsmon(bytes, expected);
    await runBaseline(bytes);
  }
}

const rows: Array<{ category: string; ours: Tally; base: Tally }> = [];
for (const category of categories) {
  const ours = emptyTally();
  const base = emptyTally();
  const folder = join(corpus, category);
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith(".expected.json"))
    .sort()) {
    const expected = Expected.parse(JSON.parse(readFileSync(join(folder, file), "utf8")));
    const bytes = new Uint8Array(readFileSync(join(folder, expected.file)));
    let start = performance.now();
    const mine = await runNewsmon(bytes, expected);
    score(
      ours,
      { ...mine, ms: performance.now() - start },
      expected,
      "newsmon",
      `${category}/${expected.file}`,
    );
    start = performance.now();
    const theirs = await runBaseline(bytes);
    score(
      base,
      { ...theirs, ms: performance.now() - start },
      expected,
      "rss-parser",
      `${category}/${expected.file}`,
    );
  }
  rows.push({ category, ours, base });
}

const total = (pickTally: (row: (typeof rows)[number]) => Tally): Tally =>
  rows.map(pickTally).reduce(
    (sum, tally) => ({
      files: sum.files + tally.files,
      read: sum.read + tally.read,
      fields: sum.fields + tally.fields,
      matched: sum.matched + tally.matched,
      unsafe: sum.unsafe + tally.unsafe,
      crashes: sum.crashes + tally.crashes,
      ms: sum.ms + tally.ms,
    }),
    emptyTally(),
  );
rows.push({ category: "all", ours: total((row) => row.ours), base: total((row) => row.base) });

const percent = (part: number, whole: number) =>
  whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
const rate = (tally: Tally) => (tally.ms === 0 ? "-" : String(Math.round((tally.files * 1000) / tally.ms)));
const header = [
  "category",
  "files",
  "parsed",
  "fields matched",
  "unsafe",
  "feeds/s",
  "rss-parser parsed",
  "rss-parser fields",
  "rss-parser unsafe",
  "rss-parser feeds/s",
];
const table = rows.map(({ category, ours, base }) => [
  category,
  String(ours.files),
  String(ours.read),
  `${ours.matched}/${ours.fields} (${percent(ours.matched, ours.fields)})`,
  String(ours.unsafe),
  rate(ours),
  String(base.read),
  `${base.matched}/${base.fields} (${percent(base.matched, base.fields)})`,
  String(base.unsafe),
  rate(base),
]);
const widths = header.map((title, column) =>
  Math.max(title.length, ...table.map((row) => (row[column] ?? "").length)),
);
const line = (cells: string[]) =>
  `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const row of table) console.log(line(row));
const all = rows[rows.length - 1];
if (all && all.ours.crashes > 0)
  console.log(`\nnewsmon crashes (errors other than FeedParseError): ${all.ours.crashes}`);
console.log(
  `\n"parsed": read as expected (a feed, or FeedParseError for not-a-feed). "unsafe": files with script, event handlers, javascript:/data: URLs or hiding styles in any output field.`,
);
