// alert: a new or changed article in. Its rules are matched (rules.ts: field conditions in-process, query
// strings batched in query-matcher.ts), and each matching rule fires once per story: syndicated copies join the
// first copy's alert. Firing is creating the alert document (id = rule + story), the one decision to alert,
// idempotent whatever crashes; then each of the rule's channels gets a delivery carrying that id as its
// idempotency key. Fails: an unreachable channel makes the job retry with backoff, delivering only to the
// channels still pending; after the last attempt the alert stays "failed" or "partial". Channels refused for
// good (a webhook on a private address not in fetch.allowPrivateHosts) end the job at once, dead-lettered, when
// no other channel failed. An Elasticsearch outage holds the job (the runner) without using attempts.
import type { WatchRule } from "../../config/watchlist-schema.ts";
import { describeError, PermanentError } from "../../lib/errors.ts";
import type { ArticleDocument } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import type { Stage, StageContext } from "../stage.ts";
import { AlertDocument, alertIdFor, type Delivery, type StoryArticle } from "./alerts-index.ts";
import { deliver } from "./channels.ts";
import { addToDigest } from "./digest.ts";
import { fieldConditionsHold } from "./rules.ts";
import { entitySnippet } from "./snippet.ts";

export const alertStage: Stage<"alert"> = {
  name: "alert",
  async run({ articleId, contentHash }, deps, context) {
    const stored = await deps.articleDocuments.read(articleId);
    if (!stored) throw new PermanentError(`article ${articleId} is not in ${deps.names.articles}`);
    const article = stored.source;
    // A newer revision was indexed since this job was queued; its own alert job decides for it.
    if (article.contentHash !== contentHash) return { next: [] };
    const failures: FailedDelivery[] = [];
    for (const { rule, snippet } of await matchingRules(deps, article)) {
      failures.push(...(await fire(rule, article, snippet, deps, context)));
    }
    if (failures.length > 0) {
      const listed = failures.map(({ channel, error }) => `${channel}: ${error}`);
      const reason = `alert delivery failed: ${listed.join("; ")}`;
      // A refused channel (a private address not allowed, say) is refused again on every retry.
      throw failures.every(({ permanent }) => permanent) ? new PermanentError(reason) : new Error(reason);
    }
    return { next: [] };
  },
};

async function matchingRules(
  deps: Deps,
  article: ArticleDocument,
): Promise<Array<{ rule: WatchRule; snippet: string | null }>> {
  const candidates = deps.live.rules.filter((rule) => fieldConditionsHold(rule, article));
  const queryRules = candidates.filter((rule) => rule.query !== undefined);
  const queryMatches = await deps.queryMatcher.match(article.articleId, queryRules);
  return candidates.flatMap((rule) => {
    if (rule.query !== undefined && !queryMatches.has(rule.id)) return [];
    // Skipped if it broke in this very batch.
    if (deps.live.brokenRules.has(rule.id)) return [];
    const snippet =
      (rule.entity !== undefined ? entitySnippet(article, rule.entity) : null) ??
      queryMatches.get(rule.id) ??
      null;
    return [{ rule, snippet }];
  });
}

/** Fires `rule` for `article` unless it already has; returns the channels that failed. */
async function fire(
  rule: WatchRule,
  article: ArticleDocument,
  snippet: string | null,
  deps: Deps,
  { log, attempt, metrics }: StageContext,
): Promise<FailedDelivery[]> {
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
    status: "pending",
    deliveries: channels.map((channel) => ({
      channel: channel.name,
      status: "pending",
      attempts: 0,
      error: null,
      at: null,
    })),
  };
  const created = await deps.es.index(
    { index: deps.names.alerts, id: alertId, document: alert, op_type: "create" },
    { ignore: [409] },
  );
  if (created.result === "created") {
    metrics.alertFired(rule.id);
    if (rule.digest !== undefined) {
      await addToDigest(deps, rule, alertId);
      return [];
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
      return [];
    }
    // Digest rules are delivered by the digest sender, not here.
    if (rule.digest !== undefined || alert.deliveries.every((delivery) => delivery.status === "delivered"))
      return [];
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
        metrics.deliveryFailed(delivery.channel);
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
  // A partial update: copies that joined meanwhile stay on the list.
  await deps.es.update({ index: deps.names.alerts, id: alertId, doc: { deliveries: results, status } });
  log.debug({ alertId, status, attempt }, `rule ${rule.id} fired`);
  return results
    .filter((delivery) => delivery.status === "failed")
    .map(({ channel, error }) => ({ channel, error: error ?? "", permanent: refused.has(channel) }));
}

/** A channel this attempt could not deliver to; `permanent` when retrying cannot help. */
interface FailedDelivery {
  channel: string;
  error: string;
  permanent: boolean;
}
