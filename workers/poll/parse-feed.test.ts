import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAtom, renderBrokenFeed, renderRss } from "../../test/fixture-site/feeds.ts";
import { FeedParseError, parseFeed } from "./parse-feed.ts";

const encode = (text: string) => new TextEncoder().encode(text);

function pick(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (current === null || current === undefined) return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    current = index ? (current as unknown[])[Number(index[1])] : (current as Record<string, unknown>)[part];
  }
  return current;
}

// Every corpus file with its hand-written expectations (test/feeds-corpus/generate.ts writes both).
const corpus = join(import.meta.dirname, "..", "..", "test", "feeds-corpus");
const cases = readdirSync(corpus)
  .filter((entry) => statSync(join(corpus, entry)).isDirectory())
  .flatMap((category) =>
    readdirSync(join(corpus, category))
      .filter((name) => name.endsWith(".expected.json"))
      .map((name) => ({ category, name, folder: join(corpus, category) })),
  );

describe("feed corpus", () => {
  it("has at least 200 feeds", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it.each(cases)("$category/$name", async ({ folder, name }) => {
    const expected = JSON.parse(readFileSync(join(folder, name), "utf8")) as {
      file: string;
      url?: string;
      contentType?: string;
      contentLocation?: string;
      error?: boolean;
      expect: Record<string, unknown>;
    };
    const bytes = new Uint8Array(readFileSync(join(folder, expected.file)));
    const run = parseFeed(bytes, {
      ...(expected.url ? { url: expected.url } : {}),
      contentType: expected.contentType ?? null,
      contentLocation: expected.contentLocation ?? null,
    });
    if (expected.error) {
      await expect(run).rejects.toBeInstanceOf(FeedParseError);
      return;
    }
    const parsed = await run;
    for (const [path, value] of Object.entries(expected.expect)) {
      expect({ path, value: pick(parsed, path) ?? null }).toEqual({ path, value });
    }
  });
});

describe("parseFeed", () => {
  it("names the XML error with line and column when nothing can be read", async () => {
    const run = parseFeed(encode(`<?xml version="1.0"?>\n<rss version="2.0">\n<channel><item><title>cut`));
    await expect(run).rejects.toThrow(/XML error at line \d+, column \d+/);
  });

  it("refuses an HTML page as not a feed", async () => {
    await expect(parseFeed(encode("<html><body>hi</body></html>"))).rejects.toThrow(
      /not a feed: an HTML page/,
    );
  });

  it("only ever throws FeedParseError", async () => {
    const inputs = [
      new Uint8Array([0xff, 0xfe, 0x00]),
      encode("<rss>".repeat(1000)),
      encode(`{"version":1}`),
      encode("<"),
    ];
    for (const input of inputs) {
      await parseFeed(input).catch((error: unknown) => expect(error).toBeInstanceOf(FeedParseError));
    }
  });

  it("keeps javascript: out of links", async () => {
    const parsed = await parseFeed(
      encode(
        `<rss version="2.0"><channel><item><title>t</title><link>javascript:alert(1)</link></item></channel></rss>`,
      ),
    );
    expect(parsed.entries[0]?.link).toBeNull();
  });

  it("survives deep nesting and many entities", async () => {
    const deep = `<rss version="2.0"><channel><item><title>d</title><description>${"<div>".repeat(20000)}x</description></item></channel></rss>`;
    expect((await parseFeed(encode(deep))).entries).toHaveLength(1);
    const laughs = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;&c;</title></channel></rss>`;
    expect((await parseFeed(encode(laughs))).feed.title?.length).toBeLessThanOrEqual(20_000);
  });
});

describe("fixture site feeds", () => {
  const items = [
    {
      title: "SCO & CPAFFC meet",
      link: "http://127.0.0.1:8080/portal/2024/04/29/sco?utm_source=rss",
      guid: "http://127.0.0.1:8080/portal/2024/04/29/sco",
      published: "2024-04-29T15:42:00+04:00",
      summary: "Leaders <b>met</b>.",
      category: "Diplomacy",
    },
  ];

  it("reads the RSS feed", async () => {
    const parsed = await parseFeed(encode(renderRss(items, "http://127.0.0.1:8080", new Date())));
    expect(parsed.entries[0]).toMatchObject({
      title: "SCO & CPAFFC meet",
      link: items[0]?.link,
      id: items[0]?.guid,
      summary: "Leaders <b>met</b>.",
      published: "2024-04-29T11:42:00.000Z",
      categories: ["Diplomacy"],
    });
  });

  it("reads the Atom feed", async () => {
    const parsed = await parseFeed(encode(renderAtom(items, "http://127.0.0.1:8080", new Date())));
    expect(parsed.entries[0]).toMatchObject({
      title: "SCO & CPAFFC meet",
      author: "Fixture News",
      published: "2024-04-29T11:42:00.000Z",
    });
  });

  it("reads the complete items of the truncated feed and reports the XML error", async () => {
    const parsed = await parseFeed(encode(renderBrokenFeed("http://127.0.0.1:8080")));
    expect(parsed.entries.map((entry) => entry.title)).toEqual([
      "Ganja hosts international chess tournament",
    ]);
    expect(parsed.meta?.warnings[0]).toMatch(/XML error at line 14/);
  });
});
