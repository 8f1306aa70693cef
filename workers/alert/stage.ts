// alert: a new or changed article in. Its rules are matched (rules.ts: field conditions in-process, query
// strings batched in query-matcher.ts), and each matching rule fires once per story: syndicated copies join the
// first copy's alert. Firing is creating the alert document (id = rule + story), the one decision to alert,
// idempotent whatever crashes; then each of the rule's channels gets a delivery carrying that id as its
// idempotency key. Fails: an unreachable channel makes the job retry with backoff, delivering only to the
// channels still pending; after the last attempt the alert stays "failed" or "partial". Channels refused for
// good (a webhook on a private address not in fetch.allowPrivateHosts) end the job at once, dead-lettered, when
// no other channel failed. An Elasticsearch outage holds the job (the runner) without using attempts.
import type { WatchRule } from "../../config/watchlist-schema.ts";
import { PermanentError } from "../../lib/errors.ts";
import { type ArticleDocument, IndexedDocument } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import type { Stage } from "../stage.ts";
import { alertSnippet, type FailedDelivery, fire } from "./fire.ts";
import { fieldConditionsHold } from "./rules.ts";

export const alertStage: Stage<"alert"> = {
  name: "alert",
  async run({ articleId, contentHash }, deps, context) {
    const article = await indexedDocument(articleId, contentHash, deps);
    // A newer revision was indexed since this job was queued; its own alert job decides for it.
    if (article.contentHash !== contentHash) return { next: [] };
    const failures: FailedDelivery[] = [];
    for (const { rule, snippet } of await matchingRules(deps, article)) {
      failures.push(...(await fire(rule, article, snippet, deps, context)).failures);
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

/**
 * The document as the index stage handed it over (taken: the copy goes as it is read), else (a retry, an
 * unchanged article queued again, a replay) as Elasticsearch has it now.
 */
async function indexedDocument(articleId: string, contentHash: string, deps: Deps): Promise<ArticleDocument> {
  const handedOver = await deps.artifacts.find("document", articleId, contentHash, IndexedDocument, {
    take: true,
  });
  if (handedOver) return handedOver;
  const stored = await deps.articleDocuments.read(articleId);
  if (!stored) throw new PermanentError(`article ${articleId} is not in ${deps.names.articles}`);
  return stored.source;
}

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
    return [{ rule, snippet: alertSnippet(rule, article, queryMatches.get(rule.id) ?? null) }];
  });
}
