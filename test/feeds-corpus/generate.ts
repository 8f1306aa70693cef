// Writes the feed test corpus: one feed file per case (.xml or .jsonfeed) and beside it <name>.expected.json
// with the HTTP context (URL, Content-Type) and the normalised values the parser must produce. Expectations
// are written by hand here from what each feed says, never copied from the parser's output.
// Run: node test/feeds-corpus/generate.ts (rewrites the category folders).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { specCases } from "./spec-cases.ts";

type Expectation = Record<string, string | number | null | boolean>;
interface Case {
  category: string;
  name: string;
  body: string | Uint8Array;
  /** Encoding used to write body when it is a string (default utf-8). */
  encoding?: string;
  contentType?: string;
  /** The HTTP Content-Location header, a base for relative links between xml:base and the URL. */
  contentLocation?: string;
  url?: string;
  /** File extension when not the category's ("jsonfeed" for a JSON Feed among XML cases). */
  extension?: string;
  /** Field paths ("feed.title", "entries.length", "entries[0].link") to expected values. */
  expect: Expectation;
  /** True when the parser must refuse the feed with FeedParseError. */
  error?: boolean;
  /** True when the feed carries hostile markup that must not survive. */
  hostile?: boolean;
}

const root = dirname(fileURLToPath(import.meta.url));
const cases: Case[] = [];
const add = (entry: Case) => cases.push(entry);

const stories = [
  { title: "SCO summit opens in Astana", slug: "sco-summit-opens", body: "Leaders gathered for the summit." },
  { title: "CPAFFC delegation visits Baku", slug: "cpaffc-baku", body: "The delegation met officials." },
  {
    title: "Heydar Aliyev Foundation exhibition in Beijing",
    slug: "haf-beijing",
    body: "An exhibition opened.",
  },
  {
    title: "Azerbaijan and China sign trade memorandum",
    slug: "az-cn-trade",
    body: "The memorandum covers trade.",
  },
  {
    title: "New rail corridor links Caspian ports",
    slug: "rail-corridor",
    body: "Freight trains began running.",
  },
  { title: "Zhang Ming meets Anar Alakbarov", slug: "zhang-alakbarov", body: "The two discussed culture." },
  {
    title: "Yang Wanming speaks at friendship forum",
    slug: "yang-forum",
    body: "The forum drew 300 guests.",
  },
  {
    title: "Energy ministers meet in Shanghai",
    slug: "energy-shanghai",
    body: "Talks focused on gas supply.",
  },
  {
    title: "Students exchange programme expands",
    slug: "students-exchange",
    body: "More grants were announced.",
  },
  { title: "Film week celebrates Azerbaijani cinema", slug: "film-week", body: "Twelve films were shown." },
  {
    title: "Tourism numbers rise on Silk Road route",
    slug: "tourism-rise",
    body: "Visitors doubled this year.",
  },
  {
    title: "Port of Baku expands container terminal",
    slug: "port-baku",
    body: "Capacity will grow by half.",
  },
  { title: "Trade fair opens in Urumqi", slug: "trade-fair", body: "Exhibitors came from 30 countries." },
  {
    title: "Language centre opens at Baku university",
    slug: "language-centre",
    body: "Courses start in autumn.",
  },
];

const site = "https://news.example.com";
const dates = [
  { raw: "Mon, 29 Apr 2024 15:42:00 +0400", iso: "2024-04-29T11:42:00.000Z" },
  { raw: "Tue, 30 Apr 2024 08:00:00 GMT", iso: "2024-04-30T08:00:00.000Z" },
  { raw: "Wed, 01 May 2024 12:30:00 EST", iso: "2024-05-01T17:30:00.000Z" },
  { raw: "Thu, 02 May 2024 09:15:00 -0700", iso: "2024-05-02T16:15:00.000Z" },
];

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function story(index: number) {
  const s = stories[index % stories.length];
  if (!s) throw new Error("no story");
  return { ...s, link: `${site}/news/${s.slug}`, date: dates[index % dates.length] ?? dates[0] };
}

// ---------- RSS 2.0 ----------
for (let i = 0; i < 16; i++) {
  const a = story(i);
  const b = story(i + 1);
  const variant = i % 4;
  const itemExtras = [
    `<author>desk@news.example.com (News Desk)</author>`,
    `<dc:creator>Leyla Mammadova</dc:creator>`,
    `<category>Politics</category><category>Asia</category>`,
    `<enclosure url="${site}/media/${a.slug}.jpg" type="image/jpeg" length="12345"/>`,
  ][variant];
  const description = variant % 2 === 0 ? `<![CDATA[<p>${a.body}</p>]]>` : esc(`<p>${a.body}</p>`);
  const expect: Expectation = {
    "feed.title": "Example News",
    "feed.link": `${site}/`,
    "entries.length": 2,
    "entries[0].title": a.title,
    "entries[0].link": a.link,
    "entries[0].id": `${a.link}#${i}`,
    "entries[0].summary": `<p>${a.body}</p>`,
    "entries[0].published": a.date?.iso ?? null,
    "entries[1].title": b.title,
  };
  if (variant === 0) expect["entries[0].author"] = "desk@news.example.com (News Desk)";
  if (variant === 1) expect["entries[0].author"] = "Leyla Mammadova";
  if (variant === 2) expect["entries[0].categories[1]"] = "Asia";
  if (variant === 3) expect["entries[0].enclosures[0].url"] = `${site}/media/${a.slug}.jpg`;
  if (i >= 8) expect["entries[0].content"] = `<p>${a.body} <b>More.</b></p>`;
  add({
    category: "rss20",
    name: `rss20-${String(i).padStart(2, "0")}`,
    url: `${site}/feed.xml`,
    body: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Example News</title>
    <link>${site}/</link>
    <description>Latest news</description>
    <item>
      <title>${esc(a.title)}</title>
      <link>${a.link}</link>
      <guid isPermaLink="false">${a.link}#${i}</guid>
      <pubDate>${a.date?.raw}</pubDate>
      <description>${description}</description>
      ${i >= 8 ? `<content:encoded><![CDATA[<p>${a.body} <b>More.</b></p>]]></content:encoded>` : ""}
      ${itemExtras}
    </item>
    <item>
      <title>${esc(b.title)}</title>
      <link>${b.link}</link>
      <description>${esc(b.body)}</description>
    </item>
  </channel>
</rss>`,
    expect,
  });
}

// ---------- RSS 0.91 / 0.92 / 0.93 / 0.94 / no version ----------
const rssVersions = ["0.91", "0.92", "0.93", "0.94", null, "2.0"];
for (let i = 0; i < 14; i++) {
  const version = rssVersions[i % rssVersions.length];
  const a = story(i + 3);
  const doctype =
    version === "0.91" && i % 2 === 0
      ? `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n`
      : "";
  const versionAttr = version ? ` version="${version}"` : "";
  const guidOnly = i % 5 === 4;
  add({
    category: "rss09x-noversion",
    name: `rss09x-${String(i).padStart(2, "0")}`,
    body: `<?xml version="1.0" encoding="ISO-8859-1"?>
${doctype}<rss${versionAttr}>
<channel>
<title>Old School Wire</title>
<link>${site}/</link>
<description>Wire copy since 1999</description>
<language>en-us</language>
<item>
<title>${esc(a.title)}</title>
${guidOnly ? `<guid>${a.link}</guid>` : `<link>${a.link}</link>`}
<description>${esc(a.body)}</description>
${version === "0.91" ? "" : `<pubDate>${a.date?.raw}</pubDate>`}
</item>
</channel>
</rss>`,
    expect: {
      "feed.title": "Old School Wire",
      "feed.description": "Wire copy since 1999",
      "entries.length": 1,
      "entries[0].title": a.title,
      "entries[0].link": a.link,
      "entries[0].summary": a.body,
      ...(version === "0.91" ? {} : { "entries[0].published": a.date?.iso ?? null }),
    },
  });
}

// ---------- RSS 1.0 (RDF) and RSS 0.90 ----------
for (let i = 0; i < 14; i++) {
  const a = story(i + 5);
  const b = story(i + 6);
  const rss090 = i % 4 === 3;
  const ns = rss090 ? "http://my.netscape.com/rdf/simple/0.9/" : "http://purl.org/rss/1.0/";
  const prefixed = i % 3 === 1;
  const p = prefixed ? "rss:" : "";
  const nsDecl = prefixed ? `xmlns:rss="${ns}"` : `xmlns="${ns}"`;
  const dcDate = ["2024-04-29T15:42:00+04:00", "2024-04-29T11:42Z", "2024-04-29T11:42:00.000Z", "2024-04-29"][
    i % 4
  ];
  const expectedDate = i % 4 === 3 ? "2024-04-29T00:00:00.000Z" : "2024-04-29T11:42:00.000Z";
  add({
    category: "rss10-rdf",
    name: `rdf-${String(i).padStart(2, "0")}`,
    body: `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" ${nsDecl} xmlns:dc="http://purl.org/dc/elements/1.1/"${i % 2 ? ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' : ""}>
  <${p}channel rdf:about="${site}/">
    <${p}title>RDF Desk</${p}title>
    <${p}link>${site}/</${p}link>
    <${p}description>RSS 1.0 edition</${p}description>
    <${p}items><rdf:Seq><rdf:li resource="${a.link}"/><rdf:li resource="${b.link}"/></rdf:Seq></${p}items>
  </${p}channel>
  <${p}item rdf:about="${a.link}">
    <${p}title>${esc(a.title)}</${p}title>
    <${p}link>${a.link}</${p}link>
    <${p}description>${esc(a.body)}</${p}description>
    <dc:date>${dcDate}</dc:date>
    <dc:creator>Rashad Aliyev</dc:creator>
    <dc:subject>Diplomacy</dc:subject>
    ${i % 2 ? `<content:encoded>${esc(`<p>${a.body}</p>`)}</content:encoded>` : ""}
  </${p}item>
  <${p}item rdf:about="${b.link}">
    <${p}title>${esc(b.title)}</${p}title>
    <${p}link>${b.link}</${p}link>
  </${p}item>
</rdf:RDF>`,
    expect: {
      "feed.title": "RDF Desk",
      "feed.link": `${site}/`,
      "entries.length": 2,
      "entries[0].title": a.title,
      "entries[0].link": a.link,
      "entries[0].id": a.link,
      "entries[0].summary": a.body,
      "entries[0].published": expectedDate,
      "entries[0].author": "Rashad Aliyev",
      "entries[0].categories[0]": "Diplomacy",
      ...(i % 2 ? { "entries[0].content": `<p>${a.body}</p>` } : {}),
      "entries[1].link": b.link,
    },
  });
}

// ---------- Atom 1.0 ----------
for (let i = 0; i < 16; i++) {
  const a = story(i + 2);
  const variant = i % 4;
  const summary = [
    `<summary>${esc(a.body)}</summary>`,
    `<summary type="html">${esc(`<p>${a.body}</p>`)}</summary>`,
    `<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${esc(a.body)}</p></div></summary>`,
    `<content type="html"><![CDATA[<p>${a.body}</p>]]></content>`,
  ][variant];
  const expectedSummary = variant === 0 ? a.body : `<p>${a.body}</p>`;
  const prefixed = i >= 12;
  const t = prefixed ? "atom:" : "";
  add({
    category: "atom10",
    name: `atom10-${String(i).padStart(2, "0")}`,
    body: `<?xml version="1.0" encoding="utf-8"?>
<${t}feed ${prefixed ? 'xmlns:atom="http://www.w3.org/2005/Atom"' : 'xmlns="http://www.w3.org/2005/Atom"'}>
  <${t}title type="text">Atom Bureau</${t}title>
  <${t}subtitle>Dispatches</${t}subtitle>
  <${t}link rel="self" href="${site}/atom.xml"/>
  <${t}link rel="alternate" type="text/html" href="${site}/"/>
  <${t}id>tag:news.example.com,2024:feed</${t}id>
  <${t}updated>2024-04-29T12:00:00Z</${t}updated>
  <${t}author><${t}name>Atom Desk</${t}name></${t}author>
  <${t}entry>
    <${t}title${variant === 1 ? ' type="html"' : ""}>${esc(a.title)}</${t}title>
    <${t}link rel="alternate" href="${a.link}"/>
    ${variant === 2 ? `<${t}link rel="enclosure" type="audio/mpeg" length="999" href="${site}/a.mp3"/>` : ""}
    <${t}id>tag:news.example.com,2024:${a.slug}</${t}id>
    <${t}published>2024-04-29T15:42:00+04:00</${t}published>
    <${t}updated>2024-04-30T09:00:00+04:00</${t}updated>
    ${variant === 3 ? `<${t}author><${t}name>Nigar Huseynova</${t}name><${t}email>nigar@news.example.com</${t}email></${t}author>` : ""}
    <${t}category term="diplomacy" label="Diplomacy"/>
    ${prefixed ? summary?.replace(/<(\/?)(summary|content)/g, "<$1atom:$2") : summary}
  </${t}entry>
</${t}feed>`,
    expect: {
      "feed.title": "Atom Bureau",
      "feed.link": `${site}/`,
      "feed.description": "Dispatches",
      "entries.length": 1,
      "entries[0].title": a.title,
      "entries[0].link": a.link,
      "entries[0].id": `tag:news.example.com,2024:${a.slug}`,
      "entries[0].summary": expectedSummary,
      "entries[0].published": "2024-04-29T11:42:00.000Z",
      "entries[0].updated": "2024-04-30T05:00:00.000Z",
      "entries[0].author": variant === 3 ? "Nigar Huseynova (nigar@news.example.com)" : "Atom Desk",
      "entries[0].categories[0]": "diplomacy",
      ...(variant === 2 ? { "entries[0].enclosures[0].url": `${site}/a.mp3` } : {}),
      ...(variant === 3 ? { "entries[0].content": `<p>${a.body}</p>` } : {}),
    },
  });
}

// ---------- Atom 0.3 ----------
for (let i = 0; i < 12; i++) {
  const a = story(i + 4);
  const mode = ["escaped", "xml", "base64", "escaped"][i % 4];
  const html = `<p>${a.body}</p>`;
  const content =
    mode === "escaped"
      ? `<content type="text/html" mode="escaped">${esc(html)}</content>`
      : mode === "xml"
        ? `<content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml">${html}</div></content>`
        : `<content type="text/html" mode="base64">${Buffer.from(html).toString("base64")}</content>`;
  add({
    category: "atom03",
    name: `atom03-${String(i).padStart(2, "0")}`,
    body: `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">
  <title mode="escaped">Atom 0.3 Weblog</title>
  <tagline>${i % 3 === 0 ? "Notes &amp; dispatches" : "Notes"}</tagline>
  <link rel="alternate" type="text/html" href="${site}/blog/"/>
  <modified>2004-01-01T12:00:00Z</modified>
  <author><name>Old Blogger</name></author>
  <entry>
    <title>${esc(a.title)}</title>
    <link rel="alternate" type="text/html" href="${a.link}"/>
    <id>tag:news.example.com,2004:${i}</id>
    <issued>2004-01-01T10:00:00-05:00</issued>
    <modified>2004-01-02T10:00:00Z</modified>
    <summary>${esc(a.body)}</summary>
    ${content}
  </entry>
</feed>`,
    expect: {
      "feed.title": "Atom 0.3 Weblog",
      "feed.link": `${site}/blog/`,
      "feed.description": i % 3 === 0 ? "Notes &amp; dispatches" : "Notes",
      "entries.length": 1,
      "entries[0].title": a.title,
      "entries[0].link": a.link,
      "entries[0].id": `tag:news.example.com,2004:${i}`,
      "entries[0].summary": a.body,
      "entries[0].content": html,
      "entries[0].published": "2004-01-01T15:00:00.000Z",
      "entries[0].updated": "2004-01-02T10:00:00.000Z",
      "entries[0].author": "Old Blogger",
    },
  });
}

// ---------- JSON Feed ----------
for (let i = 0; i < 12; i++) {
  const a = story(i + 1);
  const version = i % 2 === 0 ? "https://jsonfeed.org/version/1" : "https://jsonfeed.org/version/1.1";
  const item: Record<string, unknown> = {
    id: i % 3 === 0 ? 1000 + i : `${a.link}#json`,
    url: i % 4 === 1 ? `/news/${a.slug}` : a.link,
    title: a.title,
    date_published: "2024-04-29T15:42:00+04:00",
    date_modified: "2024-04-30T05:00:00Z",
    tags: ["world", "asia"],
  };
  if (i % 2 === 0) item.content_html = `<p>${a.body}</p><script>alert(1)</script>`;
  else item.content_text = `${a.body} 1 < 2`;
  if (i % 3 === 1) item.summary = "Short summary";
  if (i % 2 === 0) item.author = { name: "JSON Desk" };
  else item.authors = [{ name: "Elvin Guliyev" }, { name: "Li Na" }];
  if (i % 4 === 2)
    item.attachments = [{ url: `${site}/pod/${i}.mp3`, mime_type: "audio/mpeg", size_in_bytes: 2048 }];
  add({
    category: "jsonfeed",
    name: `jsonfeed-${String(i).padStart(2, "0")}`,
    body: JSON.stringify({
      version,
      title: "JSON Newsroom",
      home_page_url: `${site}/`,
      feed_url: `${site}/feed.json`,
      description: "JSON edition",
      items: [item, { id: "second", url: `${site}/news/second`, content_text: "Second item" }],
    }),
    expect: {
      "feed.title": "JSON Newsroom",
      "feed.link": `${site}/`,
      "entries.length": 2,
      "entries[0].title": a.title,
      "entries[0].link": a.link,
      "entries[0].id": i % 3 === 0 ? String(1000 + i) : `${a.link}#json`,
      "entries[0].content": i % 2 === 0 ? `<p>${a.body}</p>` : `${a.body} 1 &lt; 2`,
      "entries[0].published": "2024-04-29T11:42:00.000Z",
      "entries[0].updated": "2024-04-30T05:00:00.000Z",
      "entries[0].author": i % 2 === 0 ? "JSON Desk" : "Elvin Guliyev",
      "entries[0].categories[1]": "asia",
      ...(i % 3 === 1 ? { "entries[0].summary": "Short summary" } : {}),
      ...(i % 4 === 2 ? { "entries[0].enclosures[0].length": 2048 } : {}),
      "entries[1].id": "second",
    },
  });
}

// ---------- No <channel> ----------
for (let i = 0; i < 12; i++) {
  const a = story(i + 7);
  const b = story(i + 8);
  const withHeader = i % 2 === 0;
  add({
    category: "no-channel",
    name: `nochannel-${String(i).padStart(2, "0")}`,
    url: `${site}/rss`,
    body: `<?xml version="1.0" encoding="utf-8"?>
<rss version="${i % 3 === 0 ? "0.92" : "2.0"}">
${withHeader ? `<title>Channel-less</title>\n<link>${site}/</link>\n` : ""}<item>
  <title>${esc(a.title)}</title>
  <link>${i % 4 === 3 ? `/news/${a.slug}` : a.link}</link>
  <description>${esc(a.body)}</description>
  <pubDate>${a.date?.raw}</pubDate>
</item>
<item>
  <title>${esc(b.title)}</title>
  <link>${b.link}</link>
</item>
</rss>`,
    expect: {
      ...(withHeader ? { "feed.title": "Channel-less" } : {}),
      "entries.length": 2,
      "entries[0].title": a.title,
      "entries[0].link": a.link,
      "entries[0].summary": a.body,
      "entries[0].published": a.date?.iso ?? null,
      "entries[1].title": b.title,
    },
  });
}

// ---------- HTML named entities undefined in XML ----------
const entityCases = [
  { raw: "Caf&eacute; diplomacy", text: "Café diplomacy" },
  { raw: "Prices&nbsp;rise", text: "Prices\u00a0rise" },
  { raw: "&copy; 2024 &ndash; all rights", text: "© 2024 – all rights" },
  { raw: "&laquo;Silk Road&raquo; forum", text: "«Silk Road» forum" },
  { raw: "Z&uuml;rich &amp; Baku", text: "Zürich & Baku" },
  { raw: "&ldquo;Friendship&rdquo; &hellip;", text: "“Friendship” …" },
  { raw: "Fish &amp; chips &mdash; &euro;5", text: "Fish & chips — €5" },
  { raw: "Se&ntilde;or &Aacute;lvarez", text: "Señor Álvarez" },
  { raw: "Temperature 30&deg;C", text: "Temperature 30°C" },
  { raw: "&bull; Bullet &trade;", text: "• Bullet ™" },
  { raw: "Unknown &bogus; entity", text: "Unknown &bogus; entity" },
  { raw: "AT&T and R&D", text: "AT&T and R&D" },
];
entityCases.forEach((entity, i) => {
  const a = story(i);
  add({
    category: "html-entities",
    name: `entities-${String(i).padStart(2, "0")}`,
    body: `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Entities &amp; Co</title><link>${site}/</link><description>x</description>
<item><title>${entity.raw}</title><link>${a.link}</link><description>&lt;p&gt;${entity.raw}&lt;/p&gt;</description></item>
</channel></rss>`,
    expect: {
      "feed.title": "Entities & Co",
      "entries.length": 1,
      "entries[0].title": entity.text,
      "entries[0].link": a.link,
    },
  });
});

// ---------- Encodings: BOM, wrong or missing declarations, header charset, UTF-16 ----------
const encodingTitles = [
  "Ələkbərov visits Xi'an",
  "Größe – Übersicht",
  "Éditorial : la coopération",
  "Ñandú news",
];
for (let i = 0; i < 16; i++) {
  const title = encodingTitles[i % encodingTitles.length] ?? "";
  const a = story(i);
  const mode = i % 8;
  const xml = (
    declared: string | null,
  ) => `${declared === null ? "" : `<?xml version="1.0" encoding="${declared}"?>\n`}<rss version="2.0"><channel><title>Encoding test</title><link>${site}/</link><description>d</description>
<item><title>${title}</title><link>${a.link}</link><description>${esc(title)}</description></item></channel></rss>`;
  let bytes: Uint8Array;
  let contentType: string | undefined;
  switch (mode) {
    case 0: // UTF-8 BOM, no declaration
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml(null))]);
      break;
    case 1: // declared ISO-8859-1, really UTF-8
      bytes = Buffer.from(xml("ISO-8859-1"));
      break;
    case 2: // no declaration, windows-1252 bytes (only for Latin titles)
      bytes = iconv.encode(xml(null), title.startsWith("Ə") ? "utf-8" : "windows-1252");
      break;
    case 3: // header charset wins over a wrong declaration
      bytes = Buffer.from(xml("windows-1252"));
      contentType = "application/rss+xml; charset=utf-8";
      break;
    case 4: // UTF-16LE with BOM
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml("utf-16"), "utf-16le")]);
      break;
    case 5: // UTF-16BE with BOM
      bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml("utf-16"), "utf-16be")]);
      break;
    case 6: // declared UTF-8 but header says latin-1 on UTF-8 bytes
      bytes = Buffer.from(xml("utf-8"));
      contentType = "text/xml; charset=iso-8859-1";
      break;
    default: // BOM and a contradicting declaration: the BOM wins
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml("windows-1252"))]);
  }
  add({
    category: "encoding",
    name: `encoding-${String(i).padStart(2, "0")}`,
    body: bytes,
    ...(contentType ? { contentType } : {}),
    expect: {
      "feed.title": "Encoding test",
      "entries.length": 1,
      "entries[0].title": title,
      "entries[0].link": a.link,
    },
  });
}

// ---------- windows-1251 ----------
const cyrillic = [
  "Саммит ШОС открылся в Астане",
  "Делегация посетила Баку",
  "Фонд Гейдара Алиева провёл выставку",
  "Азербайджан и Китай подписали меморандум",
  "Новый железнодорожный коридор",
  "Чжан Мин встретился с Анаром Алекперовым",
];
for (let i = 0; i < 12; i++) {
  const title = cyrillic[i % cyrillic.length] ?? "";
  const a = story(i);
  const mode = i % 4; // 0 declared, 1 header only, 2 nothing (sniffed), 3 KOI8-R declared
  const encoding = mode === 3 ? "koi8-r" : "windows-1251";
  const declaration = mode === 0 ? "windows-1251" : mode === 3 ? "KOI8-R" : null;
  const xml = `${declaration ? `<?xml version="1.0" encoding="${declaration}"?>\n` : ""}<rss version="2.0"><channel><title>Новости</title><link>${site}/ru/</link><description>Лента новостей</description>
<item><title>${title}</title><link>${a.link}</link><description>${title}. Подробности в статье.</description><pubDate>${a.date?.raw}</pubDate></item></channel></rss>`;
  add({
    category: "windows-1251",
    name: `cp1251-${String(i).padStart(2, "0")}`,
    body: xml,
    encoding,
    ...(mode === 1 ? { contentType: "application/rss+xml; charset=windows-1251" } : {}),
    expect: {
      "feed.title": "Новости",
      "feed.description": "Лента новостей",
      "entries.length": 1,
      "entries[0].title": title,
      "entries[0].summary": `${title}. Подробности в статье.`,
      "entries[0].published": a.date?.iso ?? null,
    },
  });
}

// ---------- GB2312 / GBK / Big5 ----------
const chinese = [
  "上海合作组织峰会在阿斯塔纳开幕",
  "中国人民对外友好协会代表团访问巴库",
  "阿塞拜疆与中国签署贸易备忘录",
  "盖达尔·阿利耶夫基金会在北京举办展览",
  "新的铁路走廊连接里海港口",
  "杨万明在友好论坛上发表讲话",
];
for (let i = 0; i < 12; i++) {
  const title = chinese[i % chinese.length] ?? "";
  const a = story(i);
  const mode = i % 4; // 0 declared gb2312, 1 header gbk, 2 nothing (sniffed), 3 declared gb18030
  const declaration = mode === 0 ? "gb2312" : mode === 3 ? "GB18030" : null;
  const xml = `${declaration ? `<?xml version="1.0" encoding="${declaration}"?>\n` : ""}<rss version="2.0"><channel><title>新闻</title><link>${site}/zh/</link><description>最新消息</description>
<item><title>${title}</title><link>${a.link}</link><description>${title}。详细内容见正文。</description></item></channel></rss>`;
  add({
    category: "gb2312",
    name: `gb2312-${String(i).padStart(2, "0")}`,
    body: xml,
    encoding: "gb18030",
    ...(mode === 1 ? { contentType: "text/xml; charset=GBK" } : {}),
    expect: {
      "feed.title": "新闻",
      "entries.length": 1,
      "entries[0].title": title,
      "entries[0].summary": `${title}。详细内容见正文。`,
    },
  });
}

// ---------- Other legacy encodings, undeclared (sniffed) ----------
const legacy: Array<[string, string]> = [
  ["big5", "上海合作組織峰會在阿斯塔納開幕，各國領導人出席會議並發表講話"],
  ["euc-kr", "상하이협력기구 정상회의가 아스타나에서 개막했다고 기자가 보도했다"],
  ["shift_jis", "上海協力機構の首脳会議がアスタナで開幕したと記者が報じた"],
  ["euc-jp", "上海協力機構の首脳会議がアスタナで開幕したと記者が報じた"],
  ["koi8-r", "Саммит ШОС открылся в Астане, сообщили журналисты"],
  ["windows-1255", "פסגת ארגון שנגחאי לשיתוף פעולה נפתחה באסטנה"],
  ["windows-1253", "Η σύνοδος κορυφής άνοιξε στην Αστάνα σήμερα"],
  ["windows-1256", "افتتحت قمة منظمة شنغهاي للتعاون في أستانا"],
  ["windows-1250", "Szczyt organizacji rozpoczął się w Astanie, podają dziennikarze"],
  ["windows-1252", "Le sommet s'est ouvert à Astana, déclarent les journalistes présents"],
];
legacy.forEach(([encoding, title], i) => {
  const a = story(i);
  add({
    category: "legacy-sniffed",
    name: `legacy-${encoding}`,
    body: `<rss version="2.0"><channel><title>${title}</title><link>${site}/</link><description>${title}</description>
<item><title>${title}</title><link>${a.link}</link><description>${title}</description></item></channel></rss>`,
    encoding,
    expect: {
      "feed.title": title,
      "entries.length": 1,
      "entries[0].title": title,
      "entries[0].summary": title,
    },
  });
});

// ---------- Double-encoded HTML ----------
for (let i = 0; i < 12; i++) {
  const a = story(i + 2);
  const html =
    i % 3 === 0
      ? `<p>${a.body}</p>`
      : i % 3 === 1
        ? `<p><b>${a.body}</b></p>`
        : `<p>${a.body}<br/>Second line</p>`;
  const expected =
    i % 3 === 0
      ? `<p>${a.body}</p>`
      : i % 3 === 1
        ? `<p><b>${a.body}</b></p>`
        : `<p>${a.body}<br />Second line</p>`;
  const doubly = esc(esc(html));
  const inCdata = i % 2 === 1;
  add({
    category: "double-encoded",
    name: `double-${String(i).padStart(2, "0")}`,
    body: `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Double &amp;amp; Trouble</title><link>${site}/</link><description>x</description>
<item><title>${esc(esc(`${a.title} & more`))}</title><link>${a.link}</link>
<description>${inCdata ? `<![CDATA[${esc(html)}]]>` : doubly}</description></item></channel></rss>`,
    expect: {
      "feed.title": "Double & Trouble",
      "entries.length": 1,
      "entries[0].title": `${a.title} & more`,
      "entries[0].summary": expected,
    },
  });
}

// ---------- Relative links, xml:base ----------
for (let i = 0; i < 14; i++) {
  const a = story(i);
  const mode = i % 7;
  let body: string;
  let expect: Expectation;
  let url: string | undefined;
  switch (mode) {
    case 0: // Atom feed-level xml:base
      body = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${site}/blog/"><title>Base</title><link href="./"/>
<entry><title>${esc(a.title)}</title><link href="posts/${a.slug}.html"/><id>urn:x:${i}</id>
<content type="html">&lt;a href="../img/${i}.png"&gt;pic&lt;/a&gt;</content></entry></feed>`;
      expect = {
        "feed.link": `${site}/blog/`,
        "entries[0].link": `${site}/blog/posts/${a.slug}.html`,
        "entries[0].content": `<a href="${site}/img/${i}.png">pic</a>`,
      };
      break;
    case 1: // nested xml:base on the entry, relative to the feed's
      body = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${site}/a/"><title>Base</title>
<entry xml:base="b/"><title>${esc(a.title)}</title><link href="c.html"/><id>urn:x:${i}</id></entry></feed>`;
      expect = { "entries[0].link": `${site}/a/b/c.html` };
      break;
    case 2: // RSS relative links against the channel link
      body = `<rss version="2.0"><channel><title>Rel</title><link>${site}/section/</link><description>x</description>
<item><title>${esc(a.title)}</title><link>/news/${a.slug}</link><description>&lt;img src="pic.jpg"&gt;</description></item></channel></rss>`;
      expect = {
        "entries[0].link": a.link,
        "entries[0].summary": `<img src="${site}/section/pic.jpg" />`,
      };
      break;
    case 3: // relative everything, only the feed URL to go on
      url = `${site}/feeds/main.xml`;
      body = `<rss version="2.0"><channel><title>Rel</title><link>/</link><description>x</description>
<item><title>${esc(a.title)}</title><link>../news/${a.slug}</link></item></channel></rss>`;
      expect = { "feed.link": `${site}/`, "entries[0].link": a.link };
      break;
    case 4: // xml:base on the link element itself
      body = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Base</title>
<entry><title>${esc(a.title)}</title><link xml:base="${site}/news/" href="${a.slug}"/><id>urn:x:${i}</id></entry></feed>`;
      expect = { "entries[0].link": a.link };
      break;
    case 5: // xml:base in RSS
      body = `<rss version="2.0" xml:base="${site}/news/"><channel><title>Rel</title><description>x</description>
<item><title>${esc(a.title)}</title><link>${a.slug}</link><guid>${a.slug}</guid></item></channel></rss>`;
      expect = { "entries[0].link": a.link, "entries[0].id": a.slug };
      break;
    default: // content xml:base differs from the entry's
      body = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="${site}/"><title>Base</title>
<entry><title>${esc(a.title)}</title><link href="news/${a.slug}"/><id>urn:x:${i}</id>
<summary type="xhtml" xml:base="${site}/media/"><div xmlns="http://www.w3.org/1999/xhtml"><a href="x.mp4">clip</a></div></summary></entry></feed>`;
      expect = { "entries[0].link": a.link, "entries[0].summary": `<a href="${site}/media/x.mp4">clip</a>` };
  }
  add({
    category: "relative-links",
    name: `relative-${String(i).padStart(2, "0")}`,
    body,
    ...(url ? { url } : {}),
    expect: { "entries.length": 1, "entries[0].title": a.title, ...expect },
  });
}

// ---------- Dates ----------
const dateVariants: Array<[string, string]> = [
  ["Mon, 29 Apr 2024 15:42:00 +0400", "2024-04-29T11:42:00.000Z"],
  ["29 Apr 2024 15:42:00 +0400", "2024-04-29T11:42:00.000Z"],
  ["Mon, 29 Apr 24 15:42:00 GMT", "2024-04-29T15:42:00.000Z"],
  ["Mon, 29 Apr 2024 15:42 PDT", "2024-04-29T22:42:00.000Z"],
  ["Mon, 29 Apr 2024 15:42:00 UT", "2024-04-29T15:42:00.000Z"],
  ["Mon, 29 Apr 2024 15:42:00 Z", "2024-04-29T15:42:00.000Z"],
  ["Mon, 29 April 2024 15:42:00 +0000", "2024-04-29T15:42:00.000Z"],
  ["Mon,29 Apr 2024 15:42:00 +0000", "2024-04-29T15:42:00.000Z"],
  ["Mon, 29 Apr 2024 15:42:00", "2024-04-29T15:42:00.000Z"],
  ["Mon, 9 Apr 2024 5:02:00 -0500", "2024-04-09T10:02:00.000Z"],
  ["2024-04-29T15:42:00+04:00", "2024-04-29T11:42:00.000Z"],
  ["2024-04-29T15:42:00.123+04:00", "2024-04-29T11:42:00.123Z"],
  ["2024-04-29T15:42:00Z", "2024-04-29T15:42:00.000Z"],
  ["2024-04-29T15:42Z", "2024-04-29T15:42:00.000Z"],
  ["2024-04-29 15:42:00", "2024-04-29T15:42:00.000Z"],
  ["2024-04-29 15:42:00 +0400", "2024-04-29T11:42:00.000Z"],
  ["2024-04-29", "2024-04-29T00:00:00.000Z"],
  ["2024-04", "2024-04-01T00:00:00.000Z"],
  ["20240429T154200Z", "2024-04-29T15:42:00.000Z"],
  ["2024-04-29T15:42:00+0400", "2024-04-29T11:42:00.000Z"],
  ["Sun Apr 28 16:29:06 PDT 2024", "2024-04-28T23:29:06.000Z"],
  ["April 29, 2024 3:42 PM", "2024-04-29T15:42:00.000Z"],
  ["2024/04/29 15:42:00 GMT", "2024-04-29T15:42:00.000Z"],
  ["Mon, 29 Apr 2024 15:42:00 CEST", "2024-04-29T13:42:00.000Z"],
  ["  Mon, 29 Apr 2024\n 15:42:00 +0400  ", "2024-04-29T11:42:00.000Z"],
  // Carried over into March, as the reference parser documents ("31 Jun 2004" is 1 July).
  ["Mon, 31 Feb 2024 15:42:00 +0000", "2024-03-02T15:42:00.000Z"],
  ["not a date", ""],
  ["2024-04-29T15:42:00.5-03:30", "2024-04-29T19:12:00.500Z"],
];
dateVariants.forEach(([raw, iso], i) => {
  const a = story(i);
  const atom = i % 3 === 2;
  const body = atom
    ? `<feed xmlns="http://www.w3.org/2005/Atom"><title>Dates</title><entry><title>${esc(a.title)}</title><link href="${a.link}"/><id>urn:d:${i}</id><published>${esc(raw)}</published></entry></feed>`
    : `<rss version="2.0"><channel><title>Dates</title><link>${site}/</link><description>x</description><item><title>${esc(a.title)}</title><link>${a.link}</link><pubDate>${esc(raw)}</pubDate></item></channel></rss>`;
  add({
    category: "dates",
    name: `dates-${String(i).padStart(2, "0")}`,
    body,
    expect: {
      "entries.length": 1,
      "entries[0].title": a.title,
      "entries[0].published": iso === "" ? null : iso,
    },
  });
});

// ---------- Broken XML ----------
const brokenVariants: Array<{ body: (a: ReturnType<typeof story>) => string; note: string }> = [
  {
    note: "unclosed item and channel",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link>`,
  },
  {
    note: "bare ampersand in title",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${a.title} & friends</title><link>${a.link}?a=1&b=2</link></item></channel></rss>`,
  },
  {
    note: "mis-nested tags",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link><description><b>bold</i></description></item></channel></rss>`,
  },
  {
    note: "control characters",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken\u0001</title><item><title>${esc(a.title)}\u000b</title><link>${a.link}</link></item></channel></rss>`,
  },
  {
    note: "junk before the declaration",
    body: (a) =>
      `\n\n  Warning: something in /var/www/feed.php on line 3\n<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link></item></channel></rss>`,
  },
  {
    note: "unquoted attribute",
    body: (a) =>
      `<rss version=2.0><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link><guid isPermaLink=false>g1</guid></item></channel></rss>`,
  },
  {
    note: "raw HTML in description",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link><description><p>Para<br>line</p></description></item></channel></rss>`,
  },
  {
    note: "undeclared prefix",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link><dc:creator>Undeclared Prefix</dc:creator></item></channel></rss>`,
  },
  {
    note: "truncated mid-item",
    body: (a) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link></item><item><title>Trunc`,
  },
  {
    note: "two root elements",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link></item></channel></rss><rss/>`,
  },
  {
    note: "uppercase tags",
    body: (a) =>
      `<RSS version="2.0"><CHANNEL><TITLE>Broken</TITLE><ITEM><TITLE>${esc(a.title)}</TITLE><LINK>${a.link}</LINK></ITEM></CHANNEL></RSS>`,
  },
  {
    note: "attribute without value and stray </p>",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title></p><item checked><title>${esc(a.title)}</title><link>${a.link}</link></item></channel></rss>`,
  },
  {
    note: "invalid character reference",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken&#1;</title><item><title>${esc(a.title)}&#146;s</title><link>${a.link}</link></item></channel></rss>`,
  },
  {
    note: "CDATA never closed",
    body: (a) =>
      `<rss version="2.0"><channel><title>Broken</title><item><title>${esc(a.title)}</title><link>${a.link}</link><description><![CDATA[<p>open`,
  },
];
brokenVariants.forEach((variant, i) => {
  const a = story(i);
  let title = a.title;
  if (variant.note === "bare ampersand in title") title = `${a.title} & friends`;
  if (variant.note === "invalid character reference") title = `${a.title}’s`;
  const expect: Expectation = {
    "feed.title": "Broken",
    "entries[0].title": title,
    "entries[0].link": a.link,
  };
  if (variant.note === "bare ampersand in title") expect["entries[0].link"] = `${a.link}?a=1&b=2`;
  if (variant.note === "undeclared prefix") expect["entries[0].author"] = "Undeclared Prefix";
  if (variant.note === "raw HTML in description") expect["entries[0].summary"] = "<p>Para<br />line</p>";
  add({
    category: "broken-xml",
    name: `broken-${String(i).padStart(2, "0")}`,
    body: variant.body(a),
    expect,
  });
});

// ---------- Sanitisation: hostile markup must go, ordinary formatting must stay ----------
const hostile: Array<[string, string]> = [
  [`<p>Hello <script>alert(1)</script>world</p>`, `<p>Hello world</p>`],
  [`<p onclick="steal()">Click</p>`, `<p>Click</p>`],
  [`<a href="javascript:alert(1)">link</a>`, `<a>link</a>`],
  [`<a href="JaVaScRiPt:alert(1)">link</a>`, `<a>link</a>`],
  [`<a href=" javascript:alert(1)">link</a>`, `<a>link</a>`],
  [`<a href="jav&#x09;ascript:alert(1)">link</a>`, `<a>link</a>`],
  [`<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">`, `<img alt="x" />`],
  [`<img src="x.png" onerror="alert(1)">`, `<img src="https://news.example.com/x.png" />`],
  [`<iframe src="https://evil.example/"></iframe><p>after</p>`, `<p>after</p>`],
  [`<object data="x.swf"><embed src="x.swf"></object><p>ok</p>`, `<p>ok</p>`],
  [`<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>`, `<div>overlay</div>`],
  [`<span style="display:none">hidden</span>visible`, `<span>hidden</span>visible`],
  [`<p style="color:red;background:url(javascript:alert(1))">styled</p>`, `<p style="color:red">styled</p>`],
  [`<style>body{display:none}</style><p>text</p>`, `<p>text</p>`],
  [`<form action="https://evil.example/"><input name="pw"></form><p>x</p>`, `<p>x</p>`],
  [`<svg onload="alert(1)"><circle r="1"/></svg><p>y</p>`, `<p>y</p>`],
  [`<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>z</p>`, `<p>z</p>`],
  [`<link rel="stylesheet" href="https://evil.example/x.css"><p>w</p>`, `<p>w</p>`],
  [`<base href="https://evil.example/"><a href="/p">p</a>`, `<a href="https://news.example.com/p">p</a>`],
  [
    `<p>Keep <b>bold</b>, <i>italic</i>, <a href="https://example.org/">links</a> and <ul><li>lists</li></ul></p>`,
    `<p>Keep <b>bold</b>, <i>italic</i>, <a href="https://example.org/">links</a> and </p><ul><li>lists</li></ul><p></p>`,
  ],
  [
    `<blockquote cite="https://example.org/q">Quote</blockquote><table><tr><td>cell</td></tr></table>`,
    `<blockquote cite="https://example.org/q">Quote</blockquote><table><tr><td>cell</td></tr></table>`,
  ],
  [
    `<img src="https://example.org/a.jpg" alt="A" width="10" height="20">`,
    `<img src="https://example.org/a.jpg" alt="A" width="10" height="20" />`,
  ],
  [`<scr<script>ipt>alert(1)</script>`, `ipt&gt;alert(1)`],
  [`<a href="vbscript:msgbox(1)">v</a>`, `<a>v</a>`],
  [`<div style="opacity:0;z-index:9999">ghost</div>`, `<div>ghost</div>`],
  [`<p style="visibility:hidden">gone</p>`, `<p>gone</p>`],
  [`<body onload="alert(1)"><p>body</p></body>`, `<p>body</p>`],
  [
    `<a href="https://example.org/" target="_blank" onmouseover="x()">t</a>`,
    `<a href="https://example.org/" target="_blank" rel="noopener noreferrer">t</a>`,
  ],
];
hostile.forEach(([html, safe], i) => {
  const a = story(i);
  const atom = i % 2 === 1;
  const body = atom
    ? `<feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile</title><link href="${site}/"/><entry><title type="html">${esc(`${a.title} <script>alert("t")</script>`)}</title><link href="${a.link}"/><id>urn:h:${i}</id><content type="html">${esc(html)}</content></entry></feed>`
    : `<rss version="2.0"><channel><title>Hostile</title><link>${site}/</link><description>x</description><item><title>${esc(a.title)}</title><link>${a.link}</link><description><![CDATA[${html}]]></description></item></channel></rss>`;
  add({
    category: "sanitize",
    name: `sanitize-${String(i).padStart(2, "0")}`,
    body,
    hostile: true,
    expect: {
      "entries.length": 1,
      "entries[0].title": a.title,
      [atom ? "entries[0].content" : "entries[0].summary"]: safe,
    },
  });
});

// ---------- Namespaces under unusual prefixes, CDF ----------
const prefixVariants: Array<(a: ReturnType<typeof story>) => { body: string; expect: Expectation }> = [
  (a) => ({
    body: `<x:feed xmlns:x="http://www.w3.org/2005/Atom"><x:title>Prefixed</x:title><x:entry><x:title>${esc(a.title)}</x:title><x:link href="${a.link}"/><x:id>urn:p:1</x:id><x:content type="xhtml"><h:div xmlns:h="http://www.w3.org/1999/xhtml"><h:p>${esc(a.body)}</h:p></h:div></x:content></x:entry></x:feed>`,
    expect: { "entries[0].content": `<p>${a.body}</p>`, "entries[0].id": "urn:p:1" },
  }),
  (a) => ({
    body: `<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:d="http://purl.org/dc/elements/1.1/"><channel><title>Prefixed</title><item><title>${esc(a.title)}</title><link>${a.link}</link><c:encoded>${esc(`<p>${a.body}</p>`)}</c:encoded><d:creator>Kamala Ismayilova</d:creator><d:date>2024-04-29T11:42:00Z</d:date></item></channel></rss>`,
    expect: {
      "entries[0].content": `<p>${a.body}</p>`,
      "entries[0].author": "Kamala Ismayilova",
      "entries[0].published": "2024-04-29T11:42:00.000Z",
    },
  }),
  (a) => ({
    body: `<rss version="2.0" xmlns:a10="http://www.w3.org/2005/Atom"><channel><title>Prefixed</title><a10:link rel="alternate" href="${site}/"/><item><title>${esc(a.title)}</title><a10:link href="${a.link}"/><a10:updated>2024-04-29T11:42:00Z</a10:updated><a10:author><a10:name>Wire Desk</a10:name></a10:author></item></channel></rss>`,
    expect: {
      "feed.link": `${site}/`,
      "entries[0].link": a.link,
      "entries[0].updated": "2024-04-29T11:42:00.000Z",
      "entries[0].author": "Wire Desk",
    },
  }),
  (a) => ({
    body: `<CHANNEL HREF="${site}/"><TITLE>Prefixed</TITLE><ABSTRACT>CDF channel</ABSTRACT><ITEM HREF="${a.link}" LASTMOD="2024-04-29T11:42"><TITLE>${esc(a.title)}</TITLE><ABSTRACT>${esc(a.body)}</ABSTRACT></ITEM></CHANNEL>`,
    expect: {
      "feed.link": `${site}/`,
      "feed.description": "CDF channel",
      "entries[0].link": a.link,
      "entries[0].summary": a.body,
    },
  }),
  (a) => ({
    body: `<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>Prefixed</title><item><title>${esc(a.title)}</title><link>${a.link}</link></item></channel></rss>`,
    expect: { "entries[0].link": a.link },
  }),
  (a) => ({
    body: `<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Prefixed <b>feed</b></div></title><entry><title type="html">${esc(`${a.title} <em>live</em>`)}</title><link href="${a.link}"/><id>urn:p:6</id></entry></feed>`,
    expect: { "entries[0].title": `${a.title} live` },
  }),
];
for (let i = 0; i < 12; i++) {
  const a = story(i);
  const variant = prefixVariants[i % prefixVariants.length];
  if (!variant) continue;
  const { body, expect } = variant(a);
  const title = i % prefixVariants.length === 5 ? "Prefixed feed" : "Prefixed";
  add({
    category: "namespaces-cdf",
    name: `namespaces-${String(i).padStart(2, "0")}`,
    body,
    expect: { "feed.title": title, "entries.length": 1, "entries[0].title": a.title, ...expect },
  });
}

// ---------- Not feeds: must fail with FeedParseError, never crash ----------
const notFeeds: Array<[string, string | Uint8Array]> = [
  ["html-page", `<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>`],
  ["empty", ""],
  ["whitespace", "   \n\t  "],
  ["plain-text", "This is not a feed at all."],
  ["json-not-feed", `{"hello": "world"}`],
  ["json-invalid", `{"version": "https://jsonfeed.org/version/1", "items": [`],
  [
    "binary",
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  ],
  ["other-xml", `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark/></kml>`],
  [
    "error-page",
    `<?xml version="1.0"?><error><code>503</code><message>Service unavailable</message></error>`,
  ],
  [
    "sitemap",
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x/</loc></url></urlset>`,
  ],
];
for (const [name, body] of notFeeds) {
  add({ category: "not-a-feed", name: `notfeed-${name}`, body, error: true, expect: {} });
}

// ---------- From the specifications and the reference parser's documentation (spec-cases.ts) ----------
for (const specCase of specCases) add(specCase);

// ---------- write ----------
const categories = new Set(cases.map((entry) => entry.category));
for (const category of categories) rmSync(join(root, category), { recursive: true, force: true });
for (const entry of cases) {
  const folder = join(root, entry.category);
  mkdirSync(folder, { recursive: true });
  const extension =
    entry.extension ??
    (entry.category === "jsonfeed" || entry.name.startsWith("notfeed-json") ? "jsonfeed" : "xml");
  const bytes =
    typeof entry.body === "string"
      ? entry.encoding && entry.encoding !== "utf-8"
        ? iconv.encode(entry.body, entry.encoding)
        : Buffer.from(entry.body, "utf8")
      : entry.body;
  writeFileSync(join(folder, `${entry.name}.${extension}`), bytes);
  const expected = {
    file: `${entry.name}.${extension}`,
    ...(entry.url ? { url: entry.url } : {}),
    ...(entry.contentType ? { contentType: entry.contentType } : {}),
    ...(entry.contentLocation ? { contentLocation: entry.contentLocation } : {}),
    ...(entry.error ? { error: true } : {}),
    ...(entry.hostile ? { hostile: true } : {}),
    expect: entry.expect,
  };
  writeFileSync(join(folder, `${entry.name}.expected.json`), `${JSON.stringify(expected, null, 2)}\n`);
}
console.log(`${cases.length} cases in ${categories.size} categories written to ${root}`);
