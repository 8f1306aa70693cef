import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { greenEnergyRevision2, initialArticles } from "../../test/fixture-site/articles.ts";
import { expectedArticles, updatedArticle } from "../../test/fixture-site/expected.ts";
import { renderArticle } from "../../test/fixture-site/templates.ts";
import { decodeHtml } from "./decode.ts";
import { extractArticle } from "./extract.ts";
import { namesFromByline } from "./metadata.ts";

const siteUrl = "http://127.0.0.1:4870";
const prose = (topic: string) =>
  `${topic} was discussed at length by the delegations, who agreed that cooperation in trade, culture and ` +
  "education should grow further over the coming years, with regular meetings of the working groups.";

function newsPage(body: string, head = ""): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Talks in Baku end with a memorandum | Daily Example</title>${head}</head>
<body>
<div id="cookie-banner">We use cookies for analytics, personalized content and ads. <button>Accept</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/world">World</a></li></ul></nav></header>
<main>${body}</main>
<aside class="related"><h3>Related news</h3><ul>
<li><a href="/a">SCO summit opens in Astana with leaders of member states</a></li>
<li><a href="/b">CPAFFC delegation visits Ganja and meets local officials</a></li></ul></aside>
<footer><p>© 2024 Daily Example. All rights reserved. Reproduction without permission is prohibited.</p></footer>
</body></html>`;
}

describe("extractArticle on the fixture site", () => {
  const pages = [
    ...initialArticles.map((article, i) => ({ article, expected: expectedArticles[i] })),
    { article: greenEnergyRevision2, expected: updatedArticle.after },
  ];
  it.each(pages.map((p) => [p.expected?.key, p]))("%s", (_key, { article, expected }) => {
    if (!expected) throw new Error("fixture articles and expectations out of step");
    const bytes = iconv.encode(renderArticle(article, { siteUrl }), article.charset);
    const { html } = decodeHtml(bytes, "text/html");
    const extracted = extractArticle(html, `${siteUrl}${expected.path}?utm_source=rss`);
    expect(extracted.title).toBe(expected.title);
    expect(extracted.text).toBe(expected.text);
    expect(extracted.publishedAt).toBe(expected.publishedAt);
    expect(extracted.canonicalUrl).toBe(`${siteUrl}${expected.path}`);
  });
});

describe("extractArticle text", () => {
  it("keeps the article's paragraphs, headings, lists, quotes and tables, and nothing around them", () => {
    const html = newsPage(`<article>
  <h1>Talks in Baku</h1>
  <div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a></div>
  <div class="font-size">+ ↺ − 16 px</div>
  <p>${prose("Energy")}</p>
  <h2>Culture and   education</h2>
  <p>${prose("Culture")}</p>
  <ul><li>a joint film festival</li><li>student exchanges</li></ul>
  <blockquote>We are old friends, said the minister.</blockquote>
  <table><tr><td>Trade 2023</td><td>$812 million</td></tr></table>
  <p>${prose("Tourism")}</p>
  <div class="comments"><h3>Comments</h3><p>${prose("A reader thinks the SCO")}</p></div>
</article>`);
    expect(extractArticle(html, "https://example.test/talks").text).toBe(
      [
        prose("Energy"),
        "Culture and education",
        prose("Culture"),
        "a joint film festival",
        "student exchanges",
        "We are old friends, said the minister.",
        "Trade 2023",
        "$812 million",
        prose("Tourism"),
      ].join("\n\n"),
    );
  });

  it("cuts a press-wire footer from 'You just read:' on", () => {
    const html = newsPage(`<div class="release"><p>${prose("Energy")}</p><p>${prose("Transport")}</p>
<p>You just read:</p><h2>Talks in Baku</h2><p>Distribution channels:</p>
<p>EIN Presswire's priority is source transparency. We do not allow opaque clients, and our editors try to be careful about weeding out false and misleading content.</p></div>`);
    expect(extractArticle(html, "https://example.test/pr").text).toBe(
      `${prose("Energy")}\n\n${prose("Transport")}`,
    );
  });

  it("drops timestamp lines between paragraphs, reads <noscript> text and leaves ruby readings out", () => {
    const japanese = "親が子どもを教育するために、専門家が子どもの育て方を教えます。";
    const html = newsPage(`<article><p>${prose("Energy")}</p><div class="meta">17 April 2012 • 2:54pm</div>
<p>${prose("Culture")}</p><noscript><p>${prose("Trade")}</p></noscript>
<p><ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>をなくすための法律ができました。${japanese}</p></article>`);
    expect(extractArticle(html, "https://example.test/ts").text).toBe(
      [
        prose("Energy"),
        prose("Culture"),
        prose("Trade"),
        `虐待をなくすための法律ができました。${japanese}`,
      ].join("\n\n"),
    );
  });

  it("normalises to NFC and collapses whitespace inside paragraphs", () => {
    const html = newsPage(
      `<article><p>Heyd\u0259r \u018Fliyev  Fondu   and Ale\u0301n\n\tVidal ${prose("Art")}</p></article>`,
    );
    expect(extractArticle(html, "https://example.test/nfc").text).toBe(
      `Heydər Əliyev Fondu and Alén Vidal ${prose("Art")}`,
    );
  });
});

describe("extractArticle metadata", () => {
  it("reads JSON-LD in a @graph: headline, authors and the published time with its offset", () => {
    const ld = JSON.stringify({
      "@context": "https://schema.org",
      "@graph": [
        { "@type": "WebSite", name: "Daily Example" },
        {
          "@type": "NewsArticle",
          headline: "Talks in Baku end with a memorandum",
          datePublished: "2024-05-02T18:20:00+04:00",
          author: [
            { "@type": "Person", name: "Leyla Mammadova" },
            { "@type": "Person", name: "Li Wei" },
          ],
        },
      ],
    });
    const html = newsPage(
      `<article><p>${prose("Energy")}</p></article>`,
      `<script type="application/ld+json">${ld}</script>`,
    );
    const article = extractArticle(html, "https://example.test/talks");
    expect(article.title).toBe("Talks in Baku end with a memorandum");
    expect(article.publishedAt).toBe("2024-05-02T14:20:00.000Z");
    expect(article.authors).toEqual(["Leyla Mammadova", "Li Wei"]);
    expect(article.lang).toBe("en");
  });

  it("falls back to OpenGraph/article meta, then <time>, then the <title> without the site name", () => {
    const meta =
      '<meta property="article:published_time" content="2024-05-02T10:00:00Z"><meta name="author" content="By Jane Roe">';
    const withMeta = extractArticle(
      newsPage(`<article><p>${prose("Energy")}</p></article>`, meta),
      "https://example.test/a",
    );
    expect(withMeta.publishedAt).toBe("2024-05-02T10:00:00.000Z");
    expect(withMeta.authors).toEqual(["Jane Roe"]);
    expect(withMeta.title).toBe("Talks in Baku end with a memorandum");

    const timed = newsPage(
      `<article><time datetime="2024-05-03T09:30:00+02:00">3 May</time><p>${prose("Energy")}</p></article>`,
    );
    expect(extractArticle(timed, "https://example.test/b").publishedAt).toBe("2024-05-03T07:30:00.000Z");
  });

  it("reads a visible date line when the page declares nothing", () => {
    const html = newsPage(
      `<div class="news"><div class="news-date">17 April 2023 13:56 (UTC+04:00)</div><p>${prose("Energy")}</p><p>${prose("Trade")}</p></div>`,
    );
    expect(extractArticle(html, "https://example.test/c").publishedAt).toBe("2023-04-17T09:56:00.000Z");
  });

  it("says whether the page's date named a time and a zone (the feed's zoned date may be more exact)", () => {
    const dated = (line: string) =>
      extractArticle(
        newsPage(`<div class="news"><div class="news-date">${line}</div><p>${prose("Energy")}</p></div>`),
        "https://example.test/d",
      );
    expect(dated("12 Jun 2024 16:10")).toMatchObject({
      publishedAt: "2024-06-12T16:10:00.000Z",
      publishedPrecision: { hasTime: true, hasZone: false },
    });
    expect(dated("12 June 2024").publishedPrecision).toEqual({ hasTime: false, hasZone: false });
    expect(dated("17 April 2023 13:56 (UTC+04:00)").publishedPrecision).toEqual({
      hasTime: true,
      hasZone: true,
    });
  });

  it("resolves the canonical URL against the page URL, else takes og:url", () => {
    const body = `<article><p>${prose("Energy")}</p></article>`;
    expect(
      extractArticle(
        newsPage(body, '<link rel="canonical" href="/news/talks">'),
        "https://example.test/x?y=1",
      ).canonicalUrl,
    ).toBe("https://example.test/news/talks");
    expect(
      extractArticle(
        newsPage(body, '<meta property="og:url" content="https://example.test/og">'),
        "https://example.test/x",
      ).canonicalUrl,
    ).toBe("https://example.test/og");
    expect(extractArticle(newsPage(body), "https://example.test/x").canonicalUrl).toBeNull();
  });
});

describe("extractArticle robustness", () => {
  const paragraph = `<p>${prose("Energy")}</p>`;
  it.each([
    ["empty input", ""],
    ["text without markup", "just some words"],
    ["malformed markup", "<<<>>><p<<div></p></div></</ <!-- <script> <![CDATA[ x <table><td><tr>"],
    ["an unclosed script", `<p>x</p><script>var s = '${"<div>".repeat(10_000)}`],
    ["an unclosed comment", `${paragraph}<!--${"a".repeat(100_000)}`],
    ["broken JSON-LD", `<script type="application/ld+json">{"@graph": [</script>${paragraph}`],
    ["a bad canonical URL", `<link rel="canonical" href="http://[::1">${paragraph}`],
    ["lone surrogates", `<p>\uD800 ${prose("Energy")} \uDFFF</p>`],
    // A scanner that looks for each tag's ">" from every "<" would take quadratic time here.
    ["a million tags that never close", "<p".repeat(1_000_000)],
    ["a million unbalanced quotes", '<a title="x>word '.repeat(200_000)],
    // The declared body is looked up for the page's paragraphs: a bounded number of times, not once each.
    [
      "a 3 MB JSON-LD articleBody beside 7,000 paragraphs",
      `<script type="application/ld+json">${JSON.stringify({ "@type": "NewsArticle", articleBody: "word ".repeat(640_000) })}</script><article>${Array.from({ length: 7_000 }, (_, i) => `<p>${i}: ${prose("Trade")}</p>`).join("")}</article>`,
    ],
  ])("survives %s", (_name, html) => {
    const article = extractArticle(html, "https://example.test/x");
    expect(typeof article.text).toBe("string");
  });

  it("survives 100,000-deep nesting and still finds the text", () => {
    for (const tag of ["div", "span", "a", "table", "ul"]) {
      const html = `<html><body>${`<${tag}>`.repeat(100_000)}${paragraph}${`</${tag}>`.repeat(100_000)}</body></html>`;
      const article = extractArticle(html, "https://example.test/deep");
      if (tag === "div" || tag === "ul") expect(article.text).toBe(prose("Energy"));
    }
  });

  it("caps a 50 MB page before parsing", () => {
    // Numbered, so that no paragraph repeats another (repeats are dropped from the text).
    const count = Math.ceil((50 * 1024 * 1024) / paragraph.length);
    const html = `<html><body><article>${Array.from({ length: count }, (_, i) => paragraph.replace("<p>", `<p>${i} `)).join("")}</article></body></html>`;
    const article = extractArticle(html, "https://example.test/huge");
    expect(article.text.length).toBeGreaterThan(1_000_000);
    expect(article.text.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it("extracts from invalid UTF-8 and legacy encodings after decoding", () => {
    const cyrillic =
      "Шанхайская организация сотрудничества провела заседание совета министров иностранных дел в Астане.";
    const page = `<html><head><meta charset="windows-1251"></head><body><article><p>${cyrillic}</p></article></body></html>`;
    expect(
      extractArticle(decodeHtml(iconv.encode(page, "windows-1251")).html, "https://example.test/ru").text,
    ).toBe(cyrillic);
    const broken = Buffer.concat([
      Buffer.from(`<p>${prose("Energy")} `),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from("</p>"),
    ]);
    expect(extractArticle(decodeHtml(broken).html, "https://example.test/bad").text).toContain("\uFFFD");
  });
});

describe("extractArticle bylines", () => {
  const articleLd = (author: string) =>
    `<script type="application/ld+json">${JSON.stringify({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Talks in Baku end with a memorandum",
      creator: author,
    })}</script>`;
  const byline = '<div class="byline">By <span class="author-name">Jane Doe</span> • 8h</div>';

  it("prefers the printed byline to a declared account handle, but not to a declared name", () => {
    const page = (author: string) =>
      newsPage(`<article>${byline}<p>${prose("Energy")}</p></article>`, articleLd(author));
    expect(extractArticle(page("CC7567"), "https://example.test/a").authors).toEqual(["Jane Doe"]);
    expect(extractArticle(page("John Roe"), "https://example.test/b").authors).toEqual(["John Roe"]);
    const handleOnly = newsPage(`<article><p>${prose("Energy")}</p></article>`, articleLd("CC7567"));
    expect(extractArticle(handleOnly, "https://example.test/c").authors).toEqual(["CC7567"]);
  });

  it("takes no commenter for the author past a comment form's name label", () => {
    const html = newsPage(
      `<article><p>${prose("Energy")}</p></article>
<form><p class="comment-form-author"><label for="author">Name *</label><input id="author"></p></form>
<div class="comments"><span class="comment-author">Lara</span><p>Great piece!</p></div>`,
    );
    expect(extractArticle(html, "https://example.test/d").authors).toEqual([]);
  });

  it("keeps only the writers' names out of a byline line", () => {
    const cases: [string, string[]][] = [
      ["Nicolas Perriault —", ["Nicolas Perriault"]],
      ["Written by Rob Ewaschuk Edited by Betsy Beyer", ["Rob Ewaschuk"]],
      ["Story and photos by Jane Doe", ["Jane Doe"]],
      ["Joe Wee Monday, February 29, 2016 @ 11:10 PM UTC", ["Joe Wee"]],
      ["Posted on March 3, 2024 by Jane Doe", ["Jane Doe"]],
      ["Veröffentlicht am 8. Februar 2022 von PETA-Team", ["PETA-Team"]],
      ["Published by BBNTEAM at April 21, 2022", ["BBNTEAM"]],
      ["By Jane Doe and John Roe, Reuters | March 3, 2024", ["Jane Doe", "John Roe", "Reuters"]],
      ["Williams Perdomo @wperdomod", ["Williams Perdomo"]],
      ["Von", []],
      ["Eingestellt von Unknown", []],
    ];
    for (const [line, names] of cases) expect(namesFromByline(line), line).toEqual(names);
  });
});

describe("byline markup", () => {
  const page = (byline: string) =>
    `<html><body><article><h1>Talks in Baku</h1>${byline}<p>The delegations agreed that cooperation in trade, culture and education should grow further.</p></article></body></html>`;

  it("leaves out a screen-reader label glued to the name", () => {
    const html = page(
      '<span class="byline"><span class="screen-reader-text">Author</span><a href="/a">Jane Doe</a></span>',
    );
    expect(extractArticle(html, "https://example.test/a").authors).toEqual(["Jane Doe"]);
  });

  it("reads separate blocks of a byline element as separate words", () => {
    const html = page('<div class="author"><div class="label">Written by</div><div>Jane Doe</div></div>');
    expect(extractArticle(html, "https://example.test/a").authors).toEqual(["Jane Doe"]);
  });
});

describe("modification time", () => {
  const body =
    "<article><p>The delegations agreed that cooperation in trade, culture and education should grow further.</p></article>";

  it("is not taken for the published time when the page shows a date", () => {
    const html = `<html><head><meta property="article:modified_time" content="2024-05-02T10:00:00+04:00"></head><body><time datetime="2024-04-29T11:42:00+04:00">29 April 2024</time>${body}</body></html>`;
    const article = extractArticle(html, "https://example.test/a");
    expect(article.publishedAt).toBe("2024-04-29T07:42:00.000Z");
    expect(article.modifiedAt).toBe("2024-05-02T06:00:00.000Z");
  });

  it("is kept apart when nothing else dates the article, for the clean stage to use after the feed's date", () => {
    const html = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2024-05-02T10:00:00Z"}</script></head><body>${body}</body></html>`;
    const article = extractArticle(html, "https://example.test/a");
    expect(article.publishedAt).toBeNull();
    expect(article.modifiedAt).toBe("2024-05-02T10:00:00.000Z");
  });
});
