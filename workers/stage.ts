// What a stage is: a name and a `run` that takes the stage's job payload and what it depends on, and returns
// the jobs for the next stage. Stages throw meaning (PermanentError, or any error to retry); the runner
// (runner.ts) validates payloads, enqueues the next jobs with their ids and records dead letters.

import type { Logger } from "../lib/log.ts";
import type { PipelineMetrics } from "../ops/metrics.ts";
import type { Payload } from "../queues/payloads.ts";
import type { nextStage, StageName } from "../queues/topology.ts";
import type { Deps } from "./deps.ts";

type NextOf<S extends StageName> = (typeof nextStage)[S];

/** A job for the next stage; the id is deterministic, so a repeated job is recognised and ignored. */
export interface NextJob<S extends StageName> {
  jobId: string;
  data: NextOf<S> extends StageName ? Payload<NextOf<S>> : never;
}

export interface StageContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** The job is an item of a batch job: it holds no worker of its own, so it may wait in line for a busy host. */
  inBatch: boolean;
  log: Logger;
  metrics: PipelineMetrics;
  /** Records what the job could not do (a malformed feed read in part, an item without a link) while it goes on. */
  deadLetter(reason: string): Promise<void>;
}

export interface StageOutput<S extends StageName> {
  next: NextJob<S>[];
  /** Runs once the next jobs are safely enqueued (poll marks items seen only then, so a crash loses nothing). */
  afterEnqueue?: () => Promise<void>;
}

export interface Stage<S extends StageName> {
  name: S;
  run(input: Payload<S>, deps: Deps, context: StageContext): Promise<StageOutput<S>>;
}
