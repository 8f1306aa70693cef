// The BullMQ queues of the pipeline, their shared job options, and the dead-letter record.
import { type ConnectionOptions, type JobType, Queue } from "bullmq";
import type { Limits } from "../config/schema.ts";
import type { DeadLetter } from "./payloads.ts";
import { deadLetterQueueName, type StageName, stageNames } from "./topology.ts";

export type StageQueues = Record<StageName, Queue>;

export interface PipelineQueues {
  stages: StageQueues;
  deadLetter: Queue<DeadLetter>;
  close(): Promise<void>;
}

export function openQueues(connection: ConnectionOptions, prefix: string, limits: Limits): PipelineQueues {
  const defaultJobOptions = {
    attempts: limits.attempts,
    backoff: { type: "exponential", delay: limits.backoff },
    // A bounded record of recent jobs for the ops dashboard, not per article: every stage is idempotent (an
    // article version is recognised by its content hash, an alert by its rule and story), so a repeated job
    // costs work, never a duplicate. Failed jobs live on as dead-letter records. 10 finished jobs a queue (a
    // batch job shows up to 32 articles, so up to 320) is what a glance at the dashboard needs; a kept batch job
    // is a hash of up to 40 KB (fetch items carry their feed item).
    removeOnComplete: { count: 10 },
    removeOnFail: { count: 100 },
  };
  // BullMQ's event stream per queue (what QueueEvents listeners read) keeps 10,000 events by default: megabytes
  // per queue that nothing here reads back. A short tail is enough for a listener watching live.
  const streams = { events: { maxLen: 100 } };
  const stages = Object.fromEntries(
    stageNames.map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions, streams })]),
  ) as StageQueues;
  const deadLetter = new Queue<DeadLetter>(deadLetterQueueName, { connection, prefix });
  return {
    stages,
    deadLetter,
    async close() {
      await Promise.all([...Object.values(stages), deadLetter].map((queue) => queue.close()));
    },
  };
}

/** One record per failed job (re-recording the same job replaces nothing): queue, id, URL, reason, attempts. */
export async function recordDeadLetter(queue: Queue<DeadLetter>, record: DeadLetter): Promise<void> {
  await queue.add(record.queue, record, {
    jobId: `${record.queue}-${record.jobId}`.replaceAll(":", "_"),
    removeOnComplete: false,
    removeOnFail: false,
  });
}

export type DeadLetterRecord = DeadLetter & { recordId: string };

export async function listDeadLetters(queue: Queue<DeadLetter>, limit = 100): Promise<DeadLetterRecord[]> {
  const jobs = await queue.getJobs(["waiting", "prioritized", "delayed"], 0, limit - 1);
  return jobs.map((job) => ({ ...job.data, recordId: job.id ?? "" }));
}

/**
 * Runs the jobs behind dead-letter records again (all of them, or those named): each record's job goes back on
 * its stage's queue under a fresh id and the record is removed; should the job fail for good again, it gets a
 * new record. Returns how many were re-queued.
 */
export async function retryDeadLetters(queues: PipelineQueues, recordIds?: string[]): Promise<number> {
  const records = await queues.deadLetter.getJobs(["waiting", "prioritized", "delayed"]);
  let retried = 0;
  for (const record of records) {
    if (recordIds && !recordIds.includes(record.id ?? "")) continue;
    const stage = record.data.queue as StageName;
    if (!(stageNames as readonly string[]).includes(stage)) continue;
    const jobId = `${record.data.jobId}-retry-${Date.now().toString(36)}`.replaceAll(":", "_");
    await queues.stages[stage].add(stage, record.data.data, { jobId });
    await record.remove();
    retried += 1;
  }
  return retried;
}

/**
 * True when no stage has work waiting, running or scheduled for retry. Delayed poll jobs do not count: the feed
 * schedules always hold the next poll of every feed there.
 */
export async function pipelineIsIdle(stages: Partial<StageQueues>): Promise<boolean> {
  for (const [name, queue] of Object.entries(stages)) {
    const states: JobType[] = [
      "waiting",
      "active",
      "prioritized",
      "waiting-children",
      ...(name === "poll" ? [] : ["delayed" as const]),
    ];
    const counts = await queue.getJobCounts(...states);
    if (Object.values(counts).some((count) => count > 0)) return false;
  }
  return true;
}
