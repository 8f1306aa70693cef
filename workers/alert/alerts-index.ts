// Alert history: one document per (rule, article), written before any channel is tried, so Kibana shows every
// firing and its delivery status per channel. The document id makes a rule fire at most once per article.
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

export const AlertDocument = z.object({
  "@timestamp": z.string(),
  alertId: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  articleId: z.string(),
  revision: z.number().int(),
  title: z.string().nullable(),
  url: z.string(),
  source: z.string(),
  feed: z.string(),
  publishedAt: z.string().nullable(),
  watched: z.array(z.string()),
  status: z.enum(["pending", "delivered", "partial", "failed"]),
  deliveries: z.array(Delivery),
});
export type AlertDocument = z.infer<typeof AlertDocument>;

export function alertIdFor(ruleId: string, articleId: string): string {
  return `${ruleId}-${articleId}`;
}

export async function ensureAlertsIndex(es: ElasticsearchClient, names: IndexNames): Promise<void> {
  if (await es.indices.exists({ index: names.alerts })) return;
  const keyword = { type: "keyword" } as const;
  try {
    await es.indices.create({
      index: names.alerts,
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1" },
      mappings: {
        dynamic: false,
        properties: {
          "@timestamp": { type: "date" },
          alertId: keyword,
          ruleId: keyword,
          ruleName: keyword,
          articleId: keyword,
          revision: { type: "integer" },
          title: { type: "text", fields: { keyword: { type: "keyword", ignore_above: 1024 } } },
          url: keyword,
          source: keyword,
          feed: keyword,
          publishedAt: { type: "date" },
          watched: keyword,
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
        },
      },
    });
  } catch (error) {
    if (!(await es.indices.exists({ index: names.alerts }))) throw error;
  }
}
