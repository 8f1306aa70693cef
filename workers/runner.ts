// Runs stages as BullMQ workers. For each job: validate the payload (zod), call the stage, enqueue the jobs it
// returns on the next stage's queue under their deterministic ids, and map failures: a PermanentError or a
// last attempt ends in a dead-letter record with the reason; anything else is retried with exponential backoff.
// An Elasticsearch outage uses up no attempts: the job waits (delayed, backing off up to a minute) for as long as
// the outage lasts, so an outage of any length delays work and loses none.
// A host that is busy (HostBusyError: its politeness slots are taken) delays the job too, by the time it asks,
// without using an attempt.
// Batches: the jobs that finished jobs of a stage queue for the next one within a few milliseconds travel as one
// BullMQ job (a batch), because BullMQ's bookkeeping (about 50 Redis commands a job, and the round trips to run
// them) was most of Redis's work and a large part of newsmon's. How long outputs wait for company follows their
// rate: at 20 articles/s they mostly go alone, at 100/s in fives, at 200/s in twenties. The items of a batch run
// concurrently, each as a job would; one that fails goes back to its queue on its own, as a job of its own
// deterministic id with the attempts it has left (or to a dead letter), so it never holds up or fails the rest.
// Politeness stays per fetch: an item of a fetch batch waits in line for its host (it holds no worker of its
// own), and steps aside alone, as a job would, only when its host stays busy for long.
import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from "bullmq";
import { MicroBatcher } from "../lib/batch.ts";
import { isElasticsearchUnavailable } from "../lib/elasticsearch.ts";
import { describeError, HostBusyError, PermanentError } from "../lib/errors.ts";
import { sha256 } from "../lib/ids.ts";
import type { PipelineMetrics } from "../ops/metrics.ts";
import { type BatchItem, BatchJob, type Payload, payloadSchemas } from "../queues/payloads.ts";
import { type PipelineQueues, recordDeadLetter } from "../queues/queues.ts";
import { nextStage, type StageName } from "../queues/topology.ts";
import { alertStage } from "./alert/stage.ts";
import { cleanStage } from "./clean/stage.ts";
import type { Deps } from "./deps.ts";
import { entitiesStage } from "./entities/stage.ts";
import { fetchStage } from "./fetch/stage.ts";
import { indexStage } from "./index/stage.ts";
import { pollStage } from "./poll/stage.ts";
import type { Stage, StageContext, StageOutput } from "./stage.ts";

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
  const outputs = new StageOutputs(queues);
  const workers = names.map((name) => {
    const run = { name, deps, queues, metrics, outputs };
    const worker = new Worker(name, (job, token) => processJob(run, job, token), {
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
        void deadLetter(name, recordOf(job), error.message, deps, queues);
      }
    });
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await outputs.flush();
    },
  };
}

interface Run {
  name: StageName;
  deps: Deps;
  queues: PipelineQueues;
  metrics: PipelineMetrics;
  outputs: StageOutputs;
}

/** Stages whose jobs other stages hand on in batches: all but poll, whose (batch) jobs the feed schedules make. */
const batchedStages = new Set<StageName>(["fetch", "clean", "entities", "index", "alert"]);
/** Longest a job for the next stage waits for company, ms, and the most items a batch holds. */
const maxLingerMs = 100;
const maxBatchItems = 32;

/** Queues the jobs stages hand on: one by one, or in batches for the stages that take them. */
class StageOutputs {
  readonly #queues: PipelineQueues;
  readonly #batchers = new Map<StageName, MicroBatcher<BatchItem, null>>();

  constructor(queues: PipelineQueues) {
    this.#queues = queues;
  }

  async enqueue(target: StageName, next: Array<{ jobId: string; data: unknown }>): Promise<void> {
    if (next.length === 0) return;
    const queue = this.#queues.stages[target];
    if (!batchedStages.has(target)) {
      await queue.addBulk(
        next.map((item) => ({ name: target, data: item.data, opts: { jobId: item.jobId } })),
      );
      return;
    }
    const batcher = this.#batcherFor(target, queue);
    await Promise.all(next.map((item) => batcher.submit(item)));
  }

  #batcherFor(target: StageName, queue: Queue): MicroBatcher<BatchItem, null> {
    let batcher = this.#batchers.get(target);
    if (!batcher) {
      batcher = new MicroBatcher<BatchItem, null>((items) => addBatch(queue, target, items), {
        maxBatch: maxBatchItems,
        // Half a millisecond per item a second: 10 ms at 20/s, 50 ms at 100/s, capped at 100 ms.
        lingerMs: (perSecond) => Math.min(maxLingerMs, perSecond / 2),
      });
      this.#batchers.set(target, batcher);
    }
    return batcher;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#batchers.values()].map((batcher) => batcher.flush()));
  }
}

/** One job for a lone item (under its own id, as ever); one batch job, its id from its items', for several. */
async function addBatch(queue: Queue, target: StageName, items: BatchItem[]): Promise<null[]> {
  const unique = [...new Map(items.map((item) => [item.jobId, item])).values()];
  if (unique.length === 1) {
    const [item] = unique as [BatchItem];
    await queue.add(target, item.data, { jobId: item.jobId });
  } else {
    const batchId = `batch-${sha256(unique.map((item) => item.jobId).join("\n")).slice(0, 24)}`;
    await queue.add(target, { batch: unique }, { jobId: batchId });
  }
  return items.map(() => null);
}

async function processJob(run: Run, job: Job, token?: string) {
  const batch = BatchJob.safeParse(job.data);
  if (batch.success) return processBatch(run, job, batch.data.batch);
  const { name, deps, queues, metrics, outputs } = run;
  const ids = job.data as { articleId?: string; feedId?: string };
  const log = deps.log.child({ stage: name, jobId: job.id, articleId: ids.articleId, feedId: ids.feedId });
  const tries = job.attemptsMade + 1;
  const started = performance.now();
  try {
    const { next, afterEnqueue } = await runStage(name, job.id ?? "", job.data, tries, deps, {
      inBatch: false,
      log,
      metrics,
      deadLetter: (reason) => deadLetter(name, recordOf(job), reason, deps, queues),
    });
    const target = nextStage[name];
    if (target) await outputs.enqueue(target, next);
    await afterEnqueue?.();
    metrics.jobFinished(name, "done", (performance.now() - started) / 1000);
    log.debug({ ms: Math.round(performance.now() - started), next: next.length }, `${name} done`);
  } catch (error) {
    const reason = describeError(error);
    const seconds = (performance.now() - started) / 1000;
    // Attempts counts failures only; a job moved to delayed has not failed, however long it waits.
    const waits = Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
    const step = nextStep(error, tries, job.opts.attempts ?? 1, waits, deps.loaded.config.limits.backoff);
    if (step.kind === "wait") {
      metrics.jobFinished(name, "retry", seconds);
      log[step.level]({ err: reason, retryInMs: step.delay }, `${name} waits for ${step.for}`);
      await job.moveToDelayed(Date.now() + step.delay, token);
      throw new DelayedError();
    }
    if (step.kind === "dead") {
      metrics.jobFinished(name, "dead", seconds);
      log.warn({ err: reason, attempts: tries }, `${name} failed for good; dead-lettered`);
      await deadLetter(name, recordOf(job), reason, deps, queues);
      if (error instanceof PermanentError) throw new UnrecoverableError(reason);
    } else {
      metrics.jobFinished(name, "retry", seconds);
      log.info({ err: reason, attempt: tries }, `${name} failed; will retry`);
    }
    throw error;
  }
}

/** What becomes of a job (or batch item) that failed: wait without using an attempt, retry, or dead-letter. */
type NextStep =
  | { kind: "wait"; delay: number; for: string; level: "debug" | "warn" }
  | { kind: "retry" }
  | { kind: "dead" };

/**
 * A busy host (politeness, not failure) and an Elasticsearch outage make the job wait, using no attempt: for the
 * time the host asks (with jitter, so the waiting jobs do not come back together), or backing off up to a
 * minute for as long as the outage lasts. Otherwise a PermanentError or the last attempt ends in a dead letter.
 */
function nextStep(error: unknown, tries: number, attempts: number, waits: number, backoff: number): NextStep {
  if (error instanceof HostBusyError) {
    const delay = Math.round(error.retryAfterMs * (1 + Math.random()));
    return { kind: "wait", delay, for: "a busy host", level: "debug" };
  }
  if (error instanceof PermanentError) return { kind: "dead" };
  if (isElasticsearchUnavailable(error)) {
    const delay = Math.min(backoff * 2 ** waits, maxOutageDelayMs);
    return { kind: "wait", delay, for: "Elasticsearch", level: "warn" };
  }
  return tries >= attempts ? { kind: "dead" } : { kind: "retry" };
}

/** Validates a payload and runs the stage on it. */
async function runStage(
  name: StageName,
  jobId: string,
  data: unknown,
  attempt: number,
  deps: Deps,
  context: Pick<StageContext, "inBatch" | "log" | "metrics" | "deadLetter">,
): Promise<StageOutput<StageName>> {
  const parsed = payloadSchemas[name].safeParse(data);
  if (!parsed.success) throw new PermanentError(`invalid ${name} job payload: ${parsed.error.message}`);
  const stage = stages[name] as Stage<StageName>;
  return stage.run(parsed.data as Payload<StageName>, deps, { jobId, attempt, ...context });
}

/**
 * The items of a batch job, each run as its own job would be: the outputs of each item that succeeds are queued
 * as soon as it is done (an item never waits for the slowest of its batch); each one that fails is queued again
 * alone under its own id (to wait for a busy host or for Elasticsearch without using an attempt, or to retry
 * after the backoff with one attempt fewer), or dead-lettered when it failed for good. The batch job succeeds
 * once all of that is done, so a crash before then runs the whole batch again, as it would a job. At most
 * `limits.concurrency.<stage>` items of a batch run at once (it matters for poll: its scheduled batches hold up
 * to 32 feeds, and 4 polls at a time spread the burst of new articles a round of polls finds, as 4 poll jobs did).
 */
async function processBatch({ name, deps, queues, metrics, outputs }: Run, job: Job, items: BatchItem[]) {
  const { attempts, backoff, concurrency } = deps.loaded.config.limits;
  const queue = queues.stages[name];
  const target = nextStage[name];
  await forEachAtMost(concurrency[name], items, async (item) => {
    const ids = item.data as { articleId?: string };
    const log = deps.log.child({ stage: name, jobId: item.jobId, batch: job.id, articleId: ids.articleId });
    const record: DeadLetterSubject = { jobId: item.jobId, data: item.data, attempts: 1 };
    const started = performance.now();
    let output: StageOutput<StageName>;
    try {
      output = await runStage(name, item.jobId, item.data, 1, deps, {
        inBatch: true,
        log,
        metrics,
        deadLetter: (reason) => deadLetter(name, record, reason, deps, queues),
      });
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const reason = describeError(error);
      // Removed once done, so that the same item failing again later (a feed polled by a scheduled batch every
      // interval) can be queued again under the same id; while it waits, its id still absorbs a repeat.
      const alone = {
        jobId: `${item.jobId}-alone`,
        backoff: { type: "exponential", delay: backoff },
        removeOnComplete: true,
      };
      const step = nextStep(error, 1, attempts, 0, backoff);
      if (step.kind === "wait") {
        metrics.jobFinished(name, "retry", seconds);
        log[step.level](
          { err: reason, retryInMs: step.delay },
          `${name} waits for ${step.for}; queued again alone`,
        );
        await queue.add(name, item.data, { ...alone, delay: step.delay, attempts });
      } else if (step.kind === "dead") {
        metrics.jobFinished(name, "dead", seconds);
        log.warn({ err: reason, attempts: 1 }, `${name} failed for good; dead-lettered`);
        await deadLetter(name, record, reason, deps, queues);
      } else {
        metrics.jobFinished(name, "retry", seconds);
        log.info({ err: reason, attempt: 1 }, `${name} failed; will retry alone`);
        await queue.add(name, item.data, { ...alone, delay: backoff, attempts: attempts - 1 });
      }
      return;
    }
    if (target) await outputs.enqueue(target, output.next);
    await output.afterEnqueue?.();
    metrics.jobFinished(name, "done", (performance.now() - started) / 1000);
  });
}

/** Runs `task` on every item, at most `limit` at a time, starting them in order. */
async function forEachAtMost<T>(limit: number, items: T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
}

/** Longest wait between two tries of a job held up by an Elasticsearch outage. */
const maxOutageDelayMs = 60_000;

/** What a dead-letter record is about: a job, or an item of a batch job. */
interface DeadLetterSubject {
  jobId: string;
  data: unknown;
  /** Tries made, this one included. */
  attempts: number;
}

function recordOf(job: Job): DeadLetterSubject {
  return { jobId: job.id ?? "unknown", data: job.data, attempts: job.attemptsMade + 1 };
}

async function deadLetter(
  name: StageName,
  subject: DeadLetterSubject,
  reason: string,
  deps: Deps,
  queues: PipelineQueues,
): Promise<void> {
  const data = subject.data as { url?: string; feedId?: string };
  const feedUrl = data.feedId
    ? deps.loaded.config.feeds.find((feed) => feed.id === data.feedId)?.url
    : undefined;
  // Scheduled polls get a new job id every time: one record per feed and reason, not one per poll.
  const recordId = name === "poll" ? `feed-${data.feedId}-${sha256(reason).slice(0, 12)}` : subject.jobId;
  await recordDeadLetter(queues.deadLetter, {
    queue: name,
    jobId: recordId,
    url: data.url ?? feedUrl ?? null,
    reason,
    attempts: subject.attempts,
    failedAt: new Date().toISOString(),
    data: subject.data,
  });
}
