// A `newsmon run` process killed with SIGKILL mid-run, then started again: every article ends up indexed once
// and every alert fires once. BullMQ hands the dead worker's jobs to the new one when their locks expire.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElasticsearch } from "../lib/elasticsearch.ts";
import { createRedis } from "../lib/redis.ts";
import { openQueues, pipelineIsIdle } from "../queues/queues.ts";
import { expectedArticles } from "./fixture-site/expected.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import { connections, repoRoot, type TestConfig, testLog, writeTestConfig } from "./support/harness.ts";
import { expectedStoryAlerts } from "./support/stories.ts";

let site: FixtureSite;
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

async function until(
  condition: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pageFetches = () => site.requests.filter((request) => !/\.(xml|txt)$/.test(request.path)).length;

beforeAll(async () => {
  site = await startFixtureSite();
  test = writeTestConfig({
    feeds: [
      { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1s" },
      { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml`, pollInterval: "1s" },
    ],
    fetch: { allowPrivateHosts: [new URL(site.url).host] },
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
  await test?.cleanUp();
});

describe("a worker killed mid-run", () => {
  it("loses nothing and duplicates nothing once restarted", async () => {
    const first = startRun();
    await until(() => pageFetches() >= 3, 60_000, "the first article fetches");
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const fetchedBeforeKill = pageFetches();
    expect(fetchedBeforeKill).toBeLessThan(expectedArticles.length);

    const second = startRun();
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
        async () => (await count(articlesIndex)) >= expectedArticles.length,
        90_000,
        "all articles indexed",
      );
      await until(() => pipelineIsIdle(queues.stages), 60_000, "the pipeline to go idle");
      second.kill("SIGTERM");
      await new Promise((resolve) => second.once("exit", resolve));

      expect(await count(articlesIndex)).toBe(expectedArticles.length);
      const revisions = await es.search<{ revision: number }>({
        index: articlesIndex,
        size: 100,
        _source: ["revision"],
      });
      expect(revisions.hits.hits.map((hit) => hit._source?.revision)).toEqual(expectedArticles.map(() => 1));
      expect(await count(alertsIndex)).toBe(expectedStoryAlerts(site.url).length);
    } finally {
      await queues.close();
      redis.disconnect();
      await es.close();
    }
  }, 240_000);
});
