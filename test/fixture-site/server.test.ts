import iconv from "iconv-lite";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  atomFeedPath,
  brokenFeedPath,
  expectedArticle,
  expectedArticles,
  expectedCanonicalUrl,
  missingArticlePath,
  rssFeedPath,
  updatedArticle,
} from "./expected.ts";
import { type FixtureSite, startFixtureSite } from "./server.ts";
import { escapeHtml } from "./templates.ts";

// Atom <updated> is not one of rss-parser's default item fields; Atom <id> is set but missing from its typings.
const parser = new Parser<Record<string, unknown>, { id?: string; updated?: string }>({
  customFields: { item: ["updated"] },
});
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site.close();
});

async function text(path: string): Promise<string> {
  const response = await fetch(site.url + path);
  expect(response.status, path).toBe(200);
  return response.text();
}

describe("fixture site", () => {
  it("listens on a random port of 127.0.0.1", () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.url).not.toMatch(/:0$/);
  });

  it("lists every article in its feed, with tracking parameters on the links", async () => {
    for (const feed of [rssFeedPath, atomFeedPath]) {
      const parsed = await parser.parseString(await text(feed));
      const links = parsed.items.map((item) => item.link);
      const expected = expectedArticles.filter((article) => article.feed === feed);
      expect(expected.length).toBeGreaterThan(0);
      for (const article of expected) expect(links).toContain(site.url + article.feedLink);
      for (const item of parsed.items) expect(item.guid ?? item.id, item.link).toBeTruthy();
    }
    expect(expectedArticles.some((article) => article.feedLink.includes("utm_source="))).toBe(true);
  });

  it("lists an item whose page answers 404", async () => {
    const rss = await parser.parseString(await text(rssFeedPath));
    const missing = rss.items.find((item) => item.link?.startsWith(site.url + missingArticlePath));
    expect(missing).toBeDefined();
    expect((await fetch(site.url + missingArticlePath)).status).toBe(404);
  });

  it("serves a malformed feed with status 200", async () => {
    const body = await text(brokenFeedPath);
    await expect(parser.parseString(body)).rejects.toThrow();
  });

  it("answers conditional requests with 304 and compresses when asked", async () => {
    for (const feed of [rssFeedPath, atomFeedPath]) {
      const first = await fetch(site.url + feed, { headers: { "accept-encoding": "gzip" } });
      expect(first.headers.get("content-encoding")).toBe("gzip");
      expect(first.headers.get("content-type")).toMatch(/xml; charset=utf-8$/);
      // fetch decompresses: a parsable body shows the gzip stream is whole.
      expect((await parser.parseString(await first.text())).items.length).toBeGreaterThan(0);
      const etag = first.headers.get("etag");
      const lastModified = first.headers.get("last-modified");
      expect(etag).toBeTruthy();
      expect(lastModified).toBeTruthy();
      const byEtag = await fetch(site.url + feed, { headers: { "if-none-match": etag ?? "" } });
      expect(byEtag.status).toBe(304);
      expect(byEtag.headers.get("etag")).toBe(etag);
      const byDate = await fetch(site.url + feed, { headers: { "if-modified-since": lastModified ?? "" } });
      expect(byDate.status).toBe(304);
      const stale = await fetch(site.url + feed, { headers: { "if-none-match": 'W/"stale"' } });
      expect(stale.status).toBe(200);
      await stale.arrayBuffer();
    }
    const plain = await fetch(site.url + rssFeedPath, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    await plain.arrayBuffer();
    const logged = site.requests.filter((request) => request.path === rssFeedPath);
    expect(logged.map((request) => request.status)).toContain(304);
    expect(logged.some((request) => request.headers["if-none-match"] !== undefined)).toBe(true);
  });

  it("serves every article page with its title, paragraphs and canonical link", async () => {
    for (const article of expectedArticles) {
      const response = await fetch(site.url + article.feedLink);
      expect(response.status, article.path).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      let page: string;
      if (article.charset === "windows-1251") {
        expect(response.headers.get("content-type")).toBe("text/html");
        page = iconv.decode(bytes, "win1251");
        expect(page).toContain('<meta charset="windows-1251">');
      } else {
        expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
        page = bytes.toString("utf8");
      }
      expect(page).toContain(`<h1`);
      expect(page).toContain(escapeHtml(article.title));
      expect(page).toContain(`<link rel="canonical" href="${expectedCanonicalUrl(site.url, article)}">`);
      for (const paragraph of article.text.split("\n\n"))
        expect(page).toContain(`<p>${escapeHtml(paragraph)}</p>`);
      expect(page).toContain("We use cookies for analytics");
      expect(response.headers.get("last-modified"), article.path).toBeNull();
    }
  });

  it("states seed dates the way their outlets do", async () => {
    expect(await text(expectedArticle("seed-000").path)).toContain("17 April 2023 13:56 (UTC+04:00)");
    expect(await text(expectedArticle("seed-001").path)).toContain(
      '<meta property="article:published_time" content="2024-04-29T15:42:00+04:00">',
    );
    expect(await text(expectedArticle("seed-002").path)).toContain(
      '"datePublished": "2024-02-08T12:57:00+04:00"',
    );
  });

  it("answers HEAD with headers only and refuses other methods", async () => {
    const head = await fetch(site.url + rssFeedPath, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBeTruthy();
    expect(await head.text()).toBe("");
    expect((await fetch(site.url + rssFeedPath, { method: "POST" })).status).toBe(405);
  });

  it("serves robots.txt disallowing /private/", async () => {
    expect(await text("/robots.txt")).toMatch(/^Disallow: \/private\/$/m);
  });

  it("publishUpdate() changes the page, the feed item and the feed's validators", async () => {
    const { before, after } = updatedArticle;
    const feedBefore = await fetch(site.url + after.feed);
    const itemBefore = (await parser.parseString(await feedBefore.text())).items.find(
      (item) => item.link === site.url + after.feedLink,
    );
    const pageBefore = await text(after.path);
    expect(pageBefore).toContain(escapeHtml(before.text.split("\n\n")[1] ?? ""));

    site.publishUpdate();

    const feedAfter = await fetch(site.url + after.feed, {
      headers: { "if-none-match": feedBefore.headers.get("etag") ?? "" },
    });
    expect(feedAfter.status).toBe(200);
    expect(feedAfter.headers.get("etag")).not.toBe(feedBefore.headers.get("etag"));
    expect(feedAfter.headers.get("last-modified")).not.toBe(feedBefore.headers.get("last-modified"));
    const itemAfter = (await parser.parseString(await feedAfter.text())).items.find(
      (item) => item.link === site.url + after.feedLink,
    );
    expect(itemAfter?.guid ?? itemAfter?.id).toBe(itemBefore?.guid ?? itemBefore?.id);
    expect(itemAfter?.updated).toBeTruthy();
    expect(itemAfter?.updated).not.toBe(itemBefore?.updated);
    expect(itemAfter?.isoDate).toBe(itemBefore?.isoDate);
    const pageAfter = await text(after.path);
    expect(pageAfter).not.toBe(pageBefore);
    for (const paragraph of after.text.split("\n\n"))
      expect(pageAfter).toContain(`<p>${escapeHtml(paragraph)}</p>`);
    expect(after.text).not.toBe(before.text);
    expect(after.alerts).toEqual(["sco-mentioned"]);
    expect(before.alerts).toEqual([]);
  });

  it("publish() puts a new article at the top of its feed", async () => {
    const url = site.publish({
      slug: "breaking-news",
      title: "Breaking: SCO Secretary-General arrives in Baku",
      paragraphs: [
        "The Secretary-General of the Shanghai Cooperation Organization arrived in Baku.",
        "More soon.",
      ],
      feed: atomFeedPath,
    });
    expect(url).toBe(`${site.url}/portal/live/breaking-news`);
    const atom = await parser.parseString(await text(atomFeedPath));
    expect(atom.items[0]?.link).toBe(`${url}?utm_source=atom`);
    expect(await text(new URL(url).pathname)).toContain("<p>More soon.</p>");
    expect(() => site.publish({ slug: "breaking-news", title: "again", paragraphs: [] })).toThrow(/already/);
    expect(() => site.publish({ slug: "x", title: "x", paragraphs: [], feed: "/nope.xml" })).toThrow(
      /unknown feed/,
    );
  });
});
