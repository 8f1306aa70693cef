import { describe, expect, it } from "vitest";
import { htmlMicroformats, htmlToText, sanitizeFeedHtml, undoDoubleEncoding } from "./feed-html.ts";

describe("sanitizeFeedHtml", () => {
  it.each([
    [`<p>a<script>alert(1)</script>b</p>`, `<p>ab</p>`],
    [`<p onclick="x()" onmouseover="y()">t</p>`, `<p>t</p>`],
    [`<a href="javascript:alert(1)">x</a>`, `<a>x</a>`],
    [`<a href="jav&#x09;ascript:alert(1)">x</a>`, `<a>x</a>`],
    [`<img src="data:image/png;base64,AAAA">`, `<img />`],
    [`<div style="position:absolute;top:0;color:red">x</div>`, `<div style="color:red">x</div>`],
    [`<span style="display:none">x</span>`, `<span>x</span>`],
    [`<iframe src="https://evil.example/"></iframe>ok`, `ok`],
    [`<style>p{display:none}</style>ok`, `ok`],
  ])("removes the hostile part of %s", (html, safe) => {
    expect(sanitizeFeedHtml(html, null)).toBe(safe);
  });

  it("keeps ordinary formatting and resolves relative links", () => {
    expect(
      sanitizeFeedHtml(
        `<p><b>B</b> <i>I</i> <a href="/x">l</a> <img src="p.jpg" alt="p"></p>`,
        "https://news.example.com/a/",
      ),
    ).toBe(
      `<p><b>B</b> <i>I</i> <a href="https://news.example.com/x">l</a> <img src="https://news.example.com/a/p.jpg" alt="p" /></p>`,
    );
  });
});

describe("undoDoubleEncoding", () => {
  it("unescapes HTML that was escaped twice", () => {
    expect(undoDoubleEncoding("&lt;p&gt;Hi&lt;/p&gt;")).toBe("<p>Hi</p>");
  });
  it("leaves real markup and plain text alone", () => {
    expect(undoDoubleEncoding("<p>1 &lt; 2</p>")).toBe("<p>1 &lt; 2</p>");
    expect(undoDoubleEncoding("AT&amp;T")).toBe("AT&amp;T");
  });
});

describe("htmlToText", () => {
  it("drops scripts and decodes entities", () => {
    expect(htmlToText("<b>Caf&eacute;</b> <script>x()</script>news")).toBe("Café news");
  });
});

describe("htmlMicroformats", () => {
  it("reads rel-tag links as their last path segment, decoded, once each", () => {
    const html =
      '<a rel="tag" href="https://e.example/tags/S%C3%A3o+Paulo/">SP</a> <a rel="nofollow tag" href="https://e.example/t/economy">E</a> <a rel="tag" href="https://e.example/t/economy">again</a> <a rel="tag" href="https://e.example/t/bad%E0">bad</a>';
    expect(htmlMicroformats(html).tags).toEqual(["São Paulo", "economy", "bad%E0"]);
  });

  it("reads rel-enclosure links and links to media or download files, not pages", () => {
    const html =
      '<a rel="enclosure" href="https://e.example/v">v</a> <a href="https://e.example/a.MP3?x=1">a</a> <a href="https://e.example/doc" type="application/pdf">d</a> <a href="https://e.example/feed" type="application/rss+xml">f</a> <a href="https://e.example/page.html">p</a>';
    expect(htmlMicroformats(html).enclosures.map((enclosure) => enclosure.url)).toEqual([
      "https://e.example/v",
      "https://e.example/a.MP3?x=1",
      "https://e.example/doc",
    ]);
  });

  it("skips HTML that marks nothing without parsing it", () => {
    expect(htmlMicroformats('<p>Plain <a href="https://e.example/x">link</a></p>')).toEqual({
      tags: [],
      enclosures: [],
    });
  });
});
