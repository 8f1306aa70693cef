// RSS 2.0 and Atom 1.0 documents of the fixture site, and the malformed feed served at /broken.xml.
import { escapeHtml } from "./templates.ts";

export interface FeedItem {
  title: string;
  /** Absolute link as the feed gives it, tracking parameters included. */
  link: string;
  guid: string;
  /** ISO 8601 with offset. */
  published: string;
  updated?: string;
  summary: string;
  category: string;
}

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const monthAbbreviations = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** RFC 822 date in the time's own offset, as news sites write pubDate: "Mon, 29 Apr 2024 15:42:00 +0400". */
export function rfc822(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!match) throw new Error(`not an ISO 8601 time with offset: ${iso}`);
  const [, year = "", month = "", day = "", time = "", offset = ""] = match;
  const weekday = weekdays[new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay()];
  const zone = offset === "Z" ? "+0000" : offset.replace(":", "");
  return `${weekday}, ${day} ${monthAbbreviations[Number(month) - 1]} ${year} ${time} ${zone}`;
}

export function renderRss(items: readonly FeedItem[], siteUrl: string, lastBuild: Date): string {
  const entries = items
    .map(
      (item) => `    <item>
      <title>${escapeHtml(item.title)}</title>
      <link>${escapeHtml(item.link)}</link>
      <guid isPermaLink="${item.guid.startsWith(`${siteUrl}/`) ? "true" : "false"}">${escapeHtml(item.guid)}</guid>
      <pubDate>${rfc822(item.updated ?? item.published)}</pubDate>
      <category>${escapeHtml(item.category)}</category>
      <description><![CDATA[${item.summary}]]></description>
    </item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Fixture News - Latest</title>
    <link>${siteUrl}/</link>
    <description>Latest news on Azerbaijan and China from the newsmon fixture site</description>
    <language>en</language>
    <lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate>
    <ttl>5</ttl>
    <atom:link href="${siteUrl}/rss.xml" rel="self" type="application/rss+xml"/>
${entries}
  </channel>
</rss>
`;
}

export function renderAtom(items: readonly FeedItem[], siteUrl: string, lastBuild: Date): string {
  const entries = items
    .map(
      (item) => `  <entry>
    <title type="text">${escapeHtml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeHtml(item.link)}"/>
    <id>${escapeHtml(item.guid)}</id>
    <published>${item.published}</published>
    <updated>${item.updated ?? item.published}</updated>
    <author><name>Fixture News</name></author>
    <category term="${escapeHtml(item.category)}"/>
    <summary type="text">${escapeHtml(item.summary)}</summary>
  </entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Fixture News - Features and wires</title>
  <subtitle>Longer reads and syndicated reports from the newsmon fixture site</subtitle>
  <id>tag:newsmon-fixture.example,2024:atom</id>
  <link rel="self" type="application/atom+xml" href="${siteUrl}/atom.xml"/>
  <link rel="alternate" type="text/html" href="${siteUrl}/"/>
  <updated>${lastBuild.toISOString()}</updated>
${entries}
</feed>
`;
}

/** A feed cut off mid-item, as a crashed or size-limited generator leaves it; served with status 200. */
export function renderBrokenFeed(siteUrl: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Fixture News - Regions</title>
    <link>${siteUrl}/</link>
    <description>Regional news</description>
    <item>
      <title>Ganja hosts international chess tournament</title>
      <link>${siteUrl}/agency/related/ganja-hosts-international-chess-tournament</link>
      <pubDate>Tue, 11 Jun 2024 10:00:00 +0400</pubDate>
    </item>
    <item>
      <title>Lankaran tea harvest begins & exports to China expected to <b>rise
      <link>${siteUrl}/agency/2024/06/11/lankaran-tea-har`;
}
