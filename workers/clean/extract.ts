// The clean stage's extractor: an HTML string and its URL in, the article out (title, main text with paragraph
// breaks, published time, authors, language, canonical URL). Pure and synchronous; it never throws: input past
// parse.ts's MAX_HTML_CHARS is cut before parsing, and any internal failure yields an empty article rather than an error.
import { selectMainText } from "./content.ts";
import { buildPageModel } from "./dom.ts";
import {
  readAuthors,
  readCanonicalUrl,
  readJsonLd,
  readLanguage,
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
  authors: string[];
  /** Primary language subtag, lowercased. */
  lang: string | null;
  canonicalUrl: string | null;
}

export function extractArticle(html: string, url: string): ExtractedArticle {
  try {
    return extract(typeof html === "string" ? html : "", url);
  } catch {
    return { title: null, text: "", publishedAt: null, authors: [], lang: null, canonicalUrl: null };
  }
}

function extract(html: string, url: string): ExtractedArticle {
  const model = buildPageModel(parseHtml(html));
  const jsonLd = readJsonLd(model.facts.jsonLd);
  const title = readTitle(model.facts, jsonLd);
  const main = selectMainText(model);
  const paragraphs = dropRepeatedTitle(
    main.blocks.map((i) => normaliseParagraph(model.blocks[i]?.text ?? "")).filter((p) => p !== ""),
    title,
  );
  return {
    title: title ? normaliseParagraph(title) : null,
    text: paragraphs.join("\n\n"),
    publishedAt: readPublishedAt(model.facts, jsonLd, model.blocks, main.start),
    authors: readAuthors(model.facts, jsonLd).map((name) => name.normalize("NFC")),
    lang: readLanguage(model.facts, jsonLd),
    canonicalUrl: readCanonicalUrl(model.facts, url),
  };
}

/** The headline is metadata; as the text's first paragraph it would only be counted twice downstream. */
function dropRepeatedTitle(paragraphs: string[], title: string | null): string[] {
  if (!title || paragraphs.length === 0) return paragraphs;
  const normalised = collapseWhitespace(title).toLowerCase();
  return collapseWhitespace(paragraphs[0] ?? "").toLowerCase() === normalised
    ? paragraphs.slice(1)
    : paragraphs;
}
