// Feed lists travel between news readers as OPML (opml.org's OPML 2.0: `<outline type="rss" text xmlUrl>`,
// nested in folders). `newsmon feeds import <file.opml>` adds the outlines that have an xmlUrl to the config
// file's `feeds` (ids slugged from their titles, feeds already configured skipped by URL), editing the YAML
// document in place so its comments and layout survive; `newsmon feeds export` writes the configured feeds as
// OPML 2.0. The config file is replaced only by a version that loads cleanly.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Parser } from "htmlparser2";
import { isMap, isSeq, parseDocument, YAMLSeq } from "yaml";
import { loadConfig } from "../config/load.ts";
import type { FeedConfig } from "../config/schema.ts";

export interface OpmlFeed {
  title: string;
  xmlUrl: string;
  htmlUrl: string | null;
}

/** The outlines with an xmlUrl, in document order, folders flattened. Throws when the text is not OPML. */
export function parseOpml(text: string): OpmlFeed[] {
  const feeds: OpmlFeed[] = [];
  let root: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        root ??= name.toLowerCase();
        if (name.toLowerCase() !== "outline") return;
        // Attribute names are matched case-insensitively: exporters write xmlUrl, xmlurl and XMLURL.
        const attr = (wanted: string) =>
          Object.entries(attrs)
            .find(([key]) => key.toLowerCase() === wanted)?.[1]
            ?.trim() || null;
        const xmlUrl = attr("xmlurl");
        if (!xmlUrl) return;
        feeds.push({ title: attr("title") ?? attr("text") ?? "", xmlUrl, htmlUrl: attr("htmlurl") });
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text.replace(/^\uFEFF/, ""));
  parser.end();
  if (root !== "opml")
    throw new Error(`not an OPML document (its root element is ${root ? `<${root}>` : "missing"})`);
  return feeds;
}

/** A lowercase slug of letters, digits and hyphens, as feed ids must be. */
// Latin letters that do not decompose into a base letter and a mark.
const unaccented: Record<string, string> = {
  ə: "e",
  ı: "i",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  đ: "d",
  ł: "l",
  þ: "th",
};

export function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[əıøæœßđłþ]/g, (letter) => unaccented[letter] ?? letter)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** URLs compared as a reader would: scheme and host case-insensitive, no fragment, no trailing-slash difference. */
function sameFeedKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = "";
    return parsed.href.replace(/\/$/, "");
  } catch {
    return url.trim();
  }
}

export interface ImportResult {
  added: Array<{ id: string; name: string; url: string }>;
  /** Outlines not added, each with its reason. */
  skipped: Array<{ url: string; reason: string }>;
}

/** Adds the OPML's feeds to the config file; writes nothing when none is new or the result would not load. */
export function importOpml(configPath: string, opmlText: string): ImportResult {
  const source = readFileSync(configPath, "utf8");
  const document = parseDocument(source);
  if (document.errors.length > 0) throw new Error(`${configPath}: ${document.errors[0]?.message}`);
  if (!isMap(document.contents)) throw new Error(`${configPath}: expected a mapping at the top`);
  let feeds = document.get("feeds");
  if (!isSeq(feeds)) {
    feeds = new YAMLSeq();
    document.set("feeds", feeds);
  }
  const existing = (document.toJS() as { feeds?: Array<{ id?: string; url?: string }> }).feeds ?? [];
  const ids = new Set(existing.flatMap((feed) => (feed.id ? [feed.id] : [])));
  const urls = new Set(existing.flatMap((feed) => (feed.url ? [sameFeedKey(feed.url)] : [])));

  const result: ImportResult = { added: [], skipped: [] };
  for (const outline of parseOpml(opmlText)) {
    let url: URL;
    try {
      url = new URL(outline.xmlUrl);
    } catch {
      result.skipped.push({ url: outline.xmlUrl, reason: "not a URL" });
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      result.skipped.push({ url: outline.xmlUrl, reason: "not an http(s) URL" });
      continue;
    }
    if (urls.has(sameFeedKey(url.href))) {
      result.skipped.push({ url: url.href, reason: "already configured" });
      continue;
    }
    const name = outline.title.replace(/\s+/g, " ").trim() || url.host;
    const stem = slugOf(name) || slugOf(url.host) || "feed";
    let id = stem;
    for (let n = 2; ids.has(id); n++) id = `${stem}-${n}`;
    ids.add(id);
    urls.add(sameFeedKey(url.href));
    (feeds as YAMLSeq).add(document.createNode({ id, name, url: url.href }));
    result.added.push({ id, name, url: url.href });
  }
  if (result.added.length === 0) return result;

  // Written beside the config (its watchlist path is relative to it), loaded, and only then put in its place.
  const candidate = path.join(
    path.dirname(configPath),
    `.${path.basename(configPath)}.import-${process.pid}`,
  );
  writeFileSync(candidate, document.toString({ flowCollectionPadding: false }));
  try {
    loadConfig(candidate);
    renameSync(candidate, configPath);
  } catch (error) {
    rmSync(candidate, { force: true });
    throw error;
  }
  return result;
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;");
}

/** The feeds as an OPML 2.0 document. */
export function exportOpml(feeds: FeedConfig[], created = new Date()): string {
  const outlines = feeds.map(
    (feed) =>
      `    <outline type="rss" text="${escapeAttribute(feed.name)}" title="${escapeAttribute(feed.name)}" xmlUrl="${escapeAttribute(feed.url)}"/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    "    <title>newsmon feeds</title>",
    `    <dateCreated>${created.toUTCString()}</dateCreated>`,
    "  </head>",
    "  <body>",
    ...outlines,
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
