// What stages depend on, built once per process and handed to every stage's `run` (no singletons), so tests
// pass the real clients pointed at the test Redis and Elasticsearch.
import type { Redis } from "ioredis";
import type { Connections } from "../config/connections.ts";
import { type LoadedConfig, watchWatchlist } from "../config/load.ts";
import type { Watchlist } from "../config/watchlist-schema.ts";
import { ArtifactStore } from "../lib/artifacts.ts";
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
import { ensureAlertsIndex } from "./alert/alerts-index.ts";
import { ensureRulesIndex, syncRules } from "./alert/rules-index.ts";
import { createEntityMatcher, type EntityMatcher } from "./entities/match.ts";
import { RawStore } from "./fetch/raw-store.ts";
import { ensureArticlesIndex } from "./index/articles-index.ts";
import { BulkWriter } from "./index/bulk-writer.ts";

/** The watchlist in force and the matcher built from it; replaced together when the file changes. */
export interface LiveWatchlist {
  watchlist: Watchlist;
  matcher: EntityMatcher;
}

export interface Deps {
  loaded: LoadedConfig;
  connections: Connections;
  live: LiveWatchlist;
  redis: Redis;
  es: ElasticsearchClient;
  /** Which optional Elasticsearch modules the cluster has (percolator, analysis-common). */
  capabilities: ClusterCapabilities;
  names: IndexNames;
  artifacts: ArtifactStore;
  raw: RawStore;
  /** Batches article writes into bulk requests. */
  bulk: BulkWriter;
  http: HttpClient;
  log: Logger;
  /** Prefix of newsmon's own Redis keys (feed health, seen items, artifacts). */
  keyPrefix: string;
}

/**
 * Connects to Redis and Elasticsearch (waiting, with the URL in every message, while they are unreachable) and
 * makes sure the indices and the percolator rules exist.
 */
export async function openDeps(loaded: LoadedConfig, connections: Connections, log: Logger): Promise<Deps> {
  const redis = createRedis(connections.redisUrl, log);
  await pingRedis(redis, connections.redisUrl, 120_000);
  const es = createElasticsearch(connections.elasticsearch);
  await waitForElasticsearch(es, connections.elasticsearch.url, log);
  const names = indexNames(loaded.config.namespace.indexPrefix);
  const raw = new RawStore(es, names.raw);
  const capabilities = await clusterCapabilities(es);
  if (!capabilities.percolator) {
    log.info(
      "this Elasticsearch has no percolator module: alert rules run as searches restricted to each article",
    );
  }
  await Promise.all([
    ensureArticlesIndex(es, names, capabilities),
    ensureRulesIndex(es, names, capabilities),
    ensureAlertsIndex(es, names),
    raw.ensure(),
  ]);
  await syncRules(es, names, loaded.watchlist);
  const keyPrefix = loaded.config.namespace.redisPrefix;
  return {
    loaded,
    connections,
    live: { watchlist: loaded.watchlist, matcher: createEntityMatcher(loaded.watchlist.entities) },
    redis,
    es,
    capabilities,
    names,
    artifacts: new ArtifactStore(redis, keyPrefix, loaded.config.limits.artifactTtl),
    raw,
    bulk: new BulkWriter(es),
    http: new HttpClient(
      loaded.config.fetch,
      new HostSlots(redis, keyPrefix, hostSlotOptions(loaded.config.fetch)),
    ),
    log,
    keyPrefix,
  };
}

/** Reloads entities and rules when the watchlist file changes; returns a function that stops watching. */
export function reloadWatchlistOnChange(deps: Deps): () => void {
  return watchWatchlist(
    deps.loaded,
    (watchlist) => {
      const matcher = createEntityMatcher(watchlist.entities);
      syncRules(deps.es, deps.names, watchlist)
        .then(() => {
          deps.live.watchlist = watchlist;
          deps.live.matcher = matcher;
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

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.bulk.flush();
  await deps.http.close();
  await deps.es.close();
  deps.redis.disconnect();
}
