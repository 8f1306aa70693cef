// The items a feed has sent on, kept in the real Redis: remembered while the feed lists them, forgotten 30 days
// after it stopped, so a feed polled for months keeps a bounded set; items kept the old way (a set) carry over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../lib/redis.ts";
import { FeedState } from "../workers/poll/feed-state.ts";
import { connections, testLog } from "./support/harness.ts";

const day = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);
const prefix = `t${Date.now().toString(36)}seen`;

describe("items a feed has sent on", () => {
  const redis = createRedis(connections.redisUrl, testLog);

  beforeAll(async () => {
    await redis.ping();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("remembers what the feed still lists and forgets what it stopped listing 30 days ago", async () => {
    const state = new FeedState(redis, prefix, "news");
    await state.markSeen(["old", "kept"], t0);
    expect(await state.unseen(["old", "kept", "new"], t0 + day)).toEqual(["new"]);
    // "kept" stays in the feed (every poll finds it); "old" has dropped out of it.
    for (let at = t0 + 10 * day; at <= t0 + 40 * day; at += 10 * day) {
      expect(await state.unseen(["kept"], at)).toEqual([]);
    }
    await state.markSeen(["new"], t0 + 40 * day);
    expect(await state.unseen(["old", "kept", "new"], t0 + 40 * day)).toEqual(["old"]);
    expect(await redis.zcard(`${prefix}:seen-at:news`)).toBe(2);
  });

  it("takes over the items kept the old way, as a set", async () => {
    await redis.sadd(`${prefix}:seen:legacy`, "a", "b");
    const state = new FeedState(redis, prefix, "legacy");
    expect(await state.unseen(["a", "b", "c"], t0)).toEqual(["c"]);
    expect(await redis.exists(`${prefix}:seen:legacy`)).toBe(0);
  });
});
