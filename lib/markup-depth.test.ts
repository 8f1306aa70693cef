// The nesting capper both stages put in front of htmlparser2. Every hostile case is checked against the parser
// itself: the capped markup, parsed as the stage parses it, never nests deeper than the cap.
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { capNesting, type MarkupMode } from "./markup-depth.ts";

/** The deepest open-element stack htmlparser2 reaches on the markup (HTML as cheerio reads it, XML as feeds). */
function parsedDepth(markup: string, mode: MarkupMode): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser(
    {
      onopentag() {
        deepest = Math.max(deepest, ++depth);
      },
      onclosetag() {
        depth--;
      },
    },
    mode === "xml"
      ? { xmlMode: true, recognizeCDATA: true, recognizeSelfClosing: true }
      : { lowerCaseTags: true },
  );
  parser.write(markup);
  parser.end();
  return deepest;
}

describe("capNesting", () => {
  it("leaves markup within the cap untouched (the same string, no copy) and flattens only what lies below it", () => {
    const shallow = "<p><b>x</b><br><img src=a></p>";
    expect(capNesting(shallow, 200, "html")).toBe(shallow);
    const long = `<div>${"<p>a <b>b</b> <br> <img src=x> c</p>".repeat(5_000)}</div>`;
    expect(capNesting(long, 3, "html")).toBe(long);
    const deep = `${"<i>".repeat(5)}x${"</i>".repeat(5)}`;
    expect(capNesting(deep, 3, "html")).toBe("<i><i><i>  x  </i></i></i>");
    expect(capNesting(deep, 3, "xml")).toBe("<i><i><i>  x  </i></i></i>");
  });

  it("keeps the words on either side of a dropped tag apart", () => {
    expect(capNesting(`<b><b>one<b>two</b></b></b>${" ".repeat(10)}`, 2, "html")).toBe(
      `<b><b>one two </b></b>${" ".repeat(10)}`,
    );
  });

  it("reads 200,000 nested tags in linear time, keeping their text", () => {
    const levels = 200_000;
    const html = `${"<div>".repeat(levels)}deep text${"</div>".repeat(levels)}`;
    const started = performance.now();
    const capped = capNesting(html, 512, "html");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(capped).toContain("deep text");
    expect(parsedDepth(capped, "html")).toBe(512);
    expect(parsedDepth(capNesting(html, 200, "xml"), "xml")).toBe(200);
  });

  it("does not count what the parser does not nest: void elements, implied ends, comments, raw text", () => {
    const cases = [
      "<br><img src=x><hr><input><meta><link><wbr><source><track><keygen><frame><basefont>",
      "<p>paragraph", // each <p> ends the one before it
      "<li>item",
      "<td>cell",
      "<tr><td>row",
      "<option>choice",
      "<dt>term<dd>definition",
      "<!-- <div> -->",
      "<script>if (a<b) document.write('<div>')</script>",
      "<style>a > b { content: '<div>' }</style>",
      "<svg><path d='M0 0'/></svg>", // "/>" closes within SVG
      "<p title='<div>'>quoted</p>",
    ];
    for (const unit of cases) {
      const html = unit.repeat(2_000);
      expect(capNesting(html, 100, "html"), unit).toBe(html);
    }
  });

  it("counts what the parser does nest, whatever the markup looks like", () => {
    const cases: [string, MarkupMode][] = [
      ['<div title=">">', "html"], // a ">" in a quoted value does not end the tag
      ['<div title="</div>">', "html"], // nor is a quoted "</div>" an end tag
      ["<div></span>", "html"], // an end tag with no open element is ignored
      ["<div/>", "html"], // "/>" does not close an HTML element
      ["<svg><foreignObject><div/>", "html"], // nor within a foreignObject
      ["<svg></mi><x/>", "html"], // a stray </mi> leaves SVG's "/>" rule as the parser does
      ["<tbody>", "html"],
      ["<p><span>", "html"], // <p> ends a <p> only when it is the current element
      ["<!--><div>", "html"], // "<!-->" is a whole comment
      ["<noscript><div>", "html"], // htmlparser2 reads noscript's content as markup
      ["<script/><div>", "html"], // a self-closed script has no raw text
      ["<DIV><Span>", "html"],
      ["<br>", "xml"], // XML has no void elements
      ["<_x>", "xml"], // nor the HTML rule that a tag name starts with a letter
      ["<script><div>", "xml"], // nor raw-text elements
    ];
    for (const [unit, mode] of cases) {
      const markup = unit.repeat(20_000);
      expect(parsedDepth(capNesting(markup, 100, mode), mode), unit).toBeLessThanOrEqual(100);
    }
  });

  it("matches end tags to the element the parser closes, dropping only the ends of dropped elements", () => {
    const html = `<main>${"<div>".repeat(10)}<b>bold</b>${"</div>".repeat(10)}</main><p>after</p>`;
    const capped = capNesting(`${html}${" ".repeat(100)}`, 5, "html");
    expect(capped.startsWith(`<main>${"<div>".repeat(4)}${" ".repeat(6)} bold `)).toBe(true);
    expect(capped).toContain(`${" ".repeat(6)}${"</div>".repeat(4)}</main><p>after</p>`);
  });

  it("skips CDATA, declarations and processing instructions, and stops at an unterminated comment", () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss><rss><![CDATA[${"<div>".repeat(300)}]]></rss>`;
    expect(capNesting(xml, 100, "xml")).toBe(xml);
    const html = `<!-- ${"<div>".repeat(300)}`;
    expect(capNesting(html, 100, "html")).toBe(html);
  });
});
