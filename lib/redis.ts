// Redis connections for BullMQ and newsmon's own keys: to one Redis (`redis://`, `rediss://`), to the primary
// that Redis Sentinel names (`redis-sentinel://`) or to a Redis Cluster (`redis-cluster://`), the last two built
// from REDIS_SENTINELS / REDIS_CLUSTER_NODES in config/connections.ts. An unreachable Redis is reported with its
// URL and retried with growing delays, never a crash: the pipeline resumes where it stopped when Redis comes back.
import { Cluster, Redis, type RedisOptions } from "ioredis";
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
  const redis = connect(url, options);
  redis.on("error", (error) => {
    // One line every 10 s while Redis is down, not one per retry.
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    log.error({ redisUrl: shown, err: error.message }, `Redis at ${shown} is not reachable; retrying`);
  });
  return redis;
}

function connect(url: string, options: RedisOptions): Redis {
  const cluster = clusterOptions(url);
  if (cluster) {
    // The Cluster client takes the same commands and BullMQ recognises it. newsmon's keys all start with the
    // configured prefix, which on a Cluster is a hash tag ("{newsmon}"), so its multi-key transactions and
    // scripts stay within one slot.
    const client = new Cluster(cluster.nodes, {
      redisOptions: { ...options, ...cluster.credentials },
      clusterRetryStrategy: (attempt) => Math.min(attempt * 500, 10_000),
    });
    return client as unknown as Redis;
  }
  const sentinel = sentinelOptions(url);
  return sentinel ? new Redis({ ...options, ...sentinel }) : new Redis(url, options);
}

/** The start nodes and credentials of `redis-cluster://[user:password@]host:port,…`; undefined for any other URL. */
export function clusterOptions(
  url: string,
): { nodes: Array<{ host: string; port: number }>; credentials: RedisOptions } | undefined {
  const match = /^redis-cluster:\/\/(?:([^:@/]*):([^@/]*)@)?([^/?]+)\/?$/.exec(url);
  if (!match) return undefined;
  const [, username, password, hosts = ""] = match;
  return {
    nodes: hostList(hosts),
    credentials: {
      ...(username ? { username: decodeURIComponent(username) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
    },
  };
}

function hostList(hosts: string): Array<{ host: string; port: number }> {
  return hosts.split(",").map((entry) => {
    const at = entry.lastIndexOf(":");
    return { host: entry.slice(0, at).replace(/^\[(.*)\]$/, "$1"), port: Number(entry.slice(at + 1)) };
  });
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
  return {
    sentinels: hostList(hosts),
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
