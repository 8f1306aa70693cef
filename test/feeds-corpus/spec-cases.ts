// Feed cases written from the specifications and the reference parser's documentation, one category per subject:
// Atom text constructs (RFC 4287 3.1; Atom 0.3 "mode"), relative references (XML Base, the HTTP Content-Location,
// the document URL: feedparser's "Relative link resolution"), feeds without a channel or items, character sets
// (RFC 7303 / RFC 3023 and the XML spec's appendix F; WHATWG labels; HTML5 named references), the fallbacks a
// news reader relies on (iTunes, Media RSS, Dublin Core), and sanitising (feedparser's "HTML sanitization":
// acceptable elements and attributes kept, scripts, handlers, javascript: URLs and style expressions removed).
// Expectations are written by hand from what the documents say each feed means.
import iconv from "iconv-lite";
import { decodeBytes } from "../../lib/charset.ts";

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
// An element's own xml:base applies to its own attributes; relative bases stack; queries and fragments resolve
// as RFC 3986 section 5 says.
base("base-12", {
  url: `${site}/feeds/f.xml`,
  body: `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/root/"><title>t</title><entry><id>urn:b12</id><title>e</title><link xml:base="http://other.example/dir/" href="x.html"/><content type="html" xml:base="../up/">&lt;a href="y.html"&gt;y&lt;/a&gt; &lt;img src="/abs.png"&gt;</content></entry></feed>`,
  expect: {
    "entries[0].link": "http://other.example/dir/x.html",
    "entries[0].content":
      '<a href="http://example.org/up/y.html">y</a> <img src="http://example.org/abs.png" />',
  },
});
base("base-13", {
  url: `${site}/feeds/f.xml`,
  body: `<rss version="2.0" xml:base="http://example.org/blog/"><channel><title>t</title><link>index.html</link><item><title>i</title><link>post/1</link><description>&lt;a href="../about"&gt;about&lt;/a&gt;</description><enclosure url="media/1.mp3" type="audio/mpeg" length="1"/></item></channel></rss>`,
  expect: {
    "feed.link": "http://example.org/blog/index.html",
    "entries[0].link": "http://example.org/blog/post/1",
    "entries[0].summary": '<a href="http://example.org/about">about</a>',
    "entries[0].enclosures[0].url": "http://example.org/blog/media/1.mp3",
  },
});
base("base-14", {
  body: `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/a/b?q=1#frag"><title>t</title><entry><id>urn:b14</id><title>e</title><link href="?page=2"/><summary type="html">&lt;a href="#top"&gt;top&lt;/a&gt;</summary></entry></feed>`,
  expect: {
    "entries[0].link": "http://example.org/a/b?page=2",
    "entries[0].summary": '<a href="http://example.org/a/b?q=1#top">top</a>',
  },
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
fallback(
  "fallback-10",
  `<item><title>Media tags</title><link>${site}/m10</link><media:category scheme="http://search.yahoo.com/mrss/category_schema">news/world</media:category><media:group><media:keywords>caspian, rail ,ports</media:keywords><media:content url="${site}/m10.mp4" type="video/mp4"/></media:group></item>`,
  {
    "entries[0].categories[0]": "news/world",
    "entries[0].categories[1]": "caspian",
    "entries[0].categories[2]": "rail",
    "entries[0].categories[3]": "ports",
  },
);
// DCMI Metadata Terms repeat the Dublin Core elements under http://purl.org/dc/terms/.
add("spec-fallbacks", "fallback-11", {
  body: rss(
    `<item><dcterms:title>Terms title</dcterms:title><link>${site}/t11</link><dcterms:identifier>urn:terms:11</dcterms:identifier><dcterms:description>Terms description</dcterms:description><dcterms:subject>Terms subject</dcterms:subject><dcterms:date>2024-06-12T10:00:00Z</dcterms:date><dcterms:contributor>Terms Contributor</dcterms:contributor></item>`,
    ns,
    "<dcterms:language>az</dcterms:language>",
  ),
  expect: {
    "feed.language": "az",
    "entries[0].title": "Terms title",
    "entries[0].id": "urn:terms:11",
    "entries[0].summary": "Terms description",
    "entries[0].categories[0]": "Terms subject",
    "entries[0].published": "2024-06-12T10:00:00.000Z",
    "entries[0].author": "Terms Contributor",
  },
});
fallback(
  "fallback-12",
  `<item><itunes:title>Episode title</itunes:title><enclosure url="${site}/e12.mp3" type="audio/mpeg" length="1"/></item>`,
  {
    "entries[0].title": "Episode title",
  },
);

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

// ---------- Where each field comes from (feedparser's reference pages, "Comes from"; RSS 2.0, RSS 1.0, Atom) ----
const rdfNs =
  'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:content="http://purl.org/rss/1.0/modules/content/"';
function rdf(items: string, channelExtra = "", channelInner?: string): string {
  const inner =
    channelInner ??
    `<title>RDF channel</title><link>${site}/</link><description>RDF description</description>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF ${rdfNs}><channel rdf:about="${site}/index.rdf">${inner}${channelExtra}</channel>
${items}
</rdf:RDF>`;
}
const moreNs = `${ns} xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:xhtml="http://www.w3.org/1999/xhtml"`;
const element = (name: string, body: string, expect: Expectation) =>
  add("spec-elements", name, { body, expect });
const item = (inner: string) => rss(`<item>${inner}</item>`, moreNs);
// Titles: rss title, dc:title, rdf title, atom03 title.
element("element-00", item(`<dc:title>Dublin Core title</dc:title><link>${site}/a</link>`), {
  "entries[0].title": "Dublin Core title",
});
element(
  "element-01",
  rdf(`<item rdf:about="${site}/r"><dc:title>RDF DC title</dc:title><link>${site}/r</link></item>`),
  {
    "entries[0].title": "RDF DC title",
    "entries[0].id": `${site}/r`,
    "entries[0].link": `${site}/r`,
  },
);
element(
  "element-02",
  rdf(
    "",
    "",
    `<dc:title>DC channel title</dc:title><link>${site}/</link><dc:description>DC channel description</dc:description>`,
  ),
  { "feed.title": "DC channel title", "feed.description": "DC channel description", "feed.link": `${site}/` },
);
element(
  "element-03",
  rss("", moreNs, "<dc:title>unused</dc:title>")
    .replace("<title>Spec channel</title>", "")
    .replace("<description>d</description>", "<dc:description>From DC</dc:description>"),
  { "feed.title": "unused", "feed.description": "From DC" },
);
element(
  "element-04",
  rss("", moreNs, "<itunes:subtitle>A show about ports</itunes:subtitle>").replace(
    "<description>d</description>",
    "",
  ),
  { "feed.description": "A show about ports" },
);
// Links: Atom alternate or rel-less, rel="related" and "self" skipped; RSS guid as the link when there is none.
element(
  "element-05",
  atom(
    `<entry><id>urn:e5</id><title>Links</title><updated>2024-06-12T10:00:00Z</updated><link rel="related" href="${site}/related"/><link rel="self" href="${site}/self.xml"/><link href="${site}/plain"/></entry>`,
  ),
  { "entries[0].link": `${site}/plain` },
);
element(
  "element-06",
  atom(
    `<entry><id>urn:e6</id><title>Links</title><updated>2024-06-12T10:00:00Z</updated><link rel="related" href="${site}/related"/><link rel="alternate" type="text/html" href="${site}/alternate"/></entry>`,
    `<link rel="self" href="${site}/atom.xml"/><link rel="alternate" href="${site}/home"/>`,
  ),
  { "entries[0].link": `${site}/alternate`, "feed.link": `${site}/home` },
);
element("element-07", item("<title>Guid link</title><guid>https://news.example.com/guid/7</guid>"), {
  "entries[0].link": "https://news.example.com/guid/7",
  "entries[0].id": "https://news.example.com/guid/7",
});
element(
  "element-08",
  item('<title>Opaque guid</title><guid isPermaLink="false">https://news.example.com/guid/8</guid>'),
  {
    "entries[0].link": null,
    "entries[0].id": "https://news.example.com/guid/8",
  },
);
element(
  "element-09",
  item(`<title>Both</title><link>${site}/link/9</link><guid isPermaLink="false">1983@example.org</guid>`),
  { "entries[0].link": `${site}/link/9`, "entries[0].id": "1983@example.org" },
);
// Summaries and content: description, dc:description, content:encoded, body, fullitem, xhtml:body.
element(
  "element-10",
  item(`<title>DC</title><link>${site}/10</link><dc:description>Described by DC</dc:description>`),
  {
    "entries[0].summary": "Described by DC",
  },
);
element(
  "element-11",
  item(
    `<title>Both</title><link>${site}/11</link><description>Short</description><content:encoded><![CDATA[<p>Long <b>body</b></p>]]></content:encoded>`,
  ),
  { "entries[0].summary": "Short", "entries[0].content": "<p>Long <b>body</b></p>" },
);
element(
  "element-12",
  item(
    `<title>Content only</title><link>${site}/12</link><content:encoded><![CDATA[<p>Only body</p>]]></content:encoded>`,
  ),
  { "entries[0].summary": "<p>Only body</p>", "entries[0].content": "<p>Only body</p>" },
);
element(
  "element-13",
  item(`<title>Body</title><link>${site}/13</link><body>&lt;p&gt;Body element&lt;/p&gt;</body>`),
  {
    "entries[0].content": "<p>Body element</p>",
  },
);
element(
  "element-14",
  item(`<title>Fullitem</title><link>${site}/14</link><fullitem>&lt;p&gt;Full item&lt;/p&gt;</fullitem>`),
  {
    "entries[0].content": "<p>Full item</p>",
  },
);
element(
  "element-15",
  item(
    `<title>XHTML body</title><link>${site}/15</link><xhtml:body><xhtml:p>Inline <xhtml:b>XHTML</xhtml:b></xhtml:p></xhtml:body>`,
  ),
  { "entries[0].content": "<p>Inline <b>XHTML</b></p>" },
);
element(
  "element-16",
  item(
    `<title>XHTML body</title><link>${site}/16</link><body xmlns="http://www.w3.org/1999/xhtml"><p>Default <i>namespace</i></p></body>`,
  ),
  { "entries[0].content": "<p>Default <i>namespace</i></p>" },
);
// Dates: published from pubDate, dcterms:issued, atom:published, atom03 issued; updated from dc:date,
// dcterms:modified, atom:updated, atom03 modified, and, missing, from published (feedparser 5.1.1 on).
element(
  "element-17",
  item(`<title>Dates</title><link>${site}/17</link><pubDate>Thu, 05 Sep 2002 00:00:01 GMT</pubDate>`),
  {
    "entries[0].published": "2002-09-05T00:00:01.000Z",
    "entries[0].updated": "2002-09-05T00:00:01.000Z",
  },
);
element(
  "element-18",
  item(
    `<title>Dates</title><link>${site}/18</link><dcterms:issued>2024-06-10T08:00:00Z</dcterms:issued><dcterms:modified>2024-06-11T08:00:00Z</dcterms:modified>`,
  ),
  { "entries[0].published": "2024-06-10T08:00:00.000Z", "entries[0].updated": "2024-06-11T08:00:00.000Z" },
);
element(
  "element-19",
  atom(
    `<entry><id>urn:e19</id><title>Dates</title><link href="${site}/19"/><published>2005-11-09T00:23:47Z</published><updated>2005-11-09T11:56:34Z</updated></entry>`,
  ),
  { "entries[0].published": "2005-11-09T00:23:47.000Z", "entries[0].updated": "2005-11-09T11:56:34.000Z" },
);
// Authors: Atom person "Name (email)", dc:creator, dc:author, RSS author, itunes:author; Atom contributors.
element(
  "element-20",
  atom(
    `<entry><id>urn:e20</id><title>Author</title><link href="${site}/20"/><updated>2024-06-12T10:00:00Z</updated><author><name>Mark Pilgrim</name><uri>http://diveintomark.org/</uri><email>mark@example.org</email></author><contributor><name>Joe</name></contributor></entry>`,
  ),
  { "entries[0].author": "Mark Pilgrim (mark@example.org)", "entries[0].authors[1]": "Joe" },
);
element(
  "element-21",
  item(`<title>DC author</title><link>${site}/21</link><dc:author>Anar Alakbarov</dc:author>`),
  {
    "entries[0].author": "Anar Alakbarov",
  },
);
element(
  "element-22",
  item(`<title>RSS author</title><link>${site}/22</link><author>mark@example.org (Mark Pilgrim)</author>`),
  {
    "entries[0].author": "mark@example.org (Mark Pilgrim)",
  },
);
element(
  "element-23",
  atom(
    `<entry><id>urn:e23</id><title>Feed author</title><link href="${site}/23"/><updated>2024-06-12T10:00:00Z</updated></entry>`,
    "<author><name>Feed Author</name></author>",
  ),
  { "entries[0].author": "Feed Author" },
);
// Enclosures: RSS enclosure and Atom link rel="enclosure", with type and length.
element(
  "element-24",
  item(
    `<title>Audio</title><link>${site}/24</link><enclosure url="http://example.org/audio/demo.mp3" length="1069871" type="audio/mpeg"/>`,
  ),
  {
    "entries[0].enclosures[0].url": "http://example.org/audio/demo.mp3",
    "entries[0].enclosures[0].length": 1069871,
    "entries[0].enclosures[0].type": "audio/mpeg",
  },
);
element(
  "element-25",
  atom(
    `<entry><id>urn:e25</id><title>Video</title><link href="${site}/25"/><updated>2024-06-12T10:00:00Z</updated><link rel="enclosure" type="video/mpeg4" href="http://www.example.com/movie.mp4" length="42301"/></entry>`,
  ),
  {
    "entries[0].enclosures[0].url": "http://www.example.com/movie.mp4",
    "entries[0].enclosures[0].length": 42301,
    "entries[0].enclosures[0].type": "video/mpeg4",
    "entries[0].link": `${site}/25`,
  },
);
// Categories: RSS category, dc:subject, Atom category term (label when no term), itunes:category text,
// itunes:keywords (a comma-separated list).
element(
  "element-26",
  item(
    `<title>Tags</title><link>${site}/26</link><category domain="http://example.org/cats">Miscellaneous</category><dc:subject>Quotes</dc:subject>`,
  ),
  { "entries[0].categories[0]": "Miscellaneous", "entries[0].categories[1]": "Quotes" },
);
element(
  "element-27",
  atom(
    `<entry><id>urn:e27</id><title>Tags</title><link href="${site}/27"/><updated>2024-06-12T10:00:00Z</updated><category term="trade" scheme="http://example.org/s" label="Trade"/><category label="Only label"/></entry>`,
  ),
  { "entries[0].categories[0]": "trade", "entries[0].categories[1]": "Only label" },
);
element(
  "element-28",
  item(
    `<title>Podcast tags</title><link>${site}/28</link><itunes:category text="News"/><itunes:keywords>caspian, ports ,rail</itunes:keywords>`,
  ),
  {
    "entries[0].categories[0]": "News",
    "entries[0].categories[1]": "caspian",
    "entries[0].categories[2]": "ports",
    "entries[0].categories[3]": "rail",
  },
);
element(
  "element-29",
  rdf(
    `<item rdf:about="${site}/29"><title>RDF subject</title><link>${site}/29</link><dc:subject>Quotes</dc:subject><description>Summary text</description><dc:date>2004-05-30T14:23:54-06:00</dc:date></item>`,
  ),
  {
    "entries[0].categories[0]": "Quotes",
    "entries[0].summary": "Summary text",
    "entries[0].updated": "2004-05-30T20:23:54.000Z",
  },
);
// Atom 0.3: issued, modified, created; tagline; info; the feed link from rel="alternate".
element(
  "element-30",
  `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom 0.3</title><tagline type="text/html" mode="escaped">For documentation &lt;em&gt;only&lt;/em&gt;</tagline><link rel="alternate" type="text/html" href="${site}/"/><modified>2004-04-20T11:56:34Z</modified>
<entry><title>First entry title</title><link rel="service.edit" type="application/atom+xml" href="${site}/api/edit/3"/><link rel="alternate" type="text/html" href="${site}/entry/3"/><id>tag:feedparser.org,2004-04-20:/docs/examples/atom03.xml:3</id><created>2004-04-19T07:45:00Z</created><issued>2004-04-20T00:23:47Z</issued><modified>2004-04-20T11:56:34Z</modified><dc:subject xmlns:dc="http://purl.org/dc/elements/1.1/">Atom03 subject</dc:subject></entry></feed>`,
  {
    "feed.description": "For documentation <em>only</em>",
    "feed.link": `${site}/`,
    "entries[0].link": `${site}/entry/3`,
    "entries[0].id": "tag:feedparser.org,2004-04-20:/docs/examples/atom03.xml:3",
    "entries[0].published": "2004-04-20T00:23:47.000Z",
    "entries[0].updated": "2004-04-20T11:56:34.000Z",
    "entries[0].categories[0]": "Atom03 subject",
  },
);
// The feed's own language and date (feed.language, feed.updated: feedparser's reference pages).
element(
  "element-31",
  rss("", moreNs, "<language>en-us</language><lastBuildDate>Sat, 07 Sep 2002 09:42:31 GMT</lastBuildDate>"),
  { "feed.language": "en-us", "feed.updated": "2002-09-07T09:42:31.000Z" },
);
element("element-32", rss("", moreNs, "<pubDate>Sat, 07 Sep 2002 00:00:01 GMT</pubDate>"), {
  "feed.updated": "2002-09-07T00:00:01.000Z",
  "feed.language": null,
});
element("element-33", rdf("", "<dc:language>az</dc:language><dc:date>2004-06-04T17:40:33-05:00</dc:date>"), {
  "feed.language": "az",
  "feed.updated": "2004-06-04T22:40:33.000Z",
});
element("element-34", atom("", "", ' xml:lang="zh-CN"'), {
  "feed.language": "zh-CN",
  "feed.updated": "2024-06-12T10:00:00.000Z",
});
add("spec-elements", "element-35", {
  extension: "jsonfeed",
  body: JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: "JSON",
    language: "ru",
    items: [{ id: "1", url: `${site}/j/1`, content_text: "x", date_published: "2024-06-12T10:00:00Z" }],
  }),
  expect: { "feed.language": "ru", "entries[0].updated": "2024-06-12T10:00:00.000Z" },
});
element("element-40", rss("", moreNs, "<managingEditor>editor@example.org (Ed Itor)</managingEditor>"), {
  "feed.author": "editor@example.org (Ed Itor)",
});
element("element-41", rdf("", "<dc:creator>Mark Pilgrim (mark@example.org)</dc:creator>"), {
  "feed.author": "Mark Pilgrim (mark@example.org)",
});
element("element-42", atom("", "<author><name>Feed Writer</name><email>w@example.org</email></author>"), {
  "feed.author": "Feed Writer (w@example.org)",
});
element(
  "element-36",
  item(
    `<title>Subtitle</title><link>${site}/36</link><itunes:subtitle>Short episode notes</itunes:subtitle>`,
  ),
  {
    "entries[0].summary": "Short episode notes",
  },
);
// feedparser's summary page: an entry with both a summary and a description has the second as its content.
element(
  "element-37",
  item(
    `<title>Twice</title><link>${site}/37</link><description>Short description</description><dc:description>The longer text of the entry</dc:description>`,
  ),
  { "entries[0].summary": "Short description", "entries[0].content": "The longer text of the entry" },
);
// Its microformats page: rel="tag" links in an entry's HTML are tags (the last path segment), rel="enclosure"
// links and links to audio, video or download files are enclosures.
element(
  "element-38",
  item(
    `<title>Tagged</title><link>${site}/38</link><description>&lt;a href="http://del.icio.us/tag/tech" rel="tag"&gt;Technology&lt;/a&gt; and &lt;a rel="tag" href="${site}/tags/New+York/"&gt;NY&lt;/a&gt;</description><category>Given</category>`,
  ),
  {
    "entries[0].categories[0]": "Given",
    "entries[0].categories[1]": "tech",
    "entries[0].categories[2]": "New York",
  },
);
element(
  "element-39",
  atom(
    entry(
      `<title>Embedded</title><content type="html">&lt;a rel="enclosure" href="http://example.com/movie.mp4"&gt;awesome movie&lt;/a&gt; &lt;a href="http://example.com/talk" type="audio/mpeg"&gt;talk&lt;/a&gt; &lt;a href="http://example.com/page.html"&gt;page&lt;/a&gt;</content>`,
    ),
  ),
  {
    "entries[0].enclosures[0].url": "http://example.com/movie.mp4",
    "entries[0].enclosures[1].url": "http://example.com/talk",
    "entries[0].enclosures[1].type": "audio/mpeg",
    "entries[0].enclosures.length": 2,
  },
);
// Microsoft CDF (feedparser's "Comes from" lists it beside RSS and Atom): HREF links, ABSTRACT, LASTMOD dates.
element(
  "element-43",
  `<CHANNEL HREF="${site}/" LASTMOD="2024-06-12T09:00"><TITLE>CDF</TITLE><ABSTRACT>Channel abstract</ABSTRACT><ITEM HREF="${site}/cdf/1" LASTMOD="2024-06-11T08:30"><TITLE>CDF item</TITLE><ABSTRACT>Item abstract</ABSTRACT></ITEM></CHANNEL>`,
  {
    "feed.link": `${site}/`,
    "feed.updated": "2024-06-12T09:00:00.000Z",
    "entries[0].link": `${site}/cdf/1`,
    "entries[0].summary": "Item abstract",
    "entries[0].updated": "2024-06-11T08:30:00.000Z",
    "entries[0].published": "2024-06-11T08:30:00.000Z",
  },
);
element(
  "element-44",
  item(
    `<title>Contributors</title><link>${site}/44</link><dc:contributor>Second Writer</dc:contributor><dc:creator>First Writer</dc:creator>`,
  ),
  { "entries[0].author": "First Writer", "entries[0].authors[1]": "Second Writer" },
);

// ---------- Namespaces (feedparser's "Namespace handling"): known URIs behind any prefix, case-insensitive ----------
const nsCase = (name: string, body: string, expect: Expectation) =>
  add("spec-namespaces", name, { body, expect });
nsCase(
  "namespace-00",
  `<rss version="2.0" xmlns:foo="http://purl.org/dc/elements/1.1/" xmlns:bar="http://purl.org/rss/1.0/modules/content/"><channel><title>Prefixes</title><link>${site}/</link><foo:language>de</foo:language><item><title>x</title><link>${site}/n0</link><foo:creator>Foo Creator</foo:creator><foo:date>2004-01-01T00:00:00Z</foo:date><foo:subject>Subject</foo:subject><bar:encoded>&lt;p&gt;Body&lt;/p&gt;</bar:encoded></item></channel></rss>`,
  {
    "feed.language": "de",
    "entries[0].link": `${site}/n0`,
    "entries[0].author": "Foo Creator",
    "entries[0].published": "2004-01-01T00:00:00.000Z",
    "entries[0].categories[0]": "Subject",
    "entries[0].content": "<p>Body</p>",
  },
);
nsCase(
  "namespace-01",
  `<rss version="2.0" xmlns:it="http://example.com/DTDs/PodCast-1.0.dtd"><channel><title>Old iTunes</title><link>${site}/</link><item><title>x</title><link>${site}/n1</link><it:author>Early Author</it:author><it:summary>Early summary</it:summary></item></channel></rss>`,
  {
    "entries[0].link": `${site}/n1`,
    "entries[0].author": "Early Author",
    "entries[0].summary": "Early summary",
  },
);
nsCase(
  "namespace-02",
  `<rss version="2.0" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><title>Case</title><link>${site}/</link><item><title>x</title><link>${site}/n2</link><itunes:author>Cased Author</itunes:author></item></channel></rss>`,
  { "entries[0].author": "Cased Author" },
);
nsCase(
  "namespace-03",
  `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed Atom</a:title><a:link href="${site}/"/><a:entry><a:title>E</a:title><a:id>urn:n3</a:id><a:link href="${site}/n3"/><a:updated>2024-01-01T00:00:00Z</a:updated><a:author><a:name>N</a:name></a:author><a:summary type="html">&lt;b&gt;s&lt;/b&gt;</a:summary></a:entry></a:feed>`,
  {
    "feed.title": "Prefixed Atom",
    "feed.link": `${site}/`,
    "entries[0].link": `${site}/n3`,
    "entries[0].author": "N",
    "entries[0].summary": "<b>s</b>",
  },
);
nsCase(
  "namespace-04",
  `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Atom in RSS</title><atom:link rel="self" href="${site}/feed"/><link>${site}/</link><item><title>x</title><atom:link href="${site}/n4"/><atom:updated>2024-01-01T00:00:00Z</atom:updated><atom:summary>Atom summary</atom:summary><atom:author><atom:name>Atom Name</atom:name></atom:author></item></channel></rss>`,
  {
    "feed.link": `${site}/`,
    "entries[0].link": `${site}/n4`,
    "entries[0].updated": "2024-01-01T00:00:00.000Z",
    "entries[0].summary": "Atom summary",
    "entries[0].author": "Atom Name",
  },
);
nsCase(
  "namespace-05",
  `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/"><rss:channel rdf:about="${site}/"><rss:title>RDF prefixed</rss:title><rss:link>${site}/</rss:link></rss:channel><rss:item rdf:about="${site}/n5"><rss:title>I</rss:title><rss:link>${site}/n5</rss:link><rss:description>d</rss:description></rss:item></rdf:RDF>`,
  {
    "feed.title": "RDF prefixed",
    "entries[0].title": "I",
    "entries[0].id": `${site}/n5`,
    "entries[0].summary": "d",
  },
);
nsCase(
  "namespace-06",
  `<Channel xmlns="http://purl.org/net/rss1.1#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="${site}/"><title>RSS 1.1</title><link>${site}/</link><description>d</description><items rdf:parseType="Collection"><item rdf:about="${site}/n6"><title>Item of 1.1</title><link>${site}/n6</link></item></items></Channel>`,
  {
    "feed.title": "RSS 1.1",
    "entries.length": 1,
    "entries[0].title": "Item of 1.1",
    "entries[0].link": `${site}/n6`,
  },
);
nsCase(
  "namespace-07",
  `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Mozilla Dot Org</title><link>http://www.mozilla.org</link><description>the Mozilla Organization web site</description></channel><image><title>Mozilla</title><url>http://www.mozilla.org/images/moz.gif</url><link>http://www.mozilla.org</link></image><item><title>New Status Updates</title><link>http://www.mozilla.org/status/</link></item></rdf:RDF>`,
  {
    "feed.title": "Mozilla Dot Org",
    "feed.link": "http://www.mozilla.org",
    "entries.length": 1,
    "entries[0].title": "New Status Updates",
    "entries[0].link": "http://www.mozilla.org/status/",
  },
);
nsCase(
  "namespace-08",
  `<rss version="0.91"><channel><image><title>Logo title</title><url>${site}/l.png</url><link>${site}/img</link></image><textInput><title>Search</title><link>${site}/search</link><description>s</description><name>q</name></textInput><title>Real title</title><link>${site}/</link><description>Real description</description><item><title>i</title><link>${site}/n8</link><source url="https://src.example.org/feed">Source Name</source></item></channel></rss>`,
  {
    "feed.title": "Real title",
    "feed.link": `${site}/`,
    "feed.description": "Real description",
    "entries[0].title": "i",
    "entries[0].link": `${site}/n8`,
  },
);
nsCase(
  "namespace-09",
  atom(
    `<entry><source><title>Source title</title><id>urn:source</id><author><name>Source author</name></author><link href="https://src.example.org/"/><updated>2001-01-01T00:00:00Z</updated></source><title>Entry</title><id>urn:n9</id><link href="${site}/n9"/><updated>2024-01-01T00:00:00Z</updated></entry>`,
  ),
  {
    "entries[0].title": "Entry",
    "entries[0].id": "urn:n9",
    "entries[0].link": `${site}/n9`,
    "entries[0].updated": "2024-01-01T00:00:00.000Z",
    // RFC 4287 4.2.1: an entry without authors takes its source's.
    "entries[0].author": "Source author",
  },
);

// ---------- Character encoding detection (feedparser's "Character encoding detection"; RFC 3023/7303, XML F) ----------
const encoded = (name: string, spec: Omit<SpecCase, "category" | "name">) => add("spec-encoding", name, spec);
encoded("encoding-00", {
  contentType: "application/xml",
  body: titled("Café über", "iso-8859-1"),
  encoding: "latin1",
  expect: { "entries[0].title": "Café über" },
});
encoded("encoding-01", {
  contentType: "application/atom+xml; charset=iso-8859-1",
  body: atom(entry("<title>Çay és kávé</title>")),
  encoding: "latin1",
  expect: { "entries[0].title": "Çay és kávé" },
});
encoded("encoding-02", {
  contentType: "text/xml; charset=utf-8",
  body: titled("日本語のタイトル", "iso-8859-1"),
  expect: { "entries[0].title": "日本語のタイトル" },
});
encoded("encoding-03", {
  contentType: "text/xml",
  body: titled("Ærøskøbing", "iso-8859-1"),
  encoding: "latin1",
  expect: { "entries[0].title": "Ærøskøbing" },
});
encoded("encoding-04", {
  contentType: 'text/plain; charset="utf-8"',
  body: titled("Served as plain text — still a feed"),
  expect: { "entries[0].title": "Served as plain text — still a feed" },
});
encoded("encoding-05", {
  contentType: "application/octet-stream",
  body: titled("Новости Баку", "windows-1251"),
  encoding: "windows-1251",
  expect: { "entries[0].title": "Новости Баку" },
});
encoded("encoding-06", {
  body: titled("Ça coûte 5 € – “cher”", "utf-8"),
  encoding: "windows-1252",
  expect: { "entries[0].title": "Ça coûte 5 € – “cher”" },
});
encoded("encoding-07", {
  body: new Uint8Array([
    0xff,
    0xfe,
    0x00,
    0x00,
    ...iconv.encode(titled("UTF-32 Übung", "utf-32"), "utf-32le"),
  ]),
  expect: { "entries[0].title": "UTF-32 Übung" },
});
encoded("encoding-08", {
  body: iconv.encode(titled("Без метки порядка байтов", "utf-16"), "utf-16le"),
  expect: { "entries[0].title": "Без метки порядка байтов" },
});
encoded("encoding-09", {
  contentType: "application/rss+xml; charset=UTF8",
  body: titled("Ünïcödé label"),
  expect: { "entries[0].title": "Ünïcödé label" },
});
encoded("encoding-10", {
  body: `<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>中文</title><link>${site}/</link><description>d</description><item><title>上海合作组织峰会</title><link>${site}/g</link></item></channel></rss>`,
  encoding: "gb18030",
  expect: { "feed.title": "中文", "entries[0].title": "上海合作组织峰会" },
});
encoded("encoding-11", {
  body: titled("Москва и Баку", "x-mac-cyrillic"),
  encoding: "maccyrillic",
  expect: { "entries[0].title": "Москва и Баку" },
});
encoded("encoding-12", {
  contentType: "application/rss+xml; charset=csisolatin9",
  body: titled("Prix : 5 € œuvre", "utf-8"),
  encoding: "iso-8859-15",
  expect: { "entries[0].title": "Prix : 5 € œuvre" },
});

// ---------- Atom (RFC 4287) details a reader must honour ----------
const rfc = (name: string, inner: string, expect: Expectation, feedExtra = "") =>
  add("spec-atom", name, { body: atom(entry(inner), feedExtra), expect });
rfc(
  "atom-00",
  '<title>IRI relations</title><link rel="http://www.iana.org/assignments/relation/alternate" href="https://news.example.com/iri"/><link rel="http://www.iana.org/assignments/relation/enclosure" href="https://news.example.com/a.mp3" type="audio/mpeg" length="5"/>',
  {
    "entries[0].link": "https://news.example.com/iri",
    "entries[0].enclosures[0].url": "https://news.example.com/a.mp3",
    "entries[0].enclosures[0].length": 5,
  },
);
rfc(
  "atom-01",
  "<title>Source authors</title><source><id>urn:s</id><title>S</title><author><name>Source Person</name></author></source>",
  { "entries[0].title": "Source authors", "entries[0].author": "Source Person" },
  "<author><name>Feed Person</name></author>",
);
rfc(
  "atom-02",
  "<title>Feed authors</title>",
  { "entries[0].author": "Feed Person" },
  "<author><name>Feed Person</name></author>",
);
rfc(
  "atom-03",
  `<title>Escaped in XHTML</title><summary type="xhtml"><div ${xhtml}>Use &lt;b&gt; for bold, caf&#233;</div></summary>`,
  { "entries[0].summary": "Use &lt;b&gt; for bold, café" },
);
rfc(
  "atom-04",
  '<title>Escaped in HTML</title><summary type="html">Use &amp;lt;b&amp;gt; for bold</summary>',
  {
    "entries[0].summary": "Use &lt;b&gt; for bold",
  },
);
rfc(
  "atom-05",
  `<title>Prefixed XHTML</title><content type="xhtml"><xh:div xmlns:xh="http://www.w3.org/1999/xhtml"><xh:p>Para <xh:em>em</xh:em> &amp; more</xh:p></xh:div></content>`,
  { "entries[0].content": "<p>Para <em>em</em> &amp; more</p>" },
);
rfc(
  "atom-06",
  '<title>Binary</title><content type="image/png">iVBORw0KGgo=</content><summary>Has an image</summary>',
  {
    "entries[0].content": null,
    "entries[0].summary": "Has an image",
  },
);
rfc(
  "atom-07",
  '<title>Out of line</title><content type="text/html" src="https://news.example.com/full.html"/><summary>Read more</summary>',
  { "entries[0].content": null, "entries[0].summary": "Read more" },
);
rfc("atom-08", '<title>Plain MIME text</title><content type="text/plain">1 &lt; 2 &amp; 3</content>', {
  "entries[0].content": "1 &lt; 2 &amp; 3",
});
rfc(
  "atom-09",
  '<title>Alternates</title><link rel="alternate" type="application/pdf" href="https://news.example.com/a.pdf"/><link rel="alternate" type="text/html" hreflang="en" href="https://news.example.com/a.html"/>',
  { "entries[0].link": "https://news.example.com/a.html" },
);
rfc("atom-10", '<title type="html">&lt;em&gt;Emphasis&lt;/em&gt; &amp;amp; more</title>', {
  "entries[0].title": "Emphasis & more",
});

// ---------- RSS 0.91-2.0 (the RSS 2.0 specification and feedparser's RSS pages) ----------
const rssCase = (name: string, items: string, expect: Expectation, channelExtra = "") =>
  add("spec-rss", name, { url: `${site}/feeds/rss.xml`, body: rss(items, "", channelExtra), expect });
rssCase(
  "rss-00",
  `<item><title>Two files</title><link>${site}/r0</link><enclosure url="${site}/a.mp3" length="0" type="audio/mpeg"/><enclosure url="${site}/b.ogg" length="1234" type="audio/ogg"/></item>`,
  {
    "entries[0].enclosures.length": 2,
    "entries[0].enclosures[0].length": 0,
    "entries[0].enclosures[1].url": `${site}/b.ogg`,
    "entries[0].enclosures[1].type": "audio/ogg",
  },
);
rssCase("rss-01", `<item><title>Comments only</title><comments>${site}/r1#comments</comments></item>`, {
  "entries[0].link": null,
  "entries[0].title": "Comments only",
});
rssCase(
  "rss-02",
  `<item><title>
    Spread over
    lines   </title><link>
    ${site}/r2
  </link><category>One</category><category>Two</category><category>One</category></item>`,
  {
    "entries[0].title": "Spread over lines",
    "entries[0].link": `${site}/r2`,
    "entries[0].categories.length": 2,
    "entries[0].categories[1]": "Two",
  },
);
rssCase(
  "rss-03",
  `<item><title>Inline</title><link>${site}/r3</link><description><p>Written <b>inline</b></p></description></item>`,
  {
    "entries[0].summary": "<p>Written <b>inline</b></p>",
  },
);
rssCase("rss-04", "<item><description>An item may have only a description.</description></item>", {
  "entries.length": 1,
  "entries[0].title": null,
  "entries[0].summary": "An item may have only a description.",
});
rssCase(
  "rss-05",
  `<item><title>Source</title><link>${site}/r5</link><source url="https://agency.example.org/rss">Agency Wire</source><author>desk@news.example.com (News Desk)</author></item>`,
  { "entries[0].title": "Source", "entries[0].author": "desk@news.example.com (News Desk)" },
);
add("spec-rss", "rss-06", {
  body: `<?xml version="1.0"?>
<rss version="0.92"><channel><title>RSS 0.92</title><link>${site}/</link><description>Old</description><language>en</language>
<item><title>Old item</title><link>${site}/r6</link><description>Old &lt;i&gt;style&lt;/i&gt;</description><enclosure url="${site}/old.mp3" length="99" type="audio/mpeg"/><category domain="${site}/cats">Archive</category></item>
</channel></rss>`,
  expect: {
    "feed.language": "en",
    "entries[0].link": `${site}/r6`,
    "entries[0].summary": "Old <i>style</i>",
    "entries[0].enclosures[0].url": `${site}/old.mp3`,
    "entries[0].categories[0]": "Archive",
  },
});
rssCase(
  "rss-07",
  `<item><title>Declared permalink</title><guid isPermaLink="true">posts/7.html</guid></item>`,
  {
    "entries[0].link": `${site}/feeds/posts/7.html`,
    "entries[0].id": `${site}/feeds/posts/7.html`,
  },
);
rssCase("rss-08", `<item><title>Token guid</title><link>${site}/r8</link><guid>a1b2c3</guid></item>`, {
  "entries[0].link": `${site}/r8`,
  "entries[0].id": "a1b2c3",
});

// ---------- JSON Feed 1.0/1.1 (jsonfeed.org/version/1.1) ----------
const jsonCase = (name: string, document: Record<string, unknown>, expect: Expectation, url?: string) =>
  add("spec-json", name, {
    extension: "jsonfeed",
    ...(url ? { url } : {}),
    body: JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "JSON spec", ...document }),
    expect,
  });
jsonCase(
  "json-00",
  {
    items: [
      {
        id: "1",
        url: `${site}/j/0`,
        title: "Plain & <b>text</b> title",
        content_html: "<p>HTML <b>body</b></p>",
        content_text: "Text body",
        summary: "A <plain> summary",
      },
    ],
  },
  {
    "entries[0].title": "Plain & <b>text</b> title",
    "entries[0].content": "<p>HTML <b>body</b></p>",
    "entries[0].summary": "A &lt;plain&gt; summary",
  },
);
jsonCase(
  "json-01",
  { items: [{ id: 42, url: `${site}/j/1`, content_text: "Numbers become strings" }] },
  {
    "entries[0].link": `${site}/j/1`,
    "entries[0].id": "42",
    "entries[0].content": "Numbers become strings",
    "entries[0].summary": "Numbers become strings",
  },
);
add("spec-json", "json-02", {
  extension: "jsonfeed",
  body: JSON.stringify({
    version: "https://jsonfeed.org/version/1",
    title: "Version 1",
    author: { name: "Feed Author", url: "https://example.org/" },
    items: [
      { id: "a", url: `${site}/j/2a`, content_text: "x", author: { name: "Item Author" } },
      { id: "b", url: `${site}/j/2b`, content_text: "y" },
    ],
  }),
  expect: { "entries[0].author": "Item Author", "entries[1].author": "Feed Author" },
});
jsonCase(
  "json-03",
  {
    authors: [{ name: "Feed One" }],
    items: [
      { id: "1", url: `${site}/j/3`, content_text: "x", authors: [{ name: "First" }, { name: "Second" }] },
    ],
  },
  { "entries[0].author": "First", "entries[0].authors[1]": "Second" },
);
jsonCase(
  "json-04",
  {
    home_page_url: `${site}/`,
    feed_url: `${site}/feed.json`,
    items: [
      {
        id: "1",
        url: "/post/4",
        content_html: '<a href="/x">x</a>',
        attachments: [{ url: "/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 10, duration_in_seconds: 60 }],
      },
    ],
  },
  {
    "feed.link": `${site}/`,
    "entries[0].link": `${site}/post/4`,
    "entries[0].content": `<a href="${site}/x">x</a>`,
    "entries[0].enclosures[0].url": `${site}/a.mp3`,
    "entries[0].enclosures[0].type": "audio/mpeg",
    "entries[0].enclosures[0].length": 10,
  },
  `${site}/feed.json`,
);
jsonCase(
  "json-05",
  {
    items: [
      {
        id: "1",
        url: `${site}/j/5`,
        content_text: "x",
        tags: ["economy", " trade ", ""],
        date_published: "2024-06-12T16:10:00+04:00",
        date_modified: "2024-06-13T08:00:00Z",
      },
    ],
  },
  {
    "entries[0].categories[0]": "economy",
    "entries[0].categories[1]": "trade",
    "entries[0].categories.length": 2,
    "entries[0].published": "2024-06-12T12:10:00.000Z",
    "entries[0].updated": "2024-06-13T08:00:00.000Z",
  },
);
jsonCase(
  "json-06",
  {
    items: [
      { id: "1", url: `${site}/j/6`, content_html: '<p onclick="x()">Safe</p><script>alert(1)</script>' },
    ],
  },
  {
    "entries[0].content": "<p>Safe</p>",
  },
);
jsonCase(
  "json-07",
  { description: "Feed <description>", items: [] },
  {
    "feed.description": "Feed &lt;description&gt;",
    "entries.length": 0,
  },
);
// feedparser's "Handling incorrectly-declared encodings": a charset the bytes cannot be is not followed.
encoded("encoding-14", {
  contentType: "application/rss+xml; charset=utf-16",
  body: titled("Déclaré UTF-16, écrit en UTF-8"),
  expect: { "entries[0].title": "Déclaré UTF-16, écrit en UTF-8" },
});
// EBCDIC, told by its first four bytes (XML appendix F); written with the inverse of the IBM037 chart that
// lib/charset.test.ts checks.
const ebcdicByte = new Map(
  Array.from({ length: 256 }, (_, byte) => [decodeBytes(new Uint8Array([byte]), "cp037"), byte] as const),
);
encoded("encoding-13", {
  body: new Uint8Array(
    [...titled("Mainframe [news] | ok", "IBM037").replace(/\n/g, " ")].map(
      (char) => ebcdicByte.get(char) ?? 0x6f,
    ),
  ),
  expect: { "feed.title": "Spec channel", "entries[0].title": "Mainframe [news] | ok" },
});
add("spec-atom", "atom-11", {
  body: atom03(
    '<title>Alternatives</title><content type="multipart/alternative"><content type="text/plain">Plain version</content><content type="text/html" mode="escaped">&lt;b&gt;HTML&lt;/b&gt; version</content></content>',
  ),
  expect: { "entries[0].content": "<b>HTML</b> version", "entries[0].summary": "<b>HTML</b> version" },
});

// ---------- The annotated examples of the reference parser's documentation, read end to end ----------
const annotated = (name: string, spec: Omit<SpecCase, "category" | "name">) =>
  add("spec-annotated", name, spec);
annotated("annotated-rss20", {
  body: `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Sample Feed</title>
<description>For documentation &lt;em&gt;only&lt;/em&gt;</description>
<link>http://example.org/</link>
<language>en</language>
<copyright>Copyright 2004, Mark Pilgrim</copyright>
<managingEditor>editor@example.org</managingEditor>
<webMaster>webmaster@example.org</webMaster>
<pubDate>Sat, 07 Sep 2002 0:00:01 GMT</pubDate>
<category>Examples</category>
<generator>Sample Toolkit</generator>
<docs>http://feedvalidator.org/docs/rss2.html</docs>
<cloud domain="rpc.example.com" port="80" path="/RPC2" registerProcedure="pingMe" protocol="soap"/>
<ttl>60</ttl>
<image><url>http://example.org/banner.png</url><title>Example banner</title><link>http://example.org/</link><width>80</width><height>15</height></image>
<textInput><title>Search</title><description>Search this site:</description><name>q</name><link>http://example.org/mt/mt-search.cgi</link></textInput>
<item>
<title>First item title</title>
<link>http://example.org/item/1</link>
<description>Watch out for &lt;span style="background: url(javascript:window.location='http://example.org/')"&gt;nasty tricks&lt;/span&gt;</description>
<author>mark@example.org</author>
<category>Miscellaneous</category>
<comments>http://example.org/comments/1</comments>
<enclosure url="http://example.org/audio/demo.mp3" length="1069871" type="audio/mpeg"/>
<guid>http://example.org/guid/1</guid>
<pubDate>Thu, 05 Sep 2002 0:00:01 GMT</pubDate>
</item>
</channel>
</rss>`,
  hostile: true,
  expect: {
    "feed.title": "Sample Feed",
    "feed.link": "http://example.org/",
    "feed.description": "For documentation <em>only</em>",
    "entries.length": 1,
    "entries[0].title": "First item title",
    "entries[0].link": "http://example.org/item/1",
    "entries[0].summary": "Watch out for <span>nasty tricks</span>",
    "entries[0].author": "mark@example.org",
    "entries[0].categories[0]": "Miscellaneous",
    "entries[0].enclosures[0].url": "http://example.org/audio/demo.mp3",
    "entries[0].id": "http://example.org/guid/1",
    "entries[0].published": "2002-09-05T00:00:01.000Z",
  },
});
annotated("annotated-atom10", {
  url: "http://feedparser.org/docs/examples/atom10.xml",
  hostile: true,
  body: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/" xml:lang="en">
<title type="text">
Sample Feed
</title>
<subtitle type="html">
For documentation &lt;em&gt;only&lt;/em&gt;
</subtitle>
<link rel="alternate" type="html" href="/"/>
<link rel="self" type="application/atom+xml" href="http://www.example.org/atom10.xml"/>
<rights type="html">&lt;p>Copyright 2005, Mark Pilgrim&lt;/p></rights>
<generator uri="http://example.org/generator/" version="4.0">Sample Toolkit</generator>
<id>tag:feedparser.org,2005-11-09:/docs/examples/atom10.xml</id>
<updated>2005-11-09T11:56:34Z</updated>
<entry>
<title>First entry title</title>
<link rel="alternate" href="/entry/3"/>
<link rel="related" type="text/html" href="http://search.example.com/"/>
<link rel="via" type="text/html" href="http://toby.example.com/examples/atom10"/>
<link rel="enclosure" type="video/mpeg4" href="http://www.example.com/movie.mp4" length="42301"/>
<id>tag:feedparser.org,2005-11-09:/docs/examples/atom10.xml:3</id>
<published>2005-11-09T00:23:47Z</published>
<updated>2005-11-09T11:56:34Z</updated>
<author><name>Mark Pilgrim</name><uri>http://diveintomark.org/</uri><email>mark@example.org</email></author>
<contributor><name>Joe</name><url>http://example.org/joe/</url><email>joe@example.org</email></contributor>
<contributor><name>Sam</name><url>http://example.org/sam/</url><email>sam@example.org</email></contributor>
<summary type="text">
Watch out for nasty tricks
</summary>
<content type="xhtml" xml:base="http://example.org/entry/3" xml:lang="en-US"><div xmlns="http://www.w3.org/1999/xhtml">Watch out for <span style="background-image: url(javascript:window.location='http://example.org/')">nasty tricks</span></div></content>
</entry>
</feed>`,
  expect: {
    "feed.title": "Sample Feed",
    "feed.link": "http://example.org/",
    "feed.description": "For documentation <em>only</em>",
    "entries[0].title": "First entry title",
    "entries[0].link": "http://example.org/entry/3",
    "entries[0].id": "tag:feedparser.org,2005-11-09:/docs/examples/atom10.xml:3",
    "entries[0].published": "2005-11-09T00:23:47.000Z",
    "entries[0].updated": "2005-11-09T11:56:34.000Z",
    "entries[0].author": "Mark Pilgrim (mark@example.org)",
    "entries[0].authors.length": 3,
    "entries[0].summary": "Watch out for nasty tricks",
    "entries[0].content": "Watch out for <span>nasty tricks</span>",
    "entries[0].enclosures[0].url": "http://www.example.com/movie.mp4",
    "entries[0].enclosures[0].length": 42301,
    "entries[0].enclosures[0].type": "video/mpeg4",
  },
});
annotated("annotated-atom03", {
  hostile: true,
  body: `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:base="http://example.org/" xml:lang="en">
<title type="text/plain" mode="escaped">Sample Feed</title>
<tagline type="text/html" mode="escaped">For documentation &lt;em&gt;only&lt;/em&gt;</tagline>
<link rel="alternate" type="text/html" href="/"/>
<copyright type="text/html" mode="escaped">&lt;p>Copyright 2004, Mark Pilgrim&lt;/p>&lt;</copyright>
<generator url="http://example.org/generator/" version="3.0">Sample Toolkit</generator>
<id>tag:feedparser.org,2004-04-20:/docs/examples/atom03.xml</id>
<modified>2004-04-20T11:56:34Z</modified>
<info type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>This is an Atom syndication feed.</p></div></info>
<entry>
<title>First entry title</title>
<link rel="alternate" type="text/html" href="/entry/3"/>
<link rel="service.edit" type="application/atom+xml" title="Atom API entrypoint to edit this entry" href="/api/edit/3"/>
<link rel="service.post" type="application/atom+xml" title="Atom API entrypoint to add comments to this entry" href="/api/comment/3"/>
<id>tag:feedparser.org,2004-04-20:/docs/examples/atom03.xml:3</id>
<created>2004-04-19T07:45:00Z</created>
<issued>2004-04-20T00:23:47Z</issued>
<modified>2004-04-20T11:56:34Z</modified>
<author><name>Mark Pilgrim</name><url>http://diveintomark.org/</url><email>mark@example.org</email></author>
<contributor><name>Joe</name><url>http://example.org/joe/</url><email>joe@example.org</email></contributor>
<summary type="text/plain" mode="escaped">Watch out for nasty tricks</summary>
<content type="application/xhtml+xml" mode="xml" xml:base="http://example.org/entry/3" xml:lang="en-US"><div xmlns="http://www.w3.org/1999/xhtml">Watch out for <span style="background-image: url(javascript:window.location='http://example.org/')"> nasty tricks</span></div></content>
</entry>
</feed>`,
  expect: {
    "feed.title": "Sample Feed",
    "feed.link": "http://example.org/",
    "feed.description": "For documentation <em>only</em>",
    "entries[0].title": "First entry title",
    "entries[0].link": "http://example.org/entry/3",
    "entries[0].published": "2004-04-20T00:23:47.000Z",
    "entries[0].updated": "2004-04-20T11:56:34.000Z",
    "entries[0].author": "Mark Pilgrim (mark@example.org)",
    "entries[0].summary": "Watch out for nasty tricks",
    "entries[0].content": "Watch out for <span> nasty tricks</span>",
  },
});
annotated("annotated-rss10", {
  body: `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:admin="http://webns.net/mvcb/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:cc="http://web.resource.org/cc/" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://www.example.org/index.rdf">
<title>Sample Feed</title>
<link>http://www.example.org/</link>
<description>For documentation only</description>
<dc:language>en</dc:language>
<cc:license rdf:resource="http://web.resource.org/cc/PublicDomain"/>
<dc:creator>Mark Pilgrim (mark@example.org)</dc:creator>
<dc:date>2004-06-04T17:40:33-05:00</dc:date>
<admin:generatorAgent rdf:resource="http://www.exampletoolkit.org/"/>
<items><rdf:Seq><rdf:li rdf:resource="http://www.example.org/1"/></rdf:Seq></items>
</channel>
<item rdf:about="http://www.example.org/1">
<title>First of all</title>
<link>http://example.org/archives/2002/09/04.html#first_of_all</link>
<description>
Americans are fat. Smokers are stupid. People who don't speak Perl are irrelevant.
</description>
<dc:subject>Quotes</dc:subject>
<dc:date>2004-05-30T14:23:54-06:00</dc:date>
<content:encoded><![CDATA[<cite>Ian Hickson</cite>: <q><a href="http://ln.hixie.ch/?start=1030823786&count=1">Americans are fat.</a></q>]]></content:encoded>
</item>
</rdf:RDF>`,
  expect: {
    "feed.title": "Sample Feed",
    "feed.link": "http://www.example.org/",
    "feed.description": "For documentation only",
    "entries[0].id": "http://www.example.org/1",
    "entries[0].title": "First of all",
    "entries[0].link": "http://example.org/archives/2002/09/04.html#first_of_all",
    "entries[0].summary":
      "Americans are fat. Smokers are stupid. People who don't speak Perl are irrelevant.",
    "entries[0].categories[0]": "Quotes",
    "entries[0].updated": "2004-05-30T20:23:54.000Z",
    "entries[0].content":
      '<cite>Ian Hickson</cite>: <q><a href="http://ln.hixie.ch/?start=1030823786&amp;count=1">Americans are fat.</a></q>',
  },
});
annotated("annotated-base", {
  url: "http://feedparser.org/docs/examples/base.xml",
  body: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/">
<title>Sample Feed</title><link rel="alternate" href="index.html"/><id>urn:base</id><updated>2024-06-12T10:00:00Z</updated>
<entry xml:base="archives/000001.html"><title>First</title><link rel="alternate" href=""/><link rel="service.edit" xml:base="http://example.com/api/" href="client/37"/><id>urn:base:1</id><updated>2024-06-12T10:00:00Z</updated>
<content type="html">&lt;p id="anchor1"&gt;&lt;a href="#anchor2"&gt;skip to anchor 2&lt;/a&gt;&lt;/p&gt;</content></entry>
</feed>`,
  expect: {
    "feed.link": "http://example.org/index.html",
    "entries[0].link": "http://example.org/archives/000001.html",
    "entries[0].content":
      '<p><a href="http://example.org/archives/000001.html#anchor2">skip to anchor 2</a></p>',
  },
});
annotated("annotated-no-base", {
  url: "http://feedparser.org/docs/examples/no_base.xml",
  body: atom(
    entry('<title>First</title><link href="http://example.org/archives/000001.html"/>'),
    '<link rel="alternate" href="index.html"/>',
  ),
  expect: {
    "feed.link": "http://feedparser.org/docs/examples/index.html",
    "entries[0].link": "http://example.org/archives/000001.html",
  },
});
annotated("annotated-http-base", {
  url: "http://feedparser.org/docs/examples/http_base.xml",
  contentLocation: "http://example.org/",
  body: atom(
    entry('<title>First</title><link href="archives/000001.html"/>'),
    '<link rel="alternate" href="index.html"/>',
  ),
  expect: {
    "feed.link": "http://example.org/index.html",
    "entries[0].link": "http://example.org/archives/000001.html",
  },
});
// The HTML attributes that carry URIs (feedparser's "Relative link resolution" list) resolve too.
annotated("annotated-html-uris", {
  url: `${site}/feeds/uris.xml`,
  body: rss(
    `<item><title>URIs</title><link>/u</link><description><![CDATA[<blockquote cite="q.html">x</blockquote><img src="i.png" longdesc="d.html" alt="" /><q cite="/q2">y</q><del cite="why.html">z</del><ins cite="new.html">w</ins><video src="v.mp4" poster="p.jpg"></video><audio src="a.mp3"></audio>]]></description></item>`,
  ),
  expect: {
    "entries[0].summary": `<blockquote cite="${site}/feeds/q.html">x</blockquote><img src="${site}/feeds/i.png" longdesc="${site}/feeds/d.html" alt="" /><q cite="${site}/q2">y</q><del cite="${site}/feeds/why.html">z</del><ins cite="${site}/feeds/new.html">w</ins><video src="${site}/feeds/v.mp4" poster="${site}/feeds/p.jpg"></video><audio src="${site}/feeds/a.mp3"></audio>`,
  },
});
annotated("annotated-html-uris-2", {
  url: `${site}/feeds/uris.xml`,
  body: rss(
    `<item><title>Maps</title><link>/u2</link><description><![CDATA[<img src="m.png" usemap="#areas" alt="" /><map><area href="north.html" alt="n" shape="rect" coords="0,0,1,1" /></map><video><source src="clip.webm" type="video/webm" /></video>]]></description></item>`,
  ),
  expect: {
    "entries[0].summary": `<img src="${site}/feeds/m.png" usemap="#areas" alt="" /><map><area href="${site}/feeds/north.html" alt="n" shape="rect" coords="0,0,1,1" /></map><video><source src="${site}/feeds/clip.webm" type="video/webm" /></video>`,
  },
});

// ---------- Dates: every format of the reference parser's "Date Parsing" table ----------
const dated = (name: string, value: string, iso: string | null, element = "pubDate") =>
  add("spec-dates", name, {
    body: rss(
      `<item><title>Dated</title><link>${site}/d/${name}</link><${element}>${value}</${element}></item>`,
      ns,
    ),
    expect: { "entries[0].link": `${site}/d/${name}`, "entries[0].published": iso },
  });
dated("date-00", "Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21.000Z");
dated("date-01", "Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21.000Z");
dated("date-02", "01 Jan 2004", "2004-01-01T00:00:00.000Z");
dated("date-03", "01 Jan 2004 00:00 GMT", "2004-01-01T00:00:00.000Z");
dated("date-04", "2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55.000Z", "dc:date");
dated("date-05", "2003-12-31T10:14:55Z", "2003-12-31T10:14:55.000Z", "dc:date");
dated("date-06", "2003", "2003-01-01T00:00:00.000Z", "dc:date");
dated("date-07", "2003-12", "2003-12-01T00:00:00.000Z", "dc:date");
dated("date-08", "2003-12-31", "2003-12-31T00:00:00.000Z", "dc:date");
dated("date-09", "20031231", "2003-12-31T00:00:00.000Z", "dc:date");
dated("date-10", "-03-12", "2003-12-01T00:00:00.000Z", "dc:date");
dated("date-11", "-0312", "2003-12-01T00:00:00.000Z", "dc:date");
dated("date-12", "-03-12-31", "2003-12-31T00:00:00.000Z", "dc:date");
dated("date-13", "031231", "2003-12-31T00:00:00.000Z", "dc:date");
dated("date-14", "2003-335", "2003-12-01T00:00:00.000Z", "dc:date");
dated("date-15", "03335", "2003-12-01T00:00:00.000Z", "dc:date");
dated("date-16", "Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06.000Z");
dated("date-17", "Thu, 31 Jun 2004 19:48:21 GMT", "2004-07-01T19:48:21.000Z");
dated("date-18", "Mon, 26 January 2004 16:31:00 EST", "2004-01-26T21:31:00.000Z");
dated("date-19", "Mon, 26 Jan 2004 16:31:00 ET", "2004-01-26T21:31:00.000Z");
dated("date-20", "2003-12-31T25:14:55Z", "2004-01-01T01:14:55.000Z", "dc:date");
dated("date-21", "2003-12-31T10:61:55Z", "2003-12-31T11:01:55.000Z", "dc:date");
dated("date-22", "2003-12-31T10:14:61Z", "2003-12-31T10:15:01.000Z", "dc:date");
dated("date-23", "2004-05-25 오후 11:23:17", "2004-05-25T14:23:17.000Z");
dated("date-24", "Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00.000Z");
dated("date-25", "2004-július-13T9:15-05:00", "2004-07-13T14:15:00.000Z");
dated("date-26", "Mon, 26 Jan 2004 16:31:00 PT", "2004-01-27T00:31:00.000Z");
dated("date-27", "Mon, 26 Jan 2004 16:31:00 CT", "2004-01-26T22:31:00.000Z");
dated("date-28", "Mon, 26 Jan 2004 16:31:00 MT", "2004-01-26T23:31:00.000Z");
dated("date-29", "Mon, 26 Jan 2004 16:31:00 AT", "2004-01-26T20:31:00.000Z");
dated("date-30", "2004년 05월 28일 01:31:15", "2004-05-27T16:31:15.000Z");
dated("date-31", "Thu, 01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21.000Z");
dated("date-32", "Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21.000Z");
dated("date-33", "Thu, 01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21.000Z");
dated("date-34", "Thu, 01 Jan 2004 19:48:21 EDT", "2004-01-01T23:48:21.000Z");
dated("date-35", "2004-01-01T19:48:21.25+05:30", "2004-01-01T14:18:21.250Z", "dc:date");
dated("date-36", "not a date at all", null);

// The documentation's platypus attacks (styles with url() or expression(), entity-encoded) and more of its
// acceptable elements and attributes; unknown elements lose their tags but keep their text.
const encodedStyle = [..."any: expression(window.location='http://example.org/')"]
  .map((char) => `&#${char.charCodeAt(0)};`)
  .join("");
const hexStyle = [..."any: expression(window.location='http://example.org/')"]
  .map((char) => `&#x${char.charCodeAt(0).toString(16)};`)
  .join("");
sanitize(
  "sanitize-24",
  `Watch out for <span style="${encodedStyle}">nasty tricks</span>`,
  "Watch out for <span>nasty tricks</span>",
);
sanitize(
  "sanitize-25",
  `Watch out for <span style="${hexStyle}">nasty tricks</span>`,
  "Watch out for <span>nasty tricks</span>",
);
sanitize(
  "sanitize-26",
  `Watch out for <span style="background-image: url(javascript:window.location='http://example.org/')">nasty tricks</span>`,
  "Watch out for <span>nasty tricks</span>",
);
kept(
  "sanitize-27",
  "<article><header><h2>H</h2></header><section><p>S</p></section><aside>A</aside><footer>F</footer></article>",
);
kept(
  "sanitize-28",
  '<big>b</big> <center>c</center> <tt>t</tt> <u>u</u> <strike>s</strike> <dfn>d</dfn> <samp>s</samp> <kbd>k</kbd> <var>v</var> <acronym title="x">a</acronym> <address>ad</address>',
);
kept(
  "sanitize-29",
  '<table cellpadding="2" cellspacing="0"><caption>C</caption><colgroup><col span="2" /></colgroup><tr><td nowrap="nowrap" bgcolor="#eeeeee" valign="top">x</td></tr></table>',
);
kept(
  "sanitize-30",
  '<img src="https://news.example.com/i.png" alt="i" hspace="4" vspace="4" align="left" border="0" />',
);
kept(
  "sanitize-31",
  '<details open><summary>More</summary>Hidden text</details><meter value="2" min="0" max="10">2</meter>',
);
sanitize(
  "sanitize-32",
  "<blink>Blinking</blink> and <marquee>moving</marquee> text",
  "Blinking and moving text",
);
sanitize(
  "sanitize-33",
  "<p>Before<!-- a comment --> after</p><style>p { display: none }</style>",
  "<p>Before after</p>",
);
sanitize(
  "sanitize-34",
  '<a href="https://example.org/" onclick="steal()" onmouseover="x()">link</a>',
  '<a href="https://example.org/">link</a>',
);
sanitize("sanitize-35", '<img src="javascript:alert(1)" alt="x" />', '<img alt="x" />');
sanitize("sanitize-36", '<applet code="x.class">Applet text</applet><p>kept</p>', "<p>kept</p>");
sanitize(
  "sanitize-37",
  '<a href="https://example.org/" target="_blank">new window</a>',
  '<a href="https://example.org/" target="_blank" rel="noopener noreferrer">new window</a>',
);

export const specCases = cases;
