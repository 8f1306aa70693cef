// Per-feed state in Redis: health (last success, last error, consecutive failures, items seen), the validators
// for the next conditional GET (ETag, Last-Modified), the items already sent on, and the arrivals of the last
// 500 new items (when published, when first seen), from which items per day and the median delay from
// publication to the poll that found an item are computed.
// Items sent on are kept with the time a poll last found them in the feed, and forgotten 30 days after that: a
// feed that runs for months keeps what it lists now, not every item it ever listed. An item forgotten and listed
// again is fetched again, and its article id absorbs the repeat (no second document, no second alert).
import type { Redis } from "ioredis";
import { z } from "zod";

export const FeedHealth = z.object({
  lastPolledAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastErrorAt: z.string().optional(),
  lastError: z.string().optional(),
  lastStatus: z.coerce.number().optional(),
  consecutiveFailures: z.coerce.number().default(0),
  itemsSeen: z.coerce.number().default(0),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** Why the document behind the validators is malformed: a 304 for it means the feed is still broken. */
  malformed: z.string().optional(),
});
export type FeedHealth = z.infer<typeof FeedHealth>;

/** How the feed publishes, from the arrivals of its recent items. */
export interface FeedArrivals {
  /** Items published per day over the last 7 days (or the shorter span the items cover, at least a day). */
  itemsPerDay: number;
  /** Median seconds from an item's publication to the poll that found it; null without dated new items. */
  medianDelaySeconds: number | null;
}

/** The health and the arrivals together: what `newsmon feeds` prints and the feeds index holds. */
export type FeedReport = FeedHealth & FeedArrivals;

const day = 86_400_000;
const arrivalWindow = 7 * day;
const arrivalsKept = 500;
/** How long an item no poll has found in the feed any more is remembered as sent on. */
const seenRetention = 30 * day;
/** Set keys this process has already checked for items kept the old way. */
const checkedSetKeys = new Set<string>();

export class FeedState {
  readonly #redis: Redis;
  readonly #healthKey: string;
  /** Sorted set: item key → when a poll last found it in the feed (ms). */
  readonly #seenKey: string;
  /** Where the items were kept before, as a set without times; taken over on first use. */
  readonly #setKeyBefore: string;
  readonly #arrivalsKey: string;

  constructor(redis: Redis, keyPrefix: string, feedId: string) {
    this.#redis = redis;
    this.#healthKey = `${keyPrefix}:feed:${feedId}`;
    this.#seenKey = `${keyPrefix}:seen-at:${feedId}`;
    this.#setKeyBefore = `${keyPrefix}:seen:${feedId}`;
    this.#arrivalsKey = `${keyPrefix}:feed-arrivals:${feedId}`;
  }

  async health(): Promise<FeedHealth> {
    return FeedHealth.parse(await this.#redis.hgetall(this.#healthKey));
  }

  async report(now = Date.now()): Promise<FeedReport> {
    const [health, arrivals] = await Promise.all([this.health(), this.arrivals(now)]);
    return { ...health, ...arrivals };
  }

  /**
   * Records new items as they are sent on: their publication times (null when the feed gives none). Items of a
   * feed's first poll are its backlog, not late news: they count for items per day but not for the delay.
   */
  async recordArrivals(
    published: Array<string | null>,
    options: { backlog: boolean; now?: number },
  ): Promise<void> {
    if (published.length === 0) return;
    const seen = options.now ?? Date.now();
    const entries = published.map((time) => {
      const at = time === null ? Number.NaN : Date.parse(time);
      return `${seen}|${Number.isNaN(at) ? "" : at}|${options.backlog ? "b" : ""}`;
    });
    await this.#redis
      .multi()
      .lpush(this.#arrivalsKey, ...entries)
      .ltrim(this.#arrivalsKey, 0, arrivalsKept - 1)
      .exec();
  }

  async arrivals(now = Date.now()): Promise<FeedArrivals> {
    const samples = (await this.#redis.lrange(this.#arrivalsKey, 0, -1)).map((entry) => {
      const [seen = "", published = "", backlog = ""] = entry.split("|");
      return {
        seen: Number(seen),
        published: published === "" ? null : Number(published),
        backlog: backlog === "b",
      };
    });
    // An item dated in the future (a wrong clock or time zone at the source) counts as published when seen.
    const times = samples.map(({ seen, published }) => Math.min(published ?? seen, seen));
    const recent = times.filter((time) => time >= now - arrivalWindow);
    const span = recent.length > 0 ? Math.max(now - Math.min(...recent), day) : arrivalWindow;
    const delays = samples
      .filter(({ published, backlog, seen }) => published !== null && !backlog && seen >= now - arrivalWindow)
      .map(({ seen, published }) => Math.max(0, seen - (published ?? seen)) / 1000)
      .sort((a, b) => a - b);
    return {
      itemsPerDay: Math.round((recent.length / (span / day)) * 10) / 10,
      medianDelaySeconds: delays.length > 0 ? Math.round(median(delays)) : null,
    };
  }

  async recordSuccess(status: number, validators: { etag?: string; lastModified?: string }): Promise<void> {
    const now = new Date().toISOString();
    const fields: Record<string, string | number> = {
      lastPolledAt: now,
      lastSuccessAt: now,
      lastStatus: status,
      consecutiveFailures: 0,
    };
    if (validators.etag) fields.etag = validators.etag;
    if (validators.lastModified) fields.lastModified = validators.lastModified;
    await this.#redis.multi().hset(this.#healthKey, fields).hdel(this.#healthKey, "malformed").exec();
  }

  /** The feed answered with a document that had to be read in spite of XML errors. */
  async recordMalformed(reason: string, status: number): Promise<void> {
    await this.recordFailure(reason, status);
    await this.#redis.hset(this.#healthKey, { malformed: reason });
  }

  async recordFailure(reason: string, status?: number): Promise<void> {
    const now = new Date().toISOString();
    await this.#redis
      .multi()
      .hset(this.#healthKey, {
        lastPolledAt: now,
        lastErrorAt: now,
        lastError: reason,
        ...(status ? { lastStatus: status } : {}),
      })
      .hincrby(this.#healthKey, "consecutiveFailures", 1)
      .exec();
  }

  /**
   * The keys among `keys` (the items a poll found in the feed) not yet marked seen, in order. The seen ones are
   * remembered as found now.
   */
  async unseen(keys: string[], now = Date.now()): Promise<string[]> {
    if (keys.length === 0) return [];
    await this.#takeOverSet(now);
    const [[, scores]] = (await this.#redis
      .multi()
      .zmscore(this.#seenKey, ...keys)
      .zadd(this.#seenKey, "XX", ...keys.flatMap((key) => [now, key]))
      .exec()) as [[Error | null, Array<string | null>], unknown];
    return keys.filter((_, index) => scores[index] === null);
  }

  async markSeen(keys: string[], now = Date.now()): Promise<void> {
    if (keys.length === 0) return;
    await this.#redis
      .multi()
      .zadd(this.#seenKey, ...keys.flatMap((key) => [now, key]))
      .zremrangebyscore(this.#seenKey, "-inf", `(${now - seenRetention}`)
      .hincrby(this.#healthKey, "itemsSeen", keys.length)
      .exec();
  }

  /** Items kept as a set (before they had times) move to the sorted set once, as found now. */
  async #takeOverSet(now: number): Promise<void> {
    if (checkedSetKeys.has(this.#setKeyBefore)) return;
    const before = await this.#redis.smembers(this.#setKeyBefore);
    checkedSetKeys.add(this.#setKeyBefore);
    if (before.length === 0) return;
    await this.#redis
      .multi()
      .zadd(this.#seenKey, "NX", ...before.flatMap((key) => [now, key]))
      .del(this.#setKeyBefore)
      .exec();
  }
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
