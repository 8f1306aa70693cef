// Raw fetched pages, gzip-compressed, in an Elasticsearch index of their own (not searched, not analysed): shared
// by every worker machine and durable, so `newsmon replay` can re-run clean -> alert without refetching
// after the extractor or the watchlist improves. The clean stage decodes the bytes, so a decoder fix replays too.
// Each page keeps its validators (ETag, Last-Modified) and body hash, so a revisit can ask "changed since?" and
// tell an edit from the same bytes again.
import { gunzipSync, gzipSync } from "node:zlib";
import type { estypes } from "@elastic/elasticsearch";
import { z } from "zod";
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
  bodyGzip: z.string(),
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

const PageHead = RawPage.omit({ bodyGzip: true });
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

export class RawStore {
  readonly #es: ElasticsearchClient;
  readonly #index: string;

  constructor(es: ElasticsearchClient, index: string) {
    this.#es = es;
    this.#index = index;
  }

  async ensure(): Promise<void> {
    if (await this.#es.indices.exists({ index: this.#index })) return;
    try {
      await this.#es.indices.create({
        index: this.#index,
        settings: { number_of_shards: 1, auto_expand_replicas: "0-1", codec: "best_compression" },
        mappings: {
          dynamic: false,
          properties: {
            articleId: { type: "keyword" },
            url: { type: "keyword" },
            feedId: { type: "keyword" },
            fetchedAt: { type: "date" },
            bodyGzip: { type: "binary" },
          },
        },
      });
    } catch (error) {
      if (!(await this.#es.indices.exists({ index: this.#index }))) throw error;
    }
  }

  async put(page: StoredPage): Promise<void> {
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
      bodyGzip: gzipSync(page.body).toString("base64"),
      etag: page.etag,
      lastModified: page.lastModified,
      bodyHash: bodyHashOf(page.body),
      checkedAt: null,
    };
    await this.#es.index({ index: this.#index, id: page.articleId, document });
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
      _source_excludes: ["bodyGzip"],
    });
    const heads = new Map<string, PageHead>();
    for (const doc of response.docs) {
      if ("found" in doc && doc.found && doc._source) heads.set(doc._id, PageHead.parse(doc._source));
    }
    return heads;
  }

  async get(articleId: string): Promise<StoredPage> {
    const response = await this.#es.get<unknown>({ index: this.#index, id: articleId }, { ignore: [404] });
    if (!response.found) throw new PermanentError(`no raw page stored for article ${articleId}`);
    const { bodyGzip, ...document } = RawPage.parse(response._source);
    return { ...document, body: gunzipSync(Buffer.from(bodyGzip, "base64")) };
  }

  /** Every stored article id, for a full replay. */
  async *articleIds(): AsyncGenerator<string> {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await this.#es.search({
        index: this.#index,
        size: 500,
        _source: false,
        sort: [{ articleId: "asc" }],
        ...(after ? { search_after: after } : {}),
      });
      const hits = page.hits.hits;
      if (hits.length === 0) return;
      for (const hit of hits) if (hit._id) yield hit._id;
      after = hits.at(-1)?.sort;
    }
  }
}
