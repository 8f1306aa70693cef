// The batch commands: JSON lines in on stdin, one JSON line out per input line on stdout, in order. Each line
// stands alone: a line that is not JSON, lacks a field or breaks the stage gives an error line for that input
// and the rest go on.
import { createInterface } from "node:readline";
import { z } from "zod";
import type { Watchlist } from "../config/watchlist-schema.ts";
import { extractArticle } from "../workers/clean/extract.ts";
import { createEntityMatcher } from "../workers/entities/match.ts";
import { parseFeed } from "../workers/poll/parse-feed.ts";

type LineHandler = (line: string) => Promise<Record<string, unknown>>;

async function eachLine(handle: LineHandler): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let output: Record<string, unknown>;
    try {
      output = await handle(line);
    } catch (error) {
      output = { id: idOf(line), error: (error as Error).message };
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

export function extractJsonl(): Promise<void> {
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

export function parseFeedJsonl(): Promise<void> {
  return eachLine(async (line) => {
    let id: unknown = idOf(line);
    try {
      const input = parseInput(ParseFeedInput, line);
      id = input.id;
      const parsed = await parseFeed(Buffer.from(input.b64, "base64"));
      return { id, ok: true, feed: parsed.feed, entries: parsed.entries };
    } catch (error) {
      return { id, ok: false, error: (error as Error).message };
    }
  });
}

export function entitiesJsonl(watchlist: Watchlist): Promise<void> {
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
