// A small news site for tests that need their own articles: one RSS feed listing the pages, each page a plain
// article. Pages can be added and edited while it runs (ETag changes with the content; If-None-Match gets 304).
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SitePage {
  path: string;
  title: string;
  paragraphs: string[];
  published: Date;
}

export interface NewsSite {
  url: string;
  feedUrl: string;
  pages: SitePage[];
  /** Requests served, by path. */
  requests: string[];
  close(): Promise<void>;
}

const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function pageHtml(page: SitePage): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(page.title)}</title>
<meta property="article:published_time" content="${page.published.toISOString()}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>${escapeXml(page.title)}</h1>
${page.paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`).join("\n")}
</article><footer><p>Copyright Test News.</p></footer></body></html>`;
}

function feedXml(site: { url: string; pages: SitePage[] }): string {
  const items = site.pages
    .map(
      (page) => `<item><title>${escapeXml(page.title)}</title><link>${site.url}${page.path}</link>
<guid>${site.url}${page.path}</guid><pubDate>${page.published.toUTCString()}</pubDate></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test News</title>
<link>${site.url}/</link><description>test</description>${items}</channel></rss>`;
}

export async function startNewsSite(pages: SitePage[] = []): Promise<NewsSite> {
  const site = { url: "", pages, requests: [] as string[] };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    site.requests.push(path);
    const page = site.pages.find((candidate) => candidate.path === path);
    const body =
      path === "/rss.xml"
        ? feedXml(site)
        : path === "/robots.txt"
          ? "User-agent: *\n"
          : page && pageHtml(page);
    if (body === undefined) {
      response.writeHead(404).end("not found");
      return;
    }
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    if (request.headers["if-none-match"] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    const type =
      path === "/rss.xml" ? "application/rss+xml" : path.endsWith(".txt") ? "text/plain" : "text/html";
    response.writeHead(200, { "content-type": `${type}; charset=utf-8`, etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get url() {
      return site.url;
    },
    feedUrl: `${site.url}/rss.xml`,
    pages: site.pages,
    requests: site.requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
