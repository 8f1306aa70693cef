// Element tree in, normalised feed out, for RSS 0.9x/2.0 (with or without <channel>), RSS 1.0 (RDF) and
// Atom 0.3/1.0. Every item gets one shape: plain-text title, absolute link (xml:base, then the document's base:
// its HTTP Content-Location or URL, then the feed's own link), id, sanitised summary and content, UTC dates,
// authors, categories, enclosures. Missing fields fall back on iTunes, Media RSS and Dublin Core elements.
import { feedDateIso } from "../../lib/dates.ts";
import {
  escapeHtml,
  htmlMicroformats,
  looksLikeHtml,
  plainText,
  sanitizeFeedHtml,
  undoDoubleEncoding,
} from "./feed-html.ts";
import { childElements, innerXml, joinRelative, textOf, type XmlElement } from "./feed-xml.ts";
import type { FeedEntry, ParsedFeed } from "./parse-feed.ts";

export type FeedFormat = "rss" | "rdf" | "atom";

/** Name an element is matched by: "title" for RSS/no namespace, "atom:title", "dc:creator"... */
function keyOf(element: XmlElement): string {
  if (element.ns === "" || element.ns === "rss") return element.local;
  if (element.ns === "atom03") return `atom:${element.local}`;
  // An unknown default namespace (no prefix written) is almost always a mislabelled RSS or Atom vocabulary.
  if (element.ns.startsWith("{") && !element.name.includes(":")) return element.local;
  return `${element.ns}:${element.local}`;
}

function children(element: XmlElement, ...keys: string[]): XmlElement[] {
  return childElements(element).filter((child) => keys.includes(keyOf(child)));
}

/** First child matching the keys, in the order of the keys (the first key is preferred). */
function first(element: XmlElement, ...keys: string[]): XmlElement | undefined {
  const all = childElements(element);
  for (const key of keys) {
    const found = all.find((child) => keyOf(child) === key);
    if (found) return found;
  }
  return undefined;
}

function firstText(element: XmlElement, ...keys: string[]): string | null {
  for (const key of keys) {
    for (const child of children(element, key)) {
      const text = textOf(child).trim();
      if (text !== "") return text;
    }
  }
  return null;
}

/** Locates the feed's root: <rss>, <rdf:RDF>, <feed> or a bare <channel>, possibly wrapped in junk. */
export function findFeedRoot(document: XmlElement): { root: XmlElement; format: FeedFormat } | null {
  const queue: Array<{ element: XmlElement; depth: number }> = [{ element: document, depth: 0 }];
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next) break;
    for (const child of childElements(next.element)) {
      const key = keyOf(child);
      if (key === "rss" || key === "channel") return { root: child, format: "rss" };
      if (child.local === "rdf" && (child.ns === "rdf" || key === "rdf"))
        return { root: child, format: "rdf" };
      if (key === "atom:feed" || key === "feed") return { root: child, format: "atom" };
      if (next.depth < 3) queue.push({ element: child, depth: next.depth + 1 });
    }
  }
  return null;
}

interface Context {
  feedLink: string | null;
  /** The document's base: its Content-Location (resolved against its URL), else its URL. */
  documentBase: string | null;
}

function isAbsolute(url: string | null): url is string {
  return !!url && /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/**
 * The absolute base for an element, as XML Base and RFC 3986 5.1 rank them: its xml:base (resolved through its
 * ancestors), then the document's own base (Content-Location, URL); the feed's link only when neither is known.
 */
function baseFor(element: XmlElement, context: Context): string | null {
  const chain = [element.explicitBase ? element.base : null, context.documentBase, context.feedLink];
  let pending: string | null = null;
  for (const base of chain) {
    if (!base) continue;
    const candidate: string = pending ? joinRelative(pending, base) : base;
    if (isAbsolute(candidate)) return candidate;
    pending = candidate;
  }
  return null;
}

const safeSchemes = new Set([
  "http",
  "https",
  "ftp",
  "mailto",
  "news",
  "nntp",
  "feed",
  "magnet",
  "tel",
  "urn",
  "tag",
  "gopher",
]);

function safeScheme(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip control characters in schemes
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]+/g, ""));
  return !scheme || safeSchemes.has((scheme[1] ?? "").toLowerCase());
}

function absolutize(
  reference: string | null | undefined,
  element: XmlElement,
  context: Context,
): string | null {
  const trimmed = reference?.trim();
  if (!trimmed) return null;
  // Absolute URLs are kept as written (normalising them is the canonicaliser's job), unless their scheme
  // would run code or embed content when followed.
  if (isAbsolute(trimmed)) return safeScheme(trimmed) ? trimmed : null;
  const base = baseFor(element, context);
  if (!base) return trimmed;
  try {
    const resolved = new URL(trimmed, base).href;
    return safeScheme(resolved) ? resolved : null;
  } catch {
    return trimmed;
  }
}

interface Construct {
  kind: "text" | "html";
  value: string;
  /** Escaped exactly as a declared type says (Atom text constructs, inline XHTML): never read as HTML escaped
   * twice, a repair meant for RSS descriptions, whose type nobody declares. */
  exact?: boolean;
}

const xhtmlTypes = new Set(["xhtml", "application/xhtml+xml"]);
const htmlTypes = new Set(["html", "text/html", "escaped"]);

/** Reads an Atom text construct (title, summary, content, subtitle) by its type and, for Atom 0.3, mode. */
function atomConstruct(element: XmlElement): Construct | null {
  const type = (element.attrs.type ?? "text").trim().toLowerCase();
  // Atom 0.3's mode says how the value is encoded (xml, escaped, base64); the type says what it is.
  const mode = (element.attrs.mode ?? "xml").trim().toLowerCase();
  if (element.attrs.src && textOf(element).trim() === "") return null;
  if (type === "multipart/alternative") {
    // Atom 0.3: the same content in several types, one <content> each; the richest readable one is taken.
    const versions = childElements(element).flatMap((child) => {
      const version = child.local === "content" ? atomConstruct(child) : null;
      return version ? [version] : [];
    });
    return versions.find((version) => version.kind === "html") ?? versions[0] ?? null;
  }
  const markup = htmlTypes.has(type) || xhtmlTypes.has(type);
  const textual =
    type === "text" || type.startsWith("text/") || type.endsWith("+xml") || type.endsWith("/xml");
  if (!markup && !textual) return null;
  if (mode === "base64") {
    const decoded = Buffer.from(textOf(element).replace(/\s+/g, ""), "base64").toString("utf8");
    return { kind: markup ? "html" : "text", value: decoded };
  }
  if (mode === "escaped") return { kind: markup ? "html" : "text", value: textOf(element) };
  if (
    xhtmlTypes.has(type) ||
    (childElements(element).length > 0 && type !== "html" && type !== "text/html")
  ) {
    // Inline XHTML (or markup written inline under a text type): the wrapping <div> is not content.
    const elements = childElements(element);
    const only = elements.length === 1 ? elements[0] : undefined;
    const loose = element.children.filter((child) => typeof child === "string" && child.trim() !== "");
    const wrapper = only && only.local === "div" && loose.length === 0 ? only : element;
    return { kind: "html", value: innerXml(wrapper) };
  }
  if (htmlTypes.has(type)) {
    return { kind: "html", value: childElements(element).length > 0 ? innerXml(element) : textOf(element) };
  }
  return { kind: "text", value: textOf(element) };
}

/** Reads an RSS HTML field (description, content:encoded): escaped HTML, CDATA, or inline markup. */
function rssHtml(element: XmlElement): Construct {
  if (childElements(element).length > 0) return { kind: "html", value: innerXml(element) };
  return { kind: "html", value: textOf(element) };
}

function constructOf(element: XmlElement, atom: boolean): Construct | null {
  const key = keyOf(element);
  // Atom elements, including those of an Atom feed written without its namespace, carry a type.
  if (key.startsWith("atom:") || (atom && !key.includes(":"))) {
    const construct = atomConstruct(element);
    return construct && { ...construct, exact: true };
  }
  if (key === "xhtml:body" || key === "xhtml:div")
    return { kind: "html", value: innerXml(element), exact: true };
  if (key.startsWith("itunes:")) return { kind: "text", value: textOf(element) };
  // Media RSS: title and description are plain text unless type="html".
  if (key.startsWith("media:"))
    return {
      kind: element.attrs.type?.trim().toLowerCase() === "html" ? "html" : "text",
      value: textOf(element),
    };
  return rssHtml(element);
}

function toHtml(construct: Construct | null, element: XmlElement, context: Context): string | null {
  if (!construct) return null;
  const html =
    construct.kind === "text"
      ? escapeHtml(construct.value.trim())
      : sanitizeFeedHtml(
          construct.exact ? construct.value : undoDoubleEncoding(construct.value),
          baseFor(element, context),
        );
  return html === "" ? null : html;
}

function toText(construct: Construct | null): string | null {
  if (!construct) return null;
  const text = plainText(construct.value, construct.kind === "html");
  return text === "" ? null : text;
}

/** Titles: Atom by their type; RSS titles that look like HTML are read as HTML (they usually are). */
function titleOf(element: XmlElement | undefined, atom: boolean): string | null {
  if (!element) return null;
  const construct = constructOf(element, atom);
  if (!construct) return null;
  if (!atom && !keyOf(element).startsWith("atom:")) {
    if (childElements(element).length > 0) return toText({ kind: "html", value: innerXml(element) });
    const text = textOf(element);
    return toText({ kind: looksLikeHtml(text) ? "html" : "text", value: text });
  }
  return toText(construct);
}

/** A link's target: its href, or the text some generators write inside the element instead. */
function hrefOf(link: XmlElement): string | undefined {
  return link.attrs.href ?? (textOf(link).trim() || undefined);
}

/** A link's relation: "alternate" when absent; registered names written as IANA IRIs (RFC 4287 4.2.7.2) are
 * the names themselves. */
function relOf(link: XmlElement): string {
  const rel = (link.attrs.rel ?? "alternate").trim().toLowerCase();
  return rel.replace(/^https?:\/\/www\.iana\.org\/assignments\/relation\//, "") || "alternate";
}

function atomLinks(element: XmlElement): XmlElement[] {
  return children(element, "atom:link", "link").filter((link) => hrefOf(link) !== undefined);
}

function alternateLink(element: XmlElement, context: Context): string | null {
  const links = atomLinks(element);
  const alternates = links.filter((link) => relOf(link) === "alternate");
  const chosen =
    alternates.find((link) => /html/i.test(link.attrs.type ?? "text/html")) ??
    alternates[0] ??
    links.find((link) => !["self", "enclosure", "replies", "edit", "hub", "license"].includes(relOf(link)));
  if (!chosen) return null;
  // An empty reference is the base itself (RFC 3986 5.2.2): an entry whose xml:base is its own address.
  const href = hrefOf(chosen);
  return href?.trim() === "" ? baseFor(chosen, context) : absolutize(href, chosen, context);
}

/** "Name (email)" the way feed readers show an author; email alone when that is all there is. */
function personOf(element: XmlElement): string | null {
  const name = firstText(element, "atom:name", "name");
  const email = firstText(element, "atom:email", "email");
  const cleanName = name ? plainText(name, looksLikeHtml(name)) : "";
  const cleanEmail = email ? plainText(email, false) : "";
  if (cleanName && cleanEmail) return `${cleanName} (${cleanEmail})`;
  if (cleanName || cleanEmail) return cleanName || cleanEmail;
  const text = plainText(textOf(element), false);
  return text === "" ? null : text;
}

function authorsOf(element: XmlElement): string[] {
  const authors: string[] = [];
  for (const child of childElements(element)) {
    const key = keyOf(child);
    let value: string | null = null;
    if (key === "atom:author" || (key === "author" && childElements(child).length > 0))
      value = personOf(child);
    else if (
      ["author", "dc:creator", "dc:author", "itunes:author", "dcterms:creator", "managingeditor"].includes(
        key,
      )
    ) {
      const text = textOf(child);
      value = plainText(text, looksLikeHtml(text));
    }
    if (value && !authors.includes(value)) authors.push(value);
  }
  // Contributors (secondary authors) come after the authors.
  for (const contributor of children(element, "atom:contributor", "dc:contributor", "dcterms:contributor")) {
    const value = personOf(contributor);
    if (value && !authors.includes(value)) authors.push(value);
  }
  return authors;
}

function categoriesOf(element: XmlElement): string[] {
  const categories: string[] = [];
  // Media RSS categories and keywords may also sit in the item's media:group.
  const grouped = children(element, "media:group").flatMap((group) =>
    children(group, "media:category", "media:keywords"),
  );
  for (const child of [...childElements(element), ...grouped]) {
    const key = keyOf(child);
    let value: string | null = null;
    if (key === "atom:category" || (key === "category" && child.attrs.term !== undefined)) {
      value = child.attrs.term ?? child.attrs.label ?? textOf(child);
    } else if (
      ["category", "dc:subject", "dcterms:subject", "itunes:category", "media:category"].includes(key)
    ) {
      value = textOf(child) || child.attrs.text || "";
    }
    // iTunes and Media RSS keywords are one comma-separated list.
    const values = key === "itunes:keywords" || key === "media:keywords" ? textOf(child).split(",") : [value];
    for (const each of values) {
      const cleaned = each ? plainText(each, false) : "";
      if (cleaned !== "" && !categories.includes(cleaned)) categories.push(cleaned);
    }
  }
  return categories;
}

function lengthOf(value: string | undefined): number | null {
  if (!value) return null;
  const number = Number.parseInt(value.replace(/[^\d]/g, ""), 10);
  return Number.isFinite(number) ? number : null;
}

function enclosuresOf(element: XmlElement, context: Context): FeedEntry["enclosures"] {
  const enclosures: FeedEntry["enclosures"] = [];
  const add = (url: string | null, type: string | undefined, length: string | undefined) => {
    if (!url || enclosures.some((enclosure) => enclosure.url === url)) return;
    enclosures.push({ url, type: type?.trim() || null, length: lengthOf(length) });
  };
  for (const child of childElements(element)) {
    const key = keyOf(child);
    if (key === "enclosure")
      add(
        absolutize(child.attrs.url ?? child.attrs.href, child, context),
        child.attrs.type,
        child.attrs.length,
      );
    else if ((key === "atom:link" || key === "link") && relOf(child) === "enclosure") {
      add(absolutize(hrefOf(child), child, context), child.attrs.type, child.attrs.length);
    } else if (key === "media:content" && child.attrs.url) {
      add(absolutize(child.attrs.url, child, context), child.attrs.type, child.attrs.filesize);
    } else if (key === "media:group") {
      for (const media of children(child, "media:content")) {
        add(absolutize(media.attrs.url, media, context), media.attrs.type, media.attrs.filesize);
      }
    }
  }
  return enclosures;
}

function dateOf(element: XmlElement, keys: string[]): string | null {
  for (const key of keys) {
    for (const child of children(element, key)) {
      const parsed = feedDateIso(textOf(child));
      if (parsed) return parsed;
    }
  }
  return null;
}

const publishedKeys = [
  "pubdate",
  "atom:published",
  "atom:issued",
  "dcterms:issued",
  "dcterms:created",
  "dc:date",
  "dcterms:date",
  "atom:created",
  "published",
  "issued",
];
const updatedKeys = [
  "atom:updated",
  "atom:modified",
  "dcterms:modified",
  "dc:date",
  "dcterms:date",
  "updated",
  "modified",
  "lastbuilddate",
];
const summaryKeys = [
  "description",
  "atom:summary",
  "dc:description",
  "dcterms:description",
  "dcterms:abstract",
  "summary",
  "itunes:summary",
  "itunes:subtitle",
  "atom:subtitle",
  "abstract",
  "media:description",
];
const contentKeys = [
  "content:encoded",
  "xhtml:body",
  "xhtml:div",
  "atom:content",
  "content",
  "body",
  "fullitem",
];

/** Media RSS elements that describe an item may sit on it, in its media:group, or in a media:content. */
function mediaHolders(item: XmlElement): XmlElement[] {
  const groups = children(item, "media:group");
  return [item, ...groups, ...[item, ...groups].flatMap((holder) => children(holder, "media:content"))];
}

function htmlField(element: XmlElement, keys: string[], atom: boolean, context: Context): string | null {
  for (const key of keys) {
    const holders = key.startsWith("media:") ? mediaHolders(element) : [element];
    for (const child of holders.flatMap((holder) => children(holder, key))) {
      const html = toHtml(constructOf(child, atom), child, context);
      if (html) return html;
    }
  }
  return null;
}

/**
 * An item with both a summary and a description (and no content element) carries its text twice over: the
 * first is its summary, the second its content, as feedparser's summary reference page describes.
 */
function secondSummary(
  item: XmlElement,
  atom: boolean,
  context: Context,
  summary: string | null,
): string | null {
  const twice = children(item, "description", "atom:summary", "summary", "dc:description");
  const second = twice[1];
  if (!second || summary === null) return null;
  const html = toHtml(constructOf(second, atom), second, context);
  return html === summary ? null : html;
}

/** The item's title element: its own, else Media RSS's. */
function titleElement(item: XmlElement): XmlElement | undefined {
  return (
    first(item, "title", "atom:title", "dc:title", "dcterms:title", "itunes:title") ??
    mediaHolders(item)
      .flatMap((holder) => children(holder, "media:title"))
      .find((title) => textOf(title).trim() !== "")
  );
}

function rssLink(item: XmlElement, context: Context): string | null {
  for (const link of children(item, "link")) {
    const text = textOf(link).trim();
    if (text !== "") return absolutize(text, link, context);
    if (link.attrs.href) return absolutize(link.attrs.href, link, context);
  }
  const atom = alternateLink(item, context);
  if (atom) return atom;
  // CDF (Microsoft's Channel Definition Format) puts the link in an HREF attribute.
  if (item.attrs.href) return absolutize(item.attrs.href, item, context);
  const guid = first(item, "guid");
  if (guid && (guid.attrs.ispermalink ?? "true").toLowerCase() !== "false") {
    const text = textOf(guid).trim();
    if (
      /^(?:https?:)?\/\//i.test(text) ||
      pathReference.test(text) ||
      ((guid.explicitBase || declaredPermalink(guid)) && !/\s/.test(text) && text !== "")
    ) {
      return absolutize(text, guid, context);
    }
  }
  return null;
}

/** A reference written as a path ("/posts/5", "./5", "../5"): relative, and meant to be resolved. */
const pathReference = /^\.{0,2}\/(?!\/)\S*$/;

/** A guid its publisher says is a permalink (isPermaLink="true" written out, RSS 2.0): a URL, maybe relative. */
function declaredPermalink(element: XmlElement): boolean {
  return keyOf(element) === "guid" && element.attrs.ispermalink?.trim().toLowerCase() === "true";
}

/** An id is resolved like a link when it is a relative path or a declared permalink (feedparser resolves ids);
 * tokens stay as written. */
function idOf(element: XmlElement | undefined, context: Context): string | null {
  const text = element ? textOf(element).trim() : "";
  if (!element || text === "") return null;
  const reference = pathReference.test(text) || (declaredPermalink(element) && !/\s/.test(text));
  return reference ? (absolutize(text, element, context) ?? text) : text;
}

function entryOf(item: XmlElement, atom: boolean, context: Context, feedAuthors: string[]): FeedEntry {
  const link = atom ? alternateLink(item, context) : rssLink(item, context);
  const idElement = first(item, "guid", "atom:id", "id", "dc:identifier", "dcterms:identifier");
  const id = idOf(idElement, context) || item.attrs["rdf:about"]?.trim() || link || null;
  const summary = htmlField(item, summaryKeys, atom, context);
  const content = htmlField(item, contentKeys, atom, context) ?? secondSummary(item, atom, context, summary);
  // Each falls back on the other: an item dated once was updated when it was published. CDF dates an item in
  // its LASTMOD attribute.
  const modified = dateOf(item, updatedKeys) ?? feedDateIso(item.attrs.lastmod);
  const published = dateOf(item, publishedKeys) ?? modified;
  const updated = modified ?? published;
  // Atom entries without authors take their atom:source's, else the feed's (RFC 4287 4.2.1); RSS items do not.
  const source = first(item, "atom:source", "source");
  const itemAuthors = authorsOf(item);
  const sourceAuthors = atom && source ? authorsOf(source) : [];
  const authors =
    itemAuthors.length > 0 || !atom ? itemAuthors : sourceAuthors.length > 0 ? sourceAuthors : feedAuthors;
  const shown = summary ?? content;
  // Tags and downloads the entry's HTML marks with rel="tag" and rel="enclosure" (feedparser's microformats).
  const marked = htmlMicroformats([shown, content].filter((html) => html !== null).join("\n"));
  const categories = categoriesOf(item);
  for (const tag of marked.tags) if (!categories.includes(tag)) categories.push(tag);
  const enclosures = enclosuresOf(item, context);
  for (const { url, type } of marked.enclosures) {
    if (!enclosures.some((enclosure) => enclosure.url === url)) enclosures.push({ url, type, length: null });
  }
  return {
    title: titleOf(titleElement(item), atom),
    link,
    id,
    summary: shown,
    content,
    published,
    updated,
    author: authors[0] ?? null,
    authors,
    categories,
    enclosures,
  };
}

/**
 * An item whose title, link or id was cut off by the end of a truncated document is dropped: its link may be
 * half a URL. One that only lacks its closing tags (or whose description was cut) is kept.
 */
function cutOff(item: XmlElement): boolean {
  if (!item.truncated) return false;
  const identity = ["title", "link", "guid", "id", "atom:title", "atom:link", "atom:id"];
  return childElements(item).some((child) => child.truncated && identity.includes(keyOf(child)));
}

/** Extracts the feed and its entries from a located root element. */
export function extractFeed(root: XmlElement, format: FeedFormat, documentBase: string | null): ParsedFeed {
  const atom = format === "atom";
  const channel = atom ? root : (first(root, "channel") ?? root);
  const context: Context = { feedLink: null, documentBase };
  const linkElement = atom ? undefined : children(channel, "link").find((link) => textOf(link).trim() !== "");
  const feedLink = linkElement
    ? absolutize(textOf(linkElement), linkElement, context)
    : (alternateLink(channel, context) ?? absolutize(channel.attrs.href, channel, context));
  context.feedLink = isAbsolute(feedLink) ? feedLink : null;

  const found = atom
    ? children(root, "atom:entry", "entry")
    : [
        ...new Set([
          ...children(channel, "item"),
          ...children(root, "item"),
          // RSS 1.1 lists its items in <items rdf:parseType="Collection"> inside the channel.
          ...children(channel, "items").flatMap((list) => children(list, "item")),
          ...children(channel, "atom:entry"),
        ]),
      ];
  const items = found.filter((item) => !cutOff(item));
  const feedAuthors = authorsOf(channel);
  const description = htmlField(
    channel,
    [
      "description",
      "atom:subtitle",
      "atom:tagline",
      "subtitle",
      "tagline",
      "dc:description",
      "dcterms:description",
      "itunes:subtitle",
      "itunes:summary",
      "atom:info",
      "abstract",
    ],
    atom,
    context,
  );
  const language =
    firstText(channel, "language", "dc:language", "dcterms:language") ??
    (channel.attrs["xml:lang"] ?? root.attrs["xml:lang"])?.trim() ??
    null;
  return {
    feed: {
      title: titleOf(first(channel, "title", "atom:title", "dc:title", "dcterms:title"), atom),
      link: feedLink,
      description,
      author: feedAuthors[0] ?? null,
      language: language || null,
      // lastBuildDate and the like say when the feed last changed; a channel dated once changed then.
      updated:
        dateOf(channel, updatedKeys) ?? feedDateIso(channel.attrs.lastmod) ?? dateOf(channel, publishedKeys),
    },
    entries: items.map((item) => entryOf(item, atom, context, feedAuthors)),
  };
}
