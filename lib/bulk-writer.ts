// Batches document writes into Elasticsearch bulk requests (lib/batch.ts): concurrent jobs (the index stage's
// articles, the fetch stage's raw pages) each hand in one operation and wait for its own outcome.
import type { estypes } from "@elastic/elasticsearch";
import { type BatchOptions, MicroBatcher } from "./batch.ts";
import type { ElasticsearchClient } from "./elasticsearch.ts";

export interface IndexOperation {
  index: string;
  id: string;
  document: Record<string, unknown>;
  /**
   * Optimistic concurrency: write only if the document is still at this version, or absent (create); "any"
   * writes whatever is there.
   */
  expect: { seqNo: number; primaryTerm: number } | "absent" | "any";
}

export class VersionConflictError extends Error {
  override name = "VersionConflictError";
}

export class BulkWriter {
  readonly #batcher: MicroBatcher<IndexOperation, void>;

  constructor(es: ElasticsearchClient, options: BatchOptions = {}) {
    this.#batcher = new MicroBatcher<IndexOperation, void>(async (operations) => {
      const response = await es.bulk({
        operations: operations.flatMap((operation) => [actionOf(operation), operation.document]),
      });
      return response.items.map((item) => {
        const result = item.index ?? item.create;
        if (!result?.error) return undefined;
        if (result.status === 409)
          return new VersionConflictError(`document ${result._id} changed concurrently`);
        return new Error(
          `Elasticsearch refused document ${result._id} in ${result._index}: ${result.error.reason ?? result.error.type}`,
        );
      });
    }, options);
  }

  write(operation: IndexOperation): Promise<void> {
    return this.#batcher.submit(operation);
  }

  flush(): Promise<void> {
    return this.#batcher.flush();
  }
}

function actionOf(operation: IndexOperation): estypes.BulkOperationContainer {
  if (operation.expect === "absent") return { create: { _index: operation.index, _id: operation.id } };
  if (operation.expect === "any") return { index: { _index: operation.index, _id: operation.id } };
  return {
    index: {
      _index: operation.index,
      _id: operation.id,
      if_seq_no: operation.expect.seqNo,
      if_primary_term: operation.expect.primaryTerm,
    },
  };
}
