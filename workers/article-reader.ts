// Reads article documents by id for the index and alert stages, many jobs' reads in one realtime mget (an article
// just written is readable at once, before any refresh). Each reader asks for the fields its stage needs.
import { MicroBatcher } from "../lib/batch.ts";
import type { ElasticsearchClient } from "../lib/elasticsearch.ts";

export interface StoredArticle<T> {
  source: T;
  /** The document's version, for optimistic concurrency on the next write. */
  seqNo: number;
  primaryTerm: number;
}

export class ArticleReader<T> {
  readonly #batcher: MicroBatcher<string, StoredArticle<T> | null>;

  constructor(es: ElasticsearchClient, index: string, fields?: string[]) {
    this.#batcher = new MicroBatcher<string, StoredArticle<T> | null>(async (ids) => {
      const response = await es.mget<T>({
        index,
        ids,
        ...(fields ? { _source_includes: fields } : {}),
      });
      return response.docs.map((doc) => {
        if ("error" in doc && doc.error) return new Error(`reading article ${doc._id}: ${doc.error.reason}`);
        if (!("found" in doc) || !doc.found || !doc._source) return null;
        return { source: doc._source, seqNo: doc._seq_no ?? 0, primaryTerm: doc._primary_term ?? 0 };
      });
    });
  }

  read(articleId: string): Promise<StoredArticle<T> | null> {
    return this.#batcher.submit(articleId);
  }
}
