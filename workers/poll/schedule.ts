// Job schedulers for the feeds: every `pollInterval` a poll job for the feeds of that interval, up to 32 feeds to
// a job (a batch job, whose items run at once, as a fetch or clean batch's do; one feed alone gets a job of its
// own). A job per feed cost about 50 Redis commands a poll, however little the poll found. The schedules are the
// deployment's desired state, so exactly one process applies them: the schedule keeper holding a lease in Redis
// (any process running the poll stage may take it over when the holder dies). It makes the schedulers match its
// config file (feeds that left the file are removed), and it notices when Redis lost its data (a restart without
// persistence, a flush) by a marker key vanishing, and installs the schedules again within one check period.
// What else Redis held that Elasticsearch can give back (the revisit schedule) is rebuilt then too, by a
// function the pipeline passes in, under a marker of its own: a keeper that dies half-way, or fails, is
// followed by one that does it again.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { FeedConfig } from "../../config/schema.ts";
import { describeError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";

/** Scheduler ids: `feeds-<interval ms>-<n>`; `feed-<id>` were the one-per-feed schedulers of earlier versions. */
const schedulerPrefix = "feeds-";
const perFeedPrefix = "feed-";
/** Feeds polled by one job at most (its items run at once). */
const feedsPerJob = 32;

export async function syncFeedSchedules(pollQueue: Queue, feeds: FeedConfig[]): Promise<void> {
  const byInterval = Map.groupBy(feeds, (feed) => feed.pollInterval);
  const wanted = new Set<string>();
  for (const [every, group] of byInterval) {
    for (let first = 0; first < group.length; first += feedsPerJob) {
      const chunk = group.slice(first, first + feedsPerJob);
      const id = `${schedulerPrefix}${every}-${first / feedsPerJob}`;
      const items = chunk.map((feed) => ({ jobId: `poll-${feed.id}`, data: { feedId: feed.id } }));
      const data = items.length === 1 ? items[0]?.data : { batch: items };
      await pollQueue.upsertJobScheduler(id, { every }, { name: "poll", data });
      wanted.add(id);
    }
  }
  for (const scheduler of await pollQueue.getJobSchedulers()) {
    const id = scheduler.key;
    const ours = id.startsWith(schedulerPrefix) || id.startsWith(perFeedPrefix);
    if (ours && !wanted.has(id)) await pollQueue.removeJobScheduler(id);
  }
}

/** Polls now, once, outside the schedule (demo, tests, `newsmon run --once`). */
export async function pollNow(pollQueue: Queue, feeds: FeedConfig[]): Promise<void> {
  const at = Date.now();
  await pollQueue.addBulk(
    feeds.map((feed) => ({
      name: "poll",
      data: { feedId: feed.id },
      opts: { jobId: `poll-${feed.id}-${at}` },
    })),
  );
}

/** How long the keeper's lease lasts without renewal: a killed keeper is replaced within this time. */
const leaseMs = 15_000;

/**
 * Keeps the feed schedules installed for as long as it runs: takes the keeper lease when free, applies the
 * schedules on taking it, and re-applies them whenever the marker is gone from Redis. Checks every
 * `checkEveryMs` (at most the shortest poll interval, so lost schedules come back within one poll). Returns a
 * function that stops it and gives the lease up.
 */
export function keepFeedSchedules(options: {
  redis: Redis;
  keyPrefix: string;
  pollQueue: Queue;
  feeds: FeedConfig[];
  log: Logger;
  checkEveryMs?: number;
  /**
   * Rebuilds what Redis lost from elsewhere; run when its marker is missing (a new or emptied Redis), from the
   * first check after `ready`.
   */
  restoreAfterLoss?: () => Promise<void>;
}): { ready: Promise<void>; stop: () => Promise<void> } {
  const { redis, pollQueue, feeds, log } = options;
  const leaseKey = `${options.keyPrefix}:schedules:keeper`;
  const markerKey = `${options.keyPrefix}:schedules:installed`;
  const restoredKey = `${options.keyPrefix}:schedules:restored`;
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const shortestPoll = Math.min(...feeds.map((feed) => feed.pollInterval), 5_000);
  const checkEveryMs = options.checkEveryMs ?? Math.max(250, shortestPoll);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let keeper = false;

  // The rebuild can read many pages from Elasticsearch: it runs from the checks after start-up, not in `ready`,
  // so workers start at once (the first revisits are due minutes later).
  const check = async ({ rebuild }: { rebuild: boolean }) => {
    const taken = (await redis.set(leaseKey, token, "PX", leaseMs, "NX")) === "OK";
    const wasKeeper = keeper;
    keeper = taken || (await renewLease(redis, leaseKey, token)) === 1;
    if (!keeper) return;
    const installed = (await redis.exists(markerKey)) === 1;
    if (!wasKeeper || !installed) {
      // A keeper that finds its marker gone (or had to take its own lease again) is looking at an emptied Redis.
      if (wasKeeper)
        log.warn("Redis lost the feed schedules (restarted without persistence?); installing them again");
      await syncFeedSchedules(pollQueue, feeds);
      await redis.set(markerKey, new Date().toISOString());
      log.info({ feeds: feeds.length }, "feed schedules installed");
    }
    if (rebuild && options.restoreAfterLoss && (await redis.exists(restoredKey)) === 0) {
      try {
        await options.restoreAfterLoss();
        await redis.set(restoredKey, new Date().toISOString());
      } catch (error) {
        log.warn({ err: describeError(error) }, "rebuilding what Redis lost failed; trying again");
      }
    }
  };
  const loop = async () => {
    try {
      await check({ rebuild: true });
    } catch (error) {
      log.warn({ err: describeError(error) }, "checking the feed schedules failed; trying again");
    }
    if (!stopped) timer = setTimeout(loop, checkEveryMs);
  };
  const ready = check({ rebuild: false }).finally(() => {
    if (!stopped) timer = setTimeout(loop, checkEveryMs);
  });
  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await releaseLease(redis, leaseKey, token).catch(() => {});
    },
  };
}

/** Extends the lease if this process still holds it; 1 when it does. */
function renewLease(redis: Redis, key: string, token: string): Promise<number> {
  return redis.eval(
    `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end return 0`,
    1,
    key,
    token,
    String(leaseMs),
  ) as Promise<number>;
}

function releaseLease(redis: Redis, key: string, token: string): Promise<unknown> {
  return redis.eval(
    `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`,
    1,
    key,
    token,
  );
}
