// Batches the index stage's writes into Elasticsearch bulk requests. Concurrent index jobs each hand in one
// operation and wait for its own outcome; a batch goes out when it is full or a few milliseconds old, so a
// burst of articles costs a few bulk requests while a lone article waits no longer than the linger time.
import type { estypes } from "@elastic/elasticsearch";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";

export interface IndexOperation {
  index: string;
  id: string;
  document: Record<string, unknown>;
  /** Optimistic concurrency: write only if the document is still at this version (or absent, for create). */
  expect: { seqNo: number; primaryTerm: number } | "absent";
}

interface Pending {
  operation: IndexOperation;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class VersionConflictError extends Error {
  override name = "VersionConflictError";
}

export class BulkWriter {
  readonly #es: ElasticsearchClient;
  readonly #maxBatch: number;
  readonly #lingerMs: number;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(es: ElasticsearchClient, options: { maxBatch?: number; lingerMs?: number } = {}) {
    this.#es = es;
    this.#maxBatch = options.maxBatch ?? 200;
    this.#lingerMs = options.lingerMs ?? 10;
  }

  write(operation: IndexOperation): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ operation, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) void this.flush();
      else this.#timer ??= setTimeout(() => void this.flush(), this.#lingerMs);
    });
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    const operations = batch.flatMap(({ operation }) => [actionOf(operation), operation.document]);
    try {
      const response = await this.#es.bulk({ operations });
      response.items.forEach((item, position) => {
        const pending = batch[position];
        const result = item.index ?? item.create;
        if (!pending) return;
        if (!result?.error) pending.resolve();
        else if (result.status === 409)
          pending.reject(new VersionConflictError(`article ${result._id} changed concurrently`));
        else
          pending.reject(
            new Error(
              `Elasticsearch refused article ${result._id}: ${result.error.reason ?? result.error.type}`,
            ),
          );
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
    }
  }
}

function actionOf(operation: IndexOperation): estypes.BulkOperationContainer {
  if (operation.expect === "absent") return { create: { _index: operation.index, _id: operation.id } };
  return {
    index: {
      _index: operation.index,
      _id: operation.id,
      if_seq_no: operation.expect.seqNo,
      if_primary_term: operation.expect.primaryTerm,
    },
  };
}
