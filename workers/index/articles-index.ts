// The article index: an index template, a versioned index and the alias `news-articles` Kibana searches.
// Text is analysed with ASCII folding where the cluster has it (so "Ələkbərov" and "Alakbarov"-style queries
// meet) and carries keyword sub-fields for Kibana's filters; entities are keyword arrays by type with canonical
// names, which is what finds an entity under every spelling.
import type { estypes } from "@elastic/elasticsearch";
import type { ClusterCapabilities, ElasticsearchClient } from "../../lib/elasticsearch.ts";
import type { IndexNames } from "../../lib/index-names.ts";

const keyword = { type: "keyword" } as const;

/** Index settings and mappings for articles, and for the rules index, which must map every field a rule can query. */
export function articleMapping(capabilities: ClusterCapabilities): {
  analysis: estypes.IndicesIndexSettings["analysis"];
  properties: Record<string, estypes.MappingProperty>;
} {
  if (!capabilities.analysisCommon) return { analysis: {}, properties: articleProperties("standard") };
  return {
    analysis: {
      analyzer: {
        folded: { type: "custom", tokenizer: "standard", filter: ["lowercase", "asciifolding_keep"] },
      },
      filter: { asciifolding_keep: { type: "asciifolding", preserve_original: true } },
    },
    properties: articleProperties("folded"),
  };
}

function articleProperties(analyzer: string): Record<string, estypes.MappingProperty> {
  const analysedText = { type: "text", analyzer } as const;
  return {
    "@timestamp": { type: "date" },
    articleId: keyword,
    url: keyword,
    canonicalUrl: keyword,
    source: keyword,
    feed: { properties: { id: keyword, name: keyword } },
    title: { ...analysedText, fields: { keyword: { type: "keyword", ignore_above: 1024 } } },
    text: analysedText,
    lang: keyword,
    authors: { type: "keyword", fields: { text: analysedText } },
    publishedAt: { type: "date" },
    fetchedAt: { type: "date" },
    indexedAt: { type: "date" },
    contentHash: keyword,
    revision: { type: "integer" },
    /** The story the article belongs to: the article id of its first copy (see story.ts). */
    storyId: keyword,
    storySignature: { type: "keyword", index: false },
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
}

export async function ensureArticlesIndex(
  es: ElasticsearchClient,
  names: IndexNames,
  capabilities: ClusterCapabilities,
): Promise<void> {
  const { analysis, properties } = articleMapping(capabilities);
  await es.indices.putIndexTemplate({
    name: names.articles,
    index_patterns: [`${names.articles}-v*`],
    template: {
      // Searchable within 5 s, not 1 s: each refresh writes a segment that later merges cost CPU for, and no
      // alert waits for it (the alert stage gets the document from the index stage; query rules refresh).
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1", refresh_interval: "5s", analysis },
      mappings: { dynamic: false, properties },
    },
  });
  if (await es.indices.exists({ index: names.articlesVersioned })) {
    // Fields added since the index was created (additions are the one mapping change that needs no reindex).
    await es.indices.putMapping({ index: names.articlesVersioned, properties });
    return;
  }
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
