// One logger for the whole process: JSON lines (one event per line) for machines, pretty output on a terminal.
// Every line about a job carries its stage, job id, article id and feed as fields, via `log.child(...)`.
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  const pretty = options.pretty ?? (process.stderr.isTTY && process.env.NEWSMON_LOG_FORMAT !== "json");
  if (pretty) {
    return pino({
      level,
      transport: { target: "pino-pretty", options: { destination: 2, translateTime: "SYS:HH:MM:ss.l" } },
    });
  }
  // stderr: stdout belongs to command output (search results, JSON lines of the batch commands).
  return pino({ level }, pino.destination(2));
}
