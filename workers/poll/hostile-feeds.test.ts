// Hostile feeds (issue 16): bounded inputs that once blew up memory or time. Entity expansion is capped per
// document, markup nested 200,000 levels deep is read in linear time (the capper's own tests are in
// lib/markup-depth.test.ts), and a feed's items are capped before anything is queued. The figures these guard are measured by `npm run bench:feeds`, not timed here.
import { describe, expect, it } from "vitest";
import { FeedConfig } from "../../config/schema.ts";
import { expansionBudget, maxMarkupDepth } from "./feed-xml.ts";
import { type FeedEntry, FeedParseError, parseFeed } from "./parse-feed.ts";
import { newestEntries } from "./stage.ts";

const encode = (text: string) => new TextEncoder().encode(text);

function rssWithDtd(entities: string, description: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE rss [${entities}]>
<rss version="2.0"><channel><title>t</title><link>https://news.example.com/</link><description>d</description>
<item><title>Expanded</title><link>https://news.example.com/a</link><description>${description}</description></item>
</channel></rss>`;
}

/** Deepest element nesting in an HTML fragment. */
function depthOf(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const [, closing] of html.matchAll(/<(\/?)[a-z]/g)) {
    depth += closing ? -1 : 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

describe("entity expansion", () => {
  it("refuses a document whose entities expand past its budget, although each entity is small", async () => {
    // About 80 KB: one 10,000-character entity referenced 8,000 times would be an 80-million-character summary.
    const entity = `<!ENTITY ten "${"x".repeat(10_000)}">`;
    const feed = rssWithDtd(entity, "&ten;".repeat(8_000));
    expect(feed.length).toBeLessThan(100_000);
    await expect(parseFeed(encode(feed))).rejects.toThrow(FeedParseError);
    await expect(parseFeed(encode(feed))).rejects.toThrow(/entities expand past the document limit/);
  });

  it("refuses nested entities (a billion laughs) the same way", async () => {
    const levels = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i <= 3; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    // &l3; is 3,000 characters; 2,000 references would make 6 million.
    await expect(parseFeed(encode(rssWithDtd(levels.join(""), "&l3;".repeat(2_000))))).rejects.toThrow(
      /entities expand past the document limit/,
    );
  });

  it("still expands a feed's own entities within the budget", async () => {
    const parsed = await parseFeed(
      encode(rssWithDtd('<!ENTITY org "Shanghai Cooperation Organisation">', "The &org; met.")),
    );
    expect(parsed.entries[0]?.summary).toBe("The Shanghai Cooperation Organisation met.");
    expect(expansionBudget(80_000)).toBe(800_000);
    expect(expansionBudget(10_000_000)).toBe(4_000_000);
  });
});

describe("deep nesting", () => {
  const levels = 200_000;

  it("reads a summary nested 200,000 levels deep, keeping its text and at most the depth cap", async () => {
    const html = `${"<div>".repeat(levels)}deep text${"</div>".repeat(levels)}`;
    const feed = `<rss version="2.0"><channel><title>t</title><item><title>Deep</title><link>https://news.example.com/d</link><description><![CDATA[${html}]]></description></item></channel></rss>`;
    const parsed = await parseFeed(encode(feed));
    const summary = parsed.entries[0]?.summary ?? "";
    expect(summary).toContain("deep text");
    expect(depthOf(summary)).toBeLessThanOrEqual(maxMarkupDepth);
  });

  it("reads feed XML nested 200,000 levels deep inside an item", async () => {
    const xml = `${"<span>".repeat(levels)}inline${"</span>".repeat(levels)}`;
    const feed = `<rss version="2.0"><channel><title>t</title><item><title>Inline</title><link>https://news.example.com/i</link><description>${xml}</description></item></channel></rss>`;
    const parsed = await parseFeed(encode(feed));
    expect(parsed.entries[0]?.title).toBe("Inline");
    expect(parsed.entries[0]?.summary).toContain("inline");
  });
});

describe("items per feed", () => {
  const entry = (index: number, published: string | null): FeedEntry => ({
    title: `item ${index}`,
    link: `https://news.example.com/${index}`,
    id: String(index),
    summary: null,
    content: null,
    published,
    updated: null,
    author: null,
    authors: [],
    categories: [],
    enclosures: [],
  });

  it("keeps the newest items by date when every item is dated", () => {
    const entries = [0, 1, 2, 3, 4].map((day) => entry(day, `2024-06-1${day}T00:00:00.000Z`));
    expect(newestEntries(entries, 2).map((kept) => kept.title)).toEqual(["item 4", "item 3"]);
  });

  it("keeps the first items, as feeds list them newest first, when some are undated", () => {
    const entries = [entry(0, null), entry(1, "2024-06-11T00:00:00.000Z"), entry(2, null)];
    expect(newestEntries(entries, 2).map((kept) => kept.title)).toEqual(["item 0", "item 1"]);
  });

  it("reads 1,000 items per feed unless the feed's config says otherwise", () => {
    const base = { id: "f", name: "F", url: "https://news.example.com/feed" };
    expect(FeedConfig.parse(base).maxItems).toBe(1000);
    expect(FeedConfig.parse({ ...base, maxItems: 50 }).maxItems).toBe(50);
    expect(FeedConfig.safeParse({ ...base, maxItems: 0 }).success).toBe(false);
  });

  it("parses a 5,000-item feed whole, for the poll stage to cap", async () => {
    const items = Array.from(
      { length: 5_000 },
      (_, index) => `<item><title>${index}</title><link>https://news.example.com/${index}</link></item>`,
    ).join("");
    const parsed = await parseFeed(
      encode(`<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`),
    );
    expect(parsed.entries).toHaveLength(5_000);
    expect(newestEntries(parsed.entries, 1000)).toHaveLength(1000);
  });
});
