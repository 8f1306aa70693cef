// Alert rules as percolator queries: each rule of the watchlist becomes one document in the rules index, and
// every new or changed article is percolated against all of them at once. Rules are re-synced whenever the
// watchlist file changes, so an edited rule takes effect without a restart.
import type { estypes } from "@elastic/elasticsearch";
import type { Watchlist, WatchRule } from "../../config/watchlist-schema.ts";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import type { IndexNames } from "../../lib/index-names.ts";
import { articleAnalysis, articleProperties } from "../index/articles-index.ts";

export function ruleQuery(rule: WatchRule): estypes.QueryDslQueryContainer {
  const must: estypes.QueryDslQueryContainer[] = [];
  if (rule.entity !== undefined) {
    must.push({ term: { [rule.inTitle ? "entities.watchedInTitle" : "entities.watched"]: rule.entity } });
  }
  if (rule.query !== undefined) {
    must.push({ query_string: { query: rule.query, fields: ["title", "text"], default_operator: "AND" } });
  }
  return { bool: { must } };
}

export async function ensureRulesIndex(es: ElasticsearchClient, names: IndexNames): Promise<void> {
  if (await es.indices.exists({ index: names.rules })) return;
  try {
    await es.indices.create({
      index: names.rules,
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1", analysis: articleAnalysis },
      mappings: {
        dynamic: false,
        properties: { ...articleProperties, query: { type: "percolator" }, ruleId: { type: "keyword" } },
      },
    });
  } catch (error) {
    if (!(await es.indices.exists({ index: names.rules }))) throw error;
  }
}

/** Makes the rules index hold exactly the watchlist's rules. */
export async function syncRules(
  es: ElasticsearchClient,
  names: IndexNames,
  watchlist: Watchlist,
): Promise<void> {
  const operations = watchlist.rules.flatMap((rule) => [
    { index: { _index: names.rules, _id: rule.id } },
    { ruleId: rule.id, query: ruleQuery(rule) },
  ]);
  if (operations.length > 0) {
    const result = await es.bulk({ operations });
    const failed = result.items.find((item) => item.index?.error);
    if (failed?.index?.error) {
      throw new Error(`rule ${failed.index._id} was refused by Elasticsearch: ${failed.index.error.reason}`);
    }
  }
  await es.deleteByQuery({
    index: names.rules,
    query: { bool: { must_not: { ids: { values: watchlist.rules.map((rule) => rule.id) } } } },
    refresh: true,
    conflicts: "proceed",
  });
  await es.indices.refresh({ index: names.rules });
}
