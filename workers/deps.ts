// What stages depend on, built once per process and handed to every stage's `run` (no singletons), so tests
// pass the real clients pointed at the test Redis and Elasticsearch.
import type { Redis } from "ioredis";
import type { Connections } from "../config/connections.ts";
import { type LoadedConfig, watchWatchlist } from "../config/load.ts";
import type { Watchlist, WatchRule } from "../config/watchlist-schema.ts";
import { ArtifactStore } from "../lib/artifacts.ts";
import { BulkWriter } from "../lib/bulk-writer.ts";
import {
  type ClusterCapabilities,
  clusterCapabilities,
  createElasticsearch,
  type ElasticsearchClient,
  waitForElasticsearch,
} from "../lib/elasticsearch.ts";
import { HostSlots, hostSlotOptions } from "../lib/host-slots.ts";
import { HttpClient } from "../lib/http.ts";
import { type IndexNames, indexNames } from "../lib/index-names.ts";
import type { Logger } from "../lib/log.ts";
import { createRedis, pingRedis } from "../lib/redis.ts";
import { ThreadPool } from "../lib/thread-pool.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import { ensureAlertsIndex } from "./alert/alerts-index.ts";
import { QueryMatcher } from "./alert/query-matcher.ts";
import { findBrokenRules } from "./alert/rules.ts";
import { ArticleReader } from "./article-reader.ts";
import { RawStore } from "./fetch/raw-store.ts";
import { RevisitSchedule } from "./fetch/revisit.ts";
import { ensureArticlesIndex } from "./index/articles-index.ts";
import { ensureFeedHealthIndex } from "./poll/feed-health-index.ts";

/** The watchlist in force and what is built from it; replaced together when the file changes. */
export interface LiveWatchlist {
  watchlist: Watchlist;
  /** Unique in the process: the worker threads keep a matcher per version (entities/find-thread.ts). */
  version: number;
  /** The rules that fire: the watchlist's, minus the broken ones. */
  rules: WatchRule[];
  /** Rules reported and skipped, with the reason: found when loaded, or refused by Elasticsearch later. */
  brokenRules: Map<string, string>;
}

export interface Deps {
  loaded: LoadedConfig;
  connections: Connections;
  live: LiveWatchlist;
  redis: Redis;
  es: ElasticsearchClient;
  /** Which optional Elasticsearch modules the cluster has (analysis-common). */
  capabilities: ClusterCapabilities;
  names: IndexNames;
  artifacts: ArtifactStore;
  raw: RawStore;
  /** When articles are fetched again to see edits (fetch.revisitAfter). */
  revisits: RevisitSchedule;
  /** Batches article writes into bulk requests. */
  bulk: BulkWriter;
  /** Batched realtime reads of what the index stage needs of a stored article. */
  articleVersions: ArticleReader<Pick<ArticleDocument, "contentHash" | "revision" | "storyId">>;
  /** Batched realtime reads of whole article documents (the alert stage). */
  articleDocuments: ArticleReader<ArticleDocument>;
  /** Query-string rules for many articles in one search. */
  queryMatcher: QueryMatcher;
  http: HttpClient;
  /** Worker threads for the stages' CPU-bound work (limits.threads of them; 0: inline). */
  threads: ThreadPool;
  log: Logger;
  /** Prefix of newsmon's own Redis keys (feed health, seen items, artifacts). */
  keyPrefix: string;
}

/**
 * Connects to Redis and Elasticsearch (waiting, with the URL in every message, while they are unreachable) and
 * makes sure the indices exist and checks the watchlist's rules.
 */
export async function openDeps(loaded: LoadedConfig, connections: Connections, log: Logger): Promise<Deps> {
  const redis = createRedis(connections.redisUrl, log);
  const es = createElasticsearch(connections.elasticsearch);
  try {
    await pingRedis(redis, connections.redisUrl, connections.startupWaitMs);
    await waitForElasticsearch(es, connections.elasticsearch.url, log, connections.startupWaitMs);
  } catch (error) {
    // Nothing may keep the process alive after a failed start: its supervisor must see it end.
    redis.disconnect();
    await es.close();
    throw error;
  }
  const names = indexNames(loaded.config.namespace.indexPrefix);
  const keyPrefix = loaded.config.namespace.redisPrefix;
  const bulk = new BulkWriter(es);
  const raw = new RawStore({
    es,
    index: names.raw,
    bulk,
    redis,
    keyPrefix,
  });
  const capabilities = await clusterCapabilities(es);
  await Promise.all([
    ensureArticlesIndex(es, names, capabilities),
    ensureAlertsIndex(es, names),
    ensureFeedHealthIndex(es, names),
    raw.ensure(),
  ]);
  const live = await liveWatchlist(es, names, loaded.watchlist, log);
  return {
    loaded,
    connections,
    live,
    redis,
    es,
    capabilities,
    names,
    artifacts: new ArtifactStore(redis, keyPrefix, loaded.config.limits.artifactTtl),
    raw,
    revisits: new RevisitSchedule(redis, keyPrefix),
    bulk,
    articleVersions: new ArticleReader(es, names.articles, ["contentHash", "revision", "storyId"]),
    articleDocuments: new ArticleReader(es, names.articles),
    queryMatcher: new QueryMatcher(es, names.articles, (ruleId, reason) =>
      markBroken(live, ruleId, reason, log),
    ),
    http: new HttpClient(
      loaded.config.fetch,
      new HostSlots(redis, keyPrefix, hostSlotOptions(loaded.config.fetch)),
    ),
    threads: new ThreadPool(loaded.config.limits.threads),
    log,
    keyPrefix,
  };
}

/** Reloads entities and rules when the watchlist file changes; returns a function that stops watching. */
export function reloadWatchlistOnChange(deps: Deps): () => void {
  return watchWatchlist(
    deps.loaded,
    (watchlist) => {
      liveWatchlist(deps.es, deps.names, watchlist, deps.log)
        .then((live) => {
          // The same object stays in place: stages and the query matcher hold it.
          Object.assign(deps.live, live);
          deps.log.info(
            { entities: watchlist.entities.length, rules: watchlist.rules.length },
            `watchlist reloaded from ${deps.loaded.watchlistPath}`,
          );
        })
        .catch((error: Error) =>
          deps.log.error({ err: error.message }, "watchlist reload failed; keeping the previous one"),
        );
    },
    (error) => deps.log.error({ err: error.message }, "watchlist file is invalid; keeping the previous one"),
  );
}

let watchlistVersions = 0;

/** The watchlist's version and rules, each rule checked: a broken one is logged and left out. */
async function liveWatchlist(
  es: ElasticsearchClient,
  names: IndexNames,
  watchlist: Watchlist,
  log: Logger,
): Promise<LiveWatchlist> {
  const live: LiveWatchlist = {
    watchlist,
    version: ++watchlistVersions,
    rules: watchlist.rules,
    brokenRules: new Map(),
  };
  const known = new Set(watchlist.entities.map((entity) => entity.id));
  for (const rule of watchlist.rules) {
    if (rule.entity !== undefined && !known.has(rule.entity))
      markBroken(live, rule.id, `entity "${rule.entity}" is not in the watchlist`, log);
  }
  for (const [ruleId, reason] of await findBrokenRules(es, names.articles, watchlist.rules))
    markBroken(live, ruleId, reason, log);
  return live;
}

function markBroken(live: LiveWatchlist, ruleId: string, reason: string, log: Logger): void {
  if (live.brokenRules.has(ruleId)) return;
  live.brokenRules.set(ruleId, reason);
  live.rules = live.rules.filter((rule) => rule.id !== ruleId);
  log.error(
    { rule: ruleId, err: reason },
    `rule ${ruleId} is broken and skipped; the other rules keep firing`,
  );
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.bulk.flush();
  await deps.http.close();
  await deps.threads.close();
  await deps.es.close();
  deps.redis.disconnect();
}
