// The article index: an index template, a versioned index and the alias `news-articles` Kibana searches.
// Text is analysed with ASCII folding (so "Ələkbərov" and "Alakbarov"-style queries meet where they can) and
// carries keyword sub-fields for Kibana's filters; entities are keyword arrays by type with canonical names.
import type { estypes } from "@elastic/elasticsearch";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import type { IndexNames } from "../../lib/index-names.ts";

const keyword = { type: "keyword" } as const;
const foldedText = { type: "text", analyzer: "folded" } as const;

export const articleAnalysis: estypes.IndicesIndexSettings["analysis"] = {
  analyzer: {
    folded: { type: "custom", tokenizer: "standard", filter: ["lowercase", "asciifolding_keep"] },
  },
  filter: { asciifolding_keep: { type: "asciifolding", preserve_original: true } },
};

/** Shared with the percolator index, which must map every field a rule can query. */
export const articleProperties: Record<string, estypes.MappingProperty> = {
  "@timestamp": { type: "date" },
  articleId: keyword,
  url: keyword,
  canonicalUrl: keyword,
  source: keyword,
  feed: { properties: { id: keyword, name: keyword } },
  title: { ...foldedText, fields: { keyword: { type: "keyword", ignore_above: 1024 } } },
  text: foldedText,
  lang: keyword,
  authors: { type: "keyword", fields: { text: foldedText } },
  publishedAt: { type: "date" },
  fetchedAt: { type: "date" },
  indexedAt: { type: "date" },
  contentHash: keyword,
  revision: { type: "integer" },
  entities: {
    properties: {
      person: keyword,
      organization: keyword,
      place: keyword,
      event: keyword,
      /** Watchlist ids of the watched entities mentioned; what entity rules match on. */
      watched: keyword,
      watchedInTitle: keyword,
    },
  },
  /** Per-entity detail (counts, offsets, surface forms): kept in _source for display, not indexed. */
  entityMentions: { type: "object", enabled: false },
};

export async function ensureArticlesIndex(es: ElasticsearchClient, names: IndexNames): Promise<void> {
  await es.indices.putIndexTemplate({
    name: names.articles,
    index_patterns: [`${names.articles}-v*`],
    template: {
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1", analysis: articleAnalysis },
      mappings: { dynamic: false, properties: articleProperties },
    },
  });
  if (await es.indices.exists({ index: names.articlesVersioned })) return;
  try {
    await es.indices.create({
      index: names.articlesVersioned,
      aliases: { [names.articles]: { is_write_index: true } },
    });
  } catch (error) {
    // Another worker created it between our check and our create.
    if (!(await es.indices.exists({ index: names.articlesVersioned }))) throw error;
  }
}
