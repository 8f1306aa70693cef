// The ops server against the real Redis: Prometheus metrics (names, labels, values read at scrape time), the
// health checks in both states, Bull Board's API (queues listed, a dead-letter record visible, a failed job
// retried), the password rule beyond loopback, and a hostile browser's requests (DNS rebinding, cross-site).
import { request as httpRequest } from "node:http";
import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElasticsearch } from "../../lib/elasticsearch.ts";
import { createRedis } from "../../lib/redis.ts";
import { createMetrics, type PipelineMetrics } from "../../ops/metrics.ts";
import {
  isLoopback,
  type OpsServer,
  readinessProbe,
  startOpsServer,
  withoutCredentials,
} from "../../ops/server.ts";
import { openQueues, recordDeadLetter } from "../../queues/queues.ts";
import { FeedState } from "../../workers/poll/feed-state.ts";
import { closedPort, connections, type OpsFixture, openOpsFixture, quietLog } from "./support.ts";

let fixture: OpsFixture;
let metrics: PipelineMetrics;
let server: OpsServer;

beforeAll(async () => {
  fixture = openOpsFixture();
  metrics = createMetrics({ queues: fixture.queues, redis: fixture.redis, loaded: fixture.loaded });
  server = await startOpsServer({
    host: "127.0.0.1",
    port: 0,
    queues: fixture.queues,
    metrics,
    readiness: async () => ({
      redis: { ok: true, url: "redis://127.0.0.1:6379" },
      elasticsearch: { ok: true, url: "http://127.0.0.1:9200" },
    }),
    log: quietLog,
  });
});

afterAll(async () => {
  await server?.close();
  await fixture?.cleanUp();
});

describe("/metrics", () => {
  it("exports job outcomes, latencies, alerts, deliveries, queue depths and feed health", async () => {
    metrics.jobFinished("fetch", "done", 0.2);
    metrics.jobFinished("fetch", "retry", 1.5);
    metrics.jobFinished("clean", "dead", 0.01);
    metrics.alertFired("sco-mentions");
    metrics.deliveryFailed("log");
    await recordDeadLetter(fixture.queues.deadLetter, {
      queue: "fetch",
      jobId: "fetch-abc",
      url: "https://news.example.org/a",
      reason: "HTTP 404",
      attempts: 1,
      failedAt: new Date().toISOString(),
      data: { articleId: "abc" },
    });
    await fixture.queues.stages.fetch.add("fetch", { articleId: "waiting-one" });
    await new FeedState(fixture.redis, fixture.prefix, "wire-rss").recordSuccess(200, {});
    await new FeedState(fixture.redis, fixture.prefix, "wire-rss").markSeen(["a", "b", "c"]);
    await new FeedState(fixture.redis, fixture.prefix, "broken").recordFailure("not a feed");
    await new FeedState(fixture.redis, fixture.prefix, "broken").recordFailure("not a feed");

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain('newsmon_jobs_total{stage="fetch",outcome="done"} 1');
    expect(text).toContain('newsmon_jobs_total{stage="fetch",outcome="retry"} 1');
    expect(text).toContain('newsmon_jobs_total{stage="clean",outcome="dead"} 1');
    expect(text).toContain('newsmon_jobs_total{stage="alert",outcome="done"} 0');
    expect(text).toContain('newsmon_job_duration_seconds_bucket{le="0.25",stage="fetch",outcome="done"} 1');
    expect(text).toContain('newsmon_alerts_fired_total{rule="sco-mentions"} 1');
    expect(text).toContain('newsmon_alert_deliveries_failed_total{channel="log"} 1');
    expect(text).toContain('newsmon_queue_jobs{queue="dead-letter",state="waiting"} 1');
    expect(text).toContain('newsmon_queue_jobs{queue="fetch",state="waiting"} 1');
    expect(text).toContain('newsmon_queue_jobs{queue="poll",state="failed"} 0');
    expect(text).toContain('newsmon_feed_consecutive_failures{feed="broken"} 2');
    expect(text).toContain('newsmon_feed_consecutive_failures{feed="wire-rss"} 0');
    expect(text).toContain('newsmon_feed_items_seen{feed="wire-rss"} 3');
    expect(text).toMatch(/newsmon_feed_last_success_timestamp_seconds\{feed="wire-rss"\} \d{10}/);
    expect(text).not.toContain('newsmon_feed_last_success_timestamp_seconds{feed="broken"}');
    expect(text).toMatch(/newsmon_feed_last_error_timestamp_seconds\{feed="broken"\} \d{10}/);
    expect(text).toContain("newsmon_process_resident_memory_bytes");
    expect(metrics.tally().fetch).toEqual({ done: 1, retry: 1, dead: 0 });
  });
});

describe("/metrics while Redis is down", () => {
  it("leaves the Redis-backed series out of the scrape and counts the failure, without hanging", async () => {
    const port = await closedPort();
    const redis = createRedis(`redis://127.0.0.1:${port}`, quietLog);
    const queues = openQueues(redis, fixture.prefix, fixture.loaded.config.limits);
    for (const queue of [...Object.values(queues.stages), queues.deadLetter]) queue.on("error", () => {});
    const offline = createMetrics({ queues, redis, loaded: fixture.loaded });
    try {
      offline.jobFinished("index", "done", 0.05);
      const text = await offline.registry.metrics();
      expect(text).toContain('newsmon_jobs_total{stage="index",outcome="done"} 1');
      expect(text).not.toMatch(/^newsmon_queue_jobs\{/m);
      expect(text).not.toMatch(/^newsmon_feed_consecutive_failures\{/m);
      expect(text).toContain('newsmon_metrics_collect_failures_total{source="queues"} 1');
      expect(text).toContain('newsmon_metrics_collect_failures_total{source="feeds"} 1');
    } finally {
      redis.disconnect();
      await queues.close().catch(() => {});
    }
  });
});

describe("/healthz and /readyz", () => {
  it("answers /healthz while the process is up", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("answers /readyz 200 when Redis and Elasticsearch answer", async () => {
    const es = createElasticsearch(connections.elasticsearch);
    const probe = readinessProbe({
      redis: fixture.redis,
      redisUrl: connections.redisUrl,
      elasticsearch: es,
      elasticsearchUrl: connections.elasticsearch.url,
    });
    const ready = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      queues: fixture.queues,
      metrics,
      readiness: probe,
      log: quietLog,
    });
    try {
      const response = await fetch(`${ready.url}/readyz`);
      const body = await response.json();
      expect(body).toMatchObject({
        status: "ready",
        down: [],
        redis: { ok: true },
        elasticsearch: { ok: true },
      });
      expect(response.status).toBe(200);
    } finally {
      await ready.close();
      await es.close();
    }
  });

  it("answers /readyz 503 naming each service that is down, its URL and why", async () => {
    const redisPort = await closedPort();
    const esPort = await closedPort();
    const redis = createRedis(`redis://127.0.0.1:${redisPort}`, quietLog);
    const es = createElasticsearch({ url: `http://127.0.0.1:${esPort}` });
    const down = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      queues: fixture.queues,
      metrics,
      readiness: readinessProbe({
        redis,
        redisUrl: `redis://:hunter2@127.0.0.1:${redisPort}`,
        elasticsearch: es,
        elasticsearchUrl: `http://elastic:hunter2@127.0.0.1:${esPort}`,
      }),
      log: quietLog,
    });
    try {
      const response = await fetch(`${down.url}/readyz`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).not.toContain("hunter2");
      const body = JSON.parse(text);
      expect(body.down).toEqual(["redis", "elasticsearch"]);
      expect(body.redis).toMatchObject({ ok: false, url: `redis://127.0.0.1:${redisPort}` });
      expect(body.elasticsearch).toMatchObject({ ok: false, url: `http://127.0.0.1:${esPort}` });
      expect(body.elasticsearch.error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await down.close();
      redis.disconnect();
      await es.close();
    }
  });
});

describe("/queues (Bull Board)", () => {
  it("lists the six stage queues and the dead-letter queue with its records", async () => {
    const page = await fetch(`${server.url}/queues`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>newsmon</title>");

    const response = await fetch(`${server.url}/queues/api/queues?activeQueue=dead-letter&status=waiting`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      queues: Array<{ name: string; jobs: Array<{ id: string; data: { reason?: string } }> }>;
    };
    expect(body.queues.map((queue) => queue.name).sort()).toEqual(
      ["alert", "clean", "dead-letter", "entities", "fetch", "index", "poll"].sort(),
    );
    const deadLetter = body.queues.find((queue) => queue.name === "dead-letter");
    expect(deadLetter?.jobs.map((job) => job.data.reason)).toContain("HTTP 404");
  });

  it("retries a failed job", async () => {
    const queue = fixture.queues.stages.clean;
    const job = await queue.add("clean", { articleId: "doomed" }, { attempts: 1 });
    const worker = new Worker(
      "clean",
      async () => {
        throw new UnrecoverableError("unparseable page");
      },
      { connection: fixture.redis, prefix: fixture.prefix },
    );
    const failed = new Promise<void>((resolve) => worker.on("failed", () => resolve()));
    await failed;
    await worker.close();
    expect(await queue.getJobState(job.id ?? "")).toBe("failed");

    const response = await fetch(`${server.url}/queues/api/queues/clean/${job.id}/retry`, { method: "PUT" });
    expect(response.status).toBe(204);
    expect(await queue.getJobState(job.id ?? "")).toBe("waiting");
  });
});

describe("password beyond loopback", () => {
  const common = () => ({
    port: 0,
    queues: fixture.queues,
    metrics,
    readiness: async () => ({
      redis: { ok: true, url: "redis://127.0.0.1:6379" },
      elasticsearch: { ok: true, url: "http://127.0.0.1:9200" },
    }),
    log: quietLog,
  });

  it("refuses to start on a non-loopback address without a password", async () => {
    await expect(startOpsServer({ host: "0.0.0.0", ...common() })).rejects.toThrow(
      /refusing to serve the ops dashboard on 0\.0\.0\.0:0 without a password: set NEWSMON_OPS_PASSWORD/,
    );
  });

  it("asks for the password on /queues and /metrics, not on the health checks", async () => {
    const guarded = await startOpsServer({ host: "0.0.0.0", password: "s3cret", ...common() });
    const waitingBefore = await fixture.queues.stages.clean.getJobCountByTypes("waiting");
    try {
      const port = new URL(guarded.url).port;
      const base = `http://127.0.0.1:${port}`;
      const denied = await fetch(`${base}/queues`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toContain("Basic");
      expect((await fetch(`${base}/queues/api/queues`)).status).toBe(401);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const wrong = { authorization: `Basic ${Buffer.from("newsmon:guess").toString("base64")}` };
      expect((await fetch(`${base}/queues`, { headers: wrong })).status).toBe(401);
      const right = { authorization: `Basic ${Buffer.from("newsmon:s3cret").toString("base64")}` };
      expect((await fetch(`${base}/queues`, { headers: right })).status).toBe(200);
      expect((await fetch(`${base}/queues/`)).status).toBe(401);
      expect((await fetch(`${base}/queues/`, { headers: right })).status).toBe(200);
      expect((await fetch(`${base}/metrics`, { headers: right })).status).toBe(200);
      // A form posted from another site with the browser's saved credentials is refused.
      const forged = await fetch(`${base}/queues/api/queues/clean/add`, {
        method: "POST",
        headers: { ...right, origin: "https://elsewhere.example", "content-type": "text/plain" },
        body: '{"name":"clean","data":{}}',
      });
      expect(forged.status).toBe(403);
      const fromElsewhere = await fetch(`${base}/queues/api/queues/clean/add`, {
        method: "POST",
        headers: { ...right, "sec-fetch-site": "cross-site", "content-type": "application/json" },
        body: '{"name":"clean","data":{}}',
      });
      expect(fromElsewhere.status).toBe(403);
      expect(await fixture.queues.stages.clean.getJobCountByTypes("waiting")).toBe(waitingBefore);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("treats only loopback addresses as loopback", () => {
    expect(["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "ops.example.org"].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("drops credentials from URLs shown on open endpoints", () => {
    expect(withoutCredentials("redis://:pw@redis:6379")).toBe("redis://redis:6379");
    expect(withoutCredentials("https://elastic:pw@es.example.org:9200/")).toBe("https://es.example.org:9200");
  });
});

/** A request with exactly the headers given, Host included or left out (fetch cannot set Host). */
function rawRequest(
  url: string,
  options: { method?: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers, setHost: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

describe("a web page the operator visits (DNS rebinding, cross-site requests)", () => {
  const addJob = '{"name":"clean","data":{"articleId":"forged"}}';

  it("refuses every path when the Host header names another site, before any route", async () => {
    const port = new URL(server.url).port;
    const waitingBefore = await fixture.queues.stages.clean.getJobCountByTypes("waiting");
    // attacker.example rebinds to 127.0.0.1: the browser still sends its own name as the Host.
    for (const path of ["/queues/api/queues", "/metrics", "/healthz", "/", "/queues"]) {
      const answer = await rawRequest(`${server.url}${path}`, {
        headers: { host: `attacker.example:${port}` },
      });
      expect(answer.status).toBe(421);
      expect(answer.body).toContain("ops.allowedHosts");
    }
    const forged = await rawRequest(`${server.url}/queues/api/queues/clean/add`, {
      method: "POST",
      headers: { host: `attacker.example:${port}`, "content-type": "text/plain" },
      body: addJob,
    });
    expect(forged.status).toBe(421);
    expect(await fixture.queues.stages.clean.getJobCountByTypes("waiting")).toBe(waitingBefore);
  });

  it("refuses a missing or empty Host and one with credentials, a path or a look-alike name", async () => {
    const port = Number(new URL(server.url).port);
    for (const host of [
      "",
      `x@127.0.0.1:${port}`,
      `127.0.0.1:${port}/x`,
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
    ]) {
      const answer = await rawRequest(`${server.url}/healthz`, { headers: { host } });
      expect([host, answer.status]).toEqual([host, 421]);
    }
    // HTTP/1.1 without a Host header: Node's server answers 400 before any handler.
    expect((await rawRequest(`${server.url}/healthz`, { headers: {} })).status).toBe(400);
  });

  it("serves the names of this server: bind address, localhost, loopback, and the names listed", async () => {
    const port = new URL(server.url).port;
    // Any port: a port mapping or an SSH tunnel (ssh -L 9000:127.0.0.1:8090) changes the one the client names.
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      "localhost:9000",
      "127.0.0.1",
    ]) {
      const answer = await rawRequest(`${server.url}/healthz`, { headers: { host } });
      expect([host, answer.status]).toEqual([host, 200]);
    }
    const proxied = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      allowedHosts: ["ops.example.org", "metrics.example.org:9100"],
      queues: fixture.queues,
      metrics,
      readiness: async () => ({
        redis: { ok: true, url: "redis://127.0.0.1:6379" },
        elasticsearch: { ok: true, url: "http://127.0.0.1:9200" },
      }),
      log: quietLog,
    });
    try {
      const status = async (host: string) =>
        (await rawRequest(`${proxied.url}/healthz`, { headers: { host } })).status;
      expect(await status("ops.example.org")).toBe(200);
      expect(await status("ops.example.org:443")).toBe(200);
      expect(await status("metrics.example.org:9100")).toBe(200);
      expect(await status("metrics.example.org:9101")).toBe(421);
      expect(await status("evil.ops.example.org")).toBe(421);
    } finally {
      await proxied.close();
    }
  });

  it("refuses a change requested by another site's page, on any path, even on loopback without a password", async () => {
    const host = new URL(server.url).host;
    const waitingBefore = await fixture.queues.stages.clean.getJobCountByTypes("waiting");
    const fromOtherPages: Record<string, string>[] = [
      { origin: "http://localhost:3000" }, // same site, another origin
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site", origin: "https://attacker.example" },
      { origin: "null" }, // a sandboxed frame or a data: URL
    ];
    for (const headers of fromOtherPages) {
      const answer = await rawRequest(`${server.url}/queues/api/queues/clean/add`, {
        method: "POST",
        headers: { host, "content-type": "text/plain", ...headers },
        body: addJob,
      });
      expect(answer.status).toBe(403);
      const elsewhere = await rawRequest(`${server.url}/metrics`, {
        method: "POST",
        headers: { host, ...headers },
      });
      expect(elsewhere.status).toBe(403);
    }
    expect(await fixture.queues.stages.clean.getJobCountByTypes("waiting")).toBe(waitingBefore);
  });
});
