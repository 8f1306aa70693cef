// Scaling out: three `newsmon run` processes (the real CLI, as child processes), each running some of the stages
// (poll and fetch; clean and entities; index and alert) with its own ops port, share the real Redis and
// Elasticsearch and ingest the fixture news site: every expected article is indexed once, every expected alert
// is recorded and delivered once, and each process did the work of its own stages only.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElasticsearch } from "../lib/elasticsearch.ts";
import { indexNames } from "../lib/index-names.ts";
import { createRedis } from "../lib/redis.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import { openQueues, pipelineIsIdle } from "../queues/queues.ts";
import { stageNames } from "../queues/topology.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { expectedArticles, expectedCanonicalUrl } from "./fixture-site/expected.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import {
  connections,
  freePort,
  repoRoot,
  type TestConfig,
  testLog,
  until,
  writeTestConfig,
} from "./support/harness.ts";
import { expectedStoryAlerts } from "./support/stories.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

const cli = path.join(repoRoot, "cli", "newsmon.js");
const split = ["poll,fetch", "clean,entities", "index,alert"];

interface Worker {
  stages: string;
  opsPort: number;
  child: ChildProcess;
  stderr: string;
  exit: Promise<number | null>;
}

let site: FixtureSite;
let webhook: WebhookReceiver<{ alertId: string }>;
let test: TestConfig;
let workers: Worker[] = [];

async function startWorker(stages: string): Promise<Worker> {
  const opsPort = await freePort();
  const child = spawn(
    process.execPath,
    [cli, "--config", test.configPath, "run", "--stages", stages, "--ops-port", String(opsPort)],
    {
      env: { ...process.env, NEWSMON_LOG_FORMAT: "json", LOG_LEVEL: "info" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const worker: Worker = {
    stages,
    opsPort,
    child,
    stderr: "",
    exit: new Promise((resolve) => child.on("exit", resolve)),
  };
  child.stderr?.on("data", (chunk) => {
    worker.stderr += chunk;
  });
  return worker;
}

/** The workers' warnings and errors (JSON log lines of level 40 and up), to explain a failed expectation. */
function problems(): string {
  return workers
    .flatMap((worker) =>
      worker.stderr
        .split("\n")
        .filter((line) => /"level":(4|5|6)0/.test(line))
        .map((line) => `[${worker.stages}] ${line.slice(0, 400)}`),
    )
    .join("\n");
}

/** `newsmon_jobs_total{outcome="done"}` per stage, from a worker's /metrics. */
async function jobsDone(worker: Worker): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${worker.opsPort}/metrics`)).text();
  const done: Record<string, number> = {};
  for (const match of text.matchAll(/^newsmon_jobs_total\{stage="(\w+)",outcome="done"\} (\d+)/gm)) {
    done[match[1] as string] = Number(match[2]);
  }
  return done;
}

beforeAll(async () => {
  site = await startFixtureSite();
  webhook = await startWebhookReceiver();
  test = writeTestConfig({
    feeds: [
      { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1h" },
      { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml`, pollInterval: "1h" },
    ],
    fetch: { allowPrivateHosts: [new URL(site.url).host, new URL(webhook.url).host] },
    alerts: {
      channels: [
        { name: "log", type: "log" },
        { name: "hook", type: "webhook", url: webhook.url },
      ],
    },
  });
  workers = await Promise.all(split.map(startWorker));
  await until(
    "three workers running",
    () => workers.every((worker) => worker.stderr.includes("newsmon running")),
    60_000,
  );
}, 90_000);

afterAll(async () => {
  for (const worker of workers) worker.child.kill("SIGKILL");
  await site?.close();
  await webhook?.close();
  await test?.cleanUp();
});

describe("three newsmon processes with split stages", () => {
  it("index every article once and record and deliver every alert once", async () => {
    const redis = createRedis(connections.redisUrl, testLog);
    const queues = openQueues(redis, test.namespace, test.loaded.config.limits);
    const es = createElasticsearch(connections.elasticsearch);
    const names = indexNames(test.loaded.config.namespace.indexPrefix);
    try {
      // Polled twice on purpose: once now and once more while the first pass is under way. A second poll of
      // the same items must not make a second document or alert.
      await pollNow(queues.stages.poll, test.loaded.config.feeds);
      await until("first poll done", async () => (await queues.stages.poll.getCompletedCount()) >= 2, 30_000);
      await pollNow(queues.stages.poll, test.loaded.config.feeds);
      let idleSince = 0;
      await until(
        "the pipeline idle for 2 s",
        async () => {
          if (!(await pipelineIsIdle(queues.stages))) idleSince = 0;
          else idleSince ||= Date.now();
          return idleSince > 0 && Date.now() - idleSince >= 2_000;
        },
        120_000,
      );

      await es.indices.refresh({ index: [names.articles, names.alerts] });
      const articles = await es.search<ArticleDocument>({ index: names.articles, size: 500 });
      const urls = articles.hits.hits.map((hit) => hit._source?.canonicalUrl);
      expect(urls.length, problems()).toBe(expectedArticles.length);
      expect(urls.sort()).toEqual(
        expectedArticles.map((article) => expectedCanonicalUrl(site.url, article)).sort(),
      );
      expect(articles.hits.hits.every((hit) => hit._source?.revision === 1)).toBe(true);

      const alerts = (await es.search<AlertDocument>({ index: names.alerts, size: 500 })).hits.hits.flatMap(
        (hit) => (hit._source ? [hit._source] : []),
      );
      const lines = alerts.map(
        (alert) =>
          `${alert.ruleId} ${alert.articles
            .map((copy) => copy.url)
            .sort()
            .join(" ")}`,
      );
      expect(lines.sort(), problems()).toEqual(expectedStoryAlerts(site.url).sort());
      expect(alerts.every((alert) => alert.status === "delivered")).toBe(true);
      expect(webhook.received.map(({ body }) => body.alertId).sort()).toEqual(
        alerts.map((alert) => alert.alertId).sort(),
      );

      // Each process did its own stages' work, and only that.
      for (const worker of workers) {
        const done = await jobsDone(worker);
        const mine = worker.stages.split(",");
        for (const stage of stageNames) {
          if (mine.includes(stage)) expect(done[stage] ?? 0, `${worker.stages}: ${stage}`).toBeGreaterThan(0);
          else expect(done[stage] ?? 0, `${worker.stages}: ${stage}`).toBe(0);
        }
      }
    } finally {
      await queues.close();
      redis.disconnect();
      await es.close();
    }
  }, 180_000);

  it("stop cleanly on SIGTERM", async () => {
    for (const worker of workers) worker.child.kill("SIGTERM");
    const codes = await Promise.all(workers.map((worker) => worker.exit));
    expect(codes, workers.map((worker) => worker.stderr.slice(-500)).join("\n")).toEqual([0, 0, 0]);
  }, 60_000);
});
