// `newsmon demo`: the whole pipeline on the embedded default. Starts Redis and Elasticsearch when none answer,
// serves the fixture news site, polls its feeds once, waits until every article has gone through every stage,
// and prints what was ingested: articles with their entities, the top entities, alerts fired, dead letters.
// It fails (exit status 1) when not one feed could be read.
import type { estypes } from "@elastic/elasticsearch";
import type { Connections } from "../config/connections.ts";
import type { LoadedConfig } from "../config/load.ts";
import type { Logger } from "../lib/log.ts";
import { startProgress } from "../ops/progress.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import { stageNames } from "../queues/topology.ts";
import { startPipeline } from "../workers/pipeline.ts";
import { FeedState } from "../workers/poll/feed-state.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { listAlerts, printAlerts, printDeadLetters } from "./inspect.ts";

const out = (line = "") => process.stdout.write(`${line}\n`);

/** Where the default config's feeds expect the fixture news site. */
export const defaultSitePort = 4870;

/**
 * The config with the feeds (and the private-host allowance) that point at the fixture site's default address
 * moved to the port it is served on.
 */
function onSitePort(loaded: LoadedConfig, port: number): LoadedConfig {
  const from = `127.0.0.1:${defaultSitePort}`;
  const to = `127.0.0.1:${port}`;
  const moved = (url: string) => {
    const parsed = new URL(url);
    if (parsed.host === from) parsed.host = to;
    return parsed.toString();
  };
  const { feeds, fetch } = loaded.config;
  return {
    ...loaded,
    config: {
      ...loaded.config,
      feeds: feeds.map((feed) => ({ ...feed, url: moved(feed.url) })),
      fetch: {
        ...fetch,
        allowPrivateHosts: fetch.allowPrivateHosts.map((host) => (host === from ? to : host)),
      },
    },
  };
}

export async function runDemo(
  configured: LoadedConfig,
  connections: Connections,
  log: Logger,
  sitePort: number,
): Promise<void> {
  // Loaded only here: the fixture site is test material, not part of the running pipeline.
  const { startFixtureSite } = await import("../test/fixture-site/server.ts");
  const site = await startFixtureSite({ port: sitePort }).catch((error: Error) => {
    throw new Error(`cannot serve the fixture news site on 127.0.0.1:${sitePort}: ${error.message}`);
  });
  log.info(`fixture news site at ${site.url}`);
  const loaded = onSitePort(configured, Number(new URL(site.url).port));
  const startedAt = new Date().toISOString();
  const pipeline = await startPipeline({
    loaded,
    connections,
    log,
    stages: [...stageNames],
    schedule: false,
  });
  const progress = startProgress(pipeline.queues, pipeline.metrics);
  try {
    await pollNow(pipeline.queues.stages.poll, loaded.config.feeds);
    await pipeline.waitUntilIdle({ timeoutMs: 300_000 });
    await progress.stop();
    const { es, names, redis, keyPrefix } = pipeline.deps;
    const polls = await Promise.all(
      loaded.config.feeds.map(async (feed) => ({
        feed,
        health: await new FeedState(redis, keyPrefix, feed.id).health(),
      })),
    );
    if (!polls.some(({ health }) => (health.lastSuccessAt ?? "") >= startedAt)) {
      const why = polls.map(({ feed, health }) => `${feed.url}: ${health.lastError ?? "not polled"}`);
      throw new Error(`the demo read none of its feeds:\n  ${why.join("\n  ")}`);
    }
    await es.indices.refresh({ index: [names.articles, names.alerts] });

    const articles = await es.search<ArticleDocument>({
      index: names.articles,
      size: 100,
      sort: [{ "@timestamp": "desc" }],
      query: { match_all: {} },
      aggs: Object.fromEntries(
        (["organization", "person", "place", "event"] as const).map((type) => [
          type,
          { terms: { field: `entities.${type}`, size: 8 } },
        ]),
      ),
    });
    const hits = articles.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    const fresh = hits.filter((article) => article.indexedAt >= startedAt).length;
    out();
    out(
      `=== newsmon demo: ${fresh} article(s) indexed or updated in this run, ${hits.length} in ${names.articles} ===`,
    );
    for (const article of hits) {
      out(`\n  ${article.title ?? "(untitled)"}`);
      out(`    ${article.publishedAt ?? "undated"}  ${article.source}  revision ${article.revision}`);
      out(`    ${article.canonicalUrl}`);
      const watched = article.entityMentions.filter((entity) => entity.watched).slice(0, 10);
      if (watched.length > 0)
        out(
          `    watched: ${watched.map((entity) => `${entity.canonical} (${entity.type}, ${entity.count})`).join("; ")}`,
        );
      const others = article.entityMentions.filter((entity) => !entity.watched).slice(0, 5);
      if (others.length > 0)
        out(`    other names: ${others.map((entity) => `${entity.canonical} (${entity.type})`).join("; ")}`);
    }
    out("\n=== top entities ===");
    for (const [type, aggregation] of Object.entries(articles.aggregations ?? {})) {
      const buckets = (aggregation as estypes.AggregationsStringTermsAggregate)
        .buckets as estypes.AggregationsStringTermsBucket[];
      out(
        `  ${type}: ${buckets.map((bucket) => `${bucket.key} (${bucket.doc_count})`).join(", ") || "none"}`,
      );
    }
    out("\n=== alerts ===");
    printAlerts(await listAlerts(es, names, 50));
    out("\n=== dead letters ===");
    await printDeadLetters(pipeline.queues, 50);
    out("\n=== search them ===");
    out(`  npx newsmon search "Shanghai Cooperation Organization"`);
    out(`  npx newsmon alerts`);
    out(
      `  curl '${connections.elasticsearch.nodes?.[0] ?? connections.elasticsearch.url}/${names.articles}/_search?q=entities.watched:cpaffc&pretty'`,
    );
  } finally {
    await progress.stop();
    await pipeline.close();
    await site.close();
  }
}
