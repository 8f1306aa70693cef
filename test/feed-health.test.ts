// Feed health on the real Redis and Elasticsearch: the poll stage records when each new item was published and
// found, `newsmon feeds` prints last success, last error, consecutive failures, items per day and the median
// delay, and the feeds index holds the same per feed, rewritten at once on a change and at most once a minute
// otherwise.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { type FeedHealthDocument, publishFeedHealth } from "../workers/poll/feed-health-index.ts";
import { FeedState } from "../workers/poll/feed-state.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { connections, repoRoot, type TestConfig, testLog, writeTestConfig } from "./support/harness.ts";
import { type NewsSite, type SitePage, startNewsSite } from "./support/news-site.ts";

const minutes = 60_000;
const page = (slug: string, ageMs: number): SitePage => ({
  path: `/news/${slug}`,
  title: `Report ${slug}`,
  paragraphs: [`The report ${slug} was published by the agency today.`],
  published: new Date(Date.now() - ageMs),
});

describe("feed health", () => {
  let site: NewsSite;
  let test: TestConfig;
  let pipeline: Pipeline;

  const feedDocument = async (feedId: string): Promise<FeedHealthDocument | undefined> => {
    const { es, names } = pipeline.deps;
    const response = await es.get<FeedHealthDocument>({ index: names.feeds, id: feedId }, { ignore: [404] });
    return response._source;
  };
  const poll = async () => {
    await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
    await pipeline.waitUntilIdle({ timeoutMs: 30_000, stages: ["poll"] });
  };

  beforeAll(async () => {
    // The backlog the first poll finds: four items over three days.
    site = await startNewsSite([
      page("a", 60 * minutes),
      page("b", 5 * 60 * minutes),
      page("c", 30 * 60 * minutes),
      page("d", 3 * 24 * 60 * minutes),
    ]);
    test = writeTestConfig({
      feeds: [
        { id: "news", name: "Test News", url: site.feedUrl },
        { id: "gone", name: "Gone feed", url: `${site.url}/gone.xml` },
      ],
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    pipeline = await startPipeline({
      loaded: test.loaded,
      connections,
      log: testLog,
      stages: ["poll"],
      schedule: false,
    });
    await poll();
  }, 60_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("counts the first poll's backlog in items per day, not in the delay", async () => {
    const report = await new FeedState(pipeline.deps.redis, test.namespace, "news").report();
    expect(report.itemsSeen).toBe(4);
    // 4 items over the 3 days since the oldest one.
    expect(report.itemsPerDay).toBeCloseTo(4 / 3, 1);
    expect(report.medianDelaySeconds).toBeNull();
    expect((await feedDocument("news"))?.itemsPerDay).toBeCloseTo(4 / 3, 1);
  });

  it("measures the median delay from publication to the poll that found new items", async () => {
    site.pages.push(page("e", 10 * minutes), page("f", 20 * minutes), page("g", 40 * minutes));
    await poll();
    const report = await new FeedState(pipeline.deps.redis, test.namespace, "news").report();
    expect(report.itemsSeen).toBe(7);
    expect(report.itemsPerDay).toBeCloseTo(7 / 3, 1);
    // Published 10, 20 and 40 minutes before the poll (RSS dates have whole seconds).
    expect(report.medianDelaySeconds).toBeGreaterThanOrEqual(20 * 60 - 1);
    expect(report.medianDelaySeconds).toBeLessThan(20 * 60 + 30);
    const document = await feedDocument("news");
    expect(document).toMatchObject({
      feedId: "news",
      feedName: "Test News",
      url: site.feedUrl,
      consecutiveFailures: 0,
      itemsSeen: 7,
      lastError: null,
      lastSuccessAt: report.lastSuccessAt,
      medianDelaySeconds: report.medianDelaySeconds,
    });
  });

  it("writes a failing feed's error and consecutive failures to the feeds index (polled twice so far)", async () => {
    const document = await feedDocument("gone");
    expect(document).toMatchObject({
      feedId: "gone",
      consecutiveFailures: 2,
      lastSuccessAt: null,
      lastStatus: 404,
      lastError: `feed ${site.url}/gone.xml answered HTTP 404`,
      itemsSeen: 0,
      itemsPerDay: 0,
    });
    await poll();
    expect((await feedDocument("gone"))?.consecutiveFailures).toBe(3);
  });

  it("rewrites an unchanged feed at most once a minute, a changed one at once", async () => {
    const { deps } = pipeline;
    const feed = test.loaded.config.feeds.find((candidate) => candidate.id === "news");
    if (!feed) throw new Error("no feed");
    const state = new FeedState(deps.redis, test.namespace, "news");
    const written = Date.parse((await feedDocument("news"))?.["@timestamp"] ?? "");
    // A 304 poll changes only the poll times: not rewritten within the minute.
    await poll();
    expect(Date.parse((await feedDocument("news"))?.["@timestamp"] ?? "")).toBe(written);
    expect(await publishFeedHealth(deps, feed, state, new Date(written + 30_000))).toBe(false);
    expect(await publishFeedHealth(deps, feed, state, new Date(written + 61_000))).toBe(true);
    await state.recordFailure("feed answered HTTP 503", 503);
    expect(await publishFeedHealth(deps, feed, state, new Date(written + 62_000))).toBe(true);
    expect(await feedDocument("news")).toMatchObject({ consecutiveFailures: 1, lastStatus: 503 });
  });

  it("prints the same fields in `newsmon feeds`", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, "cli", "newsmon.js"), "--config", test.configPath, "feeds"],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /news {2}\S+\/rss\.xml {2}every 300s\n {4}last success: \S+Z {2}consecutive failures: 1 {2}items seen: 7\n {4}items per day: 2\.3 {2}median delay from publication to the poll that found it: 20m( \d+s)?\n {4}last error \(\S+\): feed answered HTTP 503/,
    );
    expect(result.stdout).toMatch(
      /gone {2}\S+\/gone\.xml .*\n {4}last success: never {2}consecutive failures: 4 {2}items seen: 0\n {4}items per day: 0 {2}median delay from publication to the poll that found it: unknown\n {4}last error/,
    );
  });
});
