// What the stages hand each other through Redis, on the real Redis and Elasticsearch: a fetched page reaches the
// clean stage from Redis (Elasticsearch keeps the durable copy, read only when the Redis copy is gone), the
// indexed document reaches the alert stage the same way, and nothing handed over is left in Redis afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../workers/pipeline.ts";
import { startPipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import {
  connections,
  startTestPipeline,
  type TestConfig,
  testLog,
  watchlistWith,
  writeTestConfig,
} from "./support/harness.ts";
import { expectedStoryAlerts } from "./support/stories.ts";

const rules = `rules:
  - id: sco-mentioned
    name: SCO mentioned
    entity: sco
  - id: cpaffc-mentioned
    name: CPAFFC mentioned
    entity: cpaffc
`;

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

describe("hand-offs between stages", () => {
  let site: FixtureSite;
  let test: TestConfig;
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
      watchlist: watchlistWith(rules),
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
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: names.raw });
    const { count } = await es.count({ index: names.raw });
    expect(count).toBe(fetched.length);
  });

  it("reads Elasticsearch only for the pages whose Redis copy was gone", () => {
    expect(rawGets).toBe(dropped.length);
  });

  it("indexes every article and fires the expected alerts, the dropped pages' included", async () => {
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: [names.articles, names.alerts] });
    const articles = await es.search<{ url: string }>({ index: names.articles, size: 1000 });
    for (const key of dropped) {
      const articleId = key.split(":").at(-1);
      expect(articles.hits.hits.some((hit) => hit._id === articleId)).toBe(true);
    }
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

  it("leaves no page, artifact or document in Redis once the articles are through", async () => {
    expect(await keysOf(pipeline, `${test.namespace}:raw:*`)).toEqual([]);
    expect(await keysOf(pipeline, `${test.namespace}:artifact:*`)).toEqual([]);
  });
});
