// Artifacts handed from one stage to the next (a cleaned article, its entities, the indexed document), stored
// in Redis under the article id and content hash, with a TTL. Jobs carry only the key's parts. The stage that
// consumes an artifact deletes it, so Redis holds only the articles still in flight. They are JSON, compressed
// only over 32 KB: an artifact lives seconds, most are a few KB, and for those zstd's set-up per call was most of
// what compressing cost.
import type { Redis } from "ioredis";
import type { z } from "zod";
import { compress, decompress } from "./compression.ts";
import { PermanentError } from "./errors.ts";

export class ArtifactStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;

  constructor(redis: Redis, prefix: string, ttlMs: number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlMs = ttlMs;
  }

  async put(kind: string, articleId: string, contentHash: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const body = json.length > compressAbove ? compress(json) : json;
    await this.#redis.set(this.#key(kind, articleId, contentHash), body, "PX", this.#ttlMs);
  }

  async get<T extends z.ZodType>(
    kind: string,
    articleId: string,
    contentHash: string,
    schema: T,
  ): Promise<z.infer<T>> {
    const found = await this.find(kind, articleId, contentHash, schema);
    if (found === null) throw new PermanentError(missing(kind, articleId, contentHash));
    return found;
  }

  /**
   * The artifact, or null when it is gone (consumed, expired or never stored). `take` deletes it as it is read:
   * only for an artifact with one reader that can do without it should it try again (a retry after a crash
   * finds it gone).
   */
  async find<T extends z.ZodType>(
    kind: string,
    articleId: string,
    contentHash: string,
    schema: T,
    { take = false } = {},
  ): Promise<z.infer<T> | null> {
    const key = this.#key(kind, articleId, contentHash);
    const body = await (take ? this.#redis.getdelBuffer(key) : this.#redis.getBuffer(key));
    return body ? schema.parse(JSON.parse(jsonOf(body))) : null;
  }

  async delete(kinds: string[], articleId: string, contentHash: string): Promise<void> {
    await this.#redis.del(...kinds.map((kind) => this.#key(kind, articleId, contentHash)));
  }

  #key(kind: string, articleId: string, contentHash: string): string {
    return `${this.#prefix}:artifact:${kind}:${articleId}:${contentHash}`;
  }
}

/** Characters of JSON above which an artifact is stored compressed. */
const compressAbove = 32_768;

function jsonOf(body: Buffer): string {
  // JSON opens with { or [; anything else was compressed.
  return body[0] === 0x7b || body[0] === 0x5b ? body.toString("utf8") : decompress(body).toString("utf8");
}

export function missing(kind: string, articleId: string, contentHash: string): string {
  return `${kind} of article ${articleId} (${contentHash.slice(0, 12)}) expired or was never stored`;
}
