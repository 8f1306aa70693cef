// Test support for the operations tests: a config of their own (random Redis key prefix, two feeds, an empty
// watchlist), the real Redis, the pipeline's queues under that prefix, and the clean-up of every key after.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { stringify } from "yaml";
import { connectionsFromEnv } from "../../config/connections.ts";
import { type LoadedConfig, loadConfig } from "../../config/load.ts";
import { createLogger } from "../../lib/log.ts";
import { createRedis } from "../../lib/redis.ts";
import { openQueues, type PipelineQueues } from "../../queues/queues.ts";

export const connections = connectionsFromEnv();
export const quietLog = createLogger({ level: "silent", pretty: false });

export interface OpsFixture {
  loaded: LoadedConfig;
  prefix: string;
  redis: Redis;
  queues: PipelineQueues;
  cleanUp(): Promise<void>;
}

export function openOpsFixture(): OpsFixture {
  const prefix = `tops${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const dir = mkdtempSync(path.join(tmpdir(), "newsmon-ops-test-"));
  writeFileSync(path.join(dir, "watchlist.yaml"), stringify({ entities: [], rules: [] }));
  writeFileSync(
    path.join(dir, "newsmon.yaml"),
    stringify({
      feeds: [
        { id: "wire-rss", name: "Wire (RSS)", url: "https://news.example.org/rss.xml" },
        { id: "broken", name: "Broken feed", url: "https://news.example.org/broken.xml" },
      ],
      alerts: { channels: [{ name: "log", type: "log" }] },
      namespace: { redisPrefix: prefix, indexPrefix: `${prefix}-` },
    }),
  );
  const loaded = loadConfig(path.join(dir, "newsmon.yaml"));
  const redis = createRedis(connections.redisUrl, quietLog);
  const queues = openQueues(redis, prefix, loaded.config.limits);
  return {
    loaded,
    prefix,
    redis,
    queues,
    async cleanUp() {
      await queues.close();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      redis.disconnect();
    },
  };
}

/** A TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
