// Outages of the services newsmon depends on, made real by a TCP proxy between newsmon and the shared Redis or
// Elasticsearch (test/support/tcp-proxy.ts): Elasticsearch gone for a minute delays alerts and loses none;
// Redis emptied and restarted (no persistence) has its feed schedules re-installed by the running process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connections } from "../config/connections.ts";
import { createRedis } from "../lib/redis.ts";
import { listDeadLetters } from "../queues/queues.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { expectedArticles } from "./fixture-site/expected.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import {
  connections,
  startTestPipeline,
  type TestConfig,
  testLog,
  until,
  writeTestConfig,
} from "./support/harness.ts";
import { expectedStoryAlerts } from "./support/stories.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

function hostPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

describe("Elasticsearch stopped for 60 s", () => {
  let site: FixtureSite;
  let hook: WebhookReceiver<{ alertId: string }>;
  let proxy: TcpProxy;
  let test: TestConfig;
  let pipeline: Pipeline;

  beforeAll(async () => {
    site = await startFixtureSite();
    hook = await startWebhookReceiver(() => 200);
    proxy = await startTcpProxy(hostPort(connections.elasticsearch.url.split(",")[0] ?? ""));
    const url = `http://${proxy.address}`;
    const throughProxy: Connections = {
      ...connections,
      elasticsearch: { ...connections.elasticsearch, url, nodes: [url] },
    };
    test = writeTestConfig({
      feeds: [
        { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml` },
        { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml` },
      ],
      fetch: { allowPrivateHosts: [new URL(site.url).host, new URL(hook.url).host] },
      alerts: { channels: [{ name: "hook", type: "webhook", url: hook.url }] },
    });
    pipeline = await startTestPipeline(test, { connections: throughProxy });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await proxy?.close();
    await hook?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("delivers every alert once it is back, and dead-letters nothing for it", async () => {
    await proxy.cut();
    await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    expect(hook.received).toHaveLength(0);
    await proxy.restore();
    await pipeline.waitUntilIdle({ timeoutMs: 120_000 });

    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: [names.articles, names.alerts] });
    expect((await es.count({ index: names.articles })).count).toBe(expectedArticles.length);
    const alerts = await es.search<AlertDocument>({ index: names.alerts, size: 100 });
    expect(alerts.hits.hits.length).toBe(expectedStoryAlerts(site.url).length);
    expect(alerts.hits.hits.every((hit) => hit._source?.status === "delivered")).toBe(true);
    expect(new Set(hook.received.map(({ body }) => body.alertId)).size).toBe(alerts.hits.hits.length);
    const deadLetters = await listDeadLetters(pipeline.queues.deadLetter);
    expect(
      deadLetters.filter((record) => /Elasticsearch|ECONNREFUSED|socket|connect/i.test(record.reason)),
    ).toEqual([]);
  }, 240_000);
});

describe("Redis restarted without persistence", () => {
  let site: FixtureSite;
  let proxy: TcpProxy;
  let test: TestConfig;
  let pipeline: Pipeline;
  const polls = (path: string) => site.requests.filter((request) => request.path === path).length;
  /** Polls of the feed polled least: both feeds share one scheduled batch job. */
  const feedPolls = () => Math.min(polls("/rss.xml"), polls("/atom.xml"));

  beforeAll(async () => {
    site = await startFixtureSite();
    proxy = await startTcpProxy(hostPort(connections.redisUrl));
    test = writeTestConfig({
      feeds: [
        { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1s" },
        { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml`, pollInterval: "1s" },
      ],
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    pipeline = await startPipeline({
      loaded: test.loaded,
      connections: { ...connections, redisUrl: `redis://${proxy.address}` },
      log: testLog,
      stages: ["poll", "fetch", "clean", "entities", "index", "alert"],
      schedule: true,
    });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await proxy?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("re-installs the feed schedules within a poll interval and polling resumes, without a restart", async () => {
    await until("the scheduled polls", async () => feedPolls() >= 2, 30_000);
    await pipeline.waitUntilIdle({ timeoutMs: 60_000 });

    // The restart: connections drop and every key of this installation is gone.
    await proxy.cut();
    const redis = createRedis(connections.redisUrl, testLog);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${test.namespace}:*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
    const pollsBefore = feedPolls();
    await proxy.restore();

    await until(
      "the schedule",
      async () => (await pipeline.queues.stages.poll.getJobSchedulersCount()) === 1,
      20_000,
    );
    await until("polling to resume", async () => feedPolls() >= pollsBefore + 2, 20_000);
    // What was seen is forgotten with the data: the items are read again, and indexed once all the same.
    await pipeline.waitUntilIdle({ timeoutMs: 60_000 });
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: names.articles });
    expect((await es.count({ index: names.articles })).count).toBe(expectedArticles.length);
  }, 180_000);
});
