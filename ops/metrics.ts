// Operations: what a running newsmon process shows the people who keep it running. This file holds the
// Prometheus metrics of one process; server.ts serves them with Bull Board and the health checks, progress.ts
// draws a status line from them, kibana.ts loads the Kibana saved objects.
// In: job outcomes and latencies from the worker runner, alert firings and failed deliveries from the alert
// stage; queue depths and feed health, read from Redis when Prometheus scrapes. Out: a prom-client registry.
// What can fail: Redis not answering during a scrape; the Redis-backed series are then left out of that
// scrape (never stale values) and newsmon_metrics_collect_failures_total counts it.
import type { Redis } from "ioredis";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { LoadedConfig } from "../config/load.ts";
import type { PipelineQueues } from "../queues/queues.ts";
import { deadLetterQueueName, type StageName, stageNames } from "../queues/topology.ts";
import { type FeedHealth, FeedState } from "../workers/poll/feed-state.ts";

/** How one attempt at a job ended: done, failed and will be retried, or failed for good (dead-lettered). */
export type JobOutcome = "done" | "retry" | "dead";
export const jobOutcomes: readonly JobOutcome[] = ["done", "retry", "dead"];

export type JobTally = Record<StageName, Record<JobOutcome, number>>;

export interface PipelineMetrics {
  registry: Registry;
  /** The runner calls this once per job attempt. */
  jobFinished(stage: StageName, outcome: JobOutcome, seconds: number): void;
  alertFired(ruleId: string): void;
  deliveryFailed(channel: string): void;
  /** Attempts finished in this process since it started, per stage and outcome (for the terminal progress). */
  tally(): JobTally;
}

/** The job states exported per queue: what is waiting, running, scheduled for retry (delayed) and failed. */
export const queueStates = ["waiting", "active", "delayed", "failed"] as const;

interface RedisSnapshot {
  /** Job counts per queue (stages in order, then dead-letter); null when Redis did not answer in time. */
  counts: Array<Record<string, number>> | null;
  feeds: Array<{ feed: string; health: FeedHealth }> | null;
}

/** A scrape must not hang on a Redis that is down (BullMQ's connection queues commands until it is back). */
const collectTimeoutMs = 2_000;

export function createMetrics(options: {
  queues: PipelineQueues;
  redis: Redis;
  loaded: LoadedConfig;
}): PipelineMetrics {
  const { queues, redis, loaded } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "newsmon_" });

  const jobs = new Counter({
    name: "newsmon_jobs_total",
    help: "Job attempts finished, by stage and outcome (done, retry: failed and will be retried, dead: dead-lettered).",
    labelNames: ["stage", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "newsmon_job_duration_seconds",
    help: "Time one job attempt took in its stage, by stage and outcome.",
    labelNames: ["stage", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const alerts = new Counter({
    name: "newsmon_alerts_fired_total",
    help: "Alerts fired (one per rule and article), by rule.",
    labelNames: ["rule"] as const,
    registers: [registry],
  });
  const deliveryFailures = new Counter({
    name: "newsmon_alert_deliveries_failed_total",
    help: "Alert deliveries that failed, by channel.",
    labelNames: ["channel"] as const,
    registers: [registry],
  });
  // Every label combination starts at zero, so dashboards and rate() see the series before the first event.
  for (const stage of stageNames) {
    for (const outcome of jobOutcomes) jobs.labels(stage, outcome).inc(0);
  }
  for (const channel of loaded.config.alerts.channels) deliveryFailures.labels(channel.name).inc(0);

  // One read of Redis per scrape, shared by every Redis-backed series (and by the failure counter, which must
  // count a failure in the scrape that suffered it).
  const allQueues = [
    ...stageNames.map((name) => ({ name: name as string, queue: queues.stages[name] })),
    { name: deadLetterQueueName, queue: queues.deadLetter },
  ];
  const failures = { queues: 0, feeds: 0 };
  let pending: Promise<RedisSnapshot> | null = null;
  const snapshot = (): Promise<RedisSnapshot> => {
    pending ??= Promise.all([
      withTimeout(
        Promise.all(allQueues.map(({ queue }) => queue.getJobCounts(...queueStates))),
        "queue counts",
      ).catch(() => {
        failures.queues += 1;
        return null;
      }),
      withTimeout(
        Promise.all(
          loaded.config.feeds.map(async (feed) => ({
            feed: feed.id,
            health: await new FeedState(redis, loaded.config.namespace.redisPrefix, feed.id).health(),
          })),
        ),
        "feed health",
      ).catch(() => {
        failures.feeds += 1;
        return null;
      }),
    ])
      .then(([counts, feeds]) => ({ counts, feeds }))
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  new Counter({
    name: "newsmon_metrics_collect_failures_total",
    help: "Scrapes whose Redis-backed series (queues, feeds) could not be read in time; those series were left out.",
    labelNames: ["source"] as const,
    registers: [registry],
    async collect() {
      await snapshot();
      this.reset();
      this.labels("queues").inc(failures.queues);
      this.labels("feeds").inc(failures.feeds);
    },
  });
  new Gauge({
    name: "newsmon_queue_jobs",
    help: `Jobs in each queue (the six stages and ${deadLetterQueueName}) by state, read from Redis at scrape time.`,
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const { counts } = await snapshot();
      if (!counts) return;
      allQueues.forEach(({ name }, index) => {
        for (const state of queueStates) this.labels(name, state).set(counts[index]?.[state] ?? 0);
      });
    },
  });
  const feedGauge = (name: string, help: string, value: (health: FeedHealth) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ["feed"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { feed, health } of (await snapshot()).feeds ?? []) {
          const number = value(health);
          if (number !== undefined) this.labels(feed).set(number);
        }
      },
    });
  feedGauge(
    "newsmon_feed_consecutive_failures",
    "Polls of the feed that failed in a row (0 after a success).",
    (health) => health.consecutiveFailures,
  );
  feedGauge(
    "newsmon_feed_last_success_timestamp_seconds",
    "When the feed was last polled successfully (Unix time); absent until the first success.",
    (health) => unixSeconds(health.lastSuccessAt),
  );
  feedGauge(
    "newsmon_feed_last_error_timestamp_seconds",
    "When a poll of the feed last failed (Unix time); absent if it never failed.",
    (health) => unixSeconds(health.lastErrorAt),
  );
  feedGauge(
    "newsmon_feed_items_seen",
    "Items of the feed sent on to fetch since newsmon first polled it.",
    (health) => health.itemsSeen,
  );

  const tally = Object.fromEntries(
    stageNames.map((stage) => [stage, { done: 0, retry: 0, dead: 0 }]),
  ) as JobTally;

  return {
    registry,
    jobFinished(stage, outcome, seconds) {
      jobs.labels(stage, outcome).inc();
      duration.labels(stage, outcome).observe(seconds);
      tally[stage][outcome] += 1;
    },
    alertFired(ruleId) {
      alerts.labels(ruleId).inc();
    },
    deliveryFailed(channel) {
      deliveryFailures.labels(channel).inc();
    },
    tally() {
      return Object.fromEntries(stageNames.map((stage) => [stage, { ...tally[stage] }])) as JobTally;
    },
  };
}

function unixSeconds(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer from Redis within ${collectTimeoutMs} ms`)),
      collectTimeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
