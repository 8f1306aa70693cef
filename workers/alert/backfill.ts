// Backfill: one rule applied to the articles already indexed (`newsmon rules backfill`, POST
// /rules/<rule>/backfill on the ops server). The rule's conditions become Elasticsearch filters (entity, title,
// language, source, its query string; `since` on the published time) so only candidates come back, paged with
// a point in time and search_after; each hit is then checked in-process exactly as the live path checks it
// (rules.ts) and fired through the same function (fire.ts): the same alert id per rule and story, so a story
// already alerted live is not alerted again and a later live firing joins the backfilled alert. Backfilled
// alerts carry `backfilled: true`; channels are told only with `notify` (and only of alerts the backfill
// creates). Fails: an unknown or broken rule before any search; a query Elasticsearch refuses.
import { errors, type estypes } from "@elastic/elasticsearch";
import type { WatchRule } from "../../config/watchlist-schema.ts";
import type { Logger } from "../../lib/log.ts";
import type { ArticleDocument } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import { alertSnippet, type FailedDelivery, fire } from "./fire.ts";
import { fieldConditionsHold, queryCondition } from "./rules.ts";

/** A rule that cannot be backfilled: not in the watchlist, or broken (the reason says which and why). */
export class BackfillRefused extends Error {
  override name = "BackfillRefused";
  readonly kind: "unknown rule" | "broken rule";
  constructor(message: string, kind: "unknown rule" | "broken rule") {
    super(message);
    this.kind = kind;
  }
}

export interface BackfillOptions {
  /** Only articles published (or, undated, fetched) at or after this time. */
  since?: Date;
  /** Tell the rule's channels of each alert the backfill creates. */
  notify?: boolean;
  /** Articles per search page. */
  pageSize?: number;
}

export interface BackfillSummary {
  rule: string;
  since: string | null;
  notify: boolean;
  /** Articles the rule's filters let through (read and checked in-process). */
  candidates: number;
  /** Of those, articles the rule matches. */
  matched: number;
  /** Alerts created (stories not alerted before). */
  fired: number;
  /** Articles added to their story's existing alert as a further copy. */
  joined: number;
  /** Articles already on their story's alert (alerted live, or by an earlier backfill). */
  known: number;
  failedDeliveries: FailedDelivery[];
  tookMs: number;
}

/** Stories fired at once: enough to keep Elasticsearch busy, few enough to leave the live path its share. */
const storiesInParallel = 8;

export async function backfillRule(
  deps: Deps,
  ruleId: string,
  options: BackfillOptions,
  log: Logger,
): Promise<BackfillSummary> {
  const started = Date.now();
  const rule = deps.live.watchlist.rules.find((candidate) => candidate.id === ruleId);
  if (!rule) {
    const known = deps.live.watchlist.rules.map((candidate) => candidate.id).join(", ");
    throw new BackfillRefused(
      `no rule "${ruleId}" in ${deps.loaded.watchlistPath}; rules: ${known}`,
      "unknown rule",
    );
  }
  const broken = deps.live.brokenRules.get(rule.id);
  if (broken) throw new BackfillRefused(`rule ${rule.id} is broken: ${broken}`, "broken rule");

  const notify = options.notify ?? false;
  const summary: BackfillSummary = {
    rule: rule.id,
    since: options.since?.toISOString() ?? null,
    notify,
    candidates: 0,
    matched: 0,
    fired: 0,
    joined: 0,
    known: 0,
    failedDeliveries: [],
    tookMs: 0,
  };
  // Articles indexed a moment ago are searchable only after a refresh.
  await deps.es.indices.refresh({ index: deps.names.articles });
  const pit = await deps.es.openPointInTime({ index: deps.names.articles, keep_alive: "2m" });
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await deps.es.search<ArticleDocument>({
        pit: { id: pit.id, keep_alive: "2m" },
        size: options.pageSize ?? 500,
        query: { bool: { filter: candidateFilters(rule, options.since) } },
        // First indexed first, as the live path met them: the first copy of a story is the one that fires.
        sort: [{ indexedAt: "asc" }, { _shard_doc: "asc" }],
        ...(after ? { search_after: after } : {}),
        ...(rule.query !== undefined
          ? {
              highlight: {
                pre_tags: ["**"],
                post_tags: ["**"],
                fragment_size: 200,
                number_of_fragments: 1,
                fields: { text: {}, title: {} },
              },
            }
          : {}),
      });
      const hits = page.hits.hits;
      // One queue per story, in the order indexed (its first copy fires, the others join); stories in parallel.
      const stories = new Map<string, Array<{ article: ArticleDocument; snippet: string | null }>>();
      for (const hit of hits) {
        const article = hit._source;
        if (!article) continue;
        summary.candidates += 1;
        if (!fieldConditionsHold(rule, article)) continue;
        summary.matched += 1;
        const highlight = hit.highlight?.text?.[0] ?? hit.highlight?.title?.[0] ?? null;
        const storyId = article.storyId ?? article.articleId;
        const story = stories.get(storyId) ?? [];
        story.push({ article, snippet: alertSnippet(rule, article, highlight) });
        stories.set(storyId, story);
      }
      const queue = [...stories.values()];
      const worker = async () => {
        for (let story = queue.shift(); story; story = queue.shift()) {
          for (const { article, snippet } of story) {
            const result = await fireRetryingConflicts(rule, article, snippet, { deps, log, notify });
            summary[result.outcome] += 1;
            summary.failedDeliveries.push(...result.failures);
          }
        }
      };
      await Promise.all(Array.from({ length: storiesInParallel }, worker));
      after = hits.at(-1)?.sort;
      if (hits.length === 0 || !after) break;
    }
  } finally {
    await deps.es.closePointInTime({ id: pit.id }, { ignore: [404] });
  }
  summary.tookMs = Date.now() - started;
  log.info({ ...summary, failedDeliveries: summary.failedDeliveries.length }, `backfilled rule ${rule.id}`);
  return summary;
}

/** A date (`2026-11-01`) or date-time (ISO 8601; UTC unless it names a zone) given for --since / ?since=; null when it is neither. */
export function parseSince(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  // Without a zone, UTC (JavaScript would read a bare date-time as local time).
  const zoned =
    value.length === 10 ? `${value}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The rule's conditions as Elasticsearch filters: a superset of what fieldConditionsHold accepts. */
function candidateFilters(rule: WatchRule, since: Date | undefined): estypes.QueryDslQueryContainer[] {
  const filters: estypes.QueryDslQueryContainer[] = [];
  if (since) filters.push({ range: { "@timestamp": { gte: since.toISOString() } } });
  if (rule.entity !== undefined) {
    filters.push({ term: { [rule.inTitle ? "entities.watchedInTitle" : "entities.watched"]: rule.entity } });
  }
  if (rule.languages !== undefined) filters.push({ terms: { lang: rule.languages } });
  if (rule.sources !== undefined) filters.push({ terms: { source: rule.sources } });
  if (rule.query !== undefined) filters.push(queryCondition(rule.query));
  return filters;
}

/** A live copy of the same story joining at the same moment makes the join a conflict: read again and retry. */
async function fireRetryingConflicts(
  rule: WatchRule,
  article: ArticleDocument,
  snippet: string | null,
  { deps, log, notify }: { deps: Deps; log: Logger; notify: boolean },
): ReturnType<typeof fire> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fire(rule, article, snippet, deps, { log }, { backfilled: true, notify });
    } catch (error) {
      const conflict = error instanceof errors.ResponseError && error.statusCode === 409;
      if (!conflict || attempt >= 5) throw error;
    }
  }
}

/** One paragraph for people: what the backfill read, fired and told. */
export function describeBackfill(summary: BackfillSummary, articlesIndex: string): string {
  const since = summary.since ? ` published since ${summary.since}` : "";
  const told = summary.notify
    ? summary.failedDeliveries.length > 0
      ? `channels told; ${summary.failedDeliveries.length} delivery(ies) failed: ${summary.failedDeliveries.map(({ channel, error }) => `${channel}: ${error}`).join("; ")}`
      : "channels told"
    : "channels not told (--notify tells them)";
  return (
    `rule ${summary.rule} over ${articlesIndex}${since}: ${summary.candidates} candidate article(s), ${summary.matched} matched; ` +
    `${summary.fired} alert(s) created (backfilled), ${summary.joined} copy(ies) joined their story's alert, ` +
    `${summary.known} already alerted; ${told} (${(summary.tookMs / 1000).toFixed(1)} s)`
  );
}
