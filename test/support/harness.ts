// Test harness: a config of its own for each test file (random Redis key prefix and index prefix, so tests
// share the real Redis and Elasticsearch with the demo without touching its data), and the clean-up after.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { JobType, Queue } from "bullmq";
import { stringify } from "yaml";
import { type Connections, connectionsFromEnv } from "../../config/connections.ts";
import { type LoadedConfig, loadConfig } from "../../config/load.ts";
import { createElasticsearch } from "../../lib/elasticsearch.ts";
import { createLogger } from "../../lib/log.ts";
import { createRedis } from "../../lib/redis.ts";
import { stageNames } from "../../queues/topology.ts";
import { type Pipeline, startPipeline } from "../../workers/pipeline.ts";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const connections = connectionsFromEnv();
export const testLog = createLogger({ level: process.env.LOG_LEVEL ?? "warn", pretty: false });

export interface TestConfig {
  loaded: LoadedConfig;
  configPath: string;
  dir: string;
  namespace: string;
  /** Deletes the test's indices and Redis keys. */
  cleanUp(): Promise<void>;
}

/** Writes a config file into a temporary folder; `overrides` are merged over the test defaults. */
export function writeTestConfig(overrides: Record<string, unknown>): TestConfig {
  const namespace = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const dir = mkdtempSync(path.join(tmpdir(), "newsmon-test-"));
  const configPath = path.join(dir, "newsmon.yaml");
  const config = {
    watchlist: path.join(repoRoot, "config", "watchlist.yaml"),
    namespace: { redisPrefix: namespace, indexPrefix: `${namespace}-` },
    limits: { attempts: 3, backoff: "200ms", lockDuration: "5s" },
    ...overrides,
  };
  writeFileSync(configPath, stringify(config));
  return {
    loaded: loadConfig(configPath),
    configPath,
    dir,
    namespace,
    async cleanUp() {
      const es = createElasticsearch(connections.elasticsearch);
      // Elasticsearch refuses wildcard deletes (action.destructive_requires_name); delete by name.
      const indices = await es.cat.indices({ index: `${namespace}-*`, format: "json", h: "index" });
      const names = indices.flatMap((row) => (row.index ? [row.index] : []));
      if (names.length > 0) await es.indices.delete({ index: names });
      await es.indices.deleteIndexTemplate({ name: `${namespace}-*` }, { ignore: [404] });
      await es.close();
      const redis = createRedis(connections.redisUrl, testLog);
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${namespace}:*`, "COUNT", 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      redis.disconnect();
    },
  };
}

/** Waits until `condition` holds, checking every 100 ms; fails naming `what` after `timeoutMs`. */
export async function until(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A TCP port free on loopback right now (for a child process's ops server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every stage in this process on the test's config, with no schedules: tests poll when they want to. */
export function startTestPipeline(
  test: Pick<TestConfig, "loaded">,
  options: { connections?: Connections } = {},
): Promise<Pipeline> {
  return startPipeline({
    loaded: test.loaded,
    connections: options.connections ?? connections,
    log: testLog,
    stages: [...stageNames],
    schedule: false,
  });
}

/** A copy of the shipped watchlist (its entities) with `rulesYaml` (a `rules:` block) in place of its rules. */
export function watchlistWith(rulesYaml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "newsmon-watchlist-")), "watchlist.yaml");
  copyFileSync(path.join(repoRoot, "config", "watchlist.yaml"), file);
  writeFileSync(file, readFileSync(file, "utf8").replace(/^rules:\n[\s\S]*$/m, rulesYaml));
  return file;
}

/** The payloads on a stage's queue (waiting or delayed by default), the items of batch jobs one by one. */
export async function queuedPayloads<T>(
  queue: Queue,
  types: JobType[] = ["waiting", "prioritized", "delayed"],
): Promise<T[]> {
  const jobs = await queue.getJobs(types, 0, -1);
  return jobs.flatMap((job) => {
    const batch = (job.data as { batch?: Array<{ data: T }> }).batch;
    return batch ? batch.map((item) => item.data) : [job.data as T];
  });
}
