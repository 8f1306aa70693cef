// JSON Feed 1.0/1.1 in (already parsed JSON), normalised feed out. Fields of the wrong type are ignored one by
// one (zod with catch), so one odd item field does not lose the feed.
import { z } from "zod";
import { feedDateIso } from "../../lib/dates.ts";
import { escapeHtml, plainText, sanitizeFeedHtml } from "./feed-html.ts";
import type { FeedEntry, ParsedFeed } from "./parse-feed.ts";

const text = z.string().optional().catch(undefined);
const Author = z.object({ name: text, url: text }).catch({ name: undefined, url: undefined });
const Attachment = z
  .object({ url: z.string(), mime_type: text, size_in_bytes: z.number().optional().catch(undefined) })
  .nullable()
  .catch(null);
const Item = z
  .object({
    id: z.union([z.string(), z.number()]).optional().catch(undefined),
    url: text,
    external_url: text,
    title: text,
    content_html: text,
    content_text: text,
    summary: text,
    date_published: text,
    date_modified: text,
    author: Author.optional(),
    authors: z.array(Author).optional().catch(undefined),
    tags: z.array(z.string()).optional().catch(undefined),
    attachments: z.array(Attachment).optional().catch(undefined),
  })
  .nullable()
  .catch(null);
export const JsonFeedDocument = z.object({
  version: z.string().regex(/jsonfeed\.org\/version\//),
  title: text,
  home_page_url: text,
  feed_url: text,
  description: text,
  language: text,
  author: Author.optional(),
  authors: z.array(Author).optional().catch(undefined),
  items: z.array(Item).catch([]),
});

function absolute(url: string | undefined, base: string | null): string | null {
  if (!url?.trim()) return null;
  try {
    return base ? new URL(url.trim(), base).href : new URL(url.trim()).href;
  } catch {
    return url.trim();
  }
}

export function extractJsonFeed(
  document: z.infer<typeof JsonFeedDocument>,
  feedUrl: string | null,
): ParsedFeed {
  const base = absolute(document.home_page_url, feedUrl) ?? feedUrl;
  const names = (authors: Array<{ name?: string | undefined }> | undefined) =>
    (authors ?? []).flatMap((author) => (author.name?.trim() ? [plainText(author.name, false)] : []));
  const feedAuthors = names(document.authors ?? (document.author ? [document.author] : []));
  const entries = document.items.flatMap((item): FeedEntry[] => {
    if (!item) return [];
    const link = absolute(item.url ?? item.external_url, base);
    const content = item.content_html
      ? sanitizeFeedHtml(item.content_html, link ?? base) || null
      : item.content_text
        ? escapeHtml(item.content_text.trim())
        : null;
    const authors = names(item.authors ?? (item.author ? [item.author] : []));
    const chosenAuthors = authors.length > 0 ? authors : feedAuthors;
    const published = feedDateIso(item.date_published);
    const updated = feedDateIso(item.date_modified) ?? published;
    return [
      {
        title: item.title ? plainText(item.title, false) || null : null,
        link,
        id: item.id !== undefined ? String(item.id) : link,
        summary: item.summary ? escapeHtml(item.summary.trim()) : content,
        content,
        published: published ?? updated,
        updated,
        author: chosenAuthors[0] ?? null,
        authors: chosenAuthors,
        categories: (item.tags ?? []).map((tag) => plainText(tag, false)).filter((tag) => tag !== ""),
        enclosures: (item.attachments ?? []).flatMap((attachment) =>
          attachment
            ? [
                {
                  url: absolute(attachment.url, link ?? base) ?? attachment.url,
                  type: attachment.mime_type ?? null,
                  length: attachment.size_in_bytes ?? null,
                },
              ]
            : [],
        ),
      },
    ];
  });
  return {
    feed: {
      title: document.title ? plainText(document.title, false) || null : null,
      link: absolute(document.home_page_url, feedUrl),
      description: document.description ? escapeHtml(document.description.trim()) : null,
      author: feedAuthors[0] ?? null,
      language: document.language?.trim() || null,
      // JSON Feed dates only its items.
      updated: null,
    },
    entries,
  };
}
