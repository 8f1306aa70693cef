// Firing one rule for one article: the alert stage and the backfill (backfill.ts) both come here, so a live
// firing and a backfilled one write the same document under the same id. Creating the alert document (id =
// rule + story, op_type=create) is the one decision to alert; a copy of a story already alerted joins that
// alert's `articles` instead. Then each of the rule's channels gets a delivery carrying the alert id as its
// idempotency key, unless the caller asked for no notification (a backfill without --notify).
import type { WatchRule } from "../../config/watchlist-schema.ts";
import { describeError, PermanentError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/log.ts";
import type { PipelineMetrics } from "../../ops/metrics.ts";
import type { ArticleDocument } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import { AlertDocument, alertIdFor, type Delivery, type StoryArticle } from "./alerts-index.ts";
import { deliver } from "./channels.ts";
import { addToDigest } from "./digest.ts";
import { entitySnippet } from "./snippet.ts";

/** A channel this attempt could not deliver to; `permanent` when retrying cannot help. */
export interface FailedDelivery {
  channel: string;
  error: string;
  permanent: boolean;
}

export interface FireOptions {
  /** Written by `newsmon rules backfill`, not by the live path. */
  backfilled?: boolean;
  /** Tell the rule's channels (default true); false leaves the alert "silent", with no deliveries. */
  notify?: boolean;
}

export interface FireResult {
  /** "fired": this call created the alert; "joined": the article was added to its story's alert; "known": it was there. */
  outcome: "fired" | "joined" | "known";
  failures: FailedDelivery[];
}

/** The alert's snippet: the entity's first mention for an entity rule, else the query's highlight. */
export function alertSnippet(
  rule: WatchRule,
  article: ArticleDocument,
  highlight: string | null,
): string | null {
  return (rule.entity !== undefined ? entitySnippet(article, rule.entity) : null) ?? highlight;
}

/** Fires `rule` for `article` unless it already has (for this article's story); returns what happened. */
export async function fire(
  rule: WatchRule,
  article: ArticleDocument,
  snippet: string | null,
  deps: Deps,
  context: {
    log: Logger;
    attempt?: number;
    metrics?: Pick<PipelineMetrics, "alertFired" | "deliveryFailed">;
  },
  options: FireOptions = {},
): Promise<FireResult> {
  const { log, attempt, metrics } = context;
  const notify = options.notify ?? true;
  // Once per story: a syndicated copy of an article that already fired this rule joins that alert instead.
  const storyId = article.storyId ?? article.articleId;
  const alertId = alertIdFor(rule.id, storyId);
  const copy: StoryArticle = {
    articleId: article.articleId,
    title: article.title,
    url: article.canonicalUrl,
    source: article.source,
    at: new Date().toISOString(),
  };
  const channels = deps.loaded.config.alerts.channels.filter(
    (channel) => !rule.channels || rule.channels.includes(channel.name),
  );
  const watched = article.entityMentions.filter((entity) => entity.watched && entity.id !== null);
  let alert: AlertDocument = {
    "@timestamp": new Date().toISOString(),
    alertId,
    ruleId: rule.id,
    ruleName: rule.name,
    articleId: article.articleId,
    storyId,
    articles: [copy],
    revision: article.revision,
    title: article.title,
    url: article.canonicalUrl,
    source: article.source,
    feed: article.feed.name,
    publishedAt: article.publishedAt,
    watched: watched.map((entity) => entity.canonical),
    watchedIds: watched.map((entity) => entity.id as string),
    snippet,
    backfilled: options.backfilled ?? false,
    status: notify ? "pending" : "silent",
    deliveries: notify
      ? channels.map((channel) => ({
          channel: channel.name,
          status: "pending",
          attempts: 0,
          error: null,
          at: null,
        }))
      : [],
  };
  const created = await deps.es.index(
    { index: deps.names.alerts, id: alertId, document: alert, op_type: "create" },
    { ignore: [409] },
  );
  if (created.result === "created") {
    metrics?.alertFired(rule.id);
    if (!notify) return { outcome: "fired", failures: [] };
    if (rule.digest !== undefined) {
      await addToDigest(deps, rule, alertId);
      return { outcome: "fired", failures: [] };
    }
  } else {
    // Fired before: a new copy joins; the copy that fired finishes what an earlier attempt left undelivered.
    const existing = await deps.es.get<AlertDocument>({ index: deps.names.alerts, id: alertId });
    alert = AlertDocument.parse(existing._source);
    if (!alert.articles.some((known) => known.articleId === article.articleId)) {
      await deps.es.update({
        index: deps.names.alerts,
        id: alertId,
        doc: { articles: [...alert.articles, copy] },
        if_seq_no: existing._seq_no,
        // Another copy joining at the same moment makes this a conflict: the retry re-reads the list.
        if_primary_term: existing._primary_term,
      });
      log.info({ alertId, storyId }, `${article.canonicalUrl} joins the story already alerted by ${rule.id}`);
      return { outcome: "joined", failures: [] };
    }
    // Digest rules are delivered by the digest sender, not here; a backfill tells only of alerts it creates.
    if (
      !notify ||
      options.backfilled ||
      rule.digest !== undefined ||
      alert.deliveries.every((delivery) => delivery.status === "delivered")
    )
      return { outcome: "known", failures: [] };
  }

  const refused = new Set<string>();
  const results = await Promise.all(
    alert.deliveries.map(async (delivery): Promise<Delivery> => {
      const channel = channels.find((candidate) => candidate.name === delivery.channel);
      if (delivery.status === "delivered" || !channel) return delivery;
      try {
        await deliver(channel, alert, deps.http, log);
        return {
          ...delivery,
          status: "delivered",
          attempts: delivery.attempts + 1,
          error: null,
          at: new Date().toISOString(),
        };
      } catch (error) {
        metrics?.deliveryFailed(delivery.channel);
        if (error instanceof PermanentError) refused.add(delivery.channel);
        return {
          ...delivery,
          status: "failed",
          attempts: delivery.attempts + 1,
          error: describeError(error),
          at: new Date().toISOString(),
        };
      }
    }),
  );
  const delivered = results.filter((delivery) => delivery.status === "delivered").length;
  const status = delivered === results.length ? "delivered" : delivered === 0 ? "failed" : "partial";
  // A partial update: copies that joined meanwhile stay on the list. A copy joining between Elasticsearch's
  // read and write of this update is a conflict that a retry resolves; failing here would deliver again.
  await deps.es.update({
    index: deps.names.alerts,
    id: alertId,
    doc: { deliveries: results, status },
    retry_on_conflict: 5,
  });
  log.debug({ alertId, status, attempt }, `rule ${rule.id} fired`);
  return {
    outcome: created.result === "created" ? "fired" : "known",
    failures: results
      .filter((delivery) => delivery.status === "failed")
      .map(({ channel, error }) => ({ channel, error: error ?? "", permanent: refused.has(channel) })),
  };
}
