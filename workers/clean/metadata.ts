// Article metadata from the page's own declarations: title, authors, language, canonical URL and published time.
// Sources in order of trust: JSON-LD (schema.org, including @graph), OpenGraph / Dublin Core / article meta,
// <title> and <h1>, markup such as rel=author and <time>, and last visible lines. All readers are total: a
// broken JSON-LD block or URL is skipped, never thrown. Titles and authors keep no markup (plainText).
import { decodeHTML } from "entities";
import { dateFromLine, type ParsedDate, parseDate } from "./dates.ts";
import type { Block, PageFacts } from "./dom.ts";
import { collapseWhitespace } from "./text.ts";

const ARTICLE_TYPES =
  /^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$/;

type JsonObject = { [key: string]: unknown };

export interface JsonLdFacts {
  name: string | null;
  headline: string | null;
  authors: string[];
  datePublished: string | null;
  dateModified: string | null;
  inLanguage: string | null;
  /** The article's text as the CMS declares it (raw: paragraphs by line breaks, sometimes HTML). */
  articleBody: string | null;
}

// Elements whose content is code or hidden go with it (up to their end tag, or the end of the text).
const HIDDEN_ELEMENT =
  /<(script|style|noscript|template|iframe|object|svg|math|textarea|title|xmp)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
// Any other tag, comment or declaration goes alone (its text stays), and so does a tag cut off at the end.
const MARKUP =
  /<\/?([a-z][a-z0-9-]*)(?:\s[^>]*)?>|<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<[a-z][a-z0-9-]*\s[^>]*=[^>]*$/gi;
// Tags that separate words; other tags (<em>, <a>, <span>) sit inside them.
const BREAKING_TAG = /^(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|hr|blockquote|section|article|header|footer)$/i;

/**
 * Plain text from a title or author the page declares, which may carry markup (a CMS's `<em>`, a hostile
 * `<img onerror=…>`): entities decoded once when the text is `raw` (JSON-LD strings; attribute values and
 * <title> text come decoded by the HTML parser), then markup dropped, so "AT&amp;T" in JSON-LD is "AT&T".
 */
export function plainText(value: string, raw: boolean): string {
  const decoded = raw ? decodeHTML(value) : value;
  return collapseWhitespace(
    decoded
      .replace(HIDDEN_ELEMENT, " ")
      .replace(MARKUP, (_tag, name: string | undefined) => (name && BREAKING_TAG.test(name) ? " " : "")),
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typesOf(node: JsonObject): string[] {
  const type = node["@type"];
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

/** Every object in the JSON-LD blocks, breadth-first, bounded so a hostile block cannot take long. */
function jsonLdObjects(scripts: string[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const script of scripts) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script.replace(/^\s*(<!--|<!\[CDATA\[)|(\]\]>|-->)\s*$/g, ""));
    } catch {
      continue;
    }
    const queue: unknown[] = [parsed];
    while (queue.length > 0 && out.length < 500) {
      const value = queue.shift();
      if (Array.isArray(value)) queue.push(...value.slice(0, 100));
      else if (isObject(value)) {
        out.push(value);
        const graph = value["@graph"];
        if (Array.isArray(graph)) queue.push(...graph.slice(0, 100));
        const main = value.mainEntity ?? value.mainEntityOfPage;
        if (isObject(main) && typesOf(main).length > 0) queue.push(main);
      }
    }
  }
  return out;
}

function personNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of list.slice(0, 20)) {
    if (typeof item === "string") names.push(item);
    else if (isObject(item) && typeof item.name === "string") names.push(item.name);
  }
  return names.map((name) => plainText(name, true)).filter((name) => name !== "" && !looksLikeUrl(name));
}

export function readJsonLd(scripts: string[]): JsonLdFacts {
  const objects = jsonLdObjects(scripts);
  const article = objects.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t)));
  const dated =
    article && typeof article.datePublished === "string"
      ? article
      : objects.find((o) => typeof o.datePublished === "string");
  const text = (value: unknown): string | null =>
    typeof value === "string" ? plainText(value, true) || null : null;
  const language = article?.inLanguage ?? objects.find((o) => typeof o.inLanguage === "string")?.inLanguage;
  return {
    name: text(article?.name),
    headline: text(article?.headline),
    authors: article ? personNames(article.author ?? article.creator) : [],
    datePublished: typeof dated?.datePublished === "string" ? dated.datePublished : null,
    dateModified: typeof article?.dateModified === "string" ? article.dateModified : null,
    inLanguage: typeof language === "string" ? language : null,
    articleBody: typeof article?.articleBody === "string" ? article.articleBody : null,
  };
}

/** The first key of `keys` the page declares; of several declarations of one key, the last (as browsers'
 * reader modes do). */
function metaValue(facts: PageFacts, keys: string[]): string | null {
  for (const key of keys) {
    const found = facts.metas.findLast((m) => m.key === key && collapseWhitespace(m.content) !== "");
    if (found) return collapseWhitespace(found.content);
  }
  return null;
}

/** metaValue for titles and authors: the first key whose value keeps some text once its markup is dropped. */
function metaText(facts: PageFacts, keys: string[]): string | null {
  for (const key of keys) {
    const value = metaValue(facts, [key]);
    const text = value ? plainText(value, false) : "";
    if (text) return text;
  }
  return null;
}

function looksLikeUrl(value: string): boolean {
  return /^(https?:)?\/\/|^www\./i.test(value.trim());
}

/** The title the page declares for its article, else its <title> without the site name. */
export function readTitle(facts: PageFacts, jsonLd: JsonLdFacts): string | null {
  const declared =
    jsonLdTitle(facts, jsonLd) ??
    metaText(facts, [
      "dc:title",
      "dcterm:title",
      "og:title",
      "weibo:article:title",
      "title",
      "twitter:title",
      "parsely-title",
    ]);
  if (declared) return declared;
  return titleFromDocumentTitle(facts);
}

/** JSON-LD's name, or its headline when only the headline resembles the <title> (some sites put their own name
 * into "name"). */
function jsonLdTitle(facts: PageFacts, { name, headline }: JsonLdFacts): string | null {
  if (name && headline && name !== headline) {
    const documentTitle = titleFromDocumentTitle(facts) ?? "";
    const matches = (text: string) => similarity(text, documentTitle) > 0.75;
    return matches(headline) && !matches(name) ? headline : name;
  }
  return name ?? headline;
}

/** Share of `b`'s words (by characters) that also occur in `a`. */
function similarity(a: string, b: string): number {
  const tokens = (text: string) =>
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const inA = new Set(tokens(a));
  const tokensB = tokens(b);
  const all = tokensB.join(" ").length;
  if (all === 0) return 0;
  return 1 - tokensB.filter((t) => !inA.has(t)).join(" ").length / all;
}

const SEPARATOR = / [|\-\\/>»–—] /g;

/** The <title> minus its site-name part: "Story headline | Site" -> "Story headline". */
function titleFromDocumentTitle(facts: PageFacts): string | null {
  const original = facts.title ? plainText(facts.title, false) : "";
  const h1s = facts.headings.filter((h) => h.level === 1).map((h) => h.text);
  if (!original) return h1s.length === 1 ? (h1s[0] ?? null) : null;
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let title = original;
  const separators = [...original.matchAll(SEPARATOR)];
  const last = separators[separators.length - 1];
  if (last) {
    title = original.slice(0, last.index);
    if (words(title) < 3) title = original.slice((separators[0]?.index ?? 0) + 3);
  } else if (original.includes(": ")) {
    if (!facts.headings.some((h) => h.text === original)) {
      title = original.slice(original.lastIndexOf(":") + 1);
      if (words(title) < 3) title = original.slice(original.indexOf(":") + 1);
      else if (words(original.slice(0, original.indexOf(":"))) > 5) title = original;
    }
  } else if ((original.length > 150 || original.length < 15) && h1s.length === 1) {
    title = h1s[0] ?? original;
  }
  title = collapseWhitespace(title);
  // Four words or fewer left: keep the whole <title> unless exactly the site name after a "/", ">" or "»" went.
  const hierarchical = / [\\/>»] /.test(original);
  if (
    words(title) <= 4 &&
    (!hierarchical || words(title) !== words(original.replace(/[|\-\\/>»–—]+/g, "")) - 1)
  ) {
    return original;
  }
  return title || original;
}

// Matched also on its own: some pages put "Von" in one element and the name in the next.
const BYLINE_PREFIX =
  /^(?:(?:story|text|words) (?:and|&) (?:photos|pictures) by|by|von|par|door|di|por|av|autor(?:in)?|author|text|written by|posted by|published by|article by|erstellt von|eingestellt von|veröffentlicht von|publié par)\s*:?(?:\s+|$)/i;
// A comment form's "Name *" label and blog platforms' "Unknown" stand where a name would.
const PLACEHOLDER = /^(?:name|unknown)\W*$/i;

// "Posted on March 3, 2024 by", "Veröffentlicht am 8. Februar 2022 von": the names follow the date.
const DATED_PREFIX =
  /^(?:posted|published|written|veröffentlicht|erstellt|geschrieben|publié)\s+(?:on|am|le)\s+.{1,40}?\s(?:by|von|par)\s+/i;

const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const WEEKDAY = "(?:mon|tues|wednes|thurs|fri|satur|sun)day";
// "March 3", "on Monday, 29 February", "at April 21".
const DATE_START = new RegExp(
  `\\s(?:(?:on|at|am|le)\\s+)?(?:${WEEKDAY},?\\s+(?:${MONTH}\\.?\\s+)?\\d|${MONTH}\\.?\\s+\\d)`,
  "i",
);
// Editors, photographers and translators are credited after the writers but did not write the piece ("Text and
// photos by" credits the writer too).
const OTHER_CREDITS =
  /(?<!\b(?:and|&)\s)\b(?:edited|reviewed|fact[- ]checked|translated|photos?|photographs?|photography|pictures?|illustrations?|illustrated|graphics)\s+by\b/i;

/** Person names out of a byline such as "By Jane Doe and John Roe, Reuters | March 3, 2024". */
export function namesFromByline(byline: string): string[] {
  let text = collapseWhitespace(byline).replace(DATED_PREFIX, "").replace(BYLINE_PREFIX, "");
  // Whatever follows a date, a pipe or bullet, or another role's credit is not a name.
  text = text.split(DATE_START)[0] ?? "";
  text =
    text.split(
      /\s[|•·](?:\s|$)|\s(?:on|am|le)\s+\d|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}|\b(?:(?:last\s+)?updated|published(?! by)|aktualisiert|veröffentlicht(?! von))\b/i,
    )[0] ?? "";
  // A dash left dangling ("Jane Doe —") separated the name from what was cut; a dash inside may join two names.
  text = (text.split(OTHER_CREDITS)[0] ?? "").replace(/\s[-–—]+\s*$/, "");
  // "(R.J.)" is part of a name, "(avec Damien Leloup et Morgane Tual)" a list of co-authors.
  const names = text
    .replace(/\((?!\s*(avec|with|mit|and|und|et)\b)[^)]*\)/gi, " ")
    .split(/\s*(?:,|;|&|\(|\)|\band\b|\bund\b|\bet\b|\bi\b|\bavec\b|\bwith\b|\bmit\b)\s*/i)
    // "Jane Doe @janedoe": the handle repeats the name.
    .map((part) => collapseWhitespace(part.replace(BYLINE_PREFIX, "").replace(/\s+@\w+\s*$/, "")))
    .filter(
      (part) =>
        part.length >= 3 &&
        part.length <= 60 &&
        /\p{L}/u.test(part) &&
        !looksLikeUrl(part) &&
        !isPlaceholder(part),
    );
  return [...new Set(names)].slice(0, 10);
}

/** "Name (required)", "Posted by Unknown". */
function isPlaceholder(byline: string): boolean {
  return PLACEHOLDER.test(collapseWhitespace(byline.replace(/\([^)]*\)/g, " ")).replace(BYLINE_PREFIX, ""));
}

/** An account name ("CC7567", "@jdoe"): one word mixing letters and digits, or starting with "@". */
function looksLikeHandle(name: string): boolean {
  return /^@\S+$/.test(name) || (/^\S+$/.test(name) && /\p{L}/u.test(name) && /\d/.test(name));
}

export function readAuthors(facts: PageFacts, jsonLd: JsonLdFacts): string[] {
  const declared = declaredAuthors(facts, jsonLd);
  if (declared.length > 0 && !declared.every(looksLikeHandle)) return declared;
  // A declared handle is the account that posted; a byline printed on the page names the person.
  const printed = printedAuthors(facts);
  if (declared.length === 0 || (printed.length > 0 && !printed.every(looksLikeHandle))) return printed;
  return declared;
}

/** Authors from JSON-LD, else Dublin Core / author meta, else article:author. */
function declaredAuthors(facts: PageFacts, jsonLd: JsonLdFacts): string[] {
  const fromJsonLd = [...new Set(jsonLd.authors.flatMap(namesFromByline))];
  if (fromJsonLd.length > 0) return fromJsonLd;
  const meta = metaText(facts, [
    "dc:creator",
    "dcterm:creator",
    "dcterms:creator",
    "author",
    "parsely-author",
    "sailthru:author",
    "byl",
  ]);
  const articleAuthor = metaText(facts, ["article:author", "og:article:author"]);
  for (const value of [meta, articleAuthor]) {
    const names = value && !looksLikeUrl(value) ? namesFromByline(value) : [];
    if (names.length > 0) return names;
  }
  return [];
}

/** Names from the page's bylines: rel=author / itemprop=author markup first, then "byline" / "author" classes. */
function printedAuthors(facts: PageFacts): string[] {
  for (const fromMarkup of [true, false]) {
    for (const byline of facts.bylines) {
      if (byline.fromMarkup !== fromMarkup) continue;
      // Past a comment form's "Name" label or a platform's "Unknown", the bylines are commenters'.
      if (isPlaceholder(byline.text)) break;
      const names = namesFromByline(byline.text);
      if (names.length > 0) return names;
    }
  }
  return [];
}

/** Primary language subtag, lowercased: "en-US" -> "en", "de_DE" -> "de". */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary =
    tag
      .trim()
      .split(/[-_\s,;]/)[0]
      ?.toLowerCase() ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

export function readLanguage(facts: PageFacts, jsonLd: JsonLdFacts): string | null {
  return (
    primaryLanguage(facts.htmlLang) ??
    primaryLanguage(metaValue(facts, ["content-language", "language", "dc.language", "og:locale"])) ??
    primaryLanguage(jsonLd.inLanguage)
  );
}

export function readCanonicalUrl(facts: PageFacts, pageUrl: string): string | null {
  const canonical = facts.links.find((l) => l.rel.split(/\s+/).includes("canonical"))?.href;
  for (const candidate of [canonical, metaValue(facts, ["og:url"])]) {
    if (!candidate) continue;
    try {
      const resolved = new URL(candidate.trim(), pageUrl);
      if (resolved.protocol === "http:" || resolved.protocol === "https:") return resolved.href;
    } catch {
      // An unparseable canonical is as good as none.
    }
  }
  return null;
}

const PUBLISHED_META = [
  "article:published_time",
  "og:published_time",
  "article:published",
  "published_time",
  "datepublished",
  "pubdate",
  "publishdate",
  "publish-date",
  "publish_date",
  "publication_date",
  "date",
  "dc:date",
  "dc:date:issued",
  "dcterms:date",
  "dcterms:issued",
  "dcterms:created",
  "sailthru:date",
  "parsely-pub-date",
  "originalpublicationdate",
  "citation_publication_date",
];

const MODIFIED_META = ["article:modified_time", "og:updated_time", "dcterms:modified", "last-modified"];

/**
 * Published time: JSON-LD, then meta, then <time>, then a visible date line near the start of the article
 * (`articleStart` is the index of the article's first block). A modification time is not a publication time:
 * see readModifiedAt.
 */
export function readPublishedAt(
  facts: PageFacts,
  jsonLd: JsonLdFacts,
  blocks: Block[],
  articleStart: number,
): ParsedDate | null {
  const declared = firstParsedDate([jsonLd.datePublished, metaValue(facts, PUBLISHED_META)]);
  if (declared) return declared;
  const times = facts.times.filter((t) => !t.inBoilerplate || t.blockIndex >= articleStart - 3);
  for (const time of [...times, ...facts.times]) {
    const parsed = parseDate(time.datetime) ?? parseDate(time.text);
    if (parsed) return parsed;
  }
  // Lines just before the article body first (where datelines sit), then its first lines.
  const order: number[] = [];
  for (let i = articleStart - 1; i >= Math.max(0, articleStart - 8); i--) order.push(i);
  for (let i = articleStart; i < Math.min(blocks.length, articleStart + 4); i++) order.push(i);
  for (const index of order) {
    const block = blocks[index];
    if (!block || block.text.length > 160) continue;
    const parsed = dateFromLine(block.text);
    if (parsed) return parsed;
  }
  return null;
}

/** Last modification time (JSON-LD dateModified, article:modified_time, og:updated_time): a stand-in for the
 * published time only after every other source, the feed item's date included, had none. */
export function readModifiedAt(facts: PageFacts, jsonLd: JsonLdFacts): string | null {
  return firstDate([jsonLd.dateModified, metaValue(facts, MODIFIED_META)]);
}

/** The first of the declared values that parses as a date, as UTC ISO. */
function firstDate(values: (string | null)[]): string | null {
  return firstParsedDate(values)?.iso ?? null;
}

function firstParsedDate(values: (string | null)[]): ParsedDate | null {
  for (const value of values) {
    const parsed = value ? parseDate(value) : null;
    if (parsed) return parsed;
  }
  return null;
}
