// Redis connections for BullMQ and newsmon's own keys, to one Redis (`redis://`, `rediss://`) or to the primary
// that Redis Sentinel names (`redis-sentinel://`, built from REDIS_SENTINELS in config/connections.ts). An
// unreachable Redis is reported with its URL and retried with growing delays, never a crash: the pipeline
// resumes where it stopped when Redis comes back.
import { Redis, type RedisOptions } from "ioredis";
import { withoutCredentials } from "../config/connections.ts";
import type { Logger } from "./log.ts";

export function createRedis(url: string, log: Logger): Redis {
  let lastReport = 0;
  const shown = withoutCredentials(url);
  const options: RedisOptions = {
    // BullMQ workers block on Redis; it requires unlimited retries per request.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 500, 10_000),
  };
  const sentinel = sentinelOptions(url);
  const redis = sentinel ? new Redis({ ...options, ...sentinel }) : new Redis(url, options);
  redis.on("error", (error) => {
    // One line every 10 s while Redis is down, not one per retry.
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    log.error({ redisUrl: shown, err: error.message }, `Redis at ${shown} is not reachable; retrying`);
  });
  return redis;
}

/**
 * ioredis's Sentinel options from
 * `redis-sentinel://[user:password@]host:port,…/<primary name>[/<db>][?sentinelPassword=…]`; undefined for any
 * other URL. The user and password are the primary's; sentinels that require a password take their own.
 */
export function sentinelOptions(url: string): RedisOptions | undefined {
  const match =
    /^redis-sentinel:\/\/(?:([^:@/]*):([^@/]*)@)?([^/]+)\/([^/?]+)(?:\/(\d+))?\/?(?:\?sentinelPassword=([^&]*))?$/.exec(
      url,
    );
  if (!match) return undefined;
  const [, username, password, hosts = "", name = "", db, sentinelPassword] = match;
  const sentinels = hosts.split(",").map((entry) => {
    const at = entry.lastIndexOf(":");
    return { host: entry.slice(0, at).replace(/^\[(.*)\]$/, "$1"), port: Number(entry.slice(at + 1)) };
  });
  return {
    sentinels,
    name: decodeURIComponent(name),
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    ...(sentinelPassword ? { sentinelPassword: decodeURIComponent(sentinelPassword) } : {}),
    ...(db ? { db: Number(db) } : {}),
  };
}

/** Fails with the URL and the cause when Redis does not answer within `timeoutMs`. */
export async function pingRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } catch (error) {
    throw new Error(`Redis at ${withoutCredentials(url)} is not reachable: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
