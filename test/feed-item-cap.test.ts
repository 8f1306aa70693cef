// A feed listing far more items than anyone publishes at once (issue 16, item 4) is served over loopback to the
// real poll stage on the real Redis: only feeds[].maxItems fetch jobs are queued, the newest, and a dead-letter
// record says how many items were dropped, so a feed cannot turn newsmon into a request amplifier.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FetchJob } from "../queues/payloads.ts";
import { listDeadLetters } from "../queues/queues.ts";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import { connections, queuedPayloads, type TestConfig, testLog, writeTestConfig } from "./support/harness.ts";

const items = 3_000;
const maxItems = 40;

/** Items dated one minute apart, oldest first, so that the newest are at the end of the document. */
function bigFeed(): string {
  const entries = Array.from({ length: items }, (_, index) => {
    const date = new Date(Date.UTC(2024, 5, 1) + index * 60_000).toUTCString();
    return `<item><title>Item ${index}</title><link>https://amplified.example.net/${index}</link><pubDate>${date}</pubDate></item>`;
  });
  return `<rss version="2.0"><channel><title>Big</title><link>https://amplified.example.net/</link>${entries.join("")}</channel></rss>`;
}

let site: FixtureSite;
let test: TestConfig;
let pipeline: Pipeline;

beforeAll(async () => {
  site = await startFixtureSite({
    files: { "/big.xml": { contentType: "application/rss+xml", body: Buffer.from(bigFeed()) } },
  });
  test = writeTestConfig({
    feeds: [{ id: "big", name: "Big feed", url: `${site.url}/big.xml`, maxItems }],
    fetch: { allowPrivateHosts: [new URL(site.url).host] },
  });
  pipeline = await startPipeline({
    loaded: test.loaded,
    connections,
    log: testLog,
    stages: ["poll"],
    schedule: false,
  });
  await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
  const deadline = Date.now() + 20_000;
  while (
    (await pipeline.queues.stages.poll.getCompletedCount()) +
      (await pipeline.queues.stages.poll.getFailedCount()) ===
    0
  ) {
    if (Date.now() > deadline) throw new Error("the poll did not finish within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 60_000);

afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await test?.cleanUp();
});

describe("items per feed", () => {
  it("queues only the newest maxItems fetch jobs", async () => {
    const jobs = await queuedPayloads<FetchJob>(pipeline.queues.stages.fetch);
    const titles = jobs.map((job) => job.item.title ?? "");
    expect(titles).toHaveLength(maxItems);
    const newest = Array.from({ length: maxItems }, (_, index) => `Item ${items - 1 - index}`);
    expect(new Set(titles)).toEqual(new Set(newest));
  });

  it("leaves a dead-letter record saying how many items were dropped", async () => {
    const records = await listDeadLetters(pipeline.queues.deadLetter, 100);
    const reasons = records.filter((record) => record.queue === "poll").map((record) => record.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `lists ${items} items; only the ${maxItems} newest were read .* ${items - maxItems} dropped`,
        ),
      ),
    );
  });
});
