// Where Redis and Elasticsearch are: from the environment only, never from the config file, so credentials
// stay out of version control and one config serves every machine. Besides single servers: Redis behind
// Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME), a Redis Cluster (REDIS_CLUSTER_NODES), several
// Elasticsearch nodes (a comma-separated ELASTICSEARCH_URL) or an Elastic Cloud deployment
// (ELASTICSEARCH_CLOUD_ID).
import { Duration } from "./schema.ts";

export interface Connections {
  /**
   * What lib/redis.ts connects to: a `redis://` or `rediss://` URL; for Sentinel
   * `redis-sentinel://[user:password@]host:port,host:port/<primary name>[?sentinelPassword=…]`; for a Cluster
   * `redis-cluster://[user:password@]host:port,host:port`.
   */
  redisUrl: string;
  elasticsearch: ElasticsearchConnection;
  /** How long start-up waits for Redis and Elasticsearch before giving up (`NEWSMON_STARTUP_WAIT`). */
  startupWaitMs: number;
}

export interface ElasticsearchConnection {
  /** For messages: the node URL(s) without credentials, or the Cloud deployment. */
  url: string;
  /** Node URLs; the client spreads requests over them and skips dead ones. Default: `url`; none with a Cloud ID. */
  nodes?: string[];
  cloudId?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCertPath?: string;
}

export class ConnectionSettingsError extends Error {
  override name = "ConnectionSettingsError";
}

export function connectionsFromEnv(env: NodeJS.ProcessEnv = process.env): Connections {
  return {
    redisUrl: redisUrlFromEnv(env),
    elasticsearch: elasticsearchFromEnv(env),
    startupWaitMs: startupWaitFromEnv(env),
  };
}

function redisUrlFromEnv(env: NodeJS.ProcessEnv): string {
  const chosen = ["REDIS_URL", "REDIS_SENTINELS", "REDIS_CLUSTER_NODES"].filter((name) => env[name]);
  if (chosen.length > 1)
    throw new ConnectionSettingsError(
      `set one of REDIS_URL (one Redis), REDIS_SENTINELS (Redis behind Sentinel) or REDIS_CLUSTER_NODES (a Redis Cluster), not ${chosen.join(" and ")}`,
    );
  if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS)
    throw new ConnectionSettingsError("REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not");
  const credentials = env.REDIS_PASSWORD
    ? `${encodeURIComponent(env.REDIS_USERNAME ?? "")}:${encodeURIComponent(env.REDIS_PASSWORD)}@`
    : "";
  if (env.REDIS_CLUSTER_NODES) {
    const nodes = hostPorts("REDIS_CLUSTER_NODES", env.REDIS_CLUSTER_NODES);
    return `redis-cluster://${credentials}${nodes.join(",")}`;
  }
  if (!env.REDIS_SENTINELS) return env.REDIS_URL || "redis://127.0.0.1:6379";
  const name = env.REDIS_SENTINEL_NAME;
  if (!name)
    throw new ConnectionSettingsError(
      "REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the name of the primary the sentinels watch",
    );
  const sentinels = hostPorts("REDIS_SENTINELS", env.REDIS_SENTINELS);
  const sentinelPassword = env.REDIS_SENTINEL_PASSWORD
    ? `?sentinelPassword=${encodeURIComponent(env.REDIS_SENTINEL_PASSWORD)}`
    : "";
  return `redis-sentinel://${credentials}${sentinels.join(",")}/${encodeURIComponent(name)}${sentinelPassword}`;
}

/** `host:port[,host:port…]` (an IPv6 address in brackets), checked. */
function hostPorts(variable: string, value: string): string[] {
  const entries = value.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    if (!/^[^\s:/@[\]]+:\d{1,5}$|^\[[0-9a-f:.]+\]:\d{1,5}$/i.test(entry))
      throw new ConnectionSettingsError(`${variable}: expected host:port[,host:port…], got "${entry}"`);
  }
  return entries;
}

function elasticsearchFromEnv(env: NodeJS.ProcessEnv): ElasticsearchConnection {
  const credentials = {
    ...(env.ELASTICSEARCH_API_KEY ? { apiKey: env.ELASTICSEARCH_API_KEY } : {}),
    ...(env.ELASTICSEARCH_USERNAME ? { username: env.ELASTICSEARCH_USERNAME } : {}),
    ...(env.ELASTICSEARCH_PASSWORD ? { password: env.ELASTICSEARCH_PASSWORD } : {}),
    ...(env.ELASTICSEARCH_CA_CERT ? { caCertPath: env.ELASTICSEARCH_CA_CERT } : {}),
  };
  if (env.ELASTICSEARCH_CLOUD_ID) {
    if (env.ELASTICSEARCH_URL)
      throw new ConnectionSettingsError("set ELASTICSEARCH_URL or ELASTICSEARCH_CLOUD_ID, not both");
    const deployment = env.ELASTICSEARCH_CLOUD_ID.split(":")[0] || "(unnamed)";
    return {
      url: `Elastic Cloud deployment ${deployment}`,
      nodes: [],
      cloudId: env.ELASTICSEARCH_CLOUD_ID,
      ...credentials,
    };
  }
  const nodes = (env.ELASTICSEARCH_URL || "http://127.0.0.1:9200")
    .split(",")
    .map((node) => node.trim())
    .filter((node) => node !== "");
  for (const node of nodes) {
    if (!URL.canParse(node) || !/^https?:$/.test(new URL(node).protocol))
      throw new ConnectionSettingsError(
        `ELASTICSEARCH_URL: expected http(s) URLs separated by commas, got "${withoutCredentials(node)}"`,
      );
  }
  return { url: nodes.map(withoutCredentials).join(","), nodes, ...credentials };
}

function startupWaitFromEnv(env: NodeJS.ProcessEnv): number {
  if (!env.NEWSMON_STARTUP_WAIT) return 120_000;
  const parsed = Duration.safeParse(
    /^\d+(\.\d+)?$/.test(env.NEWSMON_STARTUP_WAIT)
      ? Number(env.NEWSMON_STARTUP_WAIT)
      : env.NEWSMON_STARTUP_WAIT,
  );
  if (!parsed.success)
    throw new ConnectionSettingsError(
      `NEWSMON_STARTUP_WAIT: expected a duration such as "30s" or "2m", got "${env.NEWSMON_STARTUP_WAIT}"`,
    );
  return parsed.data;
}

/** A URL as messages show it, e.g. redis://:secret@host:6379/ -> redis://host:6379: no user or passwords. */
export function withoutCredentials(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1")
    .replace(/\?sentinelPassword=.*$/, "")
    .replace(/\/$/, "");
}
