// index: a cleaned article and its entities in, one Elasticsearch document (id = article id, with its story id:
// see story.ts) written through the alias, and an alert job out when the text is new or changed. An unchanged article writes nothing and
// raises nothing; a changed one is updated in place (revision + 1), never duplicated.

import { jobId } from "../../lib/ids.ts";
import { type ArticleDocument, CleanedArticle, FoundEntities } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import type { Stage } from "../stage.ts";
import { VersionConflictError } from "./bulk-writer.ts";
import { fingerprint, storyFor } from "./story.ts";

export function buildArticleDocument(
  article: CleanedArticle,
  entities: FoundEntities,
  feedName: string,
  revision: number,
  story: { storyId: string; simhash: string },
): ArticleDocument {
  const canonicalNames = (type: string) =>
    entities.filter((entity) => entity.type === type).map((entity) => entity.canonical);
  const watched = entities.filter((entity) => entity.watched && entity.id !== null);
  return {
    // Kibana's time field: when the article was published, or fetched when the page does not say.
    "@timestamp": article.publishedAt ?? article.fetchedAt,
    articleId: article.articleId,
    url: article.url,
    canonicalUrl: article.canonicalUrl,
    source: new URL(article.canonicalUrl).hostname.replace(/^www\./, ""),
    feed: { id: article.feedId, name: feedName },
    title: article.title,
    text: article.text,
    lang: article.lang,
    authors: article.authors,
    publishedAt: article.publishedAt,
    fetchedAt: article.fetchedAt,
    indexedAt: new Date().toISOString(),
    contentHash: article.contentHash,
    revision,
    ...story,
    entities: {
      person: canonicalNames("person"),
      organization: canonicalNames("organization"),
      place: canonicalNames("place"),
      event: canonicalNames("event"),
      watched: watched.map((entity) => entity.id as string),
      watchedInTitle: watched.filter((entity) => entity.inTitle).map((entity) => entity.id as string),
    },
    entityMentions: entities,
  };
}

export const indexStage: Stage<"index"> = {
  name: "index",
  async run({ articleId, contentHash, replay }, deps) {
    const [article, entities] = await Promise.all([
      deps.artifacts.get("cleaned", articleId, contentHash, CleanedArticle),
      deps.artifacts.get("entities", articleId, contentHash, FoundEntities),
    ]);
    const existing = await currentVersion(deps, articleId);
    if (existing && existing.contentHash === contentHash && !replay) return { next: [] };
    const revision = (existing?.revision ?? 0) + 1;
    const feedName =
      deps.loaded.config.feeds.find((feed) => feed.id === article.feedId)?.name ?? article.feedId;
    const simhash = fingerprint(article.text);
    const storyId = await storyFor(
      deps.es,
      deps.redis,
      { index: deps.names.articles, keyPrefix: deps.keyPrefix },
      { articleId, text: article.text, simhash },
      existing?.storyId ?? null,
    );
    try {
      await deps.bulk.write({
        index: deps.names.articles,
        id: articleId,
        document: buildArticleDocument(article, entities, feedName, revision, { storyId, simhash }),
        expect: existing ? { seqNo: existing.seqNo, primaryTerm: existing.primaryTerm } : "absent",
      });
    } catch (error) {
      // Another revision landed first; the retry re-reads it and decides again.
      if (error instanceof VersionConflictError) throw new Error(`${error.message}; retrying`);
      throw error;
    }
    return {
      next: [
        {
          jobId: jobId("alert", articleId, String(revision), contentHash.slice(0, 16)),
          data: { articleId, contentHash, revision },
        },
      ],
    };
  },
};

async function currentVersion(deps: Deps, articleId: string) {
  const response = await deps.es.get<{ contentHash: string; revision: number; storyId?: string }>(
    { index: deps.names.articles, id: articleId, _source_includes: ["contentHash", "revision", "storyId"] },
    { ignore: [404] },
  );
  if (
    !response.found ||
    !response._source ||
    response._seq_no === undefined ||
    response._primary_term === undefined
  ) {
    return null;
  }
  return { ...response._source, seqNo: response._seq_no, primaryTerm: response._primary_term };
}
