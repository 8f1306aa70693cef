// Feed bytes in (with the URL and Content-Type when known), one normalised shape out for RSS 0.9x-2.0, RSS 1.0,
// Atom 0.3/1.0 and JSON Feed 1.0/1.1. Steps: decode (HTTP charset, BOM, XML declaration, sniffing), repair
// (entities, control characters, bare ampersands, missing RSS version), parse (rss-parser for well-formed
// RSS/Atom, checked against a lenient namespace-aware tree that also reads what stays broken), normalise and
// sanitise. Fails only with FeedParseError (not a feed, undecodable, empty), whose message names the cause and,
// for XML that cannot be read, the line and column of the first error.
import Parser from "rss-parser";
import { feedDateIso } from "../../lib/dates.ts";
import { decodeFeed } from "./feed-decode.ts";
import { extractFeed, findFeedRoot } from "./feed-extract.ts";
import { looksLikeHtml, plainText } from "./feed-html.ts";
import { extractJsonFeed, JsonFeedDocument } from "./feed-json.ts";
import { buildTree, repairXml, XmlLimitError } from "./feed-xml.ts";

export interface FeedEntry {
  /** Plain text. */
  title: string | null;
  /** Absolute: resolved against xml:base, the feed's link, then the feed URL. */
  link: string | null;
  /** guid, Atom id, or the link. */
  id: string | null;
  /** Sanitised HTML. */
  summary: string | null;
  /** Sanitised HTML. */
  content: string | null;
  /** UTC ISO 8601 with milliseconds. */
  published: string | null;
  updated: string | null;
  /** First author, plain text. */
  author: string | null;
  authors: string[];
  categories: string[];
  enclosures: Array<{ url: string; type: string | null; length: number | null }>;
}

export interface ParsedFeed {
  feed: {
    title: string | null;
    link: string | null;
    description: string | null;
    /** The feed's own author (Atom author, managingEditor, dc:creator, itunes:author), plain text: whom to
     * credit for RSS items, which do not inherit it. */
    author: string | null;
    /** As the feed declares it (RSS language, dc:language, xml:lang), e.g. "en-us"; not normalised. */
    language: string | null;
    /** When the feed itself last changed (Atom updated, RSS lastBuildDate or pubDate, dc:date), UTC ISO. */
    updated: string | null;
  };
  entries: FeedEntry[];
  /** How the feed was read: format, encoding, and repairs or XML errors worked around. */
  meta?: { format: string; encoding: string; warnings: string[] };
}

export class FeedParseError extends Error {
  override name = "FeedParseError";
}

export interface ParseFeedOptions {
  /** The feed's URL: the last base for relative links. */
  url?: string;
  /** The HTTP Content-Type header, whose charset comes first. */
  contentType?: string | null;
  /** The HTTP Content-Location header: the base for relative links after xml:base, before the URL. */
  contentLocation?: string | null;
}

/** Bigger than any real feed (news feeds run to a few MB); parsing 10 MB takes about 2 s and 450 MB. */
const maxFeedBytes = 10 * 1024 * 1024;

const rssParser = new Parser({ xml2js: { strict: true } });

/** xml2js (sax) reports "message\nLine: 4\nColumn: 12\nChar: x"; lines and columns there count from 0. */
function describeXmlError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^([^\n]*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (!match) return message.split("\n")[0] ?? message;
  const [, cause = "", line = "0", column = "0"] = match;
  return `XML error at line ${Number(line) + 1}, column ${Number(column)}: ${cause.trim()}`;
}

type RssOutput = Awaited<ReturnType<typeof rssParser.parseString>>;

/** rss-parser's reading; `error` only for XML it finds malformed (its own failures on odd shapes, such as an
 * <rss> without a <channel>, leave the tree's reading alone). */
async function strictParse(xml: string): Promise<{ output?: RssOutput; error?: string }> {
  try {
    return { output: await rssParser.parseString(xml) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /\nLine: \d+/.test(message) ? { error: describeXmlError(error) } : {};
  }
}

function plain(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = plainText(value, looksLikeHtml(value));
  return text === "" ? null : text;
}

function absoluteOrNull(value: unknown, base: string | null): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  try {
    const url = new URL(value.trim(), base ?? undefined);
    return ["http:", "https:", "ftp:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Fills what the tree left empty with what rss-parser read, item by item (both keep document order). */
function complete(parsed: ParsedFeed, output: RssOutput, base: string | null): void {
  parsed.feed.title ??= plain(output.title);
  parsed.feed.link ??= absoluteOrNull(output.link, base);
  const items = Array.isArray(output.items) ? output.items : [];
  if (items.length !== parsed.entries.length) return;
  parsed.entries.forEach((entry, index) => {
    const item = items[index];
    if (!item) return;
    entry.title ??= plain(item.title);
    entry.link ??= absoluteOrNull(item.link, parsed.feed.link ?? base);
    entry.id ??= typeof item.guid === "string" ? item.guid.trim() || null : null;
    // Its isoDate comes from Date(), which reads a zone-less time in the local zone: the raw text is read here.
    entry.published ??= feedDateIso(item.pubDate);
    entry.updated ??= entry.published;
    if (entry.author === null) {
      const creator = plain(item.creator);
      if (creator) {
        entry.author = creator;
        entry.authors = [creator];
      }
    }
    if (entry.categories.length === 0 && Array.isArray(item.categories)) {
      entry.categories = item.categories.flatMap((category) => {
        const text = plain(category);
        return text ? [text] : [];
      });
    }
  });
}

function parseJson(text: string, encoding: string, url: string | null): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`not a feed: invalid JSON (${(error as Error).message})`);
  }
  const document = JsonFeedDocument.safeParse(json);
  if (!document.success) throw new FeedParseError("not a feed: JSON without a JSON Feed version");
  const parsed = extractJsonFeed(document.data, url);
  parsed.meta = { format: "json", encoding, warnings: [] };
  return parsed;
}

function describeRoot(xml: string): string {
  const tag = /<([A-Za-z][\w:.-]*)/.exec(xml.slice(0, 10_000).replace(/<\?[^>]*>|<!--[\s\S]*?-->/g, ""));
  if (!tag) return "no markup";
  return /^html$/i.test(tag[1] ?? "") ? "an HTML page" : `root element <${tag[1]}>`;
}

async function parseDecoded(text: string, encoding: string, base: string | null): Promise<ParsedFeed> {
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (trimmed === "") throw new FeedParseError("not a feed: the document is empty");
  if (trimmed.startsWith("{")) return parseJson(trimmed, encoding, base);

  const xml = repairXml(trimmed);
  const warnings: string[] = [];
  const tree = buildTree(xml, base);
  const located = findFeedRoot(tree);
  const strict = await strictParse(xml);
  if (!located) {
    const why = strict.error ? ` (${strict.error})` : "";
    throw new FeedParseError(`not a feed: ${describeRoot(xml)}${why}`);
  }
  const parsed = extractFeed(located.root, located.format, base);
  if (strict.output) complete(parsed, strict.output, base);
  else if (strict.error) {
    warnings.push(strict.error);
    // Broken XML that yields neither an item nor the feed's own title, link or description was not read at all.
    const { title, link, description } = parsed.feed;
    if (parsed.entries.length === 0 && !title && !link && !description) {
      throw new FeedParseError(`broken XML with nothing readable (${strict.error})`);
    }
  }
  parsed.meta = { format: located.format, encoding, warnings };
  return parsed;
}

/** Parses feed bytes; never throws anything but FeedParseError. */
export async function parseFeed(bytes: Uint8Array, opts: ParseFeedOptions = {}): Promise<ParsedFeed> {
  if (bytes.length > maxFeedBytes) {
    throw new FeedParseError(`feed too large: ${bytes.length} bytes (limit ${maxFeedBytes})`);
  }
  const base = documentBase(opts.url ?? null, opts.contentLocation ?? null);
  try {
    const decoded = decodeFeed(bytes, opts.contentType);
    if (
      decoded.text.includes("\uFFFD") &&
      decoded.text.replace(/[^\uFFFD]/g, "").length > decoded.text.length / 4
    ) {
      throw new FeedParseError(`cannot decode the feed as ${decoded.encoding} (${decoded.source})`);
    }
    return await parseDecoded(decoded.text, decoded.encoding, base);
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    if (error instanceof XmlLimitError) throw new FeedParseError(`feed refused: ${error.message}`);
    // A bug of ours, not a fault of the feed: named, without the engine's wording ("Cannot read properties...").
    const kind = error instanceof Error ? error.name : typeof error;
    throw new FeedParseError(
      `internal parser failure (${kind}) on a ${bytes.length}-byte document; the feed may be valid`,
    );
  }
}

/** The base for the document's relative references (RFC 3986 5.1.2-5.1.3): its Content-Location, resolved
 * against the URL it was fetched from, else that URL. */
function documentBase(url: string | null, contentLocation: string | null): string | null {
  if (!contentLocation?.trim()) return url;
  try {
    return new URL(contentLocation.trim(), url ?? undefined).href;
  } catch {
    return url;
  }
}
