// Job payloads, one schema per queue. Jobs carry references (ids, URLs, hashes), never page bodies: the raw
// page lives in the raw store, cleaned text and entities in the artifact store, the article in Elasticsearch.
import { z } from "zod";
import type { StageName } from "./topology.ts";

const articleId = z.string().regex(/^[0-9a-f]{24}$/, "a 24-hex-digit article id");
const contentHash = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 hex digest");
const isoDate = z.iso.datetime({ offset: true }).nullable();

export const PollJob = z.strictObject({ feedId: z.string().min(1) });
export type PollJob = z.infer<typeof PollJob>;

/** What the feed said about the item; the page may say better, the feed is the fallback. */
export const FeedItemRef = z.strictObject({
  title: z.string().nullable(),
  published: isoDate,
  updated: isoDate,
  guid: z.string().nullable(),
});
export type FeedItemRef = z.infer<typeof FeedItemRef>;

export const FetchJob = z.strictObject({
  articleId,
  url: z.url(),
  feedId: z.string().min(1),
  item: FeedItemRef,
  /** Set on a revisit of an already fetched article: the step of `fetch.revisitAfter` (0 = the first). */
  revisit: z.number().int().nonnegative().optional(),
});
export type FetchJob = z.infer<typeof FetchJob>;

/**
 * `replay` is set by `newsmon replay`: the article is re-indexed and re-percolated even when its text is
 * unchanged (the extractor or watchlist may have changed), and it makes the replay's job ids fresh.
 */
const replay = z
  .string()
  .regex(/^[0-9a-z]+$/)
  .optional();

export const CleanJob = z.strictObject({ articleId, replay });
export type CleanJob = z.infer<typeof CleanJob>;

export const ArticleVersionJob = z.strictObject({ articleId, contentHash, replay });
export type ArticleVersionJob = z.infer<typeof ArticleVersionJob>;

export const AlertJob = z.strictObject({ articleId, contentHash, revision: z.number().int().positive() });
export type AlertJob = z.infer<typeof AlertJob>;

export const payloadSchemas = {
  poll: PollJob,
  fetch: FetchJob,
  clean: CleanJob,
  entities: ArticleVersionJob,
  index: ArticleVersionJob,
  alert: AlertJob,
} satisfies Record<StageName, z.ZodType>;

export type Payload<S extends StageName> = z.infer<(typeof payloadSchemas)[S]>;

/** One job of a batch: the id it would have as a job of its own, and its payload (validated when it runs). */
export const BatchItem = z.strictObject({ jobId: z.string().min(1), data: z.unknown() });
export type BatchItem = z.infer<typeof BatchItem>;

/** Several jobs for one stage travelling as one BullMQ job (workers/runner.ts). */
export const BatchJob = z.strictObject({ batch: z.array(BatchItem).min(1) });
export type BatchJob = z.infer<typeof BatchJob>;

export const DeadLetter = z.strictObject({
  queue: z.string(),
  jobId: z.string(),
  url: z.string().nullable(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.iso.datetime(),
  data: z.unknown(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
