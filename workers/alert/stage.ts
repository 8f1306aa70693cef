// alert: a new or changed article in; it is matched against every rule (rules-index.ts), and each matching rule fires once
// per story (syndicated copies join the first copy's alert): an alert document (alert history, delivery status per channel) and a delivery on each of the
// rule's channels. Fails: a channel that could not be reached makes the job retry with backoff, and the retry
// delivers only to the channels still pending; after the last attempt the alert stays "failed" or "partial".
import type { WatchRule } from "../../config/watchlist-schema.ts";
import { describeError, PermanentError } from "../../lib/errors.ts";
import type { ArticleDocument } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import type { Stage, StageContext } from "../stage.ts";
import { AlertDocument, alertIdFor, type Delivery, type StoryArticle } from "./alerts-index.ts";
import { deliver } from "./channels.ts";
import { addToDigest } from "./digest.ts";
import { matchRules } from "./rules-index.ts";

export const alertStage: Stage<"alert"> = {
  name: "alert",
  async run({ articleId }, deps, context) {
    const article = await deps.es.get<ArticleDocument>(
      { index: deps.names.articles, id: articleId },
      { ignore: [404] },
    );
    if (!article.found || !article._source)
      throw new PermanentError(`article ${articleId} is not in ${deps.names.articles}`);
    const rules = await matchingRules(deps, article._source);
    const failures: string[] = [];
    for (const rule of rules) {
      failures.push(...(await fire(rule, article._source, deps, context)));
    }
    if (failures.length > 0) throw new Error(`alert delivery failed: ${failures.join("; ")}`);
    return { next: [] };
  },
};

async function matchingRules(deps: Deps, article: ArticleDocument): Promise<WatchRule[]> {
  const { rules } = deps.live.watchlist;
  const matched = await matchRules(deps.es, deps.names, deps.capabilities, rules, article);
  return rules.filter((rule) => matched.has(rule.id) && mentionsEnough(rule, article));
}

function mentionsEnough(rule: WatchRule, article: ArticleDocument): boolean {
  if (rule.entity === undefined || rule.minMentions === undefined) return true;
  const found = article.entityMentions.find((entity) => entity.id === rule.entity);
  return (found?.count ?? 0) >= rule.minMentions;
}

/** Fires `rule` for `article` unless it already has; returns the channels that failed. */
async function fire(
  rule: WatchRule,
  article: ArticleDocument,
  deps: Deps,
  { log, attempt, metrics }: StageContext,
): Promise<string[]> {
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
    watched: article.entities.watched,
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
    // Fired before: finish what an earlier attempt left undelivered, and never fire twice.
    const existing = await deps.es.get<AlertDocument>({ index: deps.names.alerts, id: alertId });
    alert = AlertDocument.parse(existing._source);
    if (!alert.articles.some((known) => known.articleId === article.articleId)) {
      alert = { ...alert, articles: [...alert.articles, copy] };
      await deps.es.index({ index: deps.names.alerts, id: alertId, document: alert });
      log.info({ alertId, storyId }, `${article.canonicalUrl} joins the story already alerted by ${rule.id}`);
      return [];
    }
    // Digest rules are delivered by the digest sender, not here.
    if (rule.digest !== undefined || alert.deliveries.every((delivery) => delivery.status === "delivered"))
      return [];
  }

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
  alert = {
    ...alert,
    deliveries: results,
    status: delivered === results.length ? "delivered" : delivered === 0 ? "failed" : "partial",
  };
  await deps.es.index({ index: deps.names.alerts, id: alertId, document: alert });
  log.debug({ alertId, status: alert.status, attempt }, `rule ${rule.id} fired`);
  return results
    .filter((delivery) => delivery.status === "failed")
    .map((delivery) => `${delivery.channel}: ${delivery.error}`);
}
