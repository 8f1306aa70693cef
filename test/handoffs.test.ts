// What the stages hand each other, on the real Redis and Elasticsearch. A fetched page reaches the clean stage
// from Redis (Elasticsearch keeps the durable copy, read only when the Redis copy is gone), the indexed document
// reaches the alert stage the same way, and nothing handed over is left in Redis afterwards. Jobs travel in
// batches (workers/runner.ts): the items of one batch run as their own jobs would, their outputs travel on
// together, and an item that fails does so alone, dead-lettered under its own job id and payload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobId } from "../lib/ids.ts";
import { listDeadLetters } from "../queues/queues.ts";
import type { Pipeline } from "../workers/pipeline.ts";
import { startPipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import {
  connections,
  queuedPayloads,
  startTestPipeline,
  type TestConfig,
  testLog,
  watchlistWith,
  writeTestConfig,
} from "./support/harness.ts";
import { entityRules, expectedStoryAlerts } from "./support/stories.ts";

/** An article id no page was ever fetched for. */
const neverFetched = "0123456789abcdef01234567";

async function keysOf(pipeline: Pipeline, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await pipeline.deps.redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

async function getsOn(pipeline: Pipeline, index: string): Promise<number> {
  const stats = await pipeline.deps.es.indices.stats({ index, metric: "get" });
  return Object.values(stats.indices ?? {}).reduce((sum, entry) => sum + (entry.total?.get?.total ?? 0), 0);
}

describe("hand-offs and batches between stages", () => {
  let site: FixtureSite;
  let test: TestConfig;
  let articleIds: string[];
  let fetched: string[];
  let dropped: string[];
  let rawGets: number;
  let pipeline: Pipeline;

  beforeAll(async () => {
    site = await startFixtureSite();
    test = writeTestConfig({
      feeds: [
        { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml` },
        { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml` },
      ],
      watchlist: watchlistWith(entityRules),
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    // First only poll and fetch: the pages wait in Redis for a clean stage that is not running yet.
    const fetching = await startPipeline({
      loaded: test.loaded,
      connections,
      log: testLog,
      stages: ["poll", "fetch"],
      schedule: false,
    });
    await pollNow(fetching.queues.stages.poll, test.loaded.config.feeds);
    await fetching.waitUntilIdle({ timeoutMs: 60_000, stages: ["poll", "fetch"] });
    fetched = await keysOf(fetching, `${test.namespace}:raw:*`);
    // Two Redis copies lost (expired, say): those pages must come from Elasticsearch.
    dropped = fetched.slice(0, 2);
    await fetching.deps.redis.del(...dropped);
    // The clean jobs fetch queued, taken out and put back as one batch with two bad items among them.
    const { clean } = fetching.queues.stages;
    const queued = (await clean.getJobs(["waiting"])).flatMap(
      (job) =>
        (job.data as { batch?: Array<{ jobId: string; data: { articleId: string } }> }).batch ?? [
          { jobId: job.id ?? "", data: job.data as { articleId: string } },
        ],
    );
    articleIds = queued.map((item) => item.data.articleId);
    await clean.drain();
    await clean.add("clean", {
      batch: [
        ...queued,
        { jobId: jobId("clean", neverFetched), data: { articleId: neverFetched } },
        { jobId: "clean-malformed", data: { articleId: "not an id" } },
      ],
    });
    await fetching.close();
    pipeline = await startTestPipeline(test);
    const before = await getsOn(pipeline, pipeline.deps.names.raw);
    await pipeline.waitUntilIdle({ timeoutMs: 90_000 });
    rawGets = (await getsOn(pipeline, pipeline.deps.names.raw)) - before;
  }, 180_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("keeps each fetched page in Redis for the clean stage, and in Elasticsearch", async () => {
    expect(fetched.length).toBeGreaterThan(5);
    expect(articleIds.length).toBe(fetched.length);
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: names.raw });
    const { count } = await es.count({ index: names.raw });
    expect(count).toBe(fetched.length);
  });

  it("reads Elasticsearch only for the pages whose Redis copy was gone (and the one never fetched)", () => {
    expect(rawGets).toBe(dropped.length + 1);
  });

  it("indexes every good item, the dropped pages' included, and fires the expected alerts", async () => {
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: [names.articles, names.alerts] });
    const articles = await es.search({ index: names.articles, size: 1000, _source: false });
    expect(articles.hits.hits.map((hit) => hit._id).sort()).toEqual([...articleIds].sort());
    const alerts = await es.search<{ ruleId: string; articles: Array<{ url: string }> }>({
      index: names.alerts,
      size: 1000,
    });
    const fired = alerts.hits.hits.map(
      (hit) =>
        `${hit._source?.ruleId} ${hit._source?.articles
          .map((copy) => copy.url)
          .sort()
          .join(" ")}`,
    );
    expect(fired.sort()).toEqual(expectedStoryAlerts(site.url).sort());
  });

  it("dead-letters each bad item of a batch alone, under its own job id and payload", async () => {
    const records = await listDeadLetters(pipeline.queues.deadLetter);
    const byJob = new Map(records.map((record) => [record.jobId, record]));
    expect(byJob.get(jobId("clean", neverFetched))?.reason).toMatch(/no raw page stored/);
    expect(byJob.get(jobId("clean", neverFetched))?.data).toEqual({ articleId: neverFetched });
    expect(byJob.get("clean-malformed")?.reason).toMatch(/invalid clean job payload/);
    expect(records.filter((record) => record.queue === "clean")).toHaveLength(2);
  });

  it("hands a batch's outputs on together", async () => {
    const done = await pipeline.queues.stages.entities.getJobs(["completed"]);
    const sizes = done.map((job) => (job.data as { batch?: unknown[] }).batch?.length ?? 1);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(articleIds.length);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(await queuedPayloads(pipeline.queues.stages.entities)).toEqual([]);
  });

  it("leaves no page, artifact or document in Redis once the articles are through", async () => {
    expect(await keysOf(pipeline, `${test.namespace}:raw:*`)).toEqual([]);
    expect(await keysOf(pipeline, `${test.namespace}:artifact:*`)).toEqual([]);
  });
});
