// Redis connections for BullMQ and newsmon's own keys. An unreachable Redis is reported with its URL and retried
// with growing delays, never a crash: the pipeline resumes where it stopped when Redis comes back.
import { Redis } from "ioredis";
import type { Logger } from "./log.ts";

export function createRedis(url: string, log: Logger): Redis {
  let lastReport = 0;
  const redis = new Redis(url, {
    // BullMQ workers block on Redis; it requires unlimited retries per request.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 500, 10_000),
  });
  redis.on("error", (error) => {
    // One line every 10 s while Redis is down, not one per retry.
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    log.error({ redisUrl: url, err: error.message }, `Redis at ${url} is not reachable; retrying`);
  });
  return redis;
}

/** Fails with the URL and the cause when Redis does not answer within `timeoutMs`. */
export async function pingRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  try {
    await Promise.race([redis.ping(), timeout]);
  } catch (error) {
    throw new Error(`Redis at ${url} is not reachable: ${(error as Error).message}`);
  }
}
