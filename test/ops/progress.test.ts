// The terminal progress line: its format (pure), the live line drawn from real queues onto a terminal-like
// stream, log lines written above it instead of over it; nothing at all on a stream that is not a terminal; and
// `newsmon run --once` on a real pseudo-terminal (util-linux `script`), whose captured bytes are replayed onto a
// small screen model to check that no log line and status line share a row.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TerminalWriter } from "../../lib/log.ts";
import { createMetrics, type JobTally, type PipelineMetrics } from "../../ops/metrics.ts";
import { formatProgress, type ProgressSample, startProgress } from "../../ops/progress.ts";
import { recordDeadLetter } from "../../queues/queues.ts";
import { type StageName, stageNames } from "../../queues/topology.ts";
import { startFixtureSite } from "../fixture-site/server.ts";
import { repoRoot, writeTestConfig } from "../support/harness.ts";
import { type OpsFixture, openOpsFixture } from "./support.ts";

function sample(at: number, done: Partial<Record<StageName, number>>, extra: Partial<ProgressSample> = {}) {
  const tally = Object.fromEntries(
    stageNames.map((stage) => [stage, { done: done[stage] ?? 0, retry: 0, dead: 0 }]),
  ) as JobTally;
  const queued = Object.fromEntries(stageNames.map((stage) => [stage, 0])) as Record<StageName, number>;
  return { at, tally, queued, deadLetters: 0, ...extra };
}

describe("formatProgress", () => {
  it("shows per stage the jobs done, the rate, the queue and the failures, then the dead letters", () => {
    const earlier = sample(0, { poll: 2, fetch: 10 });
    const now = sample(4_000, { poll: 2, fetch: 30, clean: 8 }, { deadLetters: 3 });
    now.queued.fetch = 6;
    now.tally.fetch.retry = 2;
    now.tally.clean.dead = 1;
    expect(formatProgress(now, earlier)).toBe(
      "poll 2 · fetch 30 5.0/s +6 2↻ · clean 8 2.0/s 1✗ · entities 0 · index 0 · alert 0 │ dead letters 3",
    );
  });

  it("leaves the rate out without an earlier sample and cuts the line to the terminal width", () => {
    const line = formatProgress(sample(0, { fetch: 1234 }));
    expect(line).toBe("poll 0 · fetch 1234 · clean 0 · entities 0 · index 0 · alert 0 │ dead letters 0");
    expect(formatProgress(sample(0, {}), undefined, 20)).toBe("poll 0 · fetch 0 · …");
  });

  it("rounds rates of ten and more per second", () => {
    expect(formatProgress(sample(1_000, { index: 125 }), sample(0, { index: 0 }))).toContain(
      "index 125 125/s",
    );
  });
});

describe("startProgress", () => {
  let fixture: OpsFixture;
  let metrics: PipelineMetrics;
  beforeAll(() => {
    fixture = openOpsFixture();
    metrics = createMetrics({ queues: fixture.queues, redis: fixture.redis, loaded: fixture.loaded });
  });
  afterAll(async () => {
    await fixture?.cleanUp();
  });

  function terminal(isTTY: boolean): { terminal: TerminalWriter; written: string[] } {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    Object.assign(stream, { isTTY, columns: 200 });
    return { terminal: new TerminalWriter(stream), written };
  }

  it("redraws one line from the queues and the job tally, and ends it when stopped", async () => {
    metrics.jobFinished("fetch", "done", 0.1);
    metrics.jobFinished("fetch", "retry", 0.1);
    await fixture.queues.stages.clean.add("clean", { articleId: "x" });
    await recordDeadLetter(fixture.queues.deadLetter, {
      queue: "fetch",
      jobId: "j1",
      url: null,
      reason: "HTTP 410",
      attempts: 1,
      failedAt: new Date().toISOString(),
      data: {},
    });
    const { terminal: screen, written } = terminal(true);
    const progress = startProgress(fixture.queues, metrics, screen);
    while (written.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const status = "poll 0 · fetch 1 1↻ · clean 0 +1 · entities 0 · index 0 · alert 0 │ dead letters 1";
    expect(written[0]).toBe(`\r\x1b[2K${status}`);
    // A log line clears the status line, takes its place, and the status line is drawn again below it.
    screen.writeLines("[12:00:00.000] INFO: fetched\n");
    expect(written.at(-1)).toBe(`\r\x1b[2K[12:00:00.000] INFO: fetched\n${status}`);
    await progress.stop();
    // The last line drawn stays on the terminal, and what comes next starts below it.
    expect(written.slice(-2)).toEqual([`\r\x1b[2K${status}`, "\n"]);
    screen.writeLines("after\n");
    expect(written.at(-1)).toBe("after\n");
  });

  it("draws nothing on a stream that is not a terminal", async () => {
    const { terminal: screen, written } = terminal(false);
    const progress = startProgress(fixture.queues, metrics, screen);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await progress.stop();
    expect(written).toEqual([]);
  });
});

/**
 * The rows a terminal shows after `output`: printable text at the cursor, carriage return, line feed and
 * erase-line (`ESC[2K`); colours are dropped. Enough for what newsmon writes.
 */
function screenAfter(output: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let column = 0;
  const colours = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
  const text = output.replace(colours, "");
  for (let index = 0; index < text.length; index += 1) {
    if (text.startsWith("\x1b[2K", index)) {
      rows[row] = [];
      index += 3;
      continue;
    }
    const char = text[index] as string;
    if (char === "\r") column = 0;
    else if (char === "\n") {
      row += 1;
      rows[row] ??= [];
    } else {
      const line = rows[row] as string[];
      while (line.length < column) line.push(" ");
      line[column] = char;
      column += 1;
    }
  }
  return rows.map((line) => line.join("").trimEnd()).filter((line) => line !== "");
}

const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("newsmon run on a terminal", () => {
  it("writes each log line whole on its own row, above the status line, never over it", async () => {
    const site = await startFixtureSite();
    const test = writeTestConfig({
      feeds: [{ id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1h" }],
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    const cli = path.join(repoRoot, "cli", "newsmon.js");
    const command = `stty cols 400 rows 50; "${process.execPath}" "${cli}" --config "${test.configPath}" run --once`;
    const { NEWSMON_LOG_FORMAT: _json, ...inherited } = process.env;
    const env = { ...inherited, LOG_LEVEL: "info" };
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    try {
      const code = await new Promise((resolve) => child.on("exit", resolve));
      expect(code, output).toBe(0);
    } finally {
      await site.close();
      await test.cleanUp();
    }
    const status = /^poll \d+.* │ dead letters \d+$/;
    const logLine = /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR) \(\d+\): \S/;
    // The run drew its status line and logged while it was shown.
    const firstStatus = output.indexOf("poll ");
    expect(firstStatus).toBeGreaterThanOrEqual(0);
    expect(output.lastIndexOf("\r\x1b[2K[")).toBeGreaterThan(firstStatus);
    const rows = screenAfter(output);
    const garbled = rows.filter((line) => !status.test(line) && !logLine.test(line));
    expect(garbled, rows.join("\n")).toEqual([]);
    expect(rows.filter((line) => logLine.test(line)).some((line) => line.includes("idle"))).toBe(true);
    // The last status line stays, once, at the bottom.
    expect(rows.filter((line) => status.test(line))).toHaveLength(1);
    expect(rows.at(-1)).toMatch(status);
    // Drawn from fresh counts when the run ended idle: nothing queued any more.
    expect(rows.at(-1)).not.toMatch(/\+\d/);
  }, 120_000);
});
