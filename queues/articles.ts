// What the stages hand each other besides job payloads: the cleaned article (clean -> entities, index), the
// entities it names (entities -> index) and the article document in Elasticsearch (index -> alert, and the CLI).
// One place for these shapes, so no stage imports another stage's module.
import { z } from "zod";
import { EntityType } from "../config/watchlist-schema.ts";

export const CleanedArticle = z.object({
  articleId: z.string(),
  url: z.string(),
  canonicalUrl: z.string(),
  feedId: z.string(),
  title: z.string().nullable(),
  text: z.string(),
  publishedAt: z.string().nullable(),
  authors: z.array(z.string()),
  lang: z.string().nullable(),
  fetchedAt: z.string(),
  contentHash: z.string(),
});
export type CleanedArticle = z.infer<typeof CleanedArticle>;

export const FoundEntities = z.array(
  z.object({
    id: z.string().nullable(),
    canonical: z.string(),
    type: EntityType,
    watched: z.boolean(),
    count: z.number().int(),
    firstOffset: z.number().int(),
    inTitle: z.boolean(),
    mentions: z.array(
      z.object({
        text: z.string(),
        start: z.number().int(),
        end: z.number().int(),
        field: z.enum(["title", "text"]),
      }),
    ),
  }),
);
export type FoundEntities = z.infer<typeof FoundEntities>;

export interface ArticleDocument extends Record<string, unknown> {
  "@timestamp": string;
  articleId: string;
  url: string;
  canonicalUrl: string;
  source: string;
  feed: { id: string; name: string };
  title: string | null;
  text: string;
  lang: string | null;
  authors: string[];
  publishedAt: string | null;
  fetchedAt: string;
  indexedAt: string;
  contentHash: string;
  revision: number;
  storyId: string;
  /** MinHash signature of the text (workers/index/story.ts); what later copies are compared with. */
  storySignature: string;
  entities: Record<"person" | "organization" | "place" | "event" | "watched" | "watchedInTitle", string[]>;
  entityMentions: FoundEntities;
}

/**
 * The document the index stage wrote, handed to the alert stage as an artifact. Not re-validated field by field:
 * newsmon's own index stage built it from validated parts a moment ago.
 */
export const IndexedDocument = z.custom<ArticleDocument>(
  (value) => typeof value === "object" && value !== null && "articleId" in value && "contentHash" in value,
);
