// Query-string rules over many articles at once. Concurrent alert jobs each ask which of their query rules match
// their article; the asks of a few milliseconds travel together: one refresh of the articles index (an article
// just written is not searchable before it) and one multi-search holding one search per rule, restricted to the
// batch's articles, with the matching sentence highlighted for the alert's snippet. A rule Elasticsearch refuses
// fails alone: it is reported as broken and the other rules' answers stand.
import type { WatchRule } from "../../config/watchlist-schema.ts";
import { type BatchOptions, MicroBatcher } from "../../lib/batch.ts";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import { queryCondition } from "./rules.ts";

interface Ask {
  articleId: string;
  rules: WatchRule[];
}

/** For each matching rule, the highlighted fragment (the match marked **like this**), or null without one. */
export type QueryMatches = Map<string, string | null>;

export class QueryMatcher {
  readonly #batcher: MicroBatcher<Ask, QueryMatches>;

  constructor(
    es: ElasticsearchClient,
    index: string,
    onBrokenRule: (ruleId: string, reason: string) => void,
    options: BatchOptions = {},
  ) {
    this.#batcher = new MicroBatcher(async (asks) => {
      const rules = new Map<string, { rule: WatchRule; articleIds: string[] }>();
      // Which asks wait for an (article, rule) answer: a job may be repeated within one batch.
      const askedBy = new Map<string, number[]>();
      asks.forEach((ask, position) => {
        for (const rule of ask.rules) {
          const entry = rules.get(rule.id) ?? { rule, articleIds: [] };
          entry.articleIds.push(ask.articleId);
          rules.set(rule.id, entry);
          const key = `${ask.articleId} ${rule.id}`;
          askedBy.set(key, [...(askedBy.get(key) ?? []), position]);
        }
      });
      const answers = asks.map((): QueryMatches => new Map());
      if (rules.size === 0) return answers;
      await es.indices.refresh({ index });
      const searches = [...rules.values()];
      const response = await es.msearch({
        index,
        searches: searches.flatMap(({ rule, articleIds }) => [
          {},
          {
            size: articleIds.length,
            _source: false,
            query: { bool: { filter: [{ ids: { values: articleIds } }, queryCondition(rule.query ?? "")] } },
            highlight: {
              pre_tags: ["**"],
              post_tags: ["**"],
              fragment_size: 200,
              number_of_fragments: 1,
              fields: { text: {}, title: {} },
            },
          },
        ]),
      });
      response.responses.forEach((result, position) => {
        const search = searches[position];
        if (!search) return;
        if ("error" in result) {
          // A refused query (400) is the rule's fault; an overloaded or failing cluster is nobody's rule.
          if (result.status !== 400)
            throw new Error(`searching rule ${search.rule.id}: ${result.error.type}`);
          onBrokenRule(search.rule.id, result.error.reason ?? result.error.type);
          return;
        }
        for (const hit of result.hits.hits) {
          const fragment = hit.highlight?.text?.[0] ?? hit.highlight?.title?.[0] ?? null;
          for (const position of askedBy.get(`${hit._id} ${search.rule.id}`) ?? [])
            answers[position]?.set(search.rule.id, fragment);
        }
      });
      return answers;
    }, options);
  }

  match(articleId: string, rules: WatchRule[]): Promise<QueryMatches> {
    if (rules.length === 0) return Promise.resolve(new Map());
    return this.#batcher.submit({ articleId, rules });
  }
}
