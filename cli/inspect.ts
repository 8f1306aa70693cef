// Read-only commands over what newsmon has stored: search the articles, list alerts, dead letters and feeds.
// Each says on stderr which Redis or Elasticsearch and which prefix it reads (stdout stays the listing), and
// gives up within seconds, naming the URL, when that service does not answer.
import type { Redis } from "ioredis";
import { type Connections, withoutCredentials } from "../config/connections.ts";
import type { LoadedConfig } from "../config/load.ts";
import { createElasticsearch, type ElasticsearchClient } from "../lib/elasticsearch.ts";
import { ServiceUnavailableError } from "../lib/errors.ts";
import { type IndexNames, indexNames } from "../lib/index-names.ts";
import type { Logger } from "../lib/log.ts";
import { createRedis, pingRedis } from "../lib/redis.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import { listDeadLetters, type PipelineQueues } from "../queues/queues.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { FeedState } from "../workers/poll/feed-state.ts";

const out = (line = "") => process.stdout.write(`${line}\n`);

/** How long an inspection command waits for Redis or Elasticsearch: a person is waiting for the answer. */
const inspectionWaitMs = 5_000;

/** The Redis that `loaded`'s queues and feed health live in, once it answers `PING`. */
export async function openRedisToInspect(
  loaded: LoadedConfig,
  connections: Connections,
  log: Logger,
): Promise<Redis> {
  process.stderr.write(
    `newsmon: reading Redis ${withoutCredentials(connections.redisUrl)}, key prefix ${loaded.config.namespace.redisPrefix} (config ${loaded.configPath})\n`,
  );
  const redis = createRedis(connections.redisUrl, log);
  try {
    await pingRedis(redis, connections.redisUrl, inspectionWaitMs);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

/** The Elasticsearch that `loaded`'s indices live in, once it answers; with the index names to read. */
export async function openElasticsearchToInspect(
  loaded: LoadedConfig,
  connections: Connections,
): Promise<{ es: ElasticsearchClient; names: IndexNames }> {
  const names = indexNames(loaded.config.namespace.indexPrefix);
  const { url } = connections.elasticsearch;
  process.stderr.write(
    `newsmon: reading Elasticsearch ${url}, indices ${names.articles} and ${names.alerts} (config ${loaded.configPath})\n`,
  );
  const es = createElasticsearch(connections.elasticsearch);
  try {
    await es.cluster.health({}, { requestTimeout: inspectionWaitMs, maxRetries: 0 });
  } catch (error) {
    await es.close();
    throw new ServiceUnavailableError("Elasticsearch", url, error);
  }
  return { es, names };
}

export async function searchArticles(
  es: ElasticsearchClient,
  names: IndexNames,
  query: string,
  size: number,
): Promise<void> {
  const response = await es.search<ArticleDocument>({
    index: names.articles,
    size,
    query: {
      query_string: {
        query,
        fields: ["title^2", "text", "entities.*", "authors.text"],
        default_operator: "AND",
      },
    },
    sort: ["_score", { "@timestamp": "desc" }],
    _source: ["title", "canonicalUrl", "source", "publishedAt", "entities"],
  });
  const total =
    typeof response.hits.total === "number" ? response.hits.total : (response.hits.total?.value ?? 0);
  out(`${total} article(s) match ${JSON.stringify(query)} in ${names.articles}`);
  for (const hit of response.hits.hits) {
    const article = hit._source;
    if (!article) continue;
    out(`\n  ${article.title ?? "(untitled)"}`);
    out(`    ${article.publishedAt?.slice(0, 10) ?? "undated"}  ${article.source}  ${article.canonicalUrl}`);
    const named = [...article.entities.organization, ...article.entities.person].slice(0, 6);
    if (named.length > 0) out(`    entities: ${named.join("; ")}`);
  }
}

export async function listAlerts(
  es: ElasticsearchClient,
  names: IndexNames,
  size: number,
): Promise<AlertDocument[]> {
  const response = await es.search<AlertDocument>(
    { index: names.alerts, size, sort: [{ "@timestamp": "desc" }], query: { match_all: {} } },
    { ignore: [404] },
  );
  return response.hits?.hits.flatMap((hit) => (hit._source ? [hit._source] : [])) ?? [];
}

export function printAlerts(alerts: AlertDocument[]): void {
  out(`${alerts.length} alert(s)`);
  for (const alert of alerts) {
    const deliveries = alert.deliveries
      .map(
        (delivery) => `${delivery.channel}:${delivery.status}${delivery.error ? ` (${delivery.error})` : ""}`,
      )
      .join(" ");
    const backfilled = alert.backfilled ? " (backfilled)" : "";
    out(
      `  ${alert["@timestamp"].slice(0, 19)}Z  [${alert.ruleName}]${backfilled}  ${alert.status}: ${deliveries}`,
    );
    out(`    story ${alert.storyId ?? alert.articleId}`);
    const copies =
      alert.articles.length > 0
        ? alert.articles
        : [{ title: alert.title, url: alert.url, source: alert.source }];
    for (const copy of copies) out(`    ${copy.title ?? "(untitled)"}  (${copy.source})  ${copy.url}`);
  }
}

export async function printDeadLetters(queues: PipelineQueues, size: number): Promise<void> {
  const records = await listDeadLetters(queues.deadLetter, size);
  out(`${records.length} dead-letter record(s)`);
  for (const record of records) {
    out(`  [${record.queue}] ${record.url ?? record.jobId}  (record ${record.recordId})`);
    out(`    ${record.reason} (attempts: ${record.attempts}, ${record.failedAt})`);
  }
}

export async function printFeeds(redis: Redis, loaded: LoadedConfig): Promise<void> {
  const prefix = loaded.config.namespace.redisPrefix;
  for (const feed of loaded.config.feeds) {
    const report = await new FeedState(redis, prefix, feed.id).report();
    out(`  ${feed.id}  ${feed.url}  every ${feed.pollInterval / 1000}s`);
    out(
      `    last success: ${report.lastSuccessAt ?? "never"}  consecutive failures: ${report.consecutiveFailures}  items seen: ${report.itemsSeen}`,
    );
    const delay = report.medianDelaySeconds === null ? "unknown" : duration(report.medianDelaySeconds);
    out(
      `    items per day: ${report.itemsPerDay}  median delay from publication to the poll that found it: ${delay}`,
    );
    if (report.lastError) out(`    last error (${report.lastErrorAt}): ${report.lastError}`);
  }
}

/** 95 -> "1m 35s", 7260 -> "2h 1m", 200000 -> "2d 7h". */
function duration(seconds: number): string {
  const units: Array<[string, number]> = [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of units) {
    if (rest >= size || (unit === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
