// Desired state applied once per deployment: two processes with different feed lists share one Redis; only the
// schedule keeper (the holder of the lease) applies its list, so the other does not undo it, and when the keeper
// stops, the other takes the lease over and applies its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeedConfig } from "../config/schema.ts";
import { createLogger } from "../lib/log.ts";
import { createRedis } from "../lib/redis.ts";
import { openQueues, type PipelineQueues } from "../queues/queues.ts";
import { keepFeedSchedules, syncFeedSchedules } from "../workers/poll/schedule.ts";
import { connections, type TestConfig, until, writeTestConfig } from "./support/harness.ts";

const silent = createLogger({ level: "silent", pretty: false });
const feed = (id: string): FeedConfig => ({
  id,
  name: id,
  url: `http://127.0.0.1:9/${id}.xml`,
  pollInterval: 3_600_000,
  maxItems: 1000,
});

describe("the schedule keeper", () => {
  let test: TestConfig;
  let redis: ReturnType<typeof createRedis>;
  let queues: PipelineQueues;

  beforeAll(() => {
    test = writeTestConfig({});
    redis = createRedis(connections.redisUrl, silent);
    queues = openQueues(redis, test.namespace, test.loaded.config.limits);
  });

  afterAll(async () => {
    await queues?.close();
    redis?.disconnect();
    await test?.cleanUp();
  });

  /** The feeds the schedulers poll: `feed-<id>`, as one-feed jobs or the items of batch jobs. */
  const scheduled = async () =>
    (await queues.stages.poll.getJobSchedulers())
      .flatMap((scheduler) => {
        const data = scheduler.template?.data as {
          feedId?: string;
          batch?: Array<{ data: { feedId: string } }>;
        };
        return data.batch ? data.batch.map((item) => item.data.feedId) : [data.feedId ?? "?"];
      })
      .map((feedId) => `feed-${feedId}`)
      .sort();

  it("lets one process apply its feeds; another with a different list waits, then takes over", async () => {
    const first = keepFeedSchedules({
      redis,
      keyPrefix: test.namespace,
      pollQueue: queues.stages.poll,
      feeds: [feed("a"), feed("b")],
      log: silent,
      checkEveryMs: 100,
    });
    await first.ready;
    expect(await scheduled()).toEqual(["feed-a", "feed-b"]);

    const second = keepFeedSchedules({
      redis,
      keyPrefix: test.namespace,
      pollQueue: queues.stages.poll,
      feeds: [feed("c")],
      log: silent,
      checkEveryMs: 100,
    });
    await second.ready;
    // Several check periods later the keeper's list still stands.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await scheduled()).toEqual(["feed-a", "feed-b"]);

    await first.stop();
    await until(
      "the second process to take over",
      async () => (await scheduled()).join() === "feed-c",
      10_000,
    );
    await second.stop();
  });

  it("rebuilds what Redis lost once per loss, and again after a failed try or a keeper that died", async () => {
    const prefix = `${test.namespace}-restore`;
    const queue = openQueues(redis, prefix, test.loaded.config.limits);
    let runs = 0;
    let failNext = true;
    const restoreAfterLoss = async () => {
      runs++;
      if (failNext) {
        failNext = false;
        throw new Error("Elasticsearch at http://127.0.0.1:9 is not reachable");
      }
    };
    const keep = () =>
      keepFeedSchedules({
        redis,
        keyPrefix: prefix,
        pollQueue: queue.stages.poll,
        feeds: [feed("a")],
        log: silent,
        checkEveryMs: 100,
        restoreAfterLoss,
      });
    const keeper = keep();
    await keeper.ready;
    // Start-up does not wait for the rebuild: it runs from the checks after it.
    expect(runs).toBe(0);
    // A new Redis counts as an emptied one; the first try failed, the next check tries again and succeeds.
    await until("a second try", async () => runs === 2, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs).toBe(2);
    // Redis emptied: the markers go with everything else.
    await redis.del(`${prefix}:schedules:installed`, `${prefix}:schedules:restored`);
    await until("the rebuild after the loss", async () => runs === 3, 5_000);
    await keeper.stop();
    // A keeper that died before its rebuild was recorded leaves it to the next.
    await redis.del(`${prefix}:schedules:restored`);
    const next = keep();
    await next.ready;
    await until("the next keeper's rebuild", async () => runs === 4, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toBe(4);
    await next.stop();
    await queue.stages.poll.obliterate({ force: true });
    await queue.close();
  });

  it("polls the feeds of one interval together, 32 to a job, and removes one-per-feed schedulers", async () => {
    const prefix = `${test.namespace}-groups`;
    const queue = openQueues(redis, prefix, test.loaded.config.limits).stages.poll;
    await queue.upsertJobScheduler("feed-old", { every: 60_000 }, { name: "poll", data: { feedId: "old" } });
    const hourly = Array.from({ length: 40 }, (_, n) => feed(`h${n}`));
    await syncFeedSchedules(queue, [...hourly, { ...feed("fast"), pollInterval: 1_000 }]);
    const schedulers = new Map(
      (await queue.getJobSchedulers()).map((scheduler) => [scheduler.key, scheduler.template?.data]),
    );
    expect([...schedulers.keys()].sort()).toEqual(["feeds-1000-0", "feeds-3600000-0", "feeds-3600000-1"]);
    expect(schedulers.get("feeds-1000-0")).toEqual({ feedId: "fast" });
    const batches = ["feeds-3600000-0", "feeds-3600000-1"].map(
      (key) => (schedulers.get(key) as { batch: Array<{ jobId: string; data: { feedId: string } }> }).batch,
    );
    expect(batches.map((batch) => batch.length)).toEqual([32, 8]);
    expect(batches.flat().map((item) => item.data.feedId)).toEqual(hourly.map((entry) => entry.id));
    expect(batches[0]?.[0]).toEqual({ jobId: "poll-h0", data: { feedId: "h0" } });
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
