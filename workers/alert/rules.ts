// Alert rules, evaluated where each condition is cheapest. Conditions on the article's own fields (watched
// entity, named in the title, mentions, language, source) are checked in-process from the document the index
// stage wrote; a `query` is an Elasticsearch query string, so it is Elasticsearch's to answer: every query rule
// for a batch of articles in one multi-search (query-matcher.ts). This is the one matching path on every
// Elasticsearch distribution (no percolator needed). Each query is validated when the watchlist is loaded; a
// rule Elasticsearch cannot parse is reported and skipped while the others keep firing.
import type { estypes } from "@elastic/elasticsearch";
import type { WatchRule } from "../../config/watchlist-schema.ts";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import type { ArticleDocument } from "../../queues/articles.ts";

/** The query-string condition of a rule, over title and text (every term required unless the query says OR). */
export function queryCondition(query: string): estypes.QueryDslQueryContainer {
  return { query_string: { query, fields: ["title", "text"], default_operator: "AND" } };
}

export interface ConditionCheck {
  ok: boolean;
  /** What was checked, for `newsmon rules test`: "SCO named in the title", "language en in [en, ru]". */
  text: string;
}

/** Every condition of the rule that needs no search, with whether the article meets it. */
export function checkFieldConditions(rule: WatchRule, article: ArticleDocument): ConditionCheck[] {
  const checks: ConditionCheck[] = [];
  if (rule.entity !== undefined) {
    const found = article.entityMentions.find((entity) => entity.id === rule.entity);
    const name = found?.canonical ?? rule.entity;
    checks.push({
      ok: found !== undefined,
      text: found ? `${name} is named (${found.count} mention(s))` : `${name} is not named`,
    });
    if (rule.inTitle) checks.push({ ok: found?.inTitle ?? false, text: `${name} named in the title` });
    if (rule.minMentions !== undefined) {
      checks.push({
        ok: (found?.count ?? 0) >= rule.minMentions,
        text: `at least ${rule.minMentions} mention(s) of ${name} (${found?.count ?? 0})`,
      });
    }
  }
  if (rule.languages !== undefined) {
    checks.push({
      ok: article.lang !== null && rule.languages.includes(article.lang),
      text: `language ${article.lang ?? "unknown"} in [${rule.languages.join(", ")}]`,
    });
  }
  if (rule.sources !== undefined) {
    checks.push({
      ok: rule.sources.includes(article.source),
      text: `source ${article.source} in [${rule.sources.join(", ")}]`,
    });
  }
  return checks;
}

export function fieldConditionsHold(rule: WatchRule, article: ArticleDocument): boolean {
  return checkFieldConditions(rule, article).every((check) => check.ok);
}

/**
 * The rules whose query Elasticsearch cannot run, each with the reason, asked of the articles index itself (so
 * the query meets the fields and analysers it will run against). Rules without a query cannot break here.
 */
export async function findBrokenRules(
  es: ElasticsearchClient,
  index: string | undefined,
  rules: WatchRule[],
): Promise<Map<string, string>> {
  const broken = new Map<string, string>();
  for (const rule of rules) {
    if (rule.query === undefined) continue;
    const result = await es.indices.validateQuery({
      index,
      explain: true,
      query: queryCondition(rule.query),
    });
    if (result.valid) continue;
    const reason = result.explanations?.find((explanation) => explanation.error)?.error ?? result.error;
    broken.set(rule.id, `query ${JSON.stringify(rule.query)} cannot be parsed: ${parserMessage(reason)}`);
  }
  return broken;
}

/** The query parser's own words, without the shard name and Java class names around them. */
function parserMessage(reason: string | undefined): string {
  if (!reason) return "invalid";
  const words = reason
    .split(/\b[\w.]+(?:Exception|Error): /)
    .pop()
    ?.trim();
  return words || reason;
}
