// Revisits on the real Redis and Elasticsearch against a loopback site: the fetch stage's conditional GET and what
// each answer does (304, same bytes, an edit, 404/410, failures), the revisit schedule, and the mover that turns
// due entries into fetch jobs, exactly once each.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchSettings } from "../../config/schema.ts";
import { articleIdFor, sha256 } from "../../lib/ids.ts";
import { createMetrics } from "../../ops/metrics.ts";
import type { FetchJob } from "../../queues/payloads.ts";
import { openQueues, type PipelineQueues } from "../../queues/queues.ts";
import { connections, type TestConfig, testLog, writeTestConfig } from "../../test/support/harness.ts";
import { closeDeps, type Deps, openDeps } from "../deps.ts";
import type { StageContext } from "../stage.ts";
import { moveDueRevisits, RevisitSchedule, restoreRevisits, revisitJobId } from "./revisit.ts";
import { fetchStage } from "./stage.ts";

/** A page of the loopback site; the test changes it between requests. */
interface Page {
  status: number;
  body: string;
  contentType?: string;
  /** Answer 304 to a request whose If-None-Match or If-Modified-Since still fits, as most servers do. */
  honoursValidators: boolean;
  /** Close the connection without an answer. */
  hangUp?: boolean;
  /** Set by publish(): every version a second later than the one before. */
  lastModified: string;
}

let versions = 0;
const pages = new Map<string, Page>();
const requests: Array<{ path: string; status: number; headers: IncomingMessage["headers"] }> = [];

function answer(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? "/";
  const page = path === "/robots.txt" ? undefined : pages.get(path);
  if (page?.hangUp) {
    requests.push({ path, status: 0, headers: request.headers });
    request.socket.destroy();
    return;
  }
  const status = page?.status ?? 404;
  const validators = { ETag: etagOf(page?.body ?? ""), "Last-Modified": page?.lastModified ?? "" };
  // RFC 9110: If-None-Match, when sent, decides alone.
  const ifNoneMatch = request.headers["if-none-match"];
  const fresh =
    status === 200 &&
    page?.honoursValidators === true &&
    (ifNoneMatch !== undefined
      ? ifNoneMatch === validators.ETag
      : request.headers["if-modified-since"] === validators["Last-Modified"]);
  requests.push({ path, status: fresh ? 304 : status, headers: request.headers });
  if (fresh) {
    response.writeHead(304, validators).end();
    return;
  }
  response
    .writeHead(status, {
      "Content-Type": page?.contentType ?? "text/html; charset=utf-8",
      ...(status === 200 ? validators : {}),
    })
    .end(page?.body ?? "not found");
}

function etagOf(body: string): string {
  return `"${sha256(body).slice(0, 12)}"`;
}

const server = createServer(answer);
let origin = "";
let test: TestConfig;
let deps: Deps;
let queues: PipelineQueues;
let schedule: RevisitSchedule;
const deadLetters: string[] = [];
const [tenMinutes, oneHour, sixHours] = [600_000, 3_600_000, 21_600_000];
const steps = [tenMinutes, oneHour, sixHours];

function article(path: string, text: string): string {
  return `<!doctype html><html><head><title>${path}</title></head><body><article><h1>${path}</h1><p>${text}</p></article></body></html>`;
}

function publish(path: string, page: Partial<Page> & { body: string }): FetchJob {
  versions += 1;
  const lastModified = new Date(Date.UTC(2026, 11, 2, 10, 0, versions)).toUTCString();
  pages.set(path, { status: 200, honoursValidators: true, lastModified, ...page });
  const url = `${origin}${path}`;
  return {
    articleId: articleIdFor(url),
    url,
    feedId: "site",
    item: { title: path, published: null, updated: null, guid: null },
  };
}

function context(attempt = 1): StageContext {
  return {
    jobId: "fetch-test",
    attempt,
    inBatch: false,
    log: testLog,
    metrics: createMetrics({ queues, redis: deps.redis, loaded: test.loaded }),
    deadLetter: async (reason) => {
      deadLetters.push(reason);
    },
  };
}

/** Runs the fetch stage as the worker runner does: the stage, then (the next jobs enqueued) its afterEnqueue. */
async function fetch(job: FetchJob, attempt = 1) {
  const output = await fetchStage.run(job, deps, context(attempt));
  await output.afterEnqueue?.();
  return output.next;
}

/** A revisit as the mover hands it over (the article's schedule entry taken), then the fetch job run. */
async function revisit(job: FetchJob, step: number, attempt = 1) {
  const entries = steps.map((_, index) => `${job.articleId}|${index}`);
  await deps.redis.zrem(`${deps.keyPrefix}:revisits`, ...entries);
  return fetch({ ...job, revisit: step }, attempt);
}

async function pendingFor(articleId: string) {
  return (await schedule.pending()).filter((entry) => entry.articleId === articleId);
}

function requestsFor(path: string) {
  return requests.filter((request) => request.path === path);
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  test = writeTestConfig({
    fetch: {
      allowPrivateHosts: [new URL(origin).host],
      revisitAfter: steps.map((ms) => `${ms / 60_000}m`),
    },
    limits: { attempts: 2, backoff: "200ms", lockDuration: "5s" },
  });
  deps = await openDeps(test.loaded, connections, testLog);
  queues = openQueues(deps.redis, deps.keyPrefix, test.loaded.config.limits);
  schedule = new RevisitSchedule(deps.redis, deps.keyPrefix);
});

afterAll(async () => {
  await queues?.close();
  if (deps) await closeDeps(deps);
  await new Promise((resolve) => server.close(resolve));
  await test?.cleanUp();
});

describe("a fetch from the feed", () => {
  it("stores the page's validators and body hash and schedules the first revisit", async () => {
    const body = article("/first", "The first version of the first page.");
    const job = publish("/first", { body });
    const before = Date.now();
    const next = await fetch(job);
    expect(next).toEqual([
      { jobId: `clean-${job.articleId}-${sha256(body).slice(0, 16)}`, data: { articleId: job.articleId } },
    ]);
    const head = (await deps.raw.heads([job.articleId])).get(job.articleId);
    expect(head).toMatchObject({
      url: job.url,
      status: 200,
      etag: etagOf(body),
      lastModified: pages.get("/first")?.lastModified,
      bodyHash: sha256(body),
      checkedAt: null,
    });
    const pending = await pendingFor(job.articleId);
    expect(pending.map((entry) => entry.step)).toEqual([0]);
    expect(pending[0]?.dueAt).toBeGreaterThanOrEqual(before + tenMinutes);
    expect(pending[0]?.dueAt).toBeLessThanOrEqual(Date.now() + tenMinutes);
  });

  it("restarts the schedule of an article fetched again from its feed: one pending step at a time", async () => {
    const job = publish("/restarted", { body: article("/restarted", "A page its feed announces twice.") });
    await fetch(job);
    await schedule.next(job.articleId, 0, steps);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step).sort()).toEqual([0, 1]);
    await fetch(job);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step)).toEqual([0]);
  });
});

describe("schedule starts of concurrent fetches", () => {
  it("share one transaction, and each restarts its own article's schedule", async () => {
    const articles = Array.from({ length: 40 }, (_, n) => articleIdFor(`${origin}/together-${n}`));
    // Half of them had moved on to step 1 when their article was fetched again.
    await Promise.all(articles.slice(0, 20).map((articleId) => schedule.next(articleId, 0, steps)));
    const monitor = await deps.redis.monitor();
    let transactions = 0;
    monitor.on("monitor", (_time: string, args: string[]) => {
      const ofThese = args.some((arg) => articles.some((articleId) => arg.startsWith(`${articleId}|`)));
      if (args[0]?.toLowerCase() === "zadd" && ofThese) transactions++;
    });
    const before = Date.now();
    await Promise.all(articles.map((articleId) => schedule.start(articleId, steps)));
    await monitor.disconnect();
    expect(transactions).toBe(1);
    const pending = (await schedule.pending()).filter((entry) => articles.includes(entry.articleId));
    expect(pending.map((entry) => entry.step)).toEqual(Array(40).fill(0));
    for (const entry of pending) expect(entry.dueAt).toBeGreaterThanOrEqual(before + tenMinutes);
  });
});

describe("a revisit", () => {
  it("sends the stored validators; a 304 ends it quietly and schedules the next step", async () => {
    const job = publish("/unchanged", { body: article("/unchanged", "Nobody edits this page.") });
    await fetch(job);
    const stored = await deps.raw.get(job.articleId);
    const before = Date.now();
    expect(await revisit(job, 0)).toEqual([]);
    const [first, again] = requestsFor("/unchanged");
    expect(first?.headers["if-none-match"]).toBeUndefined();
    expect(again?.headers["if-none-match"]).toBe(stored.etag);
    expect(again?.headers["if-modified-since"]).toBe(stored.lastModified);
    expect(again?.status).toBe(304);
    expect((await deps.raw.get(job.articleId)).fetchedAt).toBe(stored.fetchedAt);
    const pending = await pendingFor(job.articleId);
    expect(pending.map((entry) => entry.step)).toEqual([1]);
    expect(pending[0]?.dueAt).toBeGreaterThanOrEqual(before + oneHour - tenMinutes);
  });

  it("that gets the same bytes back from a server ignoring validators finds no edit", async () => {
    const job = publish("/same-bytes", {
      body: article("/same-bytes", "A server that always answers 200."),
      honoursValidators: false,
    });
    await fetch(job);
    const stored = await deps.raw.get(job.articleId);
    expect(await revisit(job, 1)).toEqual([]);
    expect(requestsFor("/same-bytes").map((request) => request.status)).toEqual([200, 200]);
    expect((await deps.raw.get(job.articleId)).fetchedAt).toBe(stored.fetchedAt);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step)).toEqual([2]);
  });

  it("stores an edited page and sends it on to clean under its new body hash", async () => {
    const job = publish("/edited", { body: article("/edited", "Before the correction.") });
    await fetch(job);
    const edited = article("/edited", "After the correction: the SCO is named.");
    publish("/edited", { body: edited });
    const next = await revisit(job, 0);
    expect(next).toEqual([
      { jobId: `clean-${job.articleId}-${sha256(edited).slice(0, 16)}`, data: { articleId: job.articleId } },
    ]);
    const stored = await deps.raw.get(job.articleId);
    expect(Buffer.from(stored.body).toString("utf8")).toBe(edited);
    expect(stored.etag).toBe(etagOf(edited));
    expect(stored.item).toEqual(job.item);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step)).toEqual([1]);
  });

  it("records a 404 on the raw page, keeps the article and its body, and records the page's return", async () => {
    const body = article("/vanishing", "A page taken down for a while.");
    const job = publish("/vanishing", { body });
    await fetch(job);
    pages.delete("/vanishing");
    expect(await revisit(job, 0)).toEqual([]);
    const gone = await deps.raw.get(job.articleId);
    expect((await deps.raw.heads([job.articleId])).get(job.articleId)).toMatchObject({ status: 404 });
    expect(Buffer.from(gone.body).toString("utf8")).toBe(body);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step)).toEqual([1]);
    publish("/vanishing", { body });
    expect(await revisit(job, 1)).toEqual([]);
    expect(requestsFor("/vanishing").map((request) => request.status)).toEqual([200, 404, 304]);
    expect((await deps.raw.heads([job.articleId])).get(job.articleId)?.status).toBe(200);
    expect(deadLetters).toEqual([]);
  });

  it("records a 410 on the last step and schedules nothing after it", async () => {
    const job = publish("/withdrawn", { body: article("/withdrawn", "A withdrawn story.") });
    await fetch(job);
    publish("/withdrawn", { body: "withdrawn", status: 410 });
    expect(await revisit(job, steps.length - 1)).toEqual([]);
    expect((await deps.raw.heads([job.articleId])).get(job.articleId)?.status).toBe(410);
    expect(await pendingFor(job.articleId)).toEqual([]);
  });

  it("retries a network failure while attempts remain, then skips to the next step without a dead letter", async () => {
    const job = publish("/flaky", { body: article("/flaky", "A page behind a flaky link.") });
    await fetch(job);
    publish("/flaky", { body: "", hangUp: true });
    await expect(revisit(job, 0, 1)).rejects.toThrow(/failed/);
    expect(await pendingFor(job.articleId)).toEqual([]);
    expect(await fetch({ ...job, revisit: 0 }, test.loaded.config.limits.attempts)).toEqual([]);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step)).toEqual([1]);
    expect(deadLetters).toEqual([]);
  });

  it("does not retry a refusal (403) or a page that is no web page any more: the next step is scheduled", async () => {
    const job = publish("/refused", { body: article("/refused", "A page that turns private.") });
    await fetch(job);
    publish("/refused", { body: "private", status: 403 });
    expect(await revisit(job, 0)).toEqual([]);
    publish("/refused", { body: "%PDF-1.7", contentType: "application/pdf" });
    expect(await revisit(job, 1)).toEqual([]);
    expect((await pendingFor(job.articleId)).map((entry) => entry.step)).toEqual([2]);
    expect((await deps.raw.heads([job.articleId])).get(job.articleId)?.status).toBe(200);
    expect(deadLetters).toEqual([]);
  });
});

describe("the revisit schedule and its mover", () => {
  it("turns each due entry into one fetch job built from the raw store, whichever of two movers takes it", async () => {
    await deps.redis.del(`${deps.keyPrefix}:revisits`);
    const jobs = await Promise.all(
      ["/due-1", "/due-2", "/due-3"].map(async (path) => {
        const job = publish(path, { body: article(path, `The page at ${path}.`) });
        await fetch(job);
        return job;
      }),
    );
    const notDue = publish("/not-due", { body: article("/not-due", "Fetched later.") });
    const unknownArticle = articleIdFor(`${origin}/never-fetched`);
    await schedule.start(unknownArticle, steps);
    const dueAt = Date.now() + tenMinutes + 1_000;
    await fetch(notDue);
    await deps.redis.zadd(`${deps.keyPrefix}:revisits`, String(dueAt + 60_000), `${notDue.articleId}|0`);

    const moved = await Promise.all([
      moveDueRevisits(deps, queues.stages.fetch, dueAt),
      moveDueRevisits(deps, queues.stages.fetch, dueAt),
    ]);
    expect(moved[0] + moved[1]).toBe(jobs.length);
    for (const job of jobs) {
      const queued = await queues.stages.fetch.getJob(revisitJobId(job.articleId, 0));
      expect(queued?.data).toEqual({ ...job, revisit: 0 });
    }
    expect(await queues.stages.fetch.count()).toBe(jobs.length);
    const left = await schedule.pending();
    expect(left.filter((entry) => jobs.some((job) => job.articleId === entry.articleId))).toEqual([]);
    expect(left.some((entry) => entry.articleId === unknownArticle)).toBe(false);
    expect(left.some((entry) => entry.articleId === notDue.articleId)).toBe(true);
    await queues.stages.fetch.obliterate({ force: true });
  });

  it("gives a claimed entry that was never released to the next claimer once the lease is over", async () => {
    const articleId = articleIdFor(`${origin}/claimed`);
    const claims = new RevisitSchedule(deps.redis, `${deps.keyPrefix}-claims`);
    await claims.start(articleId, [1_000]);
    const now = Date.now() + 2_000;
    const first = await claims.claimDue(now);
    expect(first.revisits).toEqual([{ articleId, step: 0 }]);
    expect((await claims.claimDue(now + 1_000)).revisits).toEqual([]);
    const again = await claims.claimDue(first.leaseUntil);
    expect(again.revisits).toEqual([{ articleId, step: 0 }]);
    // Only the claim in force releases the entry.
    await claims.release(first);
    expect(await claims.pending()).toHaveLength(1);
    await claims.release(again);
    expect(await claims.pending()).toEqual([]);
  });

  it("drops a revisit whose step the config no longer has, without fetching", async () => {
    const job = publish("/fewer-steps", {
      body: article("/fewer-steps", "Fetched before the config changed."),
    });
    await fetch(job);
    expect(await revisit(job, steps.length)).toEqual([]);
    expect(requestsFor("/fewer-steps")).toHaveLength(1);
    expect(await pendingFor(job.articleId)).toEqual([]);
  });

  it("is rebuilt from the raw pages after Redis lost it: each article's first step not yet due", async () => {
    await deps.redis.del(`${deps.keyPrefix}:revisits`);
    const now = Date.now();
    const storedAgo = async (path: string, agoMs: number) => {
      const url = `${origin}${path}`;
      const articleId = articleIdFor(url);
      const fetchedAt = now - agoMs;
      await deps.raw.put({
        articleId,
        url,
        finalUrl: url,
        feedId: "site",
        item: { title: path, published: null, updated: null, guid: null },
        fetchedAt: new Date(fetchedAt).toISOString(),
        contentType: "text/html",
        etag: null,
        lastModified: null,
        body: Buffer.from(article(path, "Stored before Redis lost its data.")),
      });
      return { articleId, fetchedAt };
    };
    const recent = await storedAgo("/restored-recent", 5 * 60_000);
    const older = await storedAgo("/restored-older", 2 * oneHour);
    const finished = await storedAgo("/restored-finished", 7 * oneHour);
    // Fetched again from its feed since the loss: that fetch started its schedule anew, which stays.
    const refetched = await storedAgo("/restored-refetched", 30 * 60_000);
    await schedule.start(refetched.articleId, steps);

    expect(await restoreRevisits(deps, now)).toBeGreaterThanOrEqual(2);
    expect(await pendingFor(recent.articleId)).toEqual([
      { articleId: recent.articleId, step: 0, dueAt: recent.fetchedAt + tenMinutes },
    ]);
    expect(await pendingFor(older.articleId)).toEqual([
      { articleId: older.articleId, step: 2, dueAt: older.fetchedAt + sixHours },
    ]);
    expect(await pendingFor(finished.articleId)).toEqual([]);
    const kept = await pendingFor(refetched.articleId);
    expect(kept.map((entry) => entry.step)).toEqual([0]);
    expect(kept[0]?.dueAt).toBeGreaterThan(now + tenMinutes - 1_000);
    // Done once: a second rebuild adds nothing.
    expect(await restoreRevisits(deps, now)).toBe(0);
  });

  it("schedules nothing when revisits are turned off, and takes its steps in increasing order only", async () => {
    const articleId = articleIdFor(`${origin}/off`);
    await schedule.start(articleId, []);
    expect(await pendingFor(articleId)).toEqual([]);
    expect(FetchSettings.parse({ revisitAfter: [] }).revisitAfter).toEqual([]);
    expect(FetchSettings.parse({}).revisitAfter).toEqual([600_000, 3_600_000, 21_600_000, 86_400_000]);
    expect(() => FetchSettings.parse({ revisitAfter: ["1h", "10m"] })).toThrow(/increasing order/);
  });
});
