// Alert history: one document per (rule, story), written before any channel is tried, so Kibana shows every
// firing, the copies of the story that matched, and its delivery status per channel. The document id (rule +
// story) makes a rule fire at most once per story, whatever crashes and retries happen: creating it is the one
// decision to alert, and a repeat of that decision finds the document there. It is also the idempotency key every
// delivery carries.
import type { estypes } from "@elastic/elasticsearch";
import { z } from "zod";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import type { IndexNames } from "../../lib/index-names.ts";

export const Delivery = z.object({
  channel: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  error: z.string().nullable(),
  at: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

export const StoryArticle = z.object({
  articleId: z.string(),
  title: z.string().nullable(),
  url: z.string(),
  source: z.string(),
  at: z.string(),
});
export type StoryArticle = z.infer<typeof StoryArticle>;

export const AlertDocument = z.object({
  "@timestamp": z.string(),
  alertId: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  /** The article that fired the rule first. */
  articleId: z.string(),
  /** Absent on alerts written before stories existed. */
  storyId: z.string().optional(),
  /** Every copy of the story that matched the rule, the first one included. */
  articles: z.array(StoryArticle).default([]),
  revision: z.number().int(),
  title: z.string().nullable(),
  url: z.string(),
  source: z.string(),
  feed: z.string(),
  publishedAt: z.string().nullable(),
  /** Names of the watched entities the article mentions (as shown to people). */
  watched: z.array(z.string()),
  /** Their watchlist ids (for filters). */
  watchedIds: z.array(z.string()).default([]),
  /** The sentence that made the rule match, the match marked **like this**. */
  snippet: z.string().nullable().default(null),
  /** Written by `newsmon rules backfill` over articles indexed before (absent on older alerts). */
  backfilled: z.boolean().default(false),
  /** "silent": a backfilled alert no channel was told of (no --notify); its deliveries are empty. */
  status: z.enum(["pending", "delivered", "partial", "failed", "silent"]),
  deliveries: z.array(Delivery),
});
export type AlertDocument = z.infer<typeof AlertDocument>;

export function alertIdFor(ruleId: string, storyId: string): string {
  return `${ruleId}-${storyId}`;
}

const keyword = { type: "keyword" } as const;

const alertProperties: Record<string, estypes.MappingProperty> = {
  "@timestamp": { type: "date" },
  alertId: keyword,
  ruleId: keyword,
  ruleName: keyword,
  articleId: keyword,
  storyId: keyword,
  articles: { properties: { articleId: keyword, url: keyword, source: keyword, title: { type: "text" } } },
  revision: { type: "integer" },
  title: { type: "text", fields: { keyword: { type: "keyword", ignore_above: 1024 } } },
  url: keyword,
  source: keyword,
  feed: keyword,
  publishedAt: { type: "date" },
  watched: keyword,
  watchedIds: keyword,
  snippet: { type: "text" },
  backfilled: { type: "boolean" },
  status: keyword,
  deliveries: {
    properties: {
      channel: keyword,
      status: keyword,
      attempts: { type: "integer" },
      error: keyword,
      at: { type: "date" },
    },
  },
};

export async function ensureAlertsIndex(es: ElasticsearchClient, names: IndexNames): Promise<void> {
  if (await es.indices.exists({ index: names.alerts })) {
    // Fields added since the index was created.
    await es.indices.putMapping({ index: names.alerts, properties: alertProperties });
    return;
  }
  try {
    await es.indices.create({
      index: names.alerts,
      // Searchable (Kibana, the ops dashboard) within 5 s; firing reads alerts by id, which needs no refresh.
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1", refresh_interval: "5s" },
      mappings: { dynamic: false, properties: alertProperties },
    });
  } catch (error) {
    if (!(await es.indices.exists({ index: names.alerts }))) throw error;
  }
}
