// The clean stage's extractor: an HTML string and its URL in, the article out (title, main text with paragraph
// breaks, published time, authors, language, canonical URL). Pure and synchronous; it never throws: input past
// parse.ts's MAX_HTML_CHARS is cut before parsing, and any internal failure yields an empty article rather than an error.
import { selectMainText } from "./content.ts";
import type { DatePrecision } from "./dates.ts";
import { buildPageModel } from "./dom.ts";
import {
  readAuthors,
  readCanonicalUrl,
  readJsonLd,
  readLanguage,
  readModifiedAt,
  readPublishedAt,
  readTitle,
} from "./metadata.ts";
import { parseHtml } from "./parse.ts";
import { collapseWhitespace, normaliseParagraph } from "./text.ts";

export interface ExtractedArticle {
  title: string | null;
  /** Paragraphs (and headings, list items, quotes, table rows) separated by "\n\n"; NFC. */
  text: string;
  /** UTC ISO with milliseconds. */
  publishedAt: string | null;
  /** What the page's date said: a time of day or only a date, with a zone or without (read as UTC then). */
  publishedPrecision: DatePrecision | null;
  /** Last modification, UTC ISO: the published time's stand-in when nothing else dates the article. */
  modifiedAt: string | null;
  authors: string[];
  /** Primary language subtag, lowercased. */
  lang: string | null;
  canonicalUrl: string | null;
}

export function extractArticle(html: string, url: string): ExtractedArticle {
  try {
    return extract(typeof html === "string" ? html : "", url);
  } catch {
    return {
      title: null,
      text: "",
      publishedAt: null,
      publishedPrecision: null,
      modifiedAt: null,
      authors: [],
      lang: null,
      canonicalUrl: null,
    };
  }
}

function extract(html: string, url: string): ExtractedArticle {
  const model = buildPageModel(parseHtml(html));
  const jsonLd = readJsonLd(model.facts.jsonLd);
  const title = readTitle(model.facts, jsonLd);
  const main = selectMainText(model);
  const found = dropRepeatedTitle(
    main.blocks.map((i) => normaliseParagraph(model.blocks[i]?.text ?? "")).filter((p) => p !== ""),
    title,
  );
  const declared = declaredParagraphs(jsonLd.articleBody);
  const paragraphs = dropRepeatedParagraphs(
    chars(declared) >= DECLARED_BODY_FACTOR * chars(found)
      ? [...leadOutside(found, declared), ...declared]
      : found,
  );
  const published = readPublishedAt(model.facts, jsonLd, model.blocks, main.start);
  return {
    title: title ? normaliseParagraph(title) : null,
    text: paragraphs.join("\n\n"),
    publishedAt: published?.iso ?? null,
    publishedPrecision: published ? { hasTime: published.hasTime, hasZone: published.hasZone } : null,
    modifiedAt: readModifiedAt(model.facts, jsonLd),
    authors: readAuthors(model.facts, jsonLd).map((name) => name.normalize("NFC")),
    lang: readLanguage(model.facts, jsonLd),
    canonicalUrl: readCanonicalUrl(model.facts, url),
  };
}

/** How much longer than the text found in the page the declared articleBody must be to be taken instead. */
const DECLARED_BODY_FACTOR = 2;

const chars = (paragraphs: string[]) => paragraphs.reduce((sum, p) => sum + p.length, 0);

/**
 * The JSON-LD articleBody as paragraphs. Pages that render their story with JavaScript carry the text only
 * there (the HTML holds a shell and a caption); it is taken when it is much longer than what the page shows, so a
 * teaser-length articleBody never replaces a full page. Plain text breaks paragraphs at newlines; HTML is read
 * as a page of its own.
 */
function declaredParagraphs(articleBody: string | null): string[] {
  if (!articleBody) return [];
  const pieces = /<[a-z][^>]*>/i.test(articleBody)
    ? buildPageModel(parseHtml(articleBody)).blocks.map((block) => block.text)
    : articleBody.split(/\r?\n/);
  return pieces.map(normaliseParagraph).filter((p) => p !== "");
}

/** How many of the page's paragraphs are looked up in the declared body: each lookup scans the whole body. */
const LEAD_PARAGRAPHS = 10;

/** The paragraphs the page shows before the first one the declared body holds (the first few when it holds
 * none of them): a standfirst that CMSs keep apart from the body, or what a paywall leaves visible. */
function leadOutside(found: string[], declared: string[]): string[] {
  const body = declared.join("\n");
  const head = found.slice(0, LEAD_PARAGRAPHS);
  const firstShared = head.findIndex((paragraph) => body.includes(paragraph));
  return firstShared < 0 ? head : head.slice(0, firstShared);
}

/** Paragraphs at least this long that occur twice are one paragraph printed twice, not a refrain. */
const REPEAT_CHARS = 80;

/** Pages print some paragraphs twice (a mobile and a desktop copy, one hidden by CSS): the copy would count every
 * mention in it twice downstream. */
function dropRepeatedParagraphs(paragraphs: string[]): string[] {
  const seen = new Set<string>();
  return paragraphs.filter((paragraph) => {
    if (paragraph.length < REPEAT_CHARS) return true;
    if (seen.has(paragraph)) return false;
    seen.add(paragraph);
    return true;
  });
}

/** The headline is metadata; as the text's first paragraph it would only be counted twice downstream. */
function dropRepeatedTitle(paragraphs: string[], title: string | null): string[] {
  if (!title || paragraphs.length === 0) return paragraphs;
  const normalised = collapseWhitespace(title).toLowerCase();
  return collapseWhitespace(paragraphs[0] ?? "").toLowerCase() === normalised
    ? paragraphs.slice(1)
    : paragraphs;
}
