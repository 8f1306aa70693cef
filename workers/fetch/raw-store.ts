// Raw fetched pages, gzip-compressed, in an Elasticsearch index of their own (not searched, not analysed): shared
// by every worker machine and durable, so `newsmon replay` can re-run clean -> alert without refetching
// after the extractor or the watchlist improves. The clean stage decodes the bytes, so a decoder fix replays too.
import { gunzipSync, gzipSync } from "node:zlib";
import type { estypes } from "@elastic/elasticsearch";
import { z } from "zod";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import { PermanentError } from "../../lib/errors.ts";
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
  fetchedAt: z.string(),
  status: z.number(),
  contentType: z.string().nullable(),
  bytes: z.number(),
  bodyGzip: z.string(),
});
type RawPageDocument = z.infer<typeof RawPage>;

export interface StoredPage {
  articleId: string;
  url: string;
  finalUrl: string;
  feedId: string;
  item: FeedItemRef;
  fetchedAt: string;
  contentType: string | null;
  body: Uint8Array;
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
    };
    await this.#es.index({ index: this.#index, id: page.articleId, document });
  }

  async get(articleId: string): Promise<StoredPage> {
    const response = await this.#es.get<unknown>({ index: this.#index, id: articleId }, { ignore: [404] });
    if (!response.found) throw new PermanentError(`no raw page stored for article ${articleId}`);
    const document = RawPage.parse(response._source);
    return { ...document, body: gunzipSync(Buffer.from(document.bodyGzip, "base64")) };
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
