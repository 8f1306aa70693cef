// Where newsmon finds Redis and Elasticsearch: one server, Redis behind Sentinel, a Redis Cluster, several
// Elasticsearch nodes or an Elastic Cloud ID, each read from the environment; a real Redis Sentinel (Debian's
// redis-server in sentinel mode, on loopback, watching the test Redis) leading newsmon to its primary; and
// `newsmon run --once` ingesting the fixture site through a real three-node Redis Cluster on loopback.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { connectionsFromEnv, withoutCredentials } from "../config/connections.ts";
import { NewsmonConfig } from "../config/schema.ts";
import { createElasticsearch } from "../lib/elasticsearch.ts";
import { indexNames } from "../lib/index-names.ts";
import { clusterOptions, createRedis, pingRedis, sentinelOptions } from "../lib/redis.ts";
import { expectedArticles } from "./fixture-site/expected.ts";
import { startFixtureSite } from "./fixture-site/server.ts";
import { connections, freePort, repoRoot, testLog, writeTestConfig } from "./support/harness.ts";

describe("Redis from the environment", () => {
  it("is one server by default or at REDIS_URL", () => {
    expect(connectionsFromEnv({}).redisUrl).toBe("redis://127.0.0.1:6379");
    expect(connectionsFromEnv({ REDIS_URL: "rediss://:pw@redis.example.org:6380/2" }).redisUrl).toBe(
      "rediss://:pw@redis.example.org:6380/2",
    );
    expect(sentinelOptions("redis://127.0.0.1:6379")).toBeUndefined();
  });

  it("is the primary that REDIS_SENTINELS name under REDIS_SENTINEL_NAME, with credentials", () => {
    const { redisUrl } = connectionsFromEnv({
      REDIS_SENTINELS: "10.0.0.1:26379, sentinel-2.example.org:26380,[fd00::3]:26379",
      REDIS_SENTINEL_NAME: "newsmon-primary",
      REDIS_USERNAME: "newsmon",
      REDIS_PASSWORD: "p@ss:word",
      REDIS_SENTINEL_PASSWORD: "s3ntinel",
    });
    expect(withoutCredentials(redisUrl)).toBe(
      "redis-sentinel://10.0.0.1:26379,sentinel-2.example.org:26380,[fd00::3]:26379/newsmon-primary",
    );
    expect(sentinelOptions(redisUrl)).toEqual({
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "sentinel-2.example.org", port: 26380 },
        { host: "fd00::3", port: 26379 },
      ],
      name: "newsmon-primary",
      username: "newsmon",
      password: "p@ss:word",
      sentinelPassword: "s3ntinel",
    });
    expect(sentinelOptions("redis-sentinel://127.0.0.1:26379/mymaster/3")).toEqual({
      sentinels: [{ host: "127.0.0.1", port: 26379 }],
      name: "mymaster",
      db: 3,
    });
  });

  it("is a Redis Cluster reached through the nodes of REDIS_CLUSTER_NODES", () => {
    const { redisUrl } = connectionsFromEnv({
      REDIS_CLUSTER_NODES: "10.0.0.1:7000,10.0.0.2:7000, 10.0.0.3:7001",
      REDIS_PASSWORD: "secret",
    });
    expect(withoutCredentials(redisUrl)).toBe("redis-cluster://10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7001");
    expect(clusterOptions(redisUrl)).toEqual({
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 7000 },
        { host: "10.0.0.3", port: 7001 },
      ],
      credentials: { password: "secret" },
    });
    expect(clusterOptions("redis://127.0.0.1:6379")).toBeUndefined();
    expect(() => connectionsFromEnv({ REDIS_CLUSTER_NODES: "10.0.0.1" })).toThrow(
      'REDIS_CLUSTER_NODES: expected host:port[,host:port…], got "10.0.0.1"',
    );
    expect(() =>
      connectionsFromEnv({ REDIS_CLUSTER_NODES: "10.0.0.1:7000", REDIS_URL: "redis://127.0.0.1:6379" }),
    ).toThrow("not REDIS_URL and REDIS_CLUSTER_NODES");
  });

  it("refuses Sentinel settings that are incomplete, malformed or mixed with REDIS_URL", () => {
    expect(() => connectionsFromEnv({ REDIS_SENTINELS: "127.0.0.1:26379" })).toThrow(
      "REDIS_SENTINELS needs REDIS_SENTINEL_NAME",
    );
    expect(() => connectionsFromEnv({ REDIS_SENTINEL_NAME: "primary" })).toThrow(
      "REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not",
    );
    expect(() =>
      connectionsFromEnv({ REDIS_SENTINELS: "127.0.0.1", REDIS_SENTINEL_NAME: "primary" }),
    ).toThrow('REDIS_SENTINELS: expected host:port[,host:port…], got "127.0.0.1"');
    expect(() =>
      connectionsFromEnv({
        REDIS_URL: "redis://127.0.0.1:6379",
        REDIS_SENTINELS: "127.0.0.1:26379",
        REDIS_SENTINEL_NAME: "primary",
      }),
    ).toThrow("not REDIS_URL and REDIS_SENTINELS");
  });

  it("takes a hash-tag key prefix, which BullMQ needs on Redis Cluster", () => {
    const parse = (redisPrefix: string) => NewsmonConfig.safeParse({ namespace: { redisPrefix } });
    expect(parse("{newsmon}").success).toBe(true);
    expect(parse("newsmon-eu").success).toBe(true);
    for (const wrong of ["{newsmon", "news{mon}", "{}", "News:mon"])
      expect(parse(wrong).success, wrong).toBe(false);
  });
});

describe("Elasticsearch from the environment", () => {
  it("is one node by default, or the comma-separated nodes of ELASTICSEARCH_URL", () => {
    expect(connectionsFromEnv({}).elasticsearch).toEqual({
      url: "http://127.0.0.1:9200",
      nodes: ["http://127.0.0.1:9200"],
    });
    const several = connectionsFromEnv({
      ELASTICSEARCH_URL:
        "https://es1.example.org:9200, https://es2.example.org:9200,https://es3.example.org:9200",
      ELASTICSEARCH_API_KEY: "a2V5OnNlY3JldA==",
    }).elasticsearch;
    expect(several).toEqual({
      url: "https://es1.example.org:9200,https://es2.example.org:9200,https://es3.example.org:9200",
      nodes: ["https://es1.example.org:9200", "https://es2.example.org:9200", "https://es3.example.org:9200"],
      apiKey: "a2V5OnNlY3JldA==",
    });
    const client = createElasticsearch(several);
    expect(client.connectionPool.connections.map((connection) => connection.url.host)).toEqual([
      "es1.example.org:9200",
      "es2.example.org:9200",
      "es3.example.org:9200",
    ]);
    void client.close();
  });

  it("is an Elastic Cloud deployment with ELASTICSEARCH_CLOUD_ID", () => {
    // A Cloud ID is `<name>:<base64 of "<domain>$<es id>$<kibana id>">`.
    const cloudId = `newsmon-prod:${Buffer.from("eu-west-1.aws.found.io$abc123$def456").toString("base64")}`;
    const settings = connectionsFromEnv({
      ELASTICSEARCH_CLOUD_ID: cloudId,
      ELASTICSEARCH_API_KEY: "a2V5OnNlY3JldA==",
    }).elasticsearch;
    expect(settings).toEqual({
      url: "Elastic Cloud deployment newsmon-prod",
      nodes: [],
      cloudId,
      apiKey: "a2V5OnNlY3JldA==",
    });
    const client = createElasticsearch(settings);
    expect(client.connectionPool.connections.map((connection) => connection.url.href)).toEqual([
      "https://abc123.eu-west-1.aws.found.io/",
    ]);
    void client.close();
  });

  it("refuses URLs that are not http(s), and a Cloud ID together with a URL", () => {
    expect(() => connectionsFromEnv({ ELASTICSEARCH_URL: "http://es1:9200,es2:9200" })).toThrow(
      'ELASTICSEARCH_URL: expected http(s) URLs separated by commas, got "es2:9200"',
    );
    expect(() =>
      connectionsFromEnv({ ELASTICSEARCH_URL: "http://es1:9200", ELASTICSEARCH_CLOUD_ID: "x:eHl6" }),
    ).toThrow("not both");
  });
});

describe("NEWSMON_STARTUP_WAIT", () => {
  it("is two minutes by default, else a duration or seconds", () => {
    expect(connectionsFromEnv({}).startupWaitMs).toBe(120_000);
    expect(connectionsFromEnv({ NEWSMON_STARTUP_WAIT: "30s" }).startupWaitMs).toBe(30_000);
    expect(connectionsFromEnv({ NEWSMON_STARTUP_WAIT: "5" }).startupWaitMs).toBe(5_000);
    expect(() => connectionsFromEnv({ NEWSMON_STARTUP_WAIT: "0s" })).toThrow("NEWSMON_STARTUP_WAIT");
  });
});

const redisServer = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!redisServer)("a real Redis Sentinel", () => {
  it("leads newsmon to the primary it watches", async () => {
    const primary = new URL(connections.redisUrl);
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), "newsmon-sentinel-"));
    // Sentinel rewrites its config file, so it gets one of its own.
    writeFileSync(
      path.join(dir, "sentinel.conf"),
      `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor newsmon-test ${primary.hostname} ${primary.port || 6379} 1\n`,
    );
    const sentinel: ChildProcess = spawn("redis-server", [path.join(dir, "sentinel.conf"), "--sentinel"], {
      stdio: "ignore",
    });
    const { redisUrl } = connectionsFromEnv({
      REDIS_SENTINELS: `127.0.0.1:${port}`,
      REDIS_SENTINEL_NAME: "newsmon-test",
    });
    const redis = createRedis(redisUrl, testLog);
    try {
      await pingRedis(redis, redisUrl, 10_000);
      const key = `sentinel-test-${process.pid}`;
      await redis.set(key, "through the sentinel", "EX", 60);
      const direct = createRedis(connections.redisUrl, testLog);
      expect(await direct.get(key)).toBe("through the sentinel");
      await direct.del(key);
      direct.disconnect();
    } finally {
      redis.disconnect();
      sentinel.kill("SIGTERM");
    }
  }, 30_000);
});

describe.skipIf(!redisServer)("a real Redis Cluster", () => {
  it("carries the whole pipeline with a hash-tag prefix: `newsmon run --once` ingests the fixture site", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "newsmon-cluster-"));
    const ports = [await clusterPort(), await clusterPort(), await clusterPort()];
    const nodes: ChildProcess[] = ports.map((port) => {
      mkdirSync(path.join(dir, String(port)));
      return spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--save",
          "",
          "--appendonly",
          "no",
        ],
        { cwd: path.join(dir, String(port)), stdio: "ignore" },
      );
    });
    const site = await startFixtureSite();
    const test = writeTestConfig({
      feeds: [{ id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1h" }],
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    // BullMQ on a Cluster needs every key of a queue in one slot: a hash-tag prefix.
    const config = parse(readFileSync(test.configPath, "utf8"));
    config.namespace.redisPrefix = `{${test.namespace}}`;
    writeFileSync(test.configPath, stringify(config));
    const es = createElasticsearch(connections.elasticsearch);
    try {
      const hosts = ports.map((port) => `127.0.0.1:${port}`);
      for (let attempt = 0; ; attempt += 1) {
        const created = spawnSync(
          "redis-cli",
          ["--cluster", "create", ...hosts, "--cluster-replicas", "0", "--cluster-yes"],
          {
            encoding: "utf8",
          },
        );
        if (created.status === 0) break;
        if (attempt === 20) throw new Error(`no cluster: ${created.stdout} ${created.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // Asynchronously: the fixture site answers from this process.
      const child = spawn(
        process.execPath,
        [path.join(repoRoot, "cli", "newsmon.js"), "--config", test.configPath, "run", "--once"],
        {
          env: {
            ...process.env,
            REDIS_URL: "",
            REDIS_CLUSTER_NODES: hosts.join(","),
            NEWSMON_LOG_FORMAT: "json",
          },
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let stderr = "";
      child.stderr?.on("data", (chunk) => {
        stderr += chunk;
      });
      const run = { status: await new Promise((resolve) => child.on("exit", resolve)), stderr };
      expect(run.status, run.stderr).toBe(0);
      const names = indexNames(test.loaded.config.namespace.indexPrefix);
      await es.indices.refresh({ index: names.articles });
      const indexed = await es.count({ index: names.articles });
      expect(indexed.count).toBe(expectedArticles.filter((article) => article.feed === "/rss.xml").length);
      // The queues lived on the cluster, under the hash tag: all on the one node that holds its slot.
      const keysPerNode = ports.map(
        (port) =>
          spawnSync("redis-cli", ["-p", String(port), "--scan", "--pattern", `{${test.namespace}}:*`], {
            encoding: "utf8",
          })
            .stdout.split("\n")
            .filter(Boolean).length,
      );
      expect(keysPerNode.filter((count) => count > 0)).toHaveLength(1);
    } finally {
      for (const node of nodes) node.kill("SIGTERM");
      await es.close();
      await site.close();
      await test.cleanUp();
    }
  }, 180_000);
});

/** A free port whose cluster bus port (the port + 10000) is free as well. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await canListen(port)) && (await canListen(port + 10_000))) return port;
  }
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (listening) await new Promise((resolve) => server.close(resolve));
  return listening;
}
