// Alert rules as queries in the rules index, one document per watchlist rule, re-synced whenever the watchlist
// file changes so an edited rule takes effect without a restart. Where the cluster has the percolator module
// (every standard distribution), each new or changed article is percolated against all rules at once. The
// minimal server that `infra/services.sh` runs locally has no percolator; there the same rule queries run as
// one multi-search restricted to the article's id, which gives the same answer for a freshly indexed article.
import type { estypes } from "@elastic/elasticsearch";
import type { Watchlist, WatchRule } from "../../config/watchlist-schema.ts";
import type { ClusterCapabilities, ElasticsearchClient } from "../../lib/elasticsearch.ts";
import type { IndexNames } from "../../lib/index-names.ts";
import type { ArticleDocument } from "../../queues/articles.ts";
import { articleMapping } from "../index/articles-index.ts";

export function ruleQuery(rule: WatchRule): estypes.QueryDslQueryContainer {
  const must: estypes.QueryDslQueryContainer[] = [];
  if (rule.entity !== undefined) {
    must.push({ term: { [rule.inTitle ? "entities.watchedInTitle" : "entities.watched"]: rule.entity } });
  }
  if (rule.query !== undefined) {
    must.push({ query_string: { query: rule.query, fields: ["title", "text"], default_operator: "AND" } });
  }
  if (rule.languages !== undefined) must.push({ terms: { lang: rule.languages } });
  if (rule.sources !== undefined) must.push({ terms: { source: rule.sources } });
  return { bool: { must } };
}

export async function ensureRulesIndex(
  es: ElasticsearchClient,
  names: IndexNames,
  capabilities: ClusterCapabilities,
): Promise<void> {
  if (await es.indices.exists({ index: names.rules })) return;
  const { analysis, properties } = articleMapping(capabilities);
  const query: estypes.MappingProperty = capabilities.percolator
    ? { type: "percolator" }
    : { type: "object", enabled: false };
  try {
    await es.indices.create({
      index: names.rules,
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1", analysis },
      mappings: { dynamic: false, properties: { ...properties, query, ruleId: { type: "keyword" } } },
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
  const wanted = new Set(watchlist.rules.map((rule) => rule.id));
  const stored = await es.search({
    index: names.rules,
    size: 10_000,
    _source: false,
    query: { match_all: {} },
  });
  const stale = stored.hits.hits.flatMap((hit) => (hit._id && !wanted.has(hit._id) ? [hit._id] : []));
  const operations = [
    ...watchlist.rules.flatMap((rule) => [
      { index: { _index: names.rules, _id: rule.id } },
      { ruleId: rule.id, query: ruleQuery(rule) },
    ]),
    ...stale.map((id) => ({ delete: { _index: names.rules, _id: id } })),
  ];
  if (operations.length === 0) return;
  const result = await es.bulk({ operations, refresh: true });
  const failed = result.items.map((item) => item.index ?? item.delete).find((item) => item?.error);
  if (failed?.error)
    throw new Error(`rule ${failed._id} was refused by Elasticsearch: ${failed.error.reason}`);
}

/** Ids of the rules whose query matches the article. */
export async function matchRules(
  es: ElasticsearchClient,
  names: IndexNames,
  capabilities: ClusterCapabilities,
  rules: WatchRule[],
  article: ArticleDocument,
): Promise<Set<string>> {
  if (capabilities.percolator) {
    const response = await es.search<{ ruleId: string }>({
      index: names.rules,
      size: 10_000,
      _source: ["ruleId"],
      query: { percolate: { field: "query", document: article } },
    });
    return new Set(response.hits.hits.flatMap((hit) => (hit._source ? [hit._source.ruleId] : [])));
  }
  if (rules.length === 0) return new Set();
  // The article was written by the index stage; make it visible to search before asking.
  await es.indices.refresh({ index: names.articles });
  const response = await es.msearch({
    index: names.articles,
    searches: rules.flatMap((rule) => [
      {},
      { size: 0, query: { bool: { filter: [{ ids: { values: [article.articleId] } }, ruleQuery(rule)] } } },
    ]),
  });
  const matched = new Set<string>();
  response.responses.forEach((result, position) => {
    const rule = rules[position];
    if (!rule) return;
    if ("error" in result)
      throw new Error(`rule ${rule.id} failed: ${result.error.reason ?? result.error.type}`);
    const total = result.hits.total;
    if ((typeof total === "number" ? total : (total?.value ?? 0)) > 0) matched.add(rule.id);
  });
  return matched;
}
