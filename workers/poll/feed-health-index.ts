// The feeds index: one document per feed (id = feed id) with its health (last success, last error,
// consecutive failures, items seen, items per day, median delay from publication to the poll that found an
// item), so Kibana can show the sources beside the articles and alerts. Redis (feed-state.ts) stays the
// source of truth; this is its copy for search. Written after each poll, but cheaply: at once when something
// other than the poll times changed (a failure, a recovery, new items), otherwise at most once a minute per feed.
import type { estypes } from "@elastic/elasticsearch";
import type { FeedConfig } from "../../config/schema.ts";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import { describeError } from "../../lib/errors.ts";
import { sha256 } from "../../lib/ids.ts";
import type { IndexNames } from "../../lib/index-names.ts";
import type { Deps } from "../deps.ts";
import type { FeedReport, FeedState } from "./feed-state.ts";

export interface FeedHealthDocument {
  "@timestamp": string;
  feedId: string;
  feedName: string;
  url: string;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  consecutiveFailures: number;
  itemsSeen: number;
  itemsPerDay: number;
  medianDelaySeconds: number | null;
}

const keyword = { type: "keyword" } as const;
const date = { type: "date" } as const;

export const feedHealthProperties: Record<keyof FeedHealthDocument, estypes.MappingProperty> = {
  "@timestamp": date,
  feedId: keyword,
  feedName: keyword,
  url: keyword,
  lastPolledAt: date,
  lastSuccessAt: date,
  lastErrorAt: date,
  lastError: { type: "text", fields: { keyword: { type: "keyword", ignore_above: 1024 } } },
  lastStatus: { type: "short" },
  consecutiveFailures: { type: "integer" },
  itemsSeen: { type: "long" },
  itemsPerDay: { type: "float" },
  medianDelaySeconds: { type: "long" },
};

export async function ensureFeedHealthIndex(es: ElasticsearchClient, names: IndexNames): Promise<void> {
  if (await es.indices.exists({ index: names.feeds })) {
    await es.indices.putMapping({ index: names.feeds, properties: feedHealthProperties });
    return;
  }
  try {
    await es.indices.create({
      index: names.feeds,
      settings: { number_of_shards: 1, auto_expand_replicas: "0-1", refresh_interval: "5s" },
      mappings: { dynamic: false, properties: feedHealthProperties },
    });
  } catch (error) {
    if (!(await es.indices.exists({ index: names.feeds }))) throw error;
  }
}

export function feedHealthDocument(feed: FeedConfig, report: FeedReport, now: Date): FeedHealthDocument {
  return {
    "@timestamp": now.toISOString(),
    feedId: feed.id,
    feedName: feed.name,
    url: feed.url,
    lastPolledAt: report.lastPolledAt ?? null,
    lastSuccessAt: report.lastSuccessAt ?? null,
    lastErrorAt: report.lastErrorAt ?? null,
    lastError: report.lastError ?? null,
    lastStatus: report.lastStatus ?? null,
    consecutiveFailures: report.consecutiveFailures,
    itemsSeen: report.itemsSeen,
    itemsPerDay: report.itemsPerDay,
    medianDelaySeconds: report.medianDelaySeconds,
  };
}

/** How often a feed whose health changed only in its poll times is rewritten. */
export const unchangedRewriteMs = 60_000;

/**
 * Writes the feed's health to the feeds index when it changed, or when the last write is a minute old.
 * Returns whether it wrote. A failure is logged, not thrown: the poll succeeded, and the next one writes again.
 */
export async function publishFeedHealth(
  deps: Pick<Deps, "es" | "names" | "redis" | "keyPrefix" | "log">,
  feed: FeedConfig,
  state: FeedState,
  now = new Date(),
): Promise<boolean> {
  try {
    const report = await state.report(now.getTime());
    const document = feedHealthDocument(feed, report, now);
    // What counts as a change: an error, a recovery, new items, a renamed or moved feed. Poll times and the
    // status of a successful poll (200 or 304) alone wait for the minute.
    const { lastError, lastErrorAt, consecutiveFailures, itemsSeen, feedName, url } = document;
    const fingerprint = sha256(
      JSON.stringify([lastError, lastErrorAt, consecutiveFailures, itemsSeen, feedName, url]),
    ).slice(0, 16);
    const writtenKey = `${deps.keyPrefix}:feed-health-written:${feed.id}`;
    const [lastFingerprint, lastWrittenAt] = (await deps.redis.get(writtenKey))?.split("|") ?? [];
    const fresh = now.getTime() - Number(lastWrittenAt ?? 0) < unchangedRewriteMs;
    if (lastFingerprint === fingerprint && fresh) return false;
    // A slow or absent cluster must not hold up polling: the next poll writes again.
    await deps.es.index(
      { index: deps.names.feeds, id: feed.id, document },
      { requestTimeout: 5_000, maxRetries: 0 },
    );
    await deps.redis.set(writtenKey, `${fingerprint}|${now.getTime()}`, "PX", 7 * 86_400_000);
    return true;
  } catch (error) {
    deps.log.warn(
      { feedId: feed.id, err: describeError(error) },
      `feed health of ${feed.id} not written to ${deps.names.feeds}; the next poll writes it`,
    );
    return false;
  }
}
