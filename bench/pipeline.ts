// End-to-end benchmark of newsmon as a user runs it: the load site (load-site.ts) serves N articles on K loopback
// hosts, `node cli/newsmon.js run` (the real CLI, a child process) ingests them into the real Redis and
// Elasticsearch with 1 s polls and posts alerts to a local webhook; then, in the same run, `extract --jsonl` and
// `entities --jsonl` process the same pages, which gives the extraction-only rate the end-to-end rate is compared
// with. A latency mode publishes 20 articles/s and measures publication → webhook arrival. Prints markdown tables.
// Usage: node bench/pipeline.ts [--articles 2000,8000] [--hosts 20] [--latency-seconds 30] [--seed 1]
//                               [--corpus ner-dev.tar.gz]   (the CoNLL-2003 text the stories are drawn from)
//                               [--newsmon-root <checkout>]   (another checkout's newsmon, e.g. a "before" worktree)
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { type LoadSite, type SiteArticle, startLoadSite, type WatchedName } from "./load-site.ts";

const { values: flags } = parseArgs({
  options: {
    articles: { type: "string", default: "2000,8000" },
    hosts: { type: "string", default: "20" },
    "latency-seconds": { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
    corpus: { type: "string", default: "/work/shared/corpora/ner-dev.tar.gz" },
    "newsmon-root": { type: "string", default: path.resolve(import.meta.dirname, "..") },
  },
});
const articleCounts = flags.articles
  .split(",")
  .filter(Boolean)
  .map((value) => Number(value));
const hostCount = Number(flags.hosts);
const latencySeconds = Number(flags["latency-seconds"]);
const seed = Number(flags.seed);
const newsmonRoot = path.resolve(flags["newsmon-root"]);
const benchRoot = path.resolve(import.meta.dirname, "..");
if (articleCounts.some((n) => !Number.isInteger(n) || n <= 0) || !(hostCount >= 1 && hostCount <= 250)) {
  throw new Error("--articles takes positive whole numbers (500,2000); --hosts 1 to 250");
}

const elasticsearchUrl = (process.env.ELASTICSEARCH_URL ?? "http://127.0.0.1:9200").replace(/\/$/, "");
/** The credentials newsmon itself reads (config/connections.ts), for a cluster that asks for them. */
const elasticsearchAuth: Record<string, string> = process.env.ELASTICSEARCH_API_KEY
  ? { authorization: `ApiKey ${process.env.ELASTICSEARCH_API_KEY}` }
  : process.env.ELASTICSEARCH_USERNAME
    ? {
        authorization: `Basic ${Buffer.from(`${process.env.ELASTICSEARCH_USERNAME}:${process.env.ELASTICSEARCH_PASSWORD ?? ""}`).toString("base64")}`,
      }
    : {};
const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) =>
  process.stderr.write(`[bench:pipeline ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

// Every child is killed when the bench ends, however it ends.
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

// ---------------------------------------------------------------- the watchlist's rules: what must fire

interface WatchlistFile {
  entities: Array<{ id: string; name: string; acronyms?: string[]; context?: string[] }>;
  rules: Array<Record<string, unknown> & { id: string; entity?: string }>;
}

/** Rules that fire on every mention of their entity; rules with other conditions are not modelled (listed). */
function watchedNames(watchlistPath: string): { watched: WatchedName[]; notModelled: string[] } {
  const file = parseYaml(readFileSync(watchlistPath, "utf8")) as WatchlistFile;
  const plain = file.rules.filter(
    (rule) =>
      rule.entity !== undefined &&
      Object.keys(rule).every((key) => ["id", "name", "entity", "channels"].includes(key)),
  );
  const latin = (word: string) => /^[\p{Script=Latin}\d\s'’-]+$/u.test(word);
  const watched = [...new Set(plain.map((rule) => rule.entity as string))].map((id) => {
    const entity = file.entities.find((candidate) => candidate.id === id);
    if (!entity) throw new Error(`${watchlistPath}: rule entity ${id} is not in the watchlist`);
    return {
      entity: id,
      name: entity.name,
      acronym: (entity.acronyms ?? []).find((acronym) => /^[A-Z]+$/.test(acronym)) ?? null,
      context: (entity.context ?? []).filter(latin),
      rules: plain.filter((rule) => rule.entity === id).map((rule) => rule.id),
    };
  });
  return { watched, notModelled: file.rules.filter((rule) => !plain.includes(rule)).map((rule) => rule.id) };
}

// ---------------------------------------------------------------- services

async function es<T>(method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${elasticsearchUrl}${url}`, {
    method,
    headers: { ...elasticsearchAuth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as T };
}

async function esCount(index: string): Promise<number> {
  const { status, json } = await es<{ count?: number }>("GET", `/${index}/_count`);
  return status === 200 ? (json.count ?? 0) : 0;
}

async function esCpuMillis(): Promise<number> {
  const { json } = await es<{ nodes: Record<string, { process: { cpu: { total_in_millis: number } } }> }>(
    "GET",
    "/_nodes/stats/process",
  );
  return Object.values(json.nodes).reduce((sum, node) => sum + node.process.cpu.total_in_millis, 0);
}

/** Every document of an index, by scroll. */
async function esAll<T>(index: string, fields: string[]): Promise<T[]> {
  const out: T[] = [];
  let page = await es<{ _scroll_id?: string; hits?: { hits: Array<{ _source: T }> } }>(
    "POST",
    `/${index}/_search?scroll=1m`,
    { size: 1000, _source: fields, query: { match_all: {} } },
  );
  while ((page.json.hits?.hits.length ?? 0) > 0) {
    out.push(...(page.json.hits?.hits ?? []).map((hit) => hit._source));
    page = await es("POST", "/_search/scroll", { scroll: "1m", scroll_id: page.json._scroll_id });
  }
  if (page.json._scroll_id) await es("DELETE", "/_search/scroll", { scroll_id: page.json._scroll_id });
  return out;
}

/** Milliseconds Elasticsearch spent in the run's indices (its own, unlike the node's CPU, which other users share). */
async function esIndexTimes(indexPrefix: string): Promise<Record<string, number>> {
  type Totals = {
    indexing?: { index_time_in_millis: number };
    search?: { query_time_in_millis: number; fetch_time_in_millis: number };
    get?: { time_in_millis: number };
    refresh?: { total_time_in_millis: number };
    merges?: { total_time_in_millis: number };
  };
  const { json } = await es<{ _all?: { total?: Totals } }>(
    "GET",
    `/${indexPrefix}*/_stats/indexing,search,get,refresh,merge`,
  );
  const total = json._all?.total ?? {};
  return {
    indexing: total.indexing?.index_time_in_millis ?? 0,
    search: (total.search?.query_time_in_millis ?? 0) + (total.search?.fetch_time_in_millis ?? 0),
    get: total.get?.time_in_millis ?? 0,
    refresh: total.refresh?.total_time_in_millis ?? 0,
    merge: total.merges?.total_time_in_millis ?? 0,
  };
}

function infoFields(info: string): Map<string, string> {
  return new Map(
    info
      .split("\r\n")
      .filter((line) => line.includes(":") && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
  );
}

interface RedisSnapshot {
  commands: number;
  /** used_cpu_user + used_cpu_sys, seconds: the run's own Redis, so all of it is newsmon's (and the bench's reads). */
  cpuSeconds: number;
  perCommand: Map<string, number>;
}

async function redisSnapshot(redis: Redis): Promise<RedisSnapshot> {
  const stats = infoFields(await redis.info("stats"));
  const perCommand = new Map<string, number>();
  for (const [key, value] of infoFields(await redis.info("commandstats"))) {
    const calls = /calls=(\d+)/.exec(value)?.[1];
    if (calls) perCommand.set(key.replace(/^cmdstat_/, ""), Number(calls));
  }
  const cpu = infoFields(await redis.info("cpu"));
  return {
    commands: Number(stats.get("total_commands_processed") ?? 0),
    cpuSeconds: Number(cpu.get("used_cpu_user") ?? 0) + Number(cpu.get("used_cpu_sys") ?? 0),
    perCommand,
  };
}

/** used_memory, and what of it is the Lua scripts BullMQ and newsmon load (a fixed cost, not per article). */
async function redisUsedMemory(redis: Redis): Promise<{ total: number; scripts: number }> {
  const memory = infoFields(await redis.info("memory"));
  const field = (name: string) => Number(memory.get(name) ?? 0);
  return {
    total: field("used_memory"),
    scripts: field("used_memory_scripts") + field("used_memory_vm_eval"),
  };
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

async function memoryOf(redis: Redis, keys: string[]): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < keys.length; i += 500) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(i, i + 500)) pipeline.call("MEMORY", "USAGE", key, "SAMPLES", "0");
    for (const [, value] of (await pipeline.exec()) ?? []) bytes += Number(value ?? 0);
  }
  return bytes;
}

/** Leaves the shared cluster as it was: the run's indices and index templates go (its Redis goes with the run). */
async function removeIndices(indexPrefix: string): Promise<void> {
  const { json: indices } = await es<Array<{ index: string }>>(
    "GET",
    `/_cat/indices/${indexPrefix}*?format=json&h=index`,
  );
  if (Array.isArray(indices) && indices.length > 0) {
    await es("DELETE", `/${indices.map((entry) => entry.index).join(",")}`);
  }
  const { json: templates } = await es<{ index_templates?: Array<{ name: string }> }>(
    "GET",
    `/_index_template/${indexPrefix}*`,
  );
  for (const template of templates.index_templates ?? [])
    await es("DELETE", `/_index_template/${template.name}`);
}

// ---------------------------------------------------------------- newsmon as a child process

/**
 * A Redis of the run's own (the shared one serves other engineers' tests, whose commands would count as
 * newsmon's): redis-server on a free port, append-only like the local one, its files in the run's directory.
 */
async function startPrivateRedis(
  dir: string,
  logFile: string,
): Promise<{ url: string; client: Redis; stop(): Promise<void> }> {
  const port = await freePort();
  const server = spawn(
    "redis-server",
    // The settings infra/services.sh gives the local Redis.
    [
      ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
      ...["--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction"],
    ],
    {
      stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
    },
  );
  children.add(server);
  server.once("exit", () => children.delete(server));
  const readyBy = Date.now() + 10_000;
  while (!readFileSync(logFile, "utf8").includes(`Ready to accept connections`)) {
    if (Date.now() > readyBy || server.exitCode !== null)
      throw new Error(`redis-server did not start; see ${logFile}`);
    await sleep(50);
  }
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 3 });
  return {
    url,
    client,
    async stop() {
      client.disconnect();
      await stop(server, 5_000);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU seconds of a live process (and its waited-for children), from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
  return ticks / clockTicks;
}

function newsmon(
  args: string[],
  redisUrl: string | null,
  logFile: string,
  stdin: "ignore" | "pipe" = "ignore",
): ChildProcess {
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [path.join(newsmonRoot, "cli", "newsmon.js"), ...args], {
    cwd: newsmonRoot,
    env: { ...process.env, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), NEWSMON_LOG_FORMAT: "json" },
    stdio: [stdin, args.includes("--jsonl") ? "pipe" : out, out],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const exited = once(child, "exit");
  if ((await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)])) === false) {
    child.kill("SIGKILL");
    await exited;
  }
}

interface Metric {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(port: number): Promise<Metric[]> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const metrics: Metric[] = [];
  for (const line of (await response.text()).split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? ([^ ]+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    metrics.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return metrics;
}

/** Jobs still to do outside the poll queue (whose schedules always hold a delayed job), per the ops metrics. */
function jobsInFlight(metrics: Metric[]): number {
  return metrics
    .filter(
      (metric) =>
        metric.name === "newsmon_queue_jobs" &&
        !["poll", "dead-letter"].includes(metric.labels.queue ?? "") &&
        ["waiting", "active", "delayed"].includes(metric.labels.state ?? ""),
    )
    .reduce((sum, metric) => sum + metric.value, 0);
}

// ---------------------------------------------------------------- the webhook receiver

interface Delivery {
  at: number;
  body: { alertId?: string; article?: { url?: string } };
  idempotencyKey: string | undefined;
}

async function startReceiver() {
  const received: Delivery[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const at = Date.now();
      try {
        received.push({
          at,
          body: JSON.parse(body) as Delivery["body"],
          idempotencyKey: request.headers["idempotency-key"] as string | undefined,
        });
      } catch {
        received.push({ at, body: {}, idempotencyKey: undefined });
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hostPort: `127.0.0.1:${port}`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// ---------------------------------------------------------------- one run of newsmon over the site

interface RunSetup {
  site: LoadSite;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  dir: string;
  configPath: string;
  opsPort: number;
  redisPrefix: string;
  indexPrefix: string;
  redis: Awaited<ReturnType<typeof startPrivateRedis>>;
}

async function setUpRun(label: string, site: LoadSite): Promise<RunSetup> {
  const receiver = await startReceiver();
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-pipeline-${label}-`));
  const runId = `${Date.now().toString(36)}-${label}`;
  const redisPrefix = `bench-pipeline-${runId}`;
  const indexPrefix = `bench-pipeline-${runId}-`;
  const opsPort = await freePort();
  const redis = await startPrivateRedis(dir, path.join(dir, "redis.log"));
  const config = {
    feeds: site.hosts.map((host) => ({
      id: `host-${host.index + 1}`,
      name: host.name,
      url: host.feedUrl,
      pollInterval: "1s",
    })),
    watchlist: path.join(newsmonRoot, "config", "watchlist.yaml"),
    alerts: { channels: [{ name: "bench-hook", type: "webhook", url: receiver.url }] },
    fetch: { allowPrivateHosts: [...site.hosts.map((host) => host.hostPort), receiver.hostPort] },
    ops: { enabled: true, host: "127.0.0.1", port: opsPort },
    namespace: { redisPrefix, indexPrefix },
  };
  const configPath = path.join(dir, "newsmon.yaml");
  writeFileSync(configPath, toYaml(config));
  return { site, receiver, dir, configPath, opsPort, redisPrefix, indexPrefix, redis };
}

async function tearDownRun(run: RunSetup): Promise<void> {
  await removeIndices(run.indexPrefix).catch((error: Error) => log(`cleanup: ${error.message}`));
  await run.redis.stop();
  await run.receiver.close();
  await run.site.close();
  rmSync(run.dir, { recursive: true, force: true });
}

/**
 * Waits until `expected` articles are in Elasticsearch (or the count stops moving for 60 s), then until no job
 * is left outside the poll queue and no webhook POST came for 3 s. Scrapes only once the articles are in, so
 * the Redis figures hold newsmon's own commands (plus one scrape a second while alerts settle).
 */
async function waitForIngest(run: RunSetup, child: ChildProcess, expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const articlesIndex = `${run.indexPrefix}news-articles`;
  let count = 0;
  let lastChange = Date.now();
  let allInAt = 0;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = readFileSync(path.join(run.dir, "newsmon.log"), "utf8").split("\n").slice(-15).join("\n");
      throw new Error(`newsmon exited early (status ${child.exitCode}); the end of its log:\n${tail}`);
    }
    const now = await esCount(articlesIndex);
    if (now !== count) {
      count = now;
      lastChange = Date.now();
    }
    if (count >= expected) {
      allInAt = Date.now();
      break;
    }
    if (Date.now() - lastChange > 60_000) break;
    await sleep(250);
  }
  let quietSince = Date.now();
  let posts = run.receiver.received.length;
  while (Date.now() < deadline) {
    await sleep(1000);
    let inFlight = 0;
    try {
      inFlight = jobsInFlight(await scrape(run.opsPort));
    } catch {
      inFlight = 1;
    }
    if (run.receiver.received.length !== posts || inFlight > 0) {
      posts = run.receiver.received.length;
      quietSince = Date.now();
    }
    if (Date.now() - quietSince >= 3_000) break;
  }
  count = await esCount(articlesIndex);
  return { count, allInAt, timedOut: Date.now() >= deadline };
}

interface StageTimes {
  stage: string;
  sampled: number;
  waitP50: number;
  waitP95: number;
  serviceP50: number;
  serviceP95: number;
  serviceMean: number | null;
  jobs: number | null;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
};

const stageNames = ["poll", "fetch", "clean", "entities", "index", "alert"];

/**
 * BullMQ's timestamps of completed jobs (timestamp = queued, processedOn, finishedOn), read once a second while
 * the run goes on, because newsmon may keep only the last completed jobs. New entries are found by score (the
 * completed set is scored by finish time). The sampler counts its own commands, which the Redis figures leave out.
 */
class JobSampler {
  readonly jobs = new Map<string, Map<string, [number, number, number]>>(
    stageNames.map((stage) => [stage, new Map()]),
  );
  readonly commands = new Map<string, number>();
  readonly #since = new Map<string, string>();
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #count(command: string, calls: number): void {
    this.commands.set(command, (this.commands.get(command) ?? 0) + calls);
  }

  async sample(): Promise<void> {
    for (const stage of stageNames) {
      const seen = this.jobs.get(stage) as Map<string, [number, number, number]>;
      const entries = await this.#redis.zrangebyscore(
        `${this.#prefix}:${stage}:completed`,
        this.#since.get(stage) ?? "-inf",
        "+inf",
        "WITHSCORES",
      );
      this.#count("zrangebyscore", 1);
      const fresh: string[] = [];
      for (let i = 0; i < entries.length; i += 2) {
        const id = entries[i] as string;
        if (!seen.has(id)) fresh.push(id);
        this.#since.set(stage, entries[i + 1] as string);
      }
      if (fresh.length === 0) continue;
      const pipeline = this.#redis.pipeline();
      for (const id of fresh)
        pipeline.hmget(`${this.#prefix}:${stage}:${id}`, "timestamp", "processedOn", "finishedOn");
      this.#count("hmget", fresh.length);
      const replies = (await pipeline.exec()) ?? [];
      fresh.forEach((id, index) => {
        const [queued, started, finished] = ((replies[index]?.[1] ?? []) as Array<string | null>).map(Number);
        if (queued && started && finished) seen.set(id, [queued, started, finished]);
      });
    }
  }

  /** Samples every second until `stop` is called; resolves after a last sample. */
  run(): { stop(): Promise<void> } {
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        await this.sample().catch((error: Error) => log(`job sampling: ${error.message}`));
        await sleep(1000);
      }
      await this.sample();
    })();
    return {
      async stop() {
        stopped = true;
        await loop;
      },
    };
  }
}

/** Waits (processedOn - timestamp) and service times (finishedOn - processedOn) per stage. */
function stageTimes(sampler: JobSampler, metrics: Metric[]): StageTimes[] {
  return stageNames.map((stage) => {
    const jobs = [...(sampler.jobs.get(stage)?.values() ?? [])];
    const waits = jobs.map(([queued, started]) => started - queued);
    const services = jobs.map(([, started, finished]) => finished - started);
    const done = (name: string) =>
      metrics.find((m) => m.name === name && m.labels.stage === stage && m.labels.outcome === "done");
    const sum = done("newsmon_job_duration_seconds_sum");
    const count = done("newsmon_job_duration_seconds_count");
    return {
      stage,
      sampled: jobs.length,
      waitP50: quantile(waits, 0.5),
      waitP95: quantile(waits, 0.95),
      serviceP50: quantile(services, 0.5),
      serviceP95: quantile(services, 0.95),
      serviceMean: sum && count && count.value > 0 ? (sum.value / count.value) * 1000 : null,
      jobs: count ? count.value : null,
    };
  });
}

// ---------------------------------------------------------------- ground truth against what newsmon did

interface AlertTally {
  expected: number;
  delivered: number;
  missing: number;
  missingByStyle: Map<string, number>;
  posts: number;
  repeatedPosts: number;
  extraAlertsPerStory: number;
  falseAlerts: number;
  unknownPosts: number;
  idempotencyKeys: { present: number; repeated: number };
  /** Expected alert -> first POST arrival. */
  firstArrival: Map<string, number>;
  /** Expected alert -> earliest publication of a copy that must fire it. */
  expectedAlerts: Map<string, { publishedAt: number; listedAt: number | null; style: string }>;
}

/** `mergedStories`: ground-truth stories that share a storyId with another story (their alerts can join it). */
function tallyAlerts(
  articles: SiteArticle[],
  site: LoadSite,
  received: Delivery[],
  mergedStories: Set<string>,
): AlertTally {
  const expectedAlerts: AlertTally["expectedAlerts"] = new Map();
  for (const article of articles) {
    for (const rule of article.rules) {
      const key = `${rule} ${article.storyKey}`;
      const known = expectedAlerts.get(key);
      const style = article.mentions.map((mention) => mention.style).join("+");
      if (!known || article.publishedAt < known.publishedAt) {
        expectedAlerts.set(key, { publishedAt: article.publishedAt, listedAt: article.firstListedAt, style });
      }
    }
  }
  const alertIdsPerPair = new Map<string, Set<string>>();
  const postsPerAlertId = new Map<string, number>();
  const firstArrival = new Map<string, number>();
  const keys = new Map<string, number>();
  let falseAlerts = 0;
  let unknownPosts = 0;
  const falseIds = new Set<string>();
  const ruleIds = [...new Set(articles.flatMap((article) => article.rules))];
  for (const delivery of received) {
    const alertId = delivery.body.alertId ?? "";
    postsPerAlertId.set(alertId, (postsPerAlertId.get(alertId) ?? 0) + 1);
    if (delivery.idempotencyKey)
      keys.set(delivery.idempotencyKey, (keys.get(delivery.idempotencyKey) ?? 0) + 1);
    const article = site.byUrl.get(delivery.body.article?.url ?? "");
    // The rule is the part of the alert id before the story id; ids are `<rule>-<story>`.
    const rule = ruleIds.find((id) => alertId.startsWith(`${id}-`));
    if (!article) {
      unknownPosts += 1;
      continue;
    }
    const pair = rule ? `${rule} ${article.storyKey}` : "";
    if (!expectedAlerts.has(pair)) {
      if (!falseIds.has(alertId)) falseAlerts += 1;
      falseIds.add(alertId);
      continue;
    }
    const ids = alertIdsPerPair.get(pair) ?? new Set<string>();
    ids.add(alertId);
    alertIdsPerPair.set(pair, ids);
    if (!firstArrival.has(pair)) firstArrival.set(pair, delivery.at);
  }
  const missingByStyle = new Map<string, number>();
  for (const [pair, { style }] of expectedAlerts) {
    if (alertIdsPerPair.has(pair)) continue;
    const reason = mergedStories.has(pair.split(" ")[1] ?? "") ? "story merged with another" : style;
    missingByStyle.set(reason, (missingByStyle.get(reason) ?? 0) + 1);
  }
  return {
    expected: expectedAlerts.size,
    delivered: alertIdsPerPair.size,
    missing: expectedAlerts.size - alertIdsPerPair.size,
    missingByStyle,
    posts: received.length,
    repeatedPosts: [...postsPerAlertId.values()].reduce((sum, n) => sum + n - 1, 0),
    extraAlertsPerStory: [...alertIdsPerPair.values()].reduce((sum, ids) => sum + ids.size - 1, 0),
    falseAlerts,
    unknownPosts,
    idempotencyKeys: {
      present: received.filter((delivery) => delivery.idempotencyKey).length,
      repeated: [...keys.values()].reduce((sum, n) => sum + n - 1, 0),
    },
    firstArrival,
    expectedAlerts,
  };
}

interface StoryTally {
  stories: number;
  storyIds: number;
  mergedStoryIds: number;
  storiesInMerges: number;
  splitStories: number;
  mergedStories: Set<string>;
  /** Merged storyIds that hold a follow-up and the story whose background paragraph it repeats. */
  mergedFollowUps: number;
}

function tallyStories(
  site: LoadSite,
  documents: Array<{ url?: string; canonicalUrl?: string; storyId?: string }>,
): StoryTally {
  const storiesPerId = new Map<string, Set<string>>();
  const idsPerStory = new Map<string, Set<string>>();
  for (const document of documents) {
    const article = site.byUrl.get(document.url ?? "") ?? site.byUrl.get(document.canonicalUrl ?? "");
    if (!article || !document.storyId) continue;
    storiesPerId.set(
      document.storyId,
      (storiesPerId.get(document.storyId) ?? new Set()).add(article.storyKey),
    );
    idsPerStory.set(article.storyKey, (idsPerStory.get(article.storyKey) ?? new Set()).add(document.storyId));
  }
  const merged = [...storiesPerId.values()].filter((stories) => stories.size > 1);
  const followUpOf = new Map(site.articles.map((article) => [article.storyKey, article.followUpOf]));
  const mergedFollowUps = merged.filter((stories) =>
    [...stories].some((story) => stories.has(followUpOf.get(story) ?? "")),
  ).length;
  return {
    stories: idsPerStory.size,
    storyIds: storiesPerId.size,
    mergedStoryIds: merged.length,
    storiesInMerges: merged.reduce((sum, stories) => sum + stories.size, 0),
    splitStories: [...idsPerStory.values()].filter((ids) => ids.size > 1).length,
    mergedStories: new Set(merged.flatMap((stories) => [...stories])),
    mergedFollowUps,
  };
}

// ---------------------------------------------------------------- extraction only, same pages

interface BatchRate {
  lines: number;
  errors: number;
  perSecond: number;
  cpuMsPerLine: number;
}

/**
 * Streams `inputFile` (JSON lines) through `newsmon <command> --jsonl`; the rate is taken between the first and
 * the last output line (so process start-up is left out), CPU from /proc before stdin is closed.
 */
async function runBatch(
  command: string,
  configPath: string,
  inputFile: string,
  lines: number,
  outputFile: string,
  logFile: string,
): Promise<BatchRate> {
  const child = newsmon(["--config", configPath, command, "--jsonl"], null, logFile, "pipe");
  const stdin = child.stdin as NonNullable<ChildProcess["stdin"]>;
  createReadStream(inputFile).pipe(stdin, { end: false });
  const output = createWriteStream(outputFile);
  let count = 0;
  let errors = 0;
  let first = 0;
  let last = 0;
  let cpu = 0;
  const timeout = setTimeout(() => child.kill("SIGKILL"), 600_000);
  for await (const line of createInterface({ input: child.stdout as NonNullable<ChildProcess["stdout"]> })) {
    last = Date.now();
    if (count === 0) first = last;
    count += 1;
    if ((JSON.parse(line) as { error?: string }).error) errors += 1;
    output.write(`${line}\n`);
    if (count === lines) {
      cpu = cpuSeconds(child.pid as number);
      stdin.end();
    }
  }
  clearTimeout(timeout);
  await new Promise((resolve) => output.end(resolve));
  return {
    lines: count,
    errors,
    perSecond: (count - 1) / ((last - first) / 1000),
    cpuMsPerLine: (cpu * 1000) / count,
  };
}

async function extractionOnly(run: RunSetup, articles: SiteArticle[]) {
  const pagesFile = path.join(run.dir, "pages.jsonl");
  const pages = createWriteStream(pagesFile);
  for (const article of articles) {
    if (
      !pages.write(
        `${JSON.stringify({ id: article.key, url: article.url, html: run.site.renderPage(article) })}\n`,
      )
    ) {
      await once(pages, "drain");
    }
  }
  await new Promise((resolve) => pages.end(resolve));
  const extractedFile = path.join(run.dir, "extracted.jsonl");
  const logFile = path.join(run.dir, "batch.log");
  const extract = await runBatch(
    "extract",
    run.configPath,
    pagesFile,
    articles.length,
    extractedFile,
    logFile,
  );
  const entitiesInput = path.join(run.dir, "entities-in.jsonl");
  const inputs = createWriteStream(entitiesInput);
  for await (const line of createInterface({ input: createReadStream(extractedFile) })) {
    const { id, title, text } = JSON.parse(line) as { id: string; title?: string; text?: string };
    inputs.write(`${JSON.stringify({ id, title: title ?? "", text: text ?? "" })}\n`);
  }
  await new Promise((resolve) => inputs.end(resolve));
  const entities = await runBatch(
    "entities",
    run.configPath,
    entitiesInput,
    articles.length,
    path.join(run.dir, "entities.jsonl"),
    logFile,
  );
  return { extract, entities };
}

// ---------------------------------------------------------------- the two modes

const { watched, notModelled } = watchedNames(path.join(newsmonRoot, "config", "watchlist.yaml"));
const siteOptions = (articles: number, runSeed: number) => ({
  articles,
  hosts: hostCount,
  seed: runSeed,
  watched,
  cacheDir: path.join(benchRoot, ".cache"),
  corpusArchive: flags.corpus,
});

interface ThroughputRow {
  n: number;
  indexed: number;
  timedOut: boolean;
  endToEnd: number;
  extract: BatchRate;
  entities: BatchRate;
  newsmonCpu: number;
  /** CPU seconds of this process (the load site, the webhook receiver, the sampling) while newsmon ran. */
  benchCpu: number;
  esCpuMs: number;
  /** Time Elasticsearch spent in the run's own indices, per article, by kind. */
  esIndexMs: Record<string, number>;
  redisCommands: number;
  redisCpuMs: number;
  topCommands: Array<[string, number]>;
  redisMemory: number;
  /** Of redisMemory: the Lua scripts' cache and VM (bytes in all, not per article). */
  redisScriptMemory: number;
  runKeys: number;
  runKeyBytes: number;
  alerts: AlertTally;
  alertRecords: number;
  stories: StoryTally;
  /** Stories that repeat a background paragraph of an earlier one (different stories on one subject). */
  followUps: number;
  stages: StageTimes[];
}

async function throughput(n: number): Promise<ThroughputRow> {
  const site = await startLoadSite(siteOptions(n, seed));
  const run = await setUpRun(`n${n}`, site);
  log(`N=${n}: site on ${hostCount} hosts, config ${run.configPath}`);
  try {
    const redis = run.redis.client;
    const memoryBefore = await redisUsedMemory(redis);
    const redisBefore = await redisSnapshot(redis);
    const esBefore = await esCpuMillis();
    site.publishAll(Date.now());
    const child = newsmon(
      ["run", "--config", run.configPath],
      run.redis.url,
      path.join(run.dir, "newsmon.log"),
    );
    const benchCpuBefore = process.cpuUsage();
    const sampler = new JobSampler(redis, run.redisPrefix);
    const sampling = sampler.run();
    const ingest = await waitForIngest(run, child, n, 60_000 + n * 200);
    await sampling.stop();
    const redisAfter = await redisSnapshot(redis);
    // The sampler's commands are the bench's, not newsmon's.
    for (const [command, calls] of sampler.commands) {
      redisAfter.perCommand.set(command, (redisAfter.perCommand.get(command) ?? 0) - calls);
      redisAfter.commands -= calls;
    }
    const esAfter = await esCpuMillis();
    const esIndices = await esIndexTimes(run.indexPrefix);
    const newsmonCpu = cpuSeconds(child.pid as number);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const metrics = await scrape(run.opsPort).catch(() => [] as Metric[]);
    const stages = stageTimes(sampler, metrics);
    const documents = await esAll<{
      url?: string;
      canonicalUrl?: string;
      storyId?: string;
      indexedAt?: string;
    }>(`${run.indexPrefix}news-articles`, ["url", "canonicalUrl", "storyId", "indexedAt"]);
    const alertRecords = await esCount(`${run.indexPrefix}newsmon-alerts`);
    await stop(child);
    log(
      `N=${n}: ${ingest.count} indexed${ingest.timedOut ? " (timed out)" : ""}; newsmon stopped; extraction-only next`,
    );
    const lastIndexed =
      Math.max(...documents.map((document) => Date.parse(document.indexedAt ?? "") || 0), 0) ||
      ingest.allInAt;
    const firstPoll = site.firstFeedRequestAt() ?? Number.NaN;
    const stories = tallyStories(site, documents);
    const keys = await keysUnder(redis, run.redisPrefix);
    const runKeyBytes = await memoryOf(redis, keys);
    const memoryAfter = await redisUsedMemory(redis);
    const redisMemory = memoryAfter.total - memoryBefore.total;
    const { extract, entities } = await extractionOnly(run, site.articles);
    const topCommands = [...redisAfter.perCommand]
      .map(([command, calls]): [string, number] => [
        command,
        (calls - (redisBefore.perCommand.get(command) ?? 0)) / n,
      ])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6);
    return {
      n,
      indexed: ingest.count,
      timedOut: ingest.timedOut,
      endToEnd: ingest.count / ((lastIndexed - firstPoll) / 1000),
      extract,
      entities,
      newsmonCpu,
      benchCpu: (benchCpu.user + benchCpu.system) / 1e6,
      esCpuMs: (esAfter - esBefore) / n,
      esIndexMs: Object.fromEntries(Object.entries(esIndices).map(([kind, ms]) => [kind, ms / n])),
      redisCommands: (redisAfter.commands - redisBefore.commands) / n,
      redisCpuMs: ((redisAfter.cpuSeconds - redisBefore.cpuSeconds) * 1000) / n,
      topCommands,
      redisMemory: redisMemory / n,
      redisScriptMemory: memoryAfter.scripts - memoryBefore.scripts,
      runKeys: keys.length,
      runKeyBytes: runKeyBytes / n,
      alerts: tallyAlerts(site.articles, site, run.receiver.received, stories.mergedStories),
      alertRecords,
      stories,
      followUps: site.articles.filter((article) => !article.isCopy && article.followUpOf !== null).length,
      stages,
    };
  } finally {
    await tearDownRun(run);
  }
}

async function latency(seconds: number, perSecond: number) {
  const n = Math.round(seconds * perSecond);
  const site = await startLoadSite(siteOptions(n, seed + 1000));
  const run = await setUpRun("latency", site);
  log(`latency: ${n} articles at ${perSecond}/s on ${hostCount} hosts, config ${run.configPath}`);
  try {
    const child = newsmon(
      ["run", "--config", run.configPath],
      run.redis.url,
      path.join(run.dir, "newsmon.log"),
    );
    // Publication starts once every feed has been polled (empty) at least once.
    const readyBy = Date.now() + 60_000;
    while (site.hosts.some((host) => host.feedRequests === 0) && Date.now() < readyBy) await sleep(200);
    const startAt = Date.now() + 1000;
    site.publishOverTime(startAt, perSecond);
    await sleep(seconds * 1000 + 1000);
    const ingest = await waitForIngest(run, child, n, 60_000 + n * 200);
    await stop(child);
    const documents = await esAll<{ url?: string; canonicalUrl?: string; storyId?: string }>(
      `${run.indexPrefix}news-articles`,
      ["url", "canonicalUrl", "storyId"],
    );
    const alerts = tallyAlerts(
      site.articles,
      site,
      run.receiver.received,
      tallyStories(site, documents).mergedStories,
    );
    const total: number[] = [];
    const pollWait: number[] = [];
    const pipeline: number[] = [];
    for (const [pair, expected] of alerts.expectedAlerts) {
      const arrival = alerts.firstArrival.get(pair);
      if (arrival === undefined) continue;
      total.push(arrival - expected.publishedAt);
      if (expected.listedAt !== null) {
        pollWait.push(expected.listedAt - expected.publishedAt);
        pipeline.push(arrival - expected.listedAt);
      }
    }
    return { n, perSecond, indexed: ingest.count, alerts, total, pollWait, pipeline };
  } finally {
    await tearDownRun(run);
  }
}

// ---------------------------------------------------------------- the tables

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a");

const batchRate = (rate: BatchRate) =>
  `${fixed(rate.perSecond)}${rate.errors > 0 ? ` (${rate.errors} error lines)` : ""}`;

function throughputTable(rows: ThroughputRow[]): string {
  const line = (label: string, cell: (row: ThroughputRow) => string) =>
    `| ${label} | ${rows.map(cell).join(" | ")} |`;
  return [
    `| N = articles (${hostCount} hosts) | ${rows.map((row) => whole(row.n)).join(" | ")} |`,
    `|---|${rows.map(() => "---:").join("|")}|`,
    line("articles indexed", (row) => `${whole(row.indexed)}${row.timedOut ? " (timed out)" : ""}`),
    line("**end to end, articles/s** (first poll → last indexed)", (row) => `**${fixed(row.endToEnd)}**`),
    line("`extract --jsonl`, pages/s (same pages, same run)", (row) => batchRate(row.extract)),
    line(
      "**ratio end to end / extraction only**",
      (row) => `**${fixed(row.endToEnd / row.extract.perSecond, 3)}**`,
    ),
    line("`entities --jsonl`, articles/s", (row) => batchRate(row.entities)),
    line(
      "newsmon CPU per article, ms (CPU-s in all)",
      (row) => `${fixed((row.newsmonCpu * 1000) / row.n)} (${fixed(row.newsmonCpu)})`,
    ),
    line("the bench's own CPU meanwhile (site, receiver, sampling) per article, ms", (row) =>
      fixed((row.benchCpu * 1000) / row.n),
    ),
    line(
      "`extract` / `entities` CPU per page, ms",
      (row) => `${fixed(row.extract.cpuMsPerLine)} / ${fixed(row.entities.cpuMsPerLine)}`,
    ),
    line("Elasticsearch CPU per article, ms", (row) => fixed(row.esCpuMs)),
    line("Elasticsearch time in the run's indices per article, ms", (row) =>
      Object.entries(row.esIndexMs)
        .map(([kind, ms]) => `${kind} ${fixed(ms, 2)}`)
        .join(", "),
    ),
    line("Redis commands per article", (row) => fixed(row.redisCommands)),
    line("Redis CPU per article, ms (the bench's sampling reads included)", (row) =>
      fixed(row.redisCpuMs, 2),
    ),
    line("top Redis commands per article", (row) =>
      row.topCommands.map(([command, calls]) => `${command} ${fixed(calls)}`).join(", "),
    ),
    line(
      "Redis memory left per article, bytes (used_memory Δ; of the run in all, the Lua scripts' cache and VM)",
      (row) => `${whole(row.redisMemory)} (${whole(row.redisScriptMemory)} B)`,
    ),
    line(
      "keys under the run's prefix after the run; MEMORY USAGE per article",
      (row) => `${whole(row.runKeys)}; ${whole(row.runKeyBytes)} B`,
    ),
    line(
      "alerts expected / delivered / missing",
      (row) => `${row.alerts.expected} / ${row.alerts.delivered} / ${row.alerts.missing}`,
    ),
    line(
      "missing alerts by reason (story merged) or mention style",
      (row) =>
        [...row.alerts.missingByStyle].map(([style, count]) => `${style} ${count}`).join(", ") || "none",
    ),
    line(
      "webhook POSTs; repeats of one alertId",
      (row) => `${row.alerts.posts}; ${row.alerts.repeatedPosts}`,
    ),
    line(
      "extra alerts for one story (another alertId); false alerts (traps, unrelated)",
      (row) => `${row.alerts.extraAlertsPerStory}; ${row.alerts.falseAlerts}`,
    ),
    line(
      "POSTs with Idempotency-Key; repeated keys",
      (row) => `${row.alerts.idempotencyKeys.present}; ${row.alerts.idempotencyKeys.repeated}`,
    ),
    line("alert records in the alerts index", (row) => whole(row.alertRecords)),
    line(
      "stories (ground truth; follow-ups among them) / storyIds in ES",
      (row) => `${row.stories.stories} (${row.followUps}) / ${row.stories.storyIds}`,
    ),
    line(
      "**merged storyIds** (stories in them; follow-up with its earlier story); **split stories**",
      (row) =>
        `**${row.stories.mergedStoryIds}** (${row.stories.storiesInMerges}; ${row.stories.mergedFollowUps}); **${row.stories.splitStories}**`,
    ),
  ].join("\n");
}

function stageTable(row: ThroughputRow): string {
  const body = row.stages.map((times) =>
    [
      times.stage,
      times.jobs === null ? "n/a" : whole(times.jobs),
      whole(times.sampled),
      `${whole(times.waitP50)} / ${whole(times.waitP95)}`,
      times.serviceMean === null ? "n/a" : fixed(times.serviceMean),
      `${whole(times.serviceP50)} / ${whole(times.serviceP95)}`,
    ].join(" | "),
  );
  return [
    `| N=${row.n}: stage | jobs done | jobs sampled | wait p50 / p95, ms | service mean, ms (Prometheus) | service p50 / p95, ms |`,
    "|---|---:|---:|---:|---:|---:|",
    ...body.map((line) => `| ${line} |`),
  ].join("\n");
}

function latencyTable(result: Awaited<ReturnType<typeof latency>>): string {
  const row = (label: string, values: number[]) =>
    `| ${label} | ${values.length} | ${whole(quantile(values, 0.5))} | ${whole(quantile(values, 0.95))} | ${whole(quantile(values, 1))} |`;
  return [
    "| ms, from publication | alerts | p50 | p95 | max |",
    "|---|---:|---:|---:|---:|",
    row("poll wait (publication → first feed response listing it)", result.pollWait),
    row("pipeline (that feed response → webhook)", result.pipeline),
    row("**end to end (publication → webhook)**", result.total),
    "",
    `${result.n} articles published at ${result.perSecond}/s, polls every 1 s; ${result.indexed} indexed; alerts expected ${result.alerts.expected}, delivered ${result.alerts.delivered}, missing ${result.alerts.missing}, repeated POSTs ${result.alerts.repeatedPosts}, false ${result.alerts.falseAlerts}`,
  ].join("\n");
}

// ---------------------------------------------------------------- main

const commit = (() => {
  try {
    return execFileSync("git", ["-C", newsmonRoot, "log", "-1", "--format=%h %cs"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return "unknown";
  }
})();
try {
  const rows: ThroughputRow[] = [];
  for (const n of articleCounts) rows.push(await throughput(n));
  const latencyResult = latencySeconds > 0 ? await latency(latencySeconds, 20) : null;
  const out = [
    `## bench:pipeline — newsmon ${commit} (${newsmonRoot}), seed ${seed}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 16)}Z`,
    "",
    "Redis: a redis-server of each run's own (append-only, as infra/services.sh runs it), so its figures are newsmon's alone; Elasticsearch: the shared local node (its node CPU includes other users' load; the per-index times are the run's own).",
    "",
    `Rules modelled: ${watched.map((entry) => `${entry.rules.join(", ")} (${entry.entity})`).join("; ")}${notModelled.length > 0 ? `; not modelled: ${notModelled.join(", ")}` : ""}.`,
    "",
    throughputTable(rows),
    "",
    "Per stage: job counts and mean service time from newsmon's /metrics (newsmon_job_duration_seconds, outcome done);",
    "waits (processedOn − timestamp) and service percentiles from the BullMQ hashes of completed jobs, read once a second during the run",
    "(jobs sampled: those seen before newsmon removed them). Redis commands count what Lua scripts run, as Redis does, and leave out the bench's own reads.",
    "",
    rows.map(stageTable).join("\n\n"),
    ...(latencyResult ? ["", "### alert latency", "", latencyTable(latencyResult)] : []),
    "",
  ];
  process.stdout.write(out.join("\n"));
} finally {
  for (const child of children) child.kill("SIGKILL");
}
