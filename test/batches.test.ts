// Batch jobs on the real Redis and Elasticsearch (workers/runner.ts): the items of one batch run as their own
// jobs would, the outputs of a batch travel on together, and an item that fails does so alone: dead-lettered
// under its own job id with its own payload, while the rest of the batch is indexed and alerted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobId } from "../lib/ids.ts";
import { listDeadLetters } from "../queues/queues.ts";
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

/** An article id no page was ever fetched for. */
const neverFetched = "0123456789abcdef01234567";

describe("batch jobs", () => {
  let site: FixtureSite;
  let test: TestConfig;
  let pipeline: Pipeline;
  let articleIds: string[];

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
    const fetching = await startPipeline({
      loaded: test.loaded,
      connections,
      log: testLog,
      stages: ["poll", "fetch"],
      schedule: false,
    });
    await pollNow(fetching.queues.stages.poll, test.loaded.config.feeds);
    await fetching.waitUntilIdle({ timeoutMs: 60_000, stages: ["poll", "fetch"] });
    // The clean jobs fetch queued, taken out and put back as one batch with two bad items among them.
    // (Fetch's own outputs may already travel in batches: their items are taken out too.)
    const queued = (await fetching.queues.stages.clean.getJobs(["waiting"])).flatMap(
      (job) =>
        (job.data as { batch?: Array<{ jobId: string; data: { articleId: string } }> }).batch ?? [
          { jobId: job.id ?? "", data: job.data as { articleId: string } },
        ],
    );
    articleIds = queued.map((item) => item.data.articleId);
    await fetching.queues.stages.clean.drain();
    await fetching.queues.stages.clean.add("clean", {
      batch: [
        ...queued,
        { jobId: jobId("clean", neverFetched), data: { articleId: neverFetched } },
        { jobId: "clean-malformed", data: { articleId: "not an id" } },
      ],
    });
    await fetching.close();
    pipeline = await startTestPipeline(test);
    await pipeline.waitUntilIdle({ timeoutMs: 90_000 });
  }, 180_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("indexes every good item of the batch and fires the expected alerts", async () => {
    expect(articleIds.length).toBeGreaterThan(5);
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: [names.articles, names.alerts] });
    const { count } = await es.count({ index: names.articles });
    expect(count).toBe(articleIds.length);
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

  it("dead-letters each bad item alone, under its own job id and payload", async () => {
    const records = await listDeadLetters(pipeline.queues.deadLetter);
    const byJob = new Map(records.map((record) => [record.jobId, record]));
    expect(byJob.get(jobId("clean", neverFetched))?.reason).toMatch(/no raw page stored/);
    expect(byJob.get(jobId("clean", neverFetched))?.data).toEqual({ articleId: neverFetched });
    expect(byJob.get("clean-malformed")?.reason).toMatch(/invalid clean job payload/);
    expect(records.filter((record) => record.queue === "clean")).toHaveLength(2);
  });

  it("hands the batch's outputs on together", async () => {
    const done = await pipeline.queues.stages.entities.getJobs(["completed"]);
    const sizes = done.map((job) => (job.data as { batch?: unknown[] }).batch?.length ?? 1);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(articleIds.length);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  });
});
