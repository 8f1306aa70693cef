// The batch commands: JSON lines in on stdin, one JSON line out per input line on stdout, in order. Each line
// stands alone: a line that is not JSON, lacks a field, is over the line cap or breaks the stage gives an error
// line for that input and the rest go on. Lines are cut from the byte stream, so a line too long for a string
// (V8 stops near 512 MiB) is skipped with its error line instead of crashing the command.
import { z } from "zod";
import type { Watchlist } from "../config/watchlist-schema.ts";

type LineHandler = (line: string) => Promise<Record<string, unknown>>;

/** The longest input line read; 64 MiB holds a page at the fetch cap many times over, JSON-escaped. */
export const maxLineBytes = 64 * 1024 * 1024;
/** How much of an over-long line is kept to find its id. */
const headBytes = 4096;

/** An input line, or what is known of one over the cap: its size and the id its head names. */
export type InputLine = { text: string } | { tooLongBytes: number; id: unknown };

/**
 * Splits a byte stream into lines (LF or CRLF; blank lines dropped) without ever holding more than
 * `maxBytes` of one line: an over-long line is counted and dropped up to its end.
 */
export async function* inputLines(
  input: AsyncIterable<Uint8Array>,
  maxBytes = maxLineBytes,
): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let head: Buffer | undefined; // set while an over-long line is being skipped
  const finish = (): InputLine | undefined => {
    if (head !== undefined) {
      const line = { tooLongBytes: size, id: leadingId(head.toString("utf8")) };
      head = undefined;
      parts = [];
      size = 0;
      return line;
    }
    let text = Buffer.concat(parts, size).toString("utf8");
    parts = [];
    size = 0;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return text.trim() === "" ? undefined : { text };
  };
  const add = (piece: Buffer) => {
    size += piece.length;
    if (head !== undefined) return;
    if (size <= maxBytes) return void parts.push(piece);
    // A copy of the first bytes: a view would keep the line's first chunks alive.
    head = Buffer.alloc(Math.min(headBytes, size));
    let filled = 0;
    for (const part of [...parts, piece]) {
      if (filled >= head.length) break;
      filled += part.copy(head, filled);
    }
    parts = [];
  };
  for await (const chunk of input) {
    let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let newline = buffer.indexOf(10); newline !== -1; newline = buffer.indexOf(10)) {
      add(buffer.subarray(0, newline));
      const line = finish();
      if (line) yield line;
      buffer = buffer.subarray(newline + 1);
    }
    if (buffer.length > 0) add(buffer);
  }
  if (size > 0 || head !== undefined) {
    const line = finish();
    if (line) yield line;
  }
}

/** The id of a JSON line that starts with it (`{"id": …`), read from its first bytes; else null. */
function leadingId(start: string): unknown {
  const match = /^\s*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(start);
  if (!match?.[1]) return null;
  try {
    return JSON.parse(match[1]);
  } catch {
    return null;
  }
}

/** The answer to a line that failed, in the command's own shape. */
type ErrorLine = (id: unknown, error: string) => Record<string, unknown>;

async function eachLine(
  handle: LineHandler,
  errorLine: ErrorLine = (id, error) => ({ id, error }),
): Promise<void> {
  for await (const line of inputLines(process.stdin)) {
    let output: Record<string, unknown>;
    if ("tooLongBytes" in line) {
      output = errorLine(
        line.id,
        `line of ${line.tooLongBytes} bytes is over the ${maxLineBytes}-byte cap; skipped`,
      );
    } else {
      try {
        output = await handle(line.text);
      } catch (error) {
        output = errorLine(idOf(line.text), (error as Error).message);
      }
    }
    if (!process.stdout.write(`${JSON.stringify(output)}\n`)) {
      await new Promise((resolve) => process.stdout.once("drain", resolve));
    }
  }
}

/** The input's id when the line is JSON with one, so even an error line says which input it answers. */
function idOf(line: string): unknown {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && "id" in value ? value.id : null;
  } catch {
    return null;
  }
}

const Id = z.union([z.string(), z.number()]);
const ExtractInput = z.object({ id: Id, url: z.string(), html: z.string() });
const ParseFeedInput = z.object({ id: Id, b64: z.string() });
const EntitiesInput = z.object({ id: Id, title: z.string().default(""), text: z.string() });

function parseInput<T extends z.ZodType>(schema: T, line: string): z.infer<T> {
  const result = schema.safeParse(JSON.parse(line));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid input: ${issue?.path.join(".") || "(line)"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

// Each command loads only its own stage's code: a batch command's start-up is part of every batch it runs.
export async function extractJsonl(): Promise<void> {
  const { extractArticle } = await import("../workers/clean/extract.ts");
  return eachLine(async (line) => {
    const input = parseInput(ExtractInput, line);
    const article = extractArticle(input.html, input.url);
    return {
      id: input.id,
      title: article.title,
      text: article.text,
      publishedAt: article.publishedAt ?? article.modifiedAt,
      authors: article.authors,
      lang: article.lang,
      canonicalUrl: article.canonicalUrl,
    };
  });
}

export async function parseFeedJsonl(): Promise<void> {
  const { parseFeed } = await import("../workers/poll/parse-feed.ts");
  return eachLine(
    async (line) => {
      const input = parseInput(ParseFeedInput, line);
      const parsed = await parseFeed(Buffer.from(input.b64, "base64"));
      return { id: input.id, ok: true, feed: parsed.feed, entries: parsed.entries };
    },
    (id, error) => ({ id, ok: false, error }),
  );
}

export async function entitiesJsonl(watchlist: Watchlist): Promise<void> {
  const { createEntityMatcher } = await import("../workers/entities/match.ts");
  const matcher = createEntityMatcher(watchlist.entities);
  return eachLine(async (line) => {
    const input = parseInput(EntitiesInput, line);
    const entities = matcher.find({ title: input.title, text: input.text });
    return {
      id: input.id,
      entities: entities.map(({ canonical, type, count, mentions, id, watched, inTitle }) => ({
        canonical,
        type,
        count,
        mentions: mentions.map(({ text, start, end, field }) => ({ text, start, end, field })),
        id,
        watched,
        inTitle,
      })),
    };
  });
}
