// The fixture news site: a local HTTP server (node:http) for `newsmon demo`, integration tests and benchmarks.
// In: HTTP requests, plus publishUpdate()/publish() calls that change the site while it runs.
// Out: RSS and Atom feeds (ETag, Last-Modified, 304, gzip), article pages on three outlet templates, a 404 item,
// a malformed feed, robots.txt, and a log of every request; optionally extra files (e.g. corpus feeds) with headers
// of their own, and permanent redirects. Fails only to start (port taken) or on a bad publish().
// Standalone: `node test/fixture-site/server.ts --port 4870` prints the site's URL and serves until killed.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import {
  type Article,
  type FeedPath,
  feedPaths,
  greenEnergyRevision2,
  initialArticles,
  missingArticle,
} from "./articles.ts";
import { type FeedItem, renderAtom, renderBrokenFeed, renderRss } from "./feeds.ts";
import { renderArticle, renderHome, renderNotFound } from "./templates.ts";

export interface FixtureSite {
  /** Origin without trailing slash, e.g. http://127.0.0.1:4870 */
  url: string;
  close(): Promise<void>;
  /** Switch the "updated article" to its second revision: the page text changes and its feed item's updated/pubDate change (feed ETag/Last-Modified change too). */
  publishUpdate(): void;
  /** Add a new article (used by alert-latency benchmarks): appears at the top of the given feed immediately. Returns its URL. */
  publish(article: {
    slug: string;
    title: string;
    paragraphs: string[];
    publishedAt?: string;
    feed?: string;
  }): string;
  /** Request log for tests: method, path (the request target, query included), status, request headers. */
  requests: Array<{
    method: string;
    path: string;
    status: number;
    headers: Record<string, string | string[] | undefined>;
  }>;
}

/** A file served as it is, with its own Content-Type; gets ETag, Last-Modified, 304 and gzip like the feeds. */
export interface ServedFile {
  contentType: string;
  body: Uint8Array;
  /** Further response headers (e.g. Content-Location). */
  headers?: Record<string, string>;
}

export interface FixtureSiteOptions {
  port?: number;
  host?: string;
  /** Extra files by path (e.g. "/feeds/rss20/rss20-00.xml"); they take precedence over the site's own paths. */
  files?: Record<string, ServedFile>;
  /** Paths answered 301 with a Location (absolute, or a path on this site). */
  redirects?: Record<string, string>;
}

const robotsTxt = `User-agent: *
Disallow: /private/
`;

const feedContentTypes: Record<FeedPath, string> = {
  "/rss.xml": "application/rss+xml; charset=utf-8",
  "/atom.xml": "application/atom+xml; charset=utf-8",
};

interface Representation {
  status: number;
  contentType: string;
  body: Buffer;
  /** Validators are sent (and conditional requests honoured) only for successful representations. */
  lastModified?: number;
  /** Compressed body, made on the first request that accepts gzip. */
  gzipped?: Buffer;
  headers?: Record<string, string>;
}

export async function startFixtureSite(opts: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const host = opts.host ?? "127.0.0.1";
  const redirects = new Map(Object.entries(opts.redirects ?? {}));
  // Extra files never change while the site runs: one Last-Modified for all of them, in whole seconds.
  const filesModifiedAt = wholeSeconds(Date.now());
  const files = new Map<string, Representation>(
    Object.entries(opts.files ?? {}).map(([path, file]) => [
      path,
      {
        status: 200,
        contentType: file.contentType,
        body: Buffer.from(file.body),
        lastModified: filesModifiedAt,
        ...(file.headers ? { headers: file.headers } : {}),
      },
    ]),
  );
  const requests: FixtureSite["requests"] = [];
  let siteUrl = "";
  const pages = new Map<string, Article>(initialArticles.map((article) => [article.path, article]));
  // Feed order is publication order on the site: newest first, new articles go to the top.
  const feedOrder: Record<FeedPath, string[]> = { "/rss.xml": [], "/atom.xml": [] };
  for (const article of initialArticles) feedOrder[article.feed].push(article.path);
  feedOrder[missingArticle.feed].splice(1, 0, missingArticle.path);
  const feedChangedAt = {} as Record<FeedPath, number>;
  // Rendered feeds, dropped when the feed changes: benchmarks poll far more often than they publish.
  const feedCache = new Map<FeedPath, Representation>();
  for (const feed of feedPaths)
    feedChangedAt[feed] = wholeSeconds(Math.max(...feedItems(feed).map(itemTime)));

  function feedItems(feed: FeedPath): FeedItem[] {
    return feedOrder[feed].map((path) => {
      const article = pages.get(path);
      if (!article) {
        return {
          ...missingArticle,
          link: siteUrl + missingArticle.path + missingArticle.feedQuery,
          category: "Society",
        };
      }
      return {
        title: article.title,
        link: siteUrl + article.path + article.feedQuery,
        guid: article.guid,
        published: article.published,
        ...(article.modified ? { updated: article.modified } : {}),
        summary: article.paragraphs[0] ?? "",
        category: article.section,
      };
    });
  }

  // Last-Modified only ever moves forward, by at least a second, so If-Modified-Since never hides a change.
  function touchFeed(feed: FeedPath): void {
    feedChangedAt[feed] = Math.max(wholeSeconds(Date.now()), feedChangedAt[feed] + 1000);
    feedCache.delete(feed);
  }

  function represent(path: string): Representation {
    const file = files.get(path);
    if (file) return file;
    if (path === "/") {
      return html(200, renderHome([...pages.values()], { siteUrl }));
    }
    if (path === "/robots.txt") {
      return { status: 200, contentType: "text/plain; charset=utf-8", body: Buffer.from(robotsTxt) };
    }
    if (path === "/rss.xml" || path === "/atom.xml") {
      const cached = feedCache.get(path);
      if (cached) return cached;
      const render = path === "/rss.xml" ? renderRss : renderAtom;
      const feed: Representation = {
        status: 200,
        contentType: feedContentTypes[path],
        body: Buffer.from(render(feedItems(path), siteUrl, new Date(feedChangedAt[path]))),
        lastModified: feedChangedAt[path],
      };
      feedCache.set(path, feed);
      return feed;
    }
    if (path === "/broken.xml") {
      return {
        status: 200,
        contentType: "application/rss+xml; charset=utf-8",
        body: Buffer.from(renderBrokenFeed(siteUrl)),
      };
    }
    const article = pages.get(path);
    if (article) {
      // Pages get an ETag but no Last-Modified, like most CMS pages: the agency pages' only date stays the
      // visible one.
      const page = renderArticle(article, { siteUrl });
      if (article.charset === "windows-1251") {
        // Declared only in <meta charset>: the header names no charset, as on many older sites.
        return { status: 200, contentType: "text/html", body: encodeWindows1251(page) };
      }
      return html(200, page);
    }
    return html(404, renderNotFound(path));
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? "GET";
    const target = request.url ?? "/";
    const path = new URL(target, "http://fixture.invalid").pathname;
    let status: number;
    const location = redirects.get(path);
    if (method !== "GET" && method !== "HEAD") {
      status = 405;
      response.writeHead(status, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
      response.end("Method Not Allowed\n");
    } else if (location !== undefined) {
      status = 301;
      response.writeHead(status, { Location: location, "Content-Type": "text/plain; charset=utf-8" });
      response.end(`Moved to ${location}\n`);
    } else {
      try {
        status = respond(request, response, represent(path));
      } catch (error) {
        // A fixture bug shows up as a 500 naming it, not as a crashed test process.
        status = 500;
        response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
        response.end(
          `fixture site failed on ${path}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
    requests.push({ method, path: target, status, headers: { ...request.headers } });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  siteUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: siteUrl,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    publishUpdate() {
      if (pages.get(greenEnergyRevision2.path) === greenEnergyRevision2) return;
      pages.set(greenEnergyRevision2.path, greenEnergyRevision2);
      touchFeed(greenEnergyRevision2.feed);
    },
    publish({ slug, title, paragraphs, publishedAt, feed = "/rss.xml" }) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(slug))
        throw new Error(`publish: slug must be lowercase letters, digits, hyphens: ${slug}`);
      if (!isFeedPath(feed))
        throw new Error(`publish: unknown feed ${feed}; use one of ${feedPaths.join(", ")}`);
      const path = `/portal/live/${slug}`;
      if (pages.has(path)) throw new Error(`publish: an article already lives at ${path}`);
      const published = publishedAt ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(published)))
        throw new Error(`publish: publishedAt is not a date: ${published}`);
      pages.set(path, {
        key: `published-${slug}`,
        outlet: "portal",
        path,
        feed,
        feedQuery: feed === "/rss.xml" ? "?utm_source=rss&utm_medium=feed" : "?utm_source=atom",
        guid: siteUrl + path,
        title,
        paragraphs: [...paragraphs],
        published: new Date(published).toISOString(),
        section: "Latest",
        related: [],
        tags: [],
        charset: "utf-8",
      });
      feedOrder[feed].unshift(path);
      touchFeed(feed);
      return siteUrl + path;
    },
  };
}

function isFeedPath(path: string): path is FeedPath {
  return (feedPaths as readonly string[]).includes(path);
}

function itemTime(item: FeedItem): number {
  return Date.parse(item.updated ?? item.published);
}

/** HTTP dates have whole seconds; comparing in whole seconds keeps If-Modified-Since exact. */
function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function html(status: number, page: string): Representation {
  return { status, contentType: "text/html; charset=utf-8", body: Buffer.from(page) };
}

function encodeWindows1251(page: string): Buffer {
  const bytes = iconv.encode(page, "win1251");
  // iconv-lite silently writes "?" for characters windows-1251 lacks; a page must not lose text that way.
  if (iconv.decode(bytes, "win1251") !== page)
    throw new Error("page text is not representable in windows-1251");
  return bytes;
}

/** Writes the representation with validators, 304 for fresh conditional requests, gzip when accepted. */
function respond(request: IncomingMessage, response: ServerResponse, representation: Representation): number {
  const { status, contentType, body, lastModified } = representation;
  const headers: Record<string, string> = {
    ...representation.headers,
    "Content-Type": contentType,
    Vary: "Accept-Encoding",
  };
  if (status === 200) {
    // Weak: the gzip and identity encodings of one representation share the tag.
    headers.ETag = `W/"${createHash("sha1").update(body).digest("hex").slice(0, 20)}"`;
    // Every poll revalidates: a cached feed would hide new articles from latency benchmarks.
    headers["Cache-Control"] = "no-cache";
    if (lastModified !== undefined) headers["Last-Modified"] = new Date(lastModified).toUTCString();
    if (isFresh(request, headers.ETag, lastModified)) {
      const { "Content-Type": _omitted, ...validators } = headers;
      response.writeHead(304, validators);
      response.end();
      return 304;
    }
  }
  let payload = body;
  if (acceptsGzip(request.headers["accept-encoding"])) {
    representation.gzipped ??= gzipSync(body);
    payload = representation.gzipped;
    headers["Content-Encoding"] = "gzip";
  }
  headers["Content-Length"] = String(payload.length);
  response.writeHead(status, headers);
  response.end(request.method === "HEAD" ? undefined : payload);
  return status;
}

/** RFC 9110: If-None-Match (weak comparison) wins over If-Modified-Since. */
function isFresh(request: IncomingMessage, etag: string, lastModified: number | undefined): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = request.headers["if-modified-since"];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified <= since;
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding = "", ...params] = part.split(";").map((token) => token.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    return (
      (coding === "gzip" || coding === "x-gzip" || coding === "*") &&
      (q === undefined || Number(q.slice(2)) > 0)
    );
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "0" }, host: { type: "string" } },
  });
  const site = await startFixtureSite({
    port: Number(values.port),
    ...(values.host ? { host: values.host } : {}),
  });
  console.log(site.url);
  const stop = () => void site.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
