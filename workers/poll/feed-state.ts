// Per-feed state in Redis: health (last success, last error, consecutive failures, items seen), the validators
// for the next conditional GET (ETag, Last-Modified), and the set of items already sent on.
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

export class FeedState {
  readonly #redis: Redis;
  readonly #healthKey: string;
  readonly #seenKey: string;

  constructor(redis: Redis, keyPrefix: string, feedId: string) {
    this.#redis = redis;
    this.#healthKey = `${keyPrefix}:feed:${feedId}`;
    this.#seenKey = `${keyPrefix}:seen:${feedId}`;
  }

  async health(): Promise<FeedHealth> {
    return FeedHealth.parse(await this.#redis.hgetall(this.#healthKey));
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

  /** The keys among `keys` not yet marked seen, in order. */
  async unseen(keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const flags = await this.#redis.smismember(this.#seenKey, ...keys);
    return keys.filter((_, index) => flags[index] === 0);
  }

  async markSeen(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#redis
      .multi()
      .sadd(this.#seenKey, ...keys)
      .hincrby(this.#healthKey, "itemsSeen", keys.length)
      .exec();
  }
}
