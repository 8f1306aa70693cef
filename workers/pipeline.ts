// A running newsmon process: its connections, queues and the workers of the stages it runs. `newsmon run`,
// `newsmon demo`, `newsmon replay` and the integration tests all start the pipeline through here.
import type { Connections } from "../config/connections.ts";
import type { LoadedConfig } from "../config/load.ts";
import type { Logger } from "../lib/log.ts";
import { createMetrics, type PipelineMetrics } from "../ops/metrics.ts";
import { openQueues, type PipelineQueues, pipelineIsIdle } from "../queues/queues.ts";
import type { StageName } from "../queues/topology.ts";
import { startDigestSender } from "./alert/digest.ts";
import { closeDeps, type Deps, openDeps, reloadWatchlistOnChange } from "./deps.ts";
import { restoreRevisits, startRevisitMover } from "./fetch/revisit.ts";
import { keepFeedSchedules } from "./poll/schedule.ts";
import { type RunningWorkers, startWorkers } from "./runner.ts";

export interface Pipeline {
  deps: Deps;
  queues: PipelineQueues;
  workers: RunningWorkers;
  metrics: PipelineMetrics;
  /**
   * Resolves once no stage (or none of `stages`) has work waiting, running or waiting to be retried, for
   * `settleMs` in a row.
   */
  waitUntilIdle(options?: { timeoutMs?: number; settleMs?: number; stages?: StageName[] }): Promise<void>;
  close(): Promise<void>;
}

export async function startPipeline(options: {
  loaded: LoadedConfig;
  connections: Connections;
  log: Logger;
  stages: StageName[];
  /** Install the per-feed poll schedules (`run`); the demo and tests poll on demand instead. */
  schedule: boolean;
}): Promise<Pipeline> {
  const deps = await openDeps(options.loaded, options.connections, options.log);
  const queues = openQueues(deps.redis, deps.keyPrefix, options.loaded.config.limits);
  const schedules = options.schedule
    ? keepFeedSchedules({
        redis: deps.redis,
        keyPrefix: deps.keyPrefix,
        pollQueue: queues.stages.poll,
        feeds: options.loaded.config.feeds,
        log: options.log,
        restoreAfterLoss: async () => {
          const restored = await restoreRevisits(deps);
          if (restored > 0) options.log.info({ restored }, "revisit schedule rebuilt from the raw pages");
        },
      })
    : null;
  await schedules?.ready;
  const stopWatching = reloadWatchlistOnChange(deps);
  const metrics = createMetrics({ queues, redis: deps.redis, loaded: options.loaded });
  const workers = startWorkers(options.stages, deps, queues, metrics);
  const stopDigests = options.stages.includes("alert") ? startDigestSender(deps) : () => {};
  const stopRevisits = options.stages.includes("fetch") ? startRevisitMover(deps, queues.stages.fetch) : null;
  return {
    deps,
    queues,
    workers,
    metrics,
    async waitUntilIdle({ timeoutMs = 120_000, settleMs = 500, stages } = {}) {
      const deadline = Date.now() + timeoutMs;
      const watched = stages
        ? Object.fromEntries(stages.map((stage) => [stage, queues.stages[stage]]))
        : queues.stages;
      let idleSince: number | null = null;
      for (;;) {
        if (await pipelineIsIdle(watched)) {
          idleSince ??= Date.now();
          if (Date.now() - idleSince >= settleMs) return;
        } else {
          idleSince = null;
        }
        if (Date.now() > deadline) throw new Error(`the pipeline still had work after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await schedules?.stop();
      stopWatching();
      stopDigests();
      await stopRevisits?.();
      await workers.close();
      await queues.close();
      await closeDeps(deps);
    },
  };
}
