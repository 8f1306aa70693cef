// One BullMQ job scheduler per feed: every `pollInterval` a poll job for that feed. Schedulers of feeds that left
// the config are removed, so the config file is the only list of what is polled.
import type { Queue } from "bullmq";
import type { FeedConfig } from "../../config/schema.ts";

const schedulerPrefix = "feed-";

export async function syncFeedSchedules(pollQueue: Queue, feeds: FeedConfig[]): Promise<void> {
  for (const feed of feeds) {
    await pollQueue.upsertJobScheduler(
      `${schedulerPrefix}${feed.id}`,
      { every: feed.pollInterval },
      { name: "poll", data: { feedId: feed.id } },
    );
  }
  const wanted = new Set(feeds.map((feed) => `${schedulerPrefix}${feed.id}`));
  for (const scheduler of await pollQueue.getJobSchedulers()) {
    const id = scheduler.key;
    if (id.startsWith(schedulerPrefix) && !wanted.has(id)) await pollQueue.removeJobScheduler(id);
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
