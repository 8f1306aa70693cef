// Raw fetched pages, compressed, in an Elasticsearch index of their own (not searched, not analysed): shared
// by every worker machine and durable, so `newsmon replay` can re-run clean -> alert without refetching
// after the extractor or the watchlist improves. The clean stage decodes the bytes, so a decoder fix replays too.
// Each page keeps its validators (ETag, Last-Modified) and body hash, so a revisit can ask "changed since?" and
// tell an edit from the same bytes again.
// A page just fetched also goes to Redis, for the clean stage to take (read and delete at once): reading it back
// from Elasticsearch at once would make Elasticsearch refresh the raw index for nearly every page (a realtime get
// of a document not yet searchable), which cost more than all the rest of its work. The Elasticsearch copies go
// in bulk requests shared by concurrent fetch jobs.
import type { estypes } from "@elastic/elasticsearch";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { BulkWriter } from "../../lib/bulk-writer.ts";
import { compress, decompress } from "../../lib/compression.ts";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import { PermanentError } from "../../lib/errors.ts";
import { sha256 } from "../../lib/ids.ts";
import type { FeedItemRef } from "../../queues/payloads.ts";
import { FeedItemRef as FeedItemRefSchema } from "../../queues/payloads.ts";

export const RawPage = z.object({
  articleId: z.string(),
  /** The URL the feed gave (tracking parameters stripped). */
  url: z.string(),
  /** The URL that answered, after redirects. */
  finalUrl: z.string(),
  feedId: z.string(),
  item: FeedItemRefSchema,
  /** When the stored body was fetched. */
  fetchedAt: z.string(),
  /** What the URL answered last: 200 with the stored body, or a later revisit's 404 or 410 (body kept). */
  status: z.number(),
  contentType: z.string().nullable(),
  bytes: z.number(),
  /** The body, compressed (lib/compression.ts), in base64. Pages stored before zstd have `bodyGzip` instead. */
  body: z.string().optional(),
  bodyGzip: z.string().optional(),
  // Pages stored before revisits existed have none of the fields below.
  /** Validators of the stored body, sent back on a revisit (If-None-Match, If-Modified-Since). */
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  /** bodyHashOf(body): a revisit that gets the same bytes back has found no edit. */
  bodyHash: z.string().nullable().default(null),
  /** When a revisit last got an answer other than the stored body's (see `status`). */
  checkedAt: z.string().nullable().default(null),
});
type RawPageDocument = z.infer<typeof RawPage>;

const PageHead = RawPage.omit({ body: true, bodyGzip: true });
/** A stored page without its body: where it came from and what a revisit compares with. */
export type PageHead = z.infer<typeof PageHead>;

export interface StoredPage {
  articleId: string;
  url: string;
  finalUrl: string;
  feedId: string;
  item: FeedItemRef;
  fetchedAt: string;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  body: Uint8Array;
}

export function bodyHashOf(body: Uint8Array): string {
  return sha256(body);
}

/**
 * How long a page waits in Redis for the clean stage before only Elasticsearch has it: it bounds what a page
 * whose clean job never runs leaves, and a clean job that waited longer reads Elasticsearch, where the page has
 * long been searchable.
 */
const handoffTtlMs = 3_600_000;

export class RawStore {
  readonly #es: ElasticsearchClient;
  readonly #index: string;
  readonly #bulk: BulkWriter;
  readonly #redis: Redis;
  readonly #keyPrefix: string;

  constructor(options: {
    es: ElasticsearchClient;
    index: string;
    bulk: BulkWriter;
    redis: Redis;
    keyPrefix: string;
  }) {
    this.#es = options.es;
    this.#index = options.index;
    this.#bulk = options.bulk;
    this.#redis = options.redis;
    this.#keyPrefix = options.keyPrefix;
  }

  async ensure(): Promise<void> {
    if (await this.#es.indices.exists({ index: this.#index })) {
      // An index created before it was set.
      await this.#es.indices.putSettings({ index: this.#index, settings: { refresh_interval: "-1" } });
      return;
    }
    try {
      await this.#es.indices.create({
        index: this.#index,
        // Never refreshed on a timer: nothing searches it but a replay, which refreshes first. The default codec:
        // the bodies are compressed already, and recompressing them on every merge cost more than it saved.
        settings: { number_of_shards: 1, auto_expand_replicas: "0-1", refresh_interval: "-1" },
        mappings: {
          dynamic: false,
          properties: {
            articleId: { type: "keyword" },
            url: { type: "keyword" },
            feedId: { type: "keyword" },
            fetchedAt: { type: "date" },
            body: { type: "binary" },
          },
        },
      });
    } catch (error) {
      if (!(await this.#es.indices.exists({ index: this.#index }))) throw error;
    }
  }

  /** Stores the page; returns its body hash (bodyHashOf). */
  async put(page: StoredPage): Promise<string> {
    const bodyHash = bodyHashOf(page.body);
    const document: RawPageDocument = {
      articleId: page.articleId,
      url: page.url,
      finalUrl: page.finalUrl,
      feedId: page.feedId,
      item: page.item,
      fetchedAt: page.fetchedAt,
      status: 200,
      contentType: page.contentType,
      bytes: page.body.byteLength,
      body: compress(page.body).toString("base64"),
      etag: page.etag,
      lastModified: page.lastModified,
      bodyHash,
      checkedAt: null,
    };
    await Promise.all([
      this.#redis.set(this.#handoffKey(page.articleId), JSON.stringify(document), "PX", handoffTtlMs),
      this.#bulk.write({ index: this.#index, id: page.articleId, document, expect: "any" }),
    ]);
    return bodyHash;
  }

  /** Records what a revisit got when it was not the stored body (404, 410, or 200 again after them). */
  async recordStatus(articleId: string, status: number, checkedAt: string): Promise<void> {
    await this.#es.update({ index: this.#index, id: articleId, doc: { status, checkedAt } });
  }

  /** The stored pages of these articles without their bodies; articles with none are left out. */
  async heads(articleIds: string[]): Promise<Map<string, PageHead>> {
    if (articleIds.length === 0) return new Map();
    const response = await this.#es.mget<unknown>({
      index: this.#index,
      ids: articleIds,
      _source_excludes: ["body", "bodyGzip"],
    });
    const heads = new Map<string, PageHead>();
    for (const doc of response.docs) {
      if ("found" in doc && doc.found && doc._source) heads.set(doc._id, PageHead.parse(doc._source));
    }
    return heads;
  }

  /**
   * The page: its Redis copy while it has one (taken: the copy goes as it is read), else from Elasticsearch (a
   * replay, a retry).
   */
  async get(articleId: string): Promise<StoredPage> {
    const handedOver = await this.#redis.getdel(this.#handoffKey(articleId));
    let source: unknown = handedOver === null ? null : JSON.parse(handedOver);
    if (source === null) {
      const response = await this.#es.get<unknown>({ index: this.#index, id: articleId }, { ignore: [404] });
      if (!response.found) throw new PermanentError(`no raw page stored for article ${articleId}`);
      source = response._source;
    }
    const { body, bodyGzip, ...document } = RawPage.parse(source);
    const stored = body ?? bodyGzip;
    if (stored === undefined) throw new PermanentError(`the raw page of article ${articleId} has no body`);
    return { ...document, body: decompress(Buffer.from(stored, "base64")) };
  }

  #handoffKey(articleId: string): string {
    return `${this.#keyPrefix}:raw:${articleId}`;
  }

  /**
   * Every stored page's article id and fetch time (a full replay), or those of the pages fetched since
   * `fetchedSince` (the revisits to restore after Redis lost its data).
   */
  async *fetchTimes({ fetchedSince }: { fetchedSince?: Date } = {}): AsyncGenerator<{
    articleId: string;
    fetchedAt: string;
  }> {
    await this.#es.indices.refresh({ index: this.#index });
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await this.#es.search<{ fetchedAt: string }>({
        index: this.#index,
        size: 500,
        _source: ["fetchedAt"],
        ...(fetchedSince ? { query: { range: { fetchedAt: { gte: fetchedSince.toISOString() } } } } : {}),
        sort: [{ articleId: "asc" }],
        ...(after ? { search_after: after } : {}),
      });
      const hits = page.hits.hits;
      if (hits.length === 0) return;
      for (const hit of hits) {
        if (hit._id && hit._source) yield { articleId: hit._id, fetchedAt: hit._source.fetchedAt };
      }
      after = hits.at(-1)?.sort;
    }
  }
}
