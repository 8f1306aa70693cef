// Scheduled polls travel as batch jobs (workers/poll/schedule.ts): one job scheduler polls all the feeds of an
// interval. Through the real poll workers and Redis: each feed is polled, its health is its own, and no more feeds
// are polled at once than limits.concurrency.poll, as when each feed had a job of its own.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { FeedState } from "../workers/poll/feed-state.ts";
import { connections, type TestConfig, testLog, until, writeTestConfig } from "./support/harness.ts";

const feedCount = 6;
const answerMs = 300;
const emptyFeed =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title><link>http://example.org/</link></channel></rss>';

let server: Server;
let test: TestConfig;
let pipeline: Pipeline;
const load = { inFlight: 0, peak: 0, polled: new Map<string, number>() };

beforeAll(async () => {
  server = createServer((request, response) => {
    load.inFlight++;
    load.peak = Math.max(load.peak, load.inFlight);
    load.polled.set(request.url ?? "", (load.polled.get(request.url ?? "") ?? 0) + 1);
    setTimeout(() => {
      load.inFlight--;
      response.writeHead(200, { "content-type": "application/rss+xml" }).end(emptyFeed);
    }, answerMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  test = writeTestConfig({
    feeds: Array.from({ length: feedCount }, (_, n) => ({
      id: `quiet-${n}`,
      name: `Quiet ${n}`,
      url: `http://${host}/feed-${n}.xml`,
      pollInterval: "1h",
    })),
    fetch: { allowPrivateHosts: [host], respectRobotsTxt: false, perHostConcurrency: feedCount },
    limits: { concurrency: { poll: 2 } },
  });
  pipeline = await startPipeline({
    loaded: test.loaded,
    connections,
    log: testLog,
    stages: ["poll"],
    schedule: true,
  });
}, 60_000);

afterAll(async () => {
  await pipeline?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await test?.cleanUp();
});

describe("scheduled polls in batches", () => {
  it("polls every feed of the interval from one scheduler, at most limits.concurrency.poll at a time", async () => {
    await until("every feed polled", () => load.polled.size === feedCount, 30_000);
    expect(await pipeline.queues.stages.poll.getJobSchedulersCount()).toBe(1);
    expect([...load.polled.values()]).toEqual(Array(feedCount).fill(1));
    expect(load.peak).toBe(2);
  });

  it("keeps each feed's health its own", async () => {
    await until(
      "every feed's health recorded",
      async () => {
        const healths = await Promise.all(
          test.loaded.config.feeds.map((feed) =>
            new FeedState(pipeline.deps.redis, pipeline.deps.keyPrefix, feed.id).health(),
          ),
        );
        return healths.every((health) => health.lastSuccessAt !== undefined);
      },
      10_000,
    );
  });
});
