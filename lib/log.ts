// One logger for the whole process: JSON lines (one event per line) for machines, pretty one-line events on a
// terminal. Every line about a job carries its stage, job id, article id and feed as fields, via `log.child(...)`.
// On a terminal, log lines and the status line of ops/progress.ts share stderr through one TerminalWriter, so a
// log line never lands on top of the status line.
import { pino } from "pino";
import { prettyFactory } from "pino-pretty";

export type Logger = pino.Logger;

/** Erases the terminal line the cursor is on and returns to its first column. */
const clearLine = "\r\x1b[2K";

/**
 * A terminal stream with an optional status line at the bottom. A log line clears the status line, takes its
 * place and ends with a newline; the status line is drawn again below it.
 */
export class TerminalWriter {
  readonly stream: NodeJS.WriteStream;
  #status = "";
  constructor(stream: NodeJS.WriteStream) {
    this.stream = stream;
  }

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }

  get columns(): number | undefined {
    return this.stream.columns;
  }

  /** Writes `text` (whole lines) above the status line. */
  writeLines(text: string): void {
    this.stream.write(this.#status ? `${clearLine}${text}${this.#status}` : text);
  }

  /** Draws the status line, replacing the one shown; the cursor stays at its end. */
  showStatus(line: string): void {
    this.#status = line;
    this.stream.write(`${clearLine}${line}`);
  }

  /** Leaves the status line shown as an ordinary line; later writes go below it. */
  endStatus(): void {
    if (!this.#status) return;
    this.#status = "";
    this.stream.write("\n");
  }
}

export const stderrTerminal = new TerminalWriter(process.stderr);

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  const pretty = options.pretty ?? (process.stderr.isTTY && process.env.NEWSMON_LOG_FORMAT !== "json");
  // stderr: stdout belongs to command output (search results, JSON lines of the batch commands).
  if (pretty) {
    const format = prettyFactory({
      singleLine: true,
      // pino-pretty prints error fields on lines of their own, even with singleLine; keep them in the line.
      errorLikeObjectKeys: [],
      translateTime: "SYS:HH:MM:ss.l",
      colorize: stderrTerminal.isTTY,
    });
    return pino({ level }, { write: (line: string) => stderrTerminal.writeLines(format(line)) });
  }
  if (stderrTerminal.isTTY) {
    return pino({ level }, { write: (line: string) => stderrTerminal.writeLines(line) });
  }
  return pino({ level }, pino.destination(2));
}
