// Live progress of `newsmon run` and `newsmon demo` on a terminal: one status line on stderr, redrawn every
// second, with per stage the jobs this process finished, its rate, what is queued, retried and failed for
// good, and the dead-letter records. Log lines go above it (lib/log.ts's TerminalWriter). Nothing is drawn when
// stderr is not a terminal (logs go to files or collectors).
import { stderrTerminal, type TerminalWriter } from "../lib/log.ts";
import type { PipelineQueues } from "../queues/queues.ts";
import { type StageName, stageNames } from "../queues/topology.ts";
import type { JobTally, PipelineMetrics } from "./metrics.ts";

export interface ProgressSample {
  /** Milliseconds (any clock; only differences count). */
  at: number;
  /** Attempts finished in this process, per stage and outcome. */
  tally: JobTally;
  /** Jobs waiting, running or waiting for a retry, per stage (all processes). */
  queued: Record<StageName, number>;
  deadLetters: number;
}

/** Rates are taken over this many seconds, so one burst does not swing them. */
const rateWindowMs = 5_000;

/**
 * One status line, e.g. `poll 2 · fetch 41 3.2/s +6 2↻ · clean 40 … │ dead letters 1`: per stage the jobs
 * done, the rate (when nonzero), `+n` queued, `n↻` attempts that failed and will be retried, `n✗` jobs that
 * failed for good. `earlier` is the sample the rate is measured from; `width` cuts the line to the terminal.
 */
export function formatProgress(sample: ProgressSample, earlier?: ProgressSample, width?: number): string {
  const seconds = earlier ? (sample.at - earlier.at) / 1000 : 0;
  const parts = stageNames.map((stage) => {
    const { done, retry, dead } = sample.tally[stage];
    let part = `${stage} ${done}`;
    const rate = earlier && seconds > 0 ? (done - earlier.tally[stage].done) / seconds : 0;
    if (rate > 0) part += ` ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`;
    if (sample.queued[stage] > 0) part += ` +${sample.queued[stage]}`;
    if (retry > 0) part += ` ${retry}↻`;
    if (dead > 0) part += ` ${dead}✗`;
    return part;
  });
  const line = `${parts.join(" · ")} │ dead letters ${sample.deadLetters}`;
  return width && line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

export function startProgress(
  queues: PipelineQueues,
  metrics: PipelineMetrics,
  terminal: TerminalWriter = stderrTerminal,
): { stop(): Promise<void> } {
  if (!terminal.isTTY) return { async stop() {} };
  const history: ProgressSample[] = [];
  let reading = false;
  let stopped = false;

  const read = async (): Promise<ProgressSample> => {
    const counts = await Promise.all(
      stageNames.map((stage) =>
        // The poll queue always holds each feed's next scheduled poll as a delayed job; that is not a
        // backlog.
        queues.stages[stage].getJobCountByTypes(
          "waiting",
          "active",
          "prioritized",
          ...(stage === "poll" ? [] : (["delayed"] as const)),
        ),
      ),
    );
    return {
      at: Date.now(),
      tally: metrics.tally(),
      queued: Object.fromEntries(stageNames.map((stage, index) => [stage, counts[index] ?? 0])) as Record<
        StageName,
        number
      >,
      deadLetters: await queues.deadLetter.getJobCountByTypes("waiting", "prioritized", "delayed"),
    };
  };

  const draw = () => {
    const sample = history.at(-1);
    if (!sample) return;
    // One column spare: a line as wide as the terminal would leave the cursor waiting to wrap.
    const width = terminal.columns ? terminal.columns - 1 : undefined;
    terminal.showStatus(formatProgress(sample, history[0], width));
  };

  const tick = async () => {
    if (reading || stopped) return;
    reading = true;
    try {
      history.push(await read());
      while (history.length > 0 && (history.at(-1)?.at ?? 0) - (history[0]?.at ?? 0) > rateWindowMs) {
        history.shift();
      }
      if (!stopped) draw();
    } catch {
      // Redis is away: the line stays as it was; the logs say why.
    } finally {
      reading = false;
    }
  };

  const timer = setInterval(() => void tick(), 1_000);
  timer.unref();
  void tick();
  return {
    /** Draws the line once more from fresh counts (a second at most) and leaves it on the terminal. */
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      let timeout: NodeJS.Timeout | undefined;
      try {
        const late = new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error("no answer")), 1_000);
        });
        history.push(await Promise.race([read(), late]));
      } catch {
        // Redis is away: the last line drawn stays.
      } finally {
        clearTimeout(timeout);
      }
      draw();
      terminal.endStatus();
    },
  };
}
