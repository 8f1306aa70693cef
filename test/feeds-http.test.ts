// Corpus feeds of every category served by the fixture site with the headers real servers send (Content-Type with
// and without a charset, a charset only in the header, a wrong header charset, gzip, ETag and Last-Modified, a
// permanent redirect), read by the real poll stage on the real Redis: the fetch jobs it queues must carry the
// corpus file's expected items; unreadable feeds end in their health and a dead-letter record; a second poll is a
// conditional GET answered 304 that queues nothing.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalizeUrl } from "../lib/ids.ts";
import type { FetchJob } from "../queues/payloads.ts";
import { type DeadLetterRecord, listDeadLetters } from "../queues/queues.ts";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { type FeedHealth, FeedState } from "../workers/poll/feed-state.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { type FixtureSite, type ServedFile, startFixtureSite } from "./fixture-site/server.ts";
import {
  connections,
  queuedPayloads,
  repoRoot,
  type TestConfig,
  testLog,
  writeTestConfig,
} from "./support/harness.ts";

type Expectation = Record<string, string | number | boolean | null>;

interface CorpusFile {
  category: string;
  file: string;
  /** The URL the corpus file was written for, if any: relative links there resolve against it. */
  url?: string;
  contentType?: string;
  /** Sent as the Content-Location header: the base for the feed's relative links. */
  contentLocation?: string;
  error?: boolean;
  expect: Expectation;
}

interface Case extends CorpusFile {
  feedId: string;
  body: Buffer;
  /** Path on the fixture site where the feed lives now. */
  servedPath: string;
  /** Path in the config: the feed's old address, answered with a 301, for every second feed. */
  configPath: string;
  servedContentType: string;
  /** Configured at the same path on the old host, which redirects to the fixture site. */
  movedHost: boolean;
}

const corpusDir = path.join(repoRoot, "test", "feeds-corpus");
const site = "https://news.example.com";
const perCategory = 2;

/**
 * Files every category must include because of how they are served: the charset of these three is only in the
 * HTTP header (GB2312 named as such, not GBK as the corpus says), or the header names a wrong one; the relative
 * links of the fourth resolve against the feed's final URL only: the feed has moved to another host (the fixture
 * site) and its old one answers with a redirect.
 */
const required: Record<string, { contentType?: string; movedHost?: boolean }> = {
  "windows-1251/cp1251-01.xml": {},
  "gb2312/gb2312-01.xml": { contentType: "text/xml; charset=GB2312" },
  "encoding/encoding-06.xml": {},
  "relative-links/relative-03.xml": { movedHost: true },
};

/** Content-Type without a charset, as most servers send it. */
function plainContentType(file: CorpusFile): string {
  if (file.category === "not-a-feed") return "text/html";
  if (file.file.endsWith(".jsonfeed")) return "application/feed+json";
  if (file.category.startsWith("atom")) return "application/atom+xml";
  return "application/rss+xml";
}

function readCorpus(): CorpusFile[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((category) =>
      readdirSync(path.join(corpusDir, category.name))
        .filter((name) => name.endsWith(".expected.json"))
        .sort()
        .map((name) => ({
          ...(JSON.parse(readFileSync(path.join(corpusDir, category.name, name), "utf8")) as Omit<
            CorpusFile,
            "category"
          >),
          category: category.name,
        })),
    );
}

/** The required files, then the first few of each category (one per URL the corpus wrote them for). */
function chooseCases(): Case[] {
  const corpus = readCorpus();
  const key = (file: CorpusFile) => `${file.category}/${file.file}`;
  const ordered = [
    ...corpus.filter((file) => key(file) in required),
    ...corpus.filter((file) => !(key(file) in required)),
  ];
  const pathsTaken = new Set<string>();
  const chosen: Case[] = [];
  for (const file of ordered) {
    const override = required[key(file)];
    if (!override && chosen.filter((other) => other.category === file.category).length >= perCategory)
      continue;
    const servedPath = file.url ? new URL(file.url).pathname : `/corpus/${file.category}/${file.file}`;
    if (pathsTaken.has(servedPath)) continue;
    const body = readFileSync(path.join(corpusDir, file.category, file.file));
    const servedContentType = override?.contentType ?? file.contentType ?? plainContentType(file);
    pathsTaken.add(servedPath);
    const feedId = `${file.category}-${file.file.replace(/\.\w+$/, "")}`;
    const movedHost = override?.movedHost ?? false;
    const redirected = !movedHost && chosen.length % 2 === 1;
    chosen.push({
      ...file,
      feedId,
      body,
      servedPath,
      // Another folder than the new one: relative links resolved against the old URL come out wrong.
      configPath: redirected ? `/moved/${file.category}/${file.file}` : servedPath,
      servedContentType,
      movedHost,
    });
  }
  // The sniffer reads the windows-1251 and GB2312 files right even without the header; the same feed in IBM866,
  // which it does not guess, is read right only if the header's charset reaches the parser.
  const cyrillic = chosen.find((feed) => feed.file === "cp1251-01.xml");
  if (cyrillic) {
    chosen.push({
      ...cyrillic,
      feedId: `${cyrillic.feedId}-ibm866`,
      body: iconv.encode(iconv.decode(cyrillic.body, "windows-1251"), "ibm866"),
      servedPath: `${cyrillic.servedPath}.ibm866`,
      configPath: `${cyrillic.servedPath}.ibm866`,
      servedContentType: "application/rss+xml; charset=IBM866",
    });
  }
  return chosen;
}

let cases: Case[];
let fixture: FixtureSite;
/** The host a feed moved away from: it only answers with redirects to the fixture site. */
let oldHost: FixtureSite;
let test: TestConfig;
let pipeline: Pipeline;
/** Fetch jobs queued by each feed's first poll. */
const firstPoll = new Map<string, FetchJob[]>();
/** Each feed's health after its first poll. */
const firstHealth = new Map<string, FeedHealth>();
let firstRoundRequests = 0;
let secondRoundFetches: FetchJob[] = [];

/** Only the poll stage runs: the fetch jobs stay queued, so only the poll queue has to fall quiet. */
async function pollsDone(): Promise<void> {
  const deadline = Date.now() + 20_000;
  let quietSince: number | null = null;
  for (;;) {
    const counts = await pipeline.queues.stages.poll.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "prioritized",
    );
    const busy = Object.values(counts).some((count) => count > 0);
    quietSince = busy ? null : (quietSince ?? Date.now());
    if (quietSince !== null && Date.now() - quietSince >= 150) return;
    if (Date.now() > deadline) throw new Error(`polls still running after 20 s: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function queuedFetches(): Promise<FetchJob[]> {
  return queuedPayloads<FetchJob>(pipeline.queues.stages.fetch);
}

function feedUrl(feed: Case): string {
  return `${feed.movedHost ? oldHost.url : fixture.url}${feed.configPath}`;
}

/**
 * An expected link the corpus resolved against the URL it assumed for the file resolves against the fixture
 * site here; a link written out in full in the file stays as it is.
 */
function servedLink(link: string, feed: Case): string {
  if (!feed.url || new URL(link).origin !== site) return link;
  if (feed.body.toString("latin1").includes(link)) return link;
  const resolved = new URL(link);
  return `${fixture.url}${resolved.pathname}${resolved.search}${resolved.hash}`;
}

function healthOf(feedId: string): Promise<FeedHealth> {
  return new FeedState(pipeline.deps.redis, test.namespace, feedId).health();
}

async function deadLettersOf(feed: Case): Promise<DeadLetterRecord[]> {
  const records = await listDeadLetters(pipeline.queues.deadLetter, 1000);
  return records.filter((record) => record.queue === "poll" && record.reason.includes(feedUrl(feed)));
}

beforeAll(async () => {
  cases = chooseCases();
  const files: Record<string, ServedFile> = {};
  const redirects: Record<string, string> = {};
  for (const feed of cases) {
    files[feed.servedPath] = {
      contentType: feed.servedContentType,
      body: feed.body,
      ...(feed.contentLocation ? { headers: { "Content-Location": feed.contentLocation } } : {}),
    };
    if (feed.configPath !== feed.servedPath) redirects[feed.configPath] = feed.servedPath;
  }
  fixture = await startFixtureSite({ files, redirects });
  oldHost = await startFixtureSite({
    redirects: Object.fromEntries(
      cases.flatMap((feed) =>
        feed.movedHost ? [[feed.configPath, `${fixture.url}${feed.servedPath}`]] : [],
      ),
    ),
  });
  test = writeTestConfig({
    feeds: cases.map((feed) => ({ id: feed.feedId, name: feed.feedId, url: feedUrl(feed) })),
    fetch: { allowPrivateHosts: [new URL(fixture.url).host, new URL(oldHost.url).host] },
  });
  pipeline = await startPipeline({
    loaded: test.loaded,
    connections,
    log: testLog,
    stages: ["poll"],
    schedule: false,
  });
  // One feed at a time, taking its fetch jobs off the queue after: each feed's jobs are then its own, and an
  // article two feeds share would not be hidden by the other's (same job id, queued once).
  for (const feed of test.loaded.config.feeds) {
    await pollNow(pipeline.queues.stages.poll, [feed]);
    await pollsDone();
    firstPoll.set(feed.id, await queuedFetches());
    firstHealth.set(feed.id, await healthOf(feed.id));
    await pipeline.queues.stages.fetch.drain();
  }
  firstRoundRequests = fixture.requests.length;
  await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
  await pollsDone();
  secondRoundFetches = await queuedFetches();
}, 60_000);

afterAll(async () => {
  await pipeline?.close();
  await fixture?.close();
  await oldHost?.close();
  await test?.cleanUp();
});

describe("corpus feeds over HTTP through the poll stage", () => {
  it("serves feeds of every category, the header-charset, wrong-charset and redirected ones among them", () => {
    const categories = new Set(
      readdirSync(corpusDir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? [entry.name] : [],
      ),
    );
    expect(new Set(cases.map((feed) => feed.category))).toEqual(categories);
    for (const file of Object.keys(required))
      expect(cases.map((feed) => `${feed.category}/${feed.file}`)).toContain(file);
    // The header is the only place these two name their charset.
    for (const feedId of ["windows-1251-cp1251-01", "windows-1251-cp1251-01-ibm866", "gb2312-gb2312-01"]) {
      const feed = cases.find((candidate) => candidate.feedId === feedId);
      expect(feed?.body.toString("latin1"), feedId).not.toMatch(/encoding=|charset/i);
      expect(feed?.servedContentType, feedId).toMatch(/charset=(windows-1251|IBM866|GB2312)$/);
    }
    expect(cases.filter((feed) => !/charset/.test(feed.servedContentType)).length).toBeGreaterThan(10);
  });

  it("fetches over gzip and follows each redirect to the feed's new URL", () => {
    const first = fixture.requests.slice(0, firstRoundRequests);
    for (const feed of cases) {
      const served = first.filter((request) => request.path === feed.servedPath);
      expect(
        served.map((request) => request.status),
        feed.feedId,
      ).toEqual([200]);
      expect(served[0]?.headers["accept-encoding"], feed.feedId).toMatch(/gzip/);
      expect(served[0]?.headers["if-none-match"], feed.feedId).toBeUndefined();
      if (feed.configPath !== feed.servedPath) {
        const moved = first.filter((request) => request.path === feed.configPath);
        expect(
          moved.map((request) => request.status),
          feed.feedId,
        ).toEqual([301]);
      }
    }
  });

  it("queues one fetch job per item with the expected link, title, dates and guid", async () => {
    let compared = 0;
    for (const feed of cases.filter((candidate) => !candidate.error)) {
      const jobs = firstPoll.get(feed.feedId) ?? [];
      const linkless = (await deadLettersOf(feed)).filter((record) => /without a link/.test(record.reason));
      const count = feed.expect["entries.length"];
      if (typeof count === "number") expect(jobs.length, feed.file).toBe(count - linkless.length);
      for (const job of jobs) expect(job.feedId).toBe(feed.feedId);
      const indices = Object.keys(feed.expect).flatMap((key) => {
        const index = /^entries\[(\d+)\]\./.exec(key)?.[1];
        return index === undefined ? [] : [Number(index)];
      });
      // A feed without items names no entry field, only its count (0).
      if (count !== 0)
        expect(indices.length, `${feed.file}: expected.json names no entry field`).toBeGreaterThan(0);
      for (let index = 0; index <= Math.max(...indices); index++) {
        const field = (name: string) => feed.expect[`entries[${index}].${name}`];
        const link = field("link");
        const title = field("title");
        const where = `${feed.feedId} (${feed.category}/${feed.file}) entries[${index}]`;
        let job: FetchJob | undefined;
        if (typeof link === "string") {
          const url = canonicalizeUrl(servedLink(link, feed));
          job = jobs.find((candidate) => candidate.url === url);
          expect(
            job,
            `${where}: no job for ${url} among ${jobs.map((other) => other.url).join(", ")}`,
          ).toBeDefined();
        } else if (typeof title === "string") {
          job = jobs.find((candidate) => candidate.item.title === title);
          expect(job, `${where}: no job titled ${title}`).toBeDefined();
        }
        if (!job) continue;
        if (title !== undefined) expect(job.item.title, `${where}.title`).toBe(title);
        if (field("published") !== undefined)
          expect(job.item.published, `${where}.published`).toBe(field("published"));
        if (field("updated") !== undefined)
          expect(job.item.updated, `${where}.updated`).toBe(field("updated"));
        if (field("id") !== undefined) expect(job.item.guid, `${where}.id`).toBe(field("id"));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(cases.filter((feed) => !feed.error).length);
  });

  it("resolves relative links against the final URL after a redirect to another host", () => {
    const feed = cases.find((candidate) => candidate.file === "relative-03.xml");
    expect(feedUrl(feed as Case).startsWith(oldHost.url)).toBe(true);
    expect(oldHost.requests.map((request) => [request.path, request.status])).toContainEqual([
      feed?.configPath,
      301,
    ]);
    const urls = (firstPoll.get(feed?.feedId ?? "") ?? []).map((job) => job.url);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${fixture.url}/news/`), url).toBe(true);
  });

  it("records feeds that cannot be read in their health and in a dead-letter record", async () => {
    const unreadable = cases.filter((feed) => feed.error);
    expect(unreadable.length).toBeGreaterThanOrEqual(perCategory);
    for (const feed of unreadable) {
      const health = await healthOf(feed.feedId);
      expect(health.consecutiveFailures, feed.file).toBeGreaterThan(0);
      expect(health.lastError, feed.file).toContain(`feed ${feedUrl(feed)} cannot be read`);
      expect(health.lastSuccessAt, feed.file).toBeUndefined();
      expect(firstPoll.get(feed.feedId), feed.file).toEqual([]);
      await expect
        .poll(async () => (await deadLettersOf(feed)).map((record) => record.reason), { timeout: 3000 })
        .toContain(health.lastError);
    }
  });

  it("keeps readable feeds healthy, reporting only XML the lenient parser had to read as malformed", async () => {
    const broken = [];
    for (const feed of cases.filter((candidate) => !candidate.error)) {
      const health = firstHealth.get(feed.feedId);
      if (!health) throw new Error(`no health recorded for ${feed.feedId}`);
      expect(health.lastSuccessAt, feed.file).toBeDefined();
      expect(health.lastStatus, feed.file).toBe(200);
      expect(health.etag, feed.file).toMatch(/^W\/"[0-9a-f]+"$/);
      expect(health.lastModified, feed.file).toMatch(/GMT$/);
      const records = await deadLettersOf(feed);
      for (const record of records)
        expect(record.reason, feed.file).toMatch(/is malformed \(XML error|without a link/);
      if (health.consecutiveFailures > 0) {
        expect(health.lastError, feed.file).toMatch(/is malformed \(XML error/);
        broken.push(feed.category);
      }
    }
    expect(broken).toContain("broken-xml");
    expect(broken.every((category) => category === "broken-xml")).toBe(true);
  });

  it("polls again with If-None-Match and If-Modified-Since, gets 304 and queues nothing", async () => {
    const second = fixture.requests.slice(firstRoundRequests);
    expect(cases.some((feed) => firstHealth.get(feed.feedId)?.malformed)).toBe(true);
    for (const feed of cases.filter((candidate) => !candidate.error)) {
      const health = await healthOf(feed.feedId);
      const served = second.filter((request) => request.path === feed.servedPath);
      expect(
        served.map((request) => request.status),
        feed.file,
      ).toEqual([304]);
      expect(served[0]?.headers["if-none-match"], feed.file).toBe(health.etag);
      expect(served[0]?.headers["if-modified-since"], feed.file).toBe(health.lastModified);
      expect(health.lastStatus, feed.file).toBe(304);
      // Unchanged is not repaired: a feed that was malformed counts one more failure, a healthy one none.
      const before = firstHealth.get(feed.feedId);
      if (before?.malformed) {
        expect(health.consecutiveFailures, feed.file).toBe(before.consecutiveFailures + 1);
        expect(health.lastError, feed.file).toBe(before.malformed);
      } else {
        expect(health.consecutiveFailures, feed.file).toBe(0);
      }
    }
    expect(secondRoundFetches).toEqual([]);
  });
});
