// A `newsmon run` process killed with SIGKILL at many moments of a run, then started again each time: every
// article ends up indexed once, every alert record exists once, and every alert reaches the webhook (a repeat
// only with the same idempotency key). BullMQ hands the dead worker's jobs to the next one when their locks expire.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElasticsearch } from "../lib/elasticsearch.ts";
import { createRedis } from "../lib/redis.ts";
import { openQueues, pipelineIsIdle } from "../queues/queues.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { expectedArticles } from "./fixture-site/expected.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import {
  connections,
  repoRoot,
  type TestConfig,
  testLog,
  until,
  writeTestConfig,
} from "./support/harness.ts";
import { expectedStoryAlerts } from "./support/stories.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

let site: FixtureSite;
let hook: WebhookReceiver<{ alertId: string }>;
let test: TestConfig;
const children: ChildProcess[] = [];

function startRun(): ChildProcess {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, "cli", "newsmon.js"), "--config", test.configPath, "run"],
    {
      env: { ...process.env, LOG_LEVEL: "warn", NEWSMON_LOG_FORMAT: "json" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  children.push(child);
  return child;
}

const pageFetches = () => site.requests.filter((request) => !/\.(xml|txt)$/.test(request.path)).length;

beforeAll(async () => {
  site = await startFixtureSite();
  hook = await startWebhookReceiver(() => 200);
  test = writeTestConfig({
    feeds: [
      { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1s" },
      { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml`, pollInterval: "1s" },
    ],
    fetch: { allowPrivateHosts: [new URL(site.url).host, new URL(hook.url).host] },
    alerts: { channels: [{ name: "hook", type: "webhook", url: hook.url }] },
    // One job at a time per stage, so the kill lands with work in every stage, and short locks so the restart
    // takes the dead worker's jobs over quickly.
    limits: {
      attempts: 5,
      backoff: "200ms",
      lockDuration: "2s",
      concurrency: { poll: 1, fetch: 1, clean: 1, entities: 1, index: 1, alert: 1 },
    },
  });
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await site?.close();
  await hook?.close();
  await test?.cleanUp();
});

describe("a worker killed mid-run", () => {
  it("loses nothing and duplicates nothing, killed at many moments and restarted each time", async () => {
    // Kill after the n-th page fetch: the moments fall in every stage (fetch, clean, entities, index, alert).
    for (const fetches of [1, 3, 4, 6, 8]) {
      const run = startRun();
      const killAt = Math.min(fetches, expectedArticles.length - 1);
      await until(`page fetch ${killAt}`, () => pageFetches() >= killAt, 60_000);
      // A little later each time, so the kill lands after the fetch at different points of the article's path.
      await new Promise((resolve) => setTimeout(resolve, 40 * fetches));
      run.kill("SIGKILL");
      await new Promise((resolve) => run.once("exit", resolve));
    }

    const last = startRun();
    const redis = createRedis(connections.redisUrl, testLog);
    const queues = openQueues(redis, test.namespace, test.loaded.config.limits);
    const es = createElasticsearch(connections.elasticsearch);
    const articlesIndex = `${test.namespace}-news-articles`;
    const alertsIndex = `${test.namespace}-newsmon-alerts`;
    const count = async (index: string) => {
      await es.indices.refresh({ index });
      return (await es.count({ index })).count;
    };
    try {
      await until(
        "all articles indexed",
        async () => (await count(articlesIndex)) >= expectedArticles.length,
        120_000,
      );
      await until("the pipeline to go idle", () => pipelineIsIdle(queues.stages), 60_000);
      last.kill("SIGTERM");
      await new Promise((resolve) => last.once("exit", resolve));

      expect(await count(articlesIndex)).toBe(expectedArticles.length);
      const revisions = await es.search<{ revision: number }>({
        index: articlesIndex,
        size: 100,
        _source: ["revision"],
      });
      expect(revisions.hits.hits.map((hit) => hit._source?.revision)).toEqual(expectedArticles.map(() => 1));
      await es.indices.refresh({ index: alertsIndex });
      const alerts = await es.search<AlertDocument>({ index: alertsIndex, size: 100 });
      const records = alerts.hits.hits.map(
        (hit) =>
          `${hit._source?.ruleId} ${hit._source?.articles
            .map((copy) => copy.url)
            .sort()
            .join(" ")}`,
      );
      expect(records.sort()).toEqual(expectedStoryAlerts(site.url).sort());
      expect(alerts.hits.hits.every((hit) => hit._source?.status === "delivered")).toBe(true);
      // At least once: every alert arrived; a repeat (a kill between the POST and its record) has the same key.
      const delivered = new Set(hook.received.map(({ body }) => body.alertId));
      expect([...delivered].sort()).toEqual(alerts.hits.hits.map((hit) => hit._id).sort());
      for (const { body, headers } of hook.received) expect(headers["idempotency-key"]).toBe(body.alertId);
    } finally {
      await queues.close();
      redis.disconnect();
      await es.close();
    }
  }, 300_000);
});
