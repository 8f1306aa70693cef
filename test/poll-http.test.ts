// Feeds of every corpus category served over real HTTP, with the headers real servers send (Content-Type with
// and without a charset, gzip, ETag, a redirect), read by the real poll stage: the items it queues for fetching
// must be the corpus file's expected entries; unreadable feeds end in a dead-letter record and the feed's health;
// a second poll is a conditional GET answered 304 that queues nothing.
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalizeUrl } from "../lib/ids.ts";
import type { FetchJob } from "../queues/payloads.ts";
import { listDeadLetters } from "../queues/queues.ts";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { FeedState } from "../workers/poll/feed-state.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { connections, repoRoot, type TestConfig, testLog, writeTestConfig } from "./support/harness.ts";

interface CorpusCase {
  category: string;
  file: string;
  feedId: string;
  /** The URL the corpus file was written for: served at the same path, so relative links resolve alike. */
  url?: string;
  contentType?: string;
  error?: boolean;
  expect: Record<string, string | number | boolean | null>;
}

const corpusDir = path.join(repoRoot, "test", "feeds-corpus");
const perCategory = 2;

/** The first files of each category. */
const cases: CorpusCase[] = readdirSync(corpusDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((category) =>
    readdirSync(path.join(corpusDir, category.name))
      .filter((name) => name.endsWith(".expected.json"))
      .sort()
      .map((name) => JSON.parse(readFileSync(path.join(corpusDir, category.name, name), "utf8")))
      // Files written for the same URL cannot both be served there; take the first.
      .filter(
        (expected, index, all) =>
          expected.url === undefined || all.findIndex((other) => other.url === expected.url) === index,
      )
      .slice(0, perCategory)
      .map((expected, index) => ({
        ...expected,
        category: category.name,
        feedId: `${category.name}-${index}`,
      })),
  );

const defaultContentType: Record<string, string> = {
  jsonfeed: "application/feed+json",
  "not-a-feed": "text/html",
};

function servedPath(feed: CorpusCase): string {
  return feed.url ? new URL(feed.url).pathname : `/feeds/${feed.category}/${feed.file}`;
}

/**
 * A link the feed gives relatively, which the corpus resolved against the URL it assumed, resolves against this
 * server's URL here; a link written out in full in the file stays as it is.
 */
function served(link: string, feed: CorpusCase): string {
  if (!feed.url || new URL(link).origin !== new URL(feed.url).origin) return link;
  if (readFileSync(path.join(corpusDir, feed.category, feed.file), "latin1").includes(link)) return link;
  const moved = new URL(link);
  return `${origin}${moved.pathname}${moved.search}`;
}

let server: Server;
let origin: string;
const requests: Array<{ path: string; status: number; ifNoneMatch: string | undefined }> = [];
let test: TestConfig;
let pipeline: Pipeline;

/** Only the poll stage runs here: the fetch jobs it queues stay queued, so wait for the poll queue alone. */
async function pollsDone(): Promise<void> {
  const deadline = Date.now() + 60_000;
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
    if (quietSince !== null && Date.now() - quietSince > 300) return;
    if (Date.now() > deadline) throw new Error(`polls still running after 60 s: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function queuedFetches(): Promise<FetchJob[]> {
  const jobs = await pipeline.queues.stages.fetch.getJobs(["waiting", "prioritized", "delayed"], 0, 10_000);
  return jobs.map((job) => job.data as FetchJob);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const respond = (status: number, headers: Record<string, string> = {}, body: Buffer | string = "") => {
      requests.push({ path: url.pathname, status, ifNoneMatch: request.headers["if-none-match"] });
      response.writeHead(status, headers).end(body);
    };
    // Every second feed has moved: a redirect to its new address, which relative links must resolve against.
    const moved = cases.find((candidate) => url.pathname === `/old/${candidate.category}/${candidate.file}`);
    if (moved) return respond(301, { location: servedPath(moved) });
    const feed = cases.find((candidate) => url.pathname === servedPath(candidate));
    if (!feed) return respond(404);
    const body = readFileSync(path.join(corpusDir, feed.category, feed.file));
    const etag = `"${feed.feedId}"`;
    if (request.headers["if-none-match"] === etag) return respond(304, { etag });
    const headers: Record<string, string> = {
      "content-type": feed.contentType ?? defaultContentType[feed.category] ?? "application/xml",
      etag,
    };
    if (/\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
      headers["content-encoding"] = "gzip";
      return respond(200, headers, gzipSync(body));
    }
    return respond(200, headers, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  test = writeTestConfig({
    feeds: cases.map((feed, index) => ({
      id: feed.feedId,
      name: `${feed.category} ${feed.file}`,
      url: index % 2 === 0 ? `${origin}${servedPath(feed)}` : `${origin}/old/${feed.category}/${feed.file}`,
    })),
    fetch: { allowPrivateHosts: [new URL(origin).host] },
  });
  pipeline = await startPipeline({
    loaded: test.loaded,
    connections,
    log: testLog,
    stages: ["poll"],
    schedule: false,
  });
  await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
  await pollsDone();
}, 120_000);

afterAll(async () => {
  await pipeline?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await test?.cleanUp();
});

describe("feeds over HTTP through the poll stage", () => {
  it("covers every corpus category", () => {
    const categories = new Set(
      readdirSync(corpusDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name),
    );
    expect(new Set(cases.map((feed) => feed.category))).toEqual(categories);
  });

  it("queues a fetch for every expected entry, with links resolved against the final URL", async () => {
    const fetches = await queuedFetches();
    let checked = 0;
    for (const feed of cases.filter((candidate) => !candidate.error)) {
      for (let index = 0; index < 50; index++) {
        const link = feed.expect[`entries[${index}].link`];
        if (typeof link !== "string") continue;
        const url = canonicalizeUrl(served(link, feed));
        const where = `${feed.category}/${feed.file} entries[${index}] ${url}`;
        expect(
          fetches.map((job) => job.url),
          where,
        ).toContain(url);
        checked += 1;
        // Feeds decoded by the charset of the HTTP header alone: their (unique) titles must come out right. Other
        // titles are not compared here: several corpus files carry the same article, queued once from whichever
        // feed came first; parse-feed.test.ts checks every field of every file.
        const title = feed.expect[`entries[${index}].title`];
        if (feed.contentType?.includes("charset") && typeof title === "string") {
          expect(
            fetches.map((job) => job.item.title),
            where,
          ).toContain(title);
        }
      }
    }
    expect(checked).toBeGreaterThan(cases.length / 2);
  });

  it("records unreadable feeds in their health and in a dead-letter record", async () => {
    const records = await listDeadLetters(pipeline.queues.deadLetter, 1000);
    const unreadable = cases.filter((feed) => feed.error);
    expect(unreadable.length).toBeGreaterThan(0);
    for (const feed of unreadable) {
      const health = await new FeedState(pipeline.deps.redis, test.namespace, feed.feedId).health();
      expect(health.consecutiveFailures, feed.file).toBeGreaterThan(0);
      expect(health.lastError, feed.file).toMatch(/cannot be read/);
      expect(records.some((record) => record.queue === "poll" && record.reason === health.lastError)).toBe(
        true,
      );
    }
    for (const feed of cases.filter((candidate) => !candidate.error)) {
      const health = await new FeedState(pipeline.deps.redis, test.namespace, feed.feedId).health();
      expect(health.lastSuccessAt, feed.file).toBeDefined();
      // A feed read only by the lenient parser is reported as malformed, and nothing else is.
      if (health.consecutiveFailures > 0) {
        expect(health.lastError, `${feed.file}: ${health.lastError}`).toMatch(/is malformed \(XML error/);
      }
    }
  });

  it("polls again with If-None-Match, gets 304 and queues nothing new", async () => {
    const before = (await queuedFetches()).length;
    const firstRound = requests.length;
    await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
    await pollsDone();
    const secondRound = requests.slice(firstRound).filter((request) => !request.path.startsWith("/old/"));
    const readable = cases.filter((feed) => !feed.error);
    const conditional = secondRound.filter((request) => request.ifNoneMatch !== undefined);
    expect(conditional.length).toBeGreaterThanOrEqual(readable.length);
    expect(conditional.every((request) => request.status === 304)).toBe(true);
    expect((await queuedFetches()).length).toBe(before);
  });
});
