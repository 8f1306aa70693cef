// Runs stages as BullMQ workers. For each job: validate the payload (zod), call the stage, enqueue the jobs it
// returns on the next stage's queue under their deterministic ids, and map failures: a PermanentError or a
// last attempt ends in a dead-letter record with the reason; anything else is retried with exponential backoff.
// An Elasticsearch outage uses up no attempts: the job waits (delayed, backing off up to a minute) for as long as
// the outage lasts, so an outage of any length delays work and loses none.
// A host that is busy (HostBusyError: its politeness slots are taken) delays the job too, by the time it asks,
// without using an attempt.
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import { isElasticsearchUnavailable } from "../lib/elasticsearch.ts";
import { describeError, HostBusyError, PermanentError } from "../lib/errors.ts";
import { sha256 } from "../lib/ids.ts";
import type { PipelineMetrics } from "../ops/metrics.ts";
import type { Payload } from "../queues/payloads.ts";
import { payloadSchemas } from "../queues/payloads.ts";
import { type PipelineQueues, recordDeadLetter } from "../queues/queues.ts";
import { nextStage, type StageName } from "../queues/topology.ts";
import { alertStage } from "./alert/stage.ts";
import { cleanStage } from "./clean/stage.ts";
import type { Deps } from "./deps.ts";
import { entitiesStage } from "./entities/stage.ts";
import { fetchStage } from "./fetch/stage.ts";
import { indexStage } from "./index/stage.ts";
import { pollStage } from "./poll/stage.ts";
import type { Stage } from "./stage.ts";

const stages: { [S in StageName]: Stage<S> } = {
  poll: pollStage,
  fetch: fetchStage,
  clean: cleanStage,
  entities: entitiesStage,
  index: indexStage,
  alert: alertStage,
};

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

export function startWorkers(
  names: StageName[],
  deps: Deps,
  queues: PipelineQueues,
  metrics: PipelineMetrics,
): RunningWorkers {
  const { limits } = deps.loaded.config;
  const connection = deps.redis;
  const workers = names.map((name) => {
    const worker = new Worker(name, (job, token) => processJob(name, job, token, deps, queues, metrics), {
      connection,
      prefix: deps.keyPrefix,
      concurrency: limits.concurrency[name],
      lockDuration: limits.lockDuration,
      // A worker that died mid-job is noticed within one lock period; its job goes back to waiting.
      stalledInterval: limits.lockDuration,
      maxStalledCount: 2,
    });
    worker.on("error", (error) => deps.log.error({ stage: name, err: error.message }, "worker error"));
    worker.on("failed", (job, error) => {
      // Jobs that stalled too often never reach processJob's catch; record them here.
      if (job && /stalled/i.test(error.message)) {
        metrics.jobFinished(name, "dead", 0);
        void deadLetter(name, job, error.message, deps, queues);
      }
    });
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}

async function processJob(
  name: StageName,
  job: Job,
  token: string | undefined,
  deps: Deps,
  queues: PipelineQueues,
  metrics: PipelineMetrics,
): Promise<void> {
  const parsed = payloadSchemas[name].safeParse(job.data);
  const ids = job.data as { articleId?: string; feedId?: string };
  const log = deps.log.child({ stage: name, jobId: job.id, articleId: ids.articleId, feedId: ids.feedId });
  const attempts = job.opts.attempts ?? 1;
  const started = performance.now();
  try {
    if (!parsed.success) throw new PermanentError(`invalid ${name} job payload: ${parsed.error.message}`);
    const stage = stages[name] as Stage<StageName>;
    const { next, afterEnqueue } = await stage.run(parsed.data as Payload<StageName>, deps, {
      jobId: job.id ?? "",
      attempt: job.attemptsMade + 1,
      log,
      metrics,
      deadLetter: (reason) => deadLetter(name, job, reason, deps, queues),
    });
    const target = nextStage[name];
    if (target && next.length > 0) {
      await queues.stages[target].addBulk(
        next.map((item) => ({ name: target, data: item.data, opts: { jobId: item.jobId } })),
      );
    }
    await afterEnqueue?.();
    metrics.jobFinished(name, "done", (performance.now() - started) / 1000);
    log.debug({ ms: Math.round(performance.now() - started), next: next.length }, `${name} done`);
  } catch (error) {
    const reason = describeError(error);
    const permanent = error instanceof PermanentError;
    const seconds = (performance.now() - started) / 1000;
    if (error instanceof HostBusyError) {
      // Politeness, not failure: the job steps aside (no attempt used) so the worker takes another host's job.
      const delay = Math.round(error.retryAfterMs * (1 + Math.random()));
      metrics.jobFinished(name, "retry", seconds);
      log.debug({ err: reason, retryInMs: delay }, `${name} waits for a busy host`);
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    if (!permanent && isElasticsearchUnavailable(error)) {
      // Attempts counts failures only; a job moved to delayed has not failed, however long the outage lasts.
      const waits = Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
      const delay = Math.min(deps.loaded.config.limits.backoff * 2 ** waits, maxOutageDelayMs);
      metrics.jobFinished(name, "retry", seconds);
      log.warn({ err: reason, retryInMs: delay }, `${name} waits for Elasticsearch`);
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    if (permanent || job.attemptsMade + 1 >= attempts) {
      metrics.jobFinished(name, "dead", seconds);
      log.warn({ err: reason, attempts: job.attemptsMade + 1 }, `${name} failed for good; dead-lettered`);
      await deadLetter(name, job, reason, deps, queues);
      if (permanent) throw new UnrecoverableError(reason);
    } else {
      metrics.jobFinished(name, "retry", seconds);
      log.info({ err: reason, attempt: job.attemptsMade + 1 }, `${name} failed; will retry`);
    }
    throw error;
  }
}

/** Longest wait between two tries of a job held up by an Elasticsearch outage. */
const maxOutageDelayMs = 60_000;

async function deadLetter(
  name: StageName,
  job: Job,
  reason: string,
  deps: Deps,
  queues: PipelineQueues,
): Promise<void> {
  const data = job.data as { url?: string; feedId?: string };
  const feedUrl = data.feedId
    ? deps.loaded.config.feeds.find((feed) => feed.id === data.feedId)?.url
    : undefined;
  // Scheduled polls get a new job id every time: one record per feed and reason, not one per poll.
  const recordId =
    name === "poll" ? `feed-${data.feedId}-${sha256(reason).slice(0, 12)}` : (job.id ?? "unknown");
  await recordDeadLetter(queues.deadLetter, {
    queue: name,
    jobId: recordId,
    url: data.url ?? feedUrl ?? null,
    reason,
    attempts: job.attemptsMade + 1,
    failedAt: new Date().toISOString(),
    data: job.data,
  });
}
