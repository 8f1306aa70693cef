// Feed cases written from the specifications and the reference parser's documentation, one category per subject:
// Atom text constructs (RFC 4287 3.1; Atom 0.3 "mode"), relative references (XML Base, the HTTP Content-Location,
// the document URL: feedparser's "Relative link resolution"), feeds without a channel or items, character sets
// (RFC 7303 / RFC 3023 and the XML spec's appendix F; WHATWG labels; HTML5 named references), the fallbacks a
// news reader relies on (iTunes, Media RSS, Dublin Core), and sanitising (feedparser's "HTML sanitization":
// acceptable elements and attributes kept, scripts, handlers, javascript: URLs and style expressions removed).
// Expectations are written by hand from what the documents say each feed means.
import iconv from "iconv-lite";

type Expectation = Record<string, string | number | null | boolean>;
export interface SpecCase {
  category: string;
  name: string;
  body: string | Uint8Array;
  encoding?: string;
  contentType?: string;
  contentLocation?: string;
  url?: string;
  extension?: string;
  expect: Expectation;
  hostile?: boolean;
}

const site = "https://news.example.com";
const xhtml = 'xmlns="http://www.w3.org/1999/xhtml"';

function atom(entries: string, feedExtra = "", feedAttrs = ""): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${feedAttrs}><title>Spec feed</title><id>urn:spec:feed</id>
<updated>2024-06-12T10:00:00Z</updated>${feedExtra}
${entries}
</feed>`;
}

/** An Atom entry; one without a link of its own gets one, so that a news reader can fetch it. */
function entry(inner: string, attrs = ""): string {
  const link = inner.includes("<link") ? "" : `<link href="${site}/spec/entry"/>`;
  return `<entry${attrs}><id>urn:spec:1</id><updated>2024-06-12T10:00:00Z</updated>${link}${inner}</entry>`;
}

function rss(items: string, namespaces = "", channelExtra = "", declaration = "utf-8"): string {
  return `<?xml version="1.0" encoding="${declaration}"?>
<rss version="2.0"${namespaces}><channel><title>Spec channel</title><link>${site}/</link><description>d</description>${channelExtra}
${items}
</channel></rss>`;
}

const cases: SpecCase[] = [];
const add = (category: string, name: string, spec: Omit<SpecCase, "category" | "name">) =>
  cases.push({ category, name, ...spec });

// ---------- Atom text constructs (RFC 4287 3.1; Atom 0.3 3.1.1.2 mode) ----------
const text = (name: string, body: string, expect: Expectation) => add("spec-text", name, { body, expect });
text("text-00", atom(entry('<title type="text">History of the &lt;blink&gt; tag</title>')), {
  "entries[0].title": "History of the <blink> tag",
});
text("text-01", atom(entry("<title>AT&amp;T &lt;3 &amp; &lt;br&gt; tags</title>")), {
  "entries[0].title": "AT&T <3 & <br> tags",
});
text("text-02", atom(entry('<title type="html">History of the &amp;lt;blink&amp;gt; tag</title>')), {
  "entries[0].title": "History of the <blink> tag",
});
text("text-03", atom(entry('<title type="html">&lt;b&gt;Bold&lt;/b&gt; move</title>')), {
  "entries[0].title": "Bold move",
});
text(
  "text-04",
  atom(entry(`<title type="xhtml"><div ${xhtml}>History of the &lt;blink&gt; tag</div></title>`)),
  { "entries[0].title": "History of the <blink> tag" },
);
text("text-05", atom(entry(`<title type="xhtml"><div ${xhtml}><em>Bold</em> move</div></title>`)), {
  "entries[0].title": "Bold move",
});
text("text-06", atom(entry(`<content type="xhtml"><div ${xhtml}><p>One <b>two</b></p></div></content>`)), {
  "entries[0].content": "<p>One <b>two</b></p>",
});
text("text-07", atom(entry('<summary type="text">Use &lt;b&gt; for bold &amp; more</summary>')), {
  "entries[0].summary": "Use &lt;b&gt; for bold &amp; more",
});
text("text-08", atom(entry('<content type="html">&lt;p&gt;AT&amp;amp;T&lt;/p&gt;</content>')), {
  "entries[0].content": "<p>AT&amp;T</p>",
});
text(
  "text-09",
  atom("", '<subtitle type="text">Less &lt;than&gt; more</subtitle>').replace(
    "<title>Spec feed</title>",
    '<title type="text">The &lt;blink&gt; files</title>',
  ),
  { "feed.title": "The <blink> files", "feed.description": "Less &lt;than&gt; more", "entries.length": 0 },
);
const atom03 = (inner: string) => `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom 0.3</title><modified>2024-06-12T10:00:00Z</modified>
<entry><id>urn:spec:03</id><link rel="alternate" type="text/html" href="${site}/spec/03"/><issued>2024-06-12T10:00:00Z</issued>${inner}</entry></feed>`;
const b64 = (value: string) => Buffer.from(value, "utf8").toString("base64");
text(
  "text-10",
  atom03(
    `<title>Encoded</title><content type="text/html" mode="base64">${b64("<p>Decoded <i>body</i></p>")}</content>`,
  ),
  { "entries[0].content": "<p>Decoded <i>body</i></p>" },
);
text(
  "text-11",
  atom03(
    `<title type="text/plain" mode="base64">${b64("Caspian <ports> report")}</title><summary type="text/html" mode="escaped">&lt;b&gt;x&lt;/b&gt;</summary>`,
  ),
  { "entries[0].title": "Caspian <ports> report", "entries[0].summary": "<b>x</b>" },
);
text("text-12", atom(entry('<title type="text">a &lt; b &amp;&amp; c &gt; d</title>')), {
  "entries[0].title": "a < b && c > d",
});
text("text-13", atom03(`<title mode="base64">${b64("Zhang Ming <visits> Baku")}</title>`), {
  "entries[0].title": "Zhang Ming <visits> Baku",
});

// ---------- Relative references: xml:base, then Content-Location, then the document URL ----------
const base = (name: string, spec: Omit<SpecCase, "category" | "name">) => add("spec-base", name, spec);
base("base-00", {
  url: `${site}/feed.xml`,
  body: atom(
    entry('<title>Nested</title><link href="one.html"/>', ' xml:base="posts/"'),
    "",
    ' xml:base="https://base.example.org/root/"',
  ),
  expect: { "entries[0].link": "https://base.example.org/root/posts/one.html" },
});
base("base-01", {
  url: `${site}/feed`,
  contentLocation: "https://cdn.example.net/feeds/main.xml",
  body: atom(entry('<title>Moved</title><link href="../a.html"/>')),
  expect: { "entries[0].link": "https://cdn.example.net/a.html" },
});
base("base-02", {
  url: `${site}/feeds/rss.xml`,
  body: rss(
    '<item><title>Relative</title><link>a.html</link><enclosure url="media/a.mp3" type="audio/mpeg" length="10"/></item>',
  ).replace(`<link>${site}/</link>`, "<link>https://www.example.org/home/</link>"),
  expect: {
    "entries[0].link": `${site}/feeds/a.html`,
    "entries[0].enclosures[0].url": `${site}/feeds/media/a.mp3`,
  },
});
base("base-03", {
  url: `${site}/feeds/x.xml`,
  body: atom(entry('<title>Relative base</title><link href="a.html"/>'), "", ' xml:base="sub/"'),
  expect: { "entries[0].link": `${site}/feeds/sub/a.html` },
});
base("base-04", {
  url: `${site}/feed.xml`,
  body: atom(
    entry(
      '<title>Gallery</title><link href="/g"/><content type="html" xml:base="https://img.example.org/gallery/">&lt;a href="p.jpg"&gt;photo&lt;/a&gt;</content>',
    ),
  ),
  expect: { "entries[0].content": '<a href="https://img.example.org/gallery/p.jpg">photo</a>' },
});
base("base-05", {
  body: atom(
    '<entry><id>/posts/5</id><title>Id</title><link href="/posts/5.html"/><updated>2024-06-12T10:00:00Z</updated></entry>',
    "",
    ' xml:base="https://base.example.org/"',
  ),
  expect: { "entries[0].id": "https://base.example.org/posts/5" },
});
base("base-06", {
  url: `${site}/rss`,
  body: rss('<item><title>Permalink</title><guid isPermaLink="true">/news/7</guid></item>'),
  expect: { "entries[0].link": `${site}/news/7`, "entries[0].id": `${site}/news/7` },
});
base("base-07", {
  url: `${site}/feed.xml`,
  body: atom(
    entry(
      '<title>Podcast</title><link href="e.html"/><link rel="enclosure" href="e.mp3" type="audio/mpeg"/>',
      ' xml:base="https://cdn.example.net/ep/"',
    ),
  ),
  expect: {
    "entries[0].link": "https://cdn.example.net/ep/e.html",
    "entries[0].enclosures[0].url": "https://cdn.example.net/ep/e.mp3",
  },
});
base("base-08", {
  url: `${site}/feeds/main`,
  contentLocation: "/mirror/feed.xml",
  body: atom(entry('<title>Mirror</title><link href="item.html"/>')),
  expect: { "entries[0].link": `${site}/mirror/item.html` },
});
base("base-09", {
  url: `${site}/feed`,
  contentLocation: "https://cdn.example.net/feeds/main.xml",
  body: atom(
    entry('<title>Base wins</title><link href="x.html"/>'),
    "",
    ' xml:base="https://base.example.org/b/"',
  ),
  expect: { "entries[0].link": "https://base.example.org/b/x.html" },
});
base("base-10", {
  url: `${site}/feeds/news.rss`,
  body: rss(
    '<item><title>Body links</title><link>/n/1</link><description>&lt;p&gt;See &lt;a href="/n/2"&gt;more&lt;/a&gt;&lt;/p&gt;</description></item>',
  ),
  expect: { "entries[0].summary": `<p>See <a href="${site}/n/2">more</a></p>` },
});
base("base-11", {
  url: `${site}/feeds/atom.xml`,
  body: atom(entry('<title>Feed URL</title><link href="/a/b.html"/>')),
  expect: { "entries[0].link": `${site}/a/b.html`, "feed.title": "Spec feed" },
});

// ---------- Feeds without a channel or without items ----------
const empty = (name: string, body: string, expect: Expectation, extension?: string) =>
  add("spec-empty", name, { body, expect, ...(extension ? { extension } : {}) });
empty("empty-00", rss(""), { "entries.length": 0, "feed.title": "Spec channel" });
empty("empty-01", '<?xml version="1.0"?><rss version="2.0"></rss>', { "entries.length": 0 });
empty("empty-02", '<rss version="2.0"><channel></channel></rss>', { "entries.length": 0 });
empty("empty-03", '<feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing yet</title></feed>', {
  "entries.length": 0,
  "feed.title": "Nothing yet",
});
empty(
  "empty-04",
  `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="${site}/"><title>Empty RDF</title><link>${site}/</link><description>x</description></channel></rdf:RDF>`,
  { "entries.length": 0, "feed.title": "Empty RDF" },
);
empty(
  "empty-05",
  JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Empty JSON", items: [] }),
  { "entries.length": 0, "feed.title": "Empty JSON" },
  "jsonfeed",
);
empty("empty-06", '<feed xmlns="http://www.w3.org/2005/Atom"/>', { "entries.length": 0 });
empty("empty-07", '<rss version="0.91"><channel><title>Old</title></channel></rss>', {
  "entries.length": 0,
  "feed.title": "Old",
});

// ---------- Character sets: HTTP charset, BOM, XML declaration (RFC 7303 3.2, XML 1.0 appendix F) ----------
const charset = (name: string, spec: Omit<SpecCase, "category" | "name">) => add("spec-charset", name, spec);
const titled = (title: string, declaration = "utf-8", summary = "plain") =>
  rss(
    `<item><title>${title}</title><link>${site}/c</link><description>${summary}</description></item>`,
    "",
    "",
    declaration,
  );
charset("charset-00", {
  contentType: "application/rss+xml; charset=utf-8",
  body: titled("Café über", "iso-8859-1"),
  expect: { "entries[0].title": "Café über" },
});
charset("charset-01", {
  contentType: "application/rss+xml; charset=iso-8859-1",
  body: titled("Café über"),
  encoding: "latin1",
  expect: { "entries[0].title": "Café über" },
});
charset("charset-02", {
  contentType: "application/xml; charset=iso-8859-1",
  body: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(titled("Café über"), "utf8")]),
  expect: { "entries[0].title": "Café über" },
});
charset("charset-03", {
  contentType: "text/xml",
  body: titled("Привет, Баку", "windows-1251"),
  encoding: "windows-1251",
  expect: { "entries[0].title": "Привет, Баку" },
});
charset("charset-04", {
  body: titled("don’t stop", "iso-8859-1", "“quoted” … €5 – ok"),
  encoding: "windows-1252",
  expect: { "entries[0].title": "don’t stop", "entries[0].summary": "“quoted” … €5 – ok" },
});
charset("charset-05", {
  body: new Uint8Array([0xff, 0xfe, ...iconv.encode(titled("日本と中国", "utf-16"), "utf-16le")]),
  expect: { "entries[0].title": "日本と中国" },
});
charset("charset-06", {
  body: iconv.encode(titled("Ünïcödé", "UTF-16BE"), "utf-16be"),
  expect: { "entries[0].title": "Ünïcödé" },
});
charset("charset-07", {
  body: titled("Wait&hellip; it&rsquo;s caf&eacute; &mdash; &frac12; &NotEqualTilde; &fjlig;ord"),
  expect: { "entries[0].title": "Wait… it’s café — ½ ≂̸ fjord" },
});
charset("charset-08", {
  body: atom(entry('<title type="text">Caf&eacute; &amp; cr&egrave;me&nbsp;br&ucirc;l&eacute;e</title>')),
  expect: { "entries[0].title": "Café & crème\u00a0brûlée" },
});
charset("charset-09", {
  body: titled("It&#146;s &#147;new&#148;"),
  expect: { "entries[0].title": "It’s “new”" },
});
charset("charset-10", {
  contentType: "application/rss+xml; charset=x-no-such-charset",
  body: titled("Café über", "iso-8859-1"),
  encoding: "latin1",
  expect: { "entries[0].title": "Café über" },
});
charset("charset-11", {
  contentType: "application/rss+xml; charset=utf-8",
  body: titled("Café über", "iso-8859-1"),
  encoding: "latin1",
  expect: { "entries[0].title": "Café über" },
});
charset("charset-12", {
  body: rss(
    `<item><title>Entities in HTML</title><link>${site}/e</link><description>&lt;p&gt;caf&amp;eacute; &amp;amp; &amp;hellip;&lt;/p&gt;</description></item>`,
  ),
  expect: { "entries[0].summary": "<p>café &amp; …</p>" },
});

// ---------- Fallbacks: iTunes, Media RSS, Dublin Core ----------
const ns =
  ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"';
const fallback = (name: string, items: string, expect: Expectation, channelExtra = "") =>
  add("spec-fallbacks", name, { body: rss(items, ns, channelExtra), expect });
fallback(
  "fallback-00",
  `<item><title>Episode</title><link>${site}/e1</link><itunes:summary>Episode notes here.</itunes:summary></item>`,
  {
    "entries[0].summary": "Episode notes here.",
  },
);
fallback(
  "fallback-01",
  `<item><link>${site}/v1</link><media:title>Video title</media:title><media:description>Video notes.</media:description></item>`,
  { "entries[0].title": "Video title", "entries[0].summary": "Video notes." },
);
fallback(
  "fallback-02",
  `<item><link>${site}/v2</link><media:group><media:title>Grouped title</media:title><media:description>Grouped notes.</media:description><media:content url="${site}/v2.mp4" type="video/mp4"/></media:group></item>`,
  {
    "entries[0].title": "Grouped title",
    "entries[0].summary": "Grouped notes.",
    "entries[0].enclosures[0].url": `${site}/v2.mp4`,
  },
);
fallback(
  "fallback-03",
  `<item><link>${site}/v3</link><media:content url="${site}/v3.mp4" type="video/mp4"><media:title>Inside content</media:title><media:description>Inner notes.</media:description></media:content></item>`,
  { "entries[0].title": "Inside content", "entries[0].summary": "Inner notes." },
);
fallback(
  "fallback-04",
  `<item><title>DC date</title><link>${site}/d1</link><dc:date>2024-06-12T16:10:00+04:00</dc:date></item>`,
  {
    "entries[0].published": "2024-06-12T12:10:00.000Z",
  },
);
fallback(
  "fallback-05",
  `<item><title>Modified</title><link>${site}/d2</link><dcterms:modified>2024-06-13T08:00:00Z</dcterms:modified></item>`,
  { "entries[0].updated": "2024-06-13T08:00:00.000Z", "entries[0].published": "2024-06-13T08:00:00.000Z" },
);
fallback(
  "fallback-06",
  `<item><title>Issued</title><link>${site}/d3</link><dcterms:issued>2024-06-11</dcterms:issued><dc:creator>Leyla Mammadova</dc:creator></item>`,
  { "entries[0].published": "2024-06-11T00:00:00.000Z", "entries[0].author": "Leyla Mammadova" },
);
fallback(
  "fallback-07",
  `<item><title>Podcast author</title><link>${site}/p</link><itunes:author>Elvin Gasimzade</itunes:author></item>`,
  { "entries[0].author": "Elvin Gasimzade" },
);
add("spec-fallbacks", "fallback-08", {
  body: rss(
    `<item><title>Channel summary</title><link>${site}/c</link></item>`,
    ns,
    "<itunes:summary>A podcast about the Caspian.</itunes:summary>",
  ).replace("<description>d</description>", ""),
  expect: { "feed.description": "A podcast about the Caspian." },
});
add("spec-fallbacks", "fallback-09", {
  body: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="${site}/"><title>RDF</title><link>${site}/</link><description>x</description></channel>
<item rdf:about="${site}/r1"><title>RDF item</title><link>${site}/r1</link><dc:date>2024-06-12T09:00:00-05:00</dc:date><dc:creator>Zhang Ming</dc:creator></item></rdf:RDF>`,
  expect: { "entries[0].published": "2024-06-12T14:00:00.000Z", "entries[0].author": "Zhang Ming" },
});

// ---------- Sanitising: harmless markup kept, unsafe markup removed ----------
const sanitize = (name: string, html: string, expected: string, url = `${site}/feed`) =>
  add("spec-sanitize", name, {
    url,
    hostile: true,
    body: rss(
      `<item><title>Markup</title><link>${site}/m</link><description><![CDATA[${html}]]></description></item>`,
    ),
    expect: { "entries[0].summary": expected },
  });
const kept = (name: string, html: string) => sanitize(name, html, html);
kept("sanitize-00", '<p>An <abbr title="Shanghai Cooperation Organisation">SCO</abbr> note</p>');
kept(
  "sanitize-01",
  '<table summary="votes" border="1"><tr><td colspan="2" align="center">x</td></tr></table>',
);
kept("sanitize-02", '<img src="https://news.example.com/p.jpg" alt="Photo" width="10" height="20" />');
kept("sanitize-03", '<ol start="3"><li>three</li></ol><ul type="square"><li>x</li></ul>');
kept("sanitize-04", '<a href="https://example.org/" hreflang="en" title="t">x</a>');
kept(
  "sanitize-05",
  '<q cite="https://example.org/">q</q> <del datetime="2024-01-01">old</del> <ins>new</ins>',
);
kept("sanitize-06", '<span lang="az" dir="ltr">Salam</span>');
kept("sanitize-07", '<hr noshade="noshade" size="1" /><br clear="all" />');
kept("sanitize-08", "<dl><dt>A</dt><dd><code>b</code> <sub>2</sub> <sup>3</sup></dd></dl><pre>x</pre>");
kept("sanitize-09", '<font color="red" face="Arial" size="2">x</font>');
kept("sanitize-10", '<p style="color:red;font-weight:bold">x</p>');
kept("sanitize-11", "<fieldset><legend>Poll</legend>Yes</fieldset>");
sanitize(
  "sanitize-12",
  '<img src="x.jpg" onerror="alert(1)" />',
  '<img src="https://news.example.com/x.jpg" />',
);
sanitize("sanitize-13", '<a href="javascript:alert(1)">x</a>', "<a>x</a>");
sanitize("sanitize-14", '<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>");
sanitize("sanitize-15", '<div style="width: expression(alert(1))">x</div>', "<div>x</div>");
sanitize(
  "sanitize-16",
  '<p>a</p><script>alert(1)</script><iframe src="https://evil.example/"></iframe><object data="x"></object>',
  "<p>a</p>",
);
sanitize("sanitize-17", '<svg onload="alert(1)"><circle/></svg>b', "b");
sanitize("sanitize-18", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">b', "b");
sanitize("sanitize-19", '<form action="https://evil.example/"><input name="q">b</form>', "b");
sanitize("sanitize-20", '<p style="background: url(javascript:alert(1))">x</p>', "<p>x</p>");
sanitize("sanitize-21", '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>");
sanitize("sanitize-22", '<base href="javascript:alert(1)//">b<p onclick="alert(1)">c</p>', "b<p>c</p>");
add("spec-sanitize", "sanitize-23", {
  hostile: true,
  body: atom(
    entry(
      `<title type="html">&lt;script&gt;alert(1)&lt;/script&gt;Title</title><link href="${site}/m23"/><content type="xhtml"><div ${xhtml}><p onclick="alert(1)">x</p></div></content>`,
    ),
  ),
  expect: { "entries[0].title": "Title", "entries[0].content": "<p>x</p>" },
});

export const specCases = cases;
