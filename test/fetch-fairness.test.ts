// Fairness under a slow host, through the real fetch workers and Redis: a backlog of slow pages on one host does
// not keep another host's article waiting, and the backlog's jobs, set aside while their host is busy, are all
// fetched in the end without using up attempts or ending in dead letters.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleIdFor } from "../lib/ids.ts";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { connections, queuedPayloads, type TestConfig, testLog, writeTestConfig } from "./support/harness.ts";

const backlog = 24;
const slowAnswerMs = 300;
const page = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
  "<p>Delegations from Azerbaijan and China discussed trade, culture and education at length.</p></article></body></html>";

let slow: Server;
let fast: Server;
let test: TestConfig;
let pipeline: Pipeline;
/** Slow pages answered so far; how many had been answered when the fast host's article was served. */
const served = { slow: new Set<string>(), slowDoneWhenFastServed: -1, slowPeak: 0, slowInFlight: 0 };

beforeAll(async () => {
  slow = createServer((request, response) => {
    served.slowInFlight++;
    served.slowPeak = Math.max(served.slowPeak, served.slowInFlight);
    setTimeout(() => {
      served.slowInFlight--;
      served.slow.add(request.url ?? "");
      response.writeHead(200, { "content-type": "text/html" }).end(page(`Slow ${request.url}`));
    }, slowAnswerMs);
  });
  fast = createServer((_request, response) => {
    if (served.slowDoneWhenFastServed < 0) served.slowDoneWhenFastServed = served.slow.size;
    response.writeHead(200, { "content-type": "text/html" }).end(page("Fast article"));
  });
  for (const server of [slow, fast])
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const slowHost = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
  const fastHost = `127.0.0.1:${(fast.address() as AddressInfo).port}`;
  test = writeTestConfig({
    fetch: {
      allowPrivateHosts: [slowHost, fastHost],
      respectRobotsTxt: false,
      perHostConcurrency: 2,
      revisitAfter: [],
    },
    limits: { attempts: 3, backoff: "200ms", lockDuration: "5s", concurrency: { fetch: 6 } },
  });
  pipeline = await startPipeline({
    loaded: test.loaded,
    connections,
    log: testLog,
    stages: ["fetch"],
    schedule: false,
  });
  const item = { title: null, published: null, updated: null, guid: null };
  const urls = [
    ...Array.from({ length: backlog }, (_, n) => `http://${slowHost}/slow-${n}`),
    `http://${fastHost}/article`,
  ];
  // Queued in this order: the fast host's article comes after the whole backlog.
  await pipeline.queues.stages.fetch.addBulk(
    urls.map((url) => ({ name: "fetch", data: { articleId: articleIdFor(url), url, feedId: "f", item } })),
  );
  await pipeline.waitUntilIdle({ stages: ["fetch"], timeoutMs: 60_000, settleMs: 1_000 });
}, 90_000);

afterAll(async () => {
  await pipeline?.close();
  for (const server of [slow, fast]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  await test?.cleanUp();
});

describe("fetch under a slow host", () => {
  it("serves another host's article while the slow host's backlog is still mostly waiting", () => {
    expect(served.slowDoneWhenFastServed).toBeGreaterThanOrEqual(0);
    // Workers held by the slow host (2 in flight, 2 waiting) would have let it through only after ~20 pages.
    expect(served.slowDoneWhenFastServed).toBeLessThan(backlog / 2);
    expect(served.slowPeak).toBeLessThanOrEqual(2);
  });

  it("fetches every page of the backlog in the end: set aside, never failed or dead-lettered", async () => {
    expect(served.slow.size).toBe(backlog);
    const { deadLetter, stages } = pipeline.queues;
    expect(await deadLetter.count()).toBe(0);
    expect(await stages.fetch.getJobCountByTypes("failed")).toBe(0);
    // One page handed on to clean for every article (clean does not run here; its jobs may be batches).
    const handedOn = await queuedPayloads(stages.clean, ["waiting"]);
    expect(handedOn).toHaveLength(backlog + 1);
    // Some were set aside for the busy host, and that cost them no attempt: each took one, the one that worked
    // (among the finished jobs the queue keeps, the last 10).
    const done = await stages.fetch.getJobs(["completed"]);
    expect(done.length).toBeGreaterThan(0);
    expect(done.some((job) => job.attemptsStarted > 1)).toBe(true);
    expect(done.map((job) => job.attemptsMade).filter((made) => made !== 1)).toEqual([]);
  });
});
