// index: a cleaned article and its entities in, one Elasticsearch document (id = article id, with its story id:
// see story.ts) written through the alias in a bulk request shared with concurrent jobs, and an alert job out. An
// unchanged article writes nothing; a changed one is updated in place (revision + 1), never duplicated. The
// article's artifacts are deleted from Redis once its alert job is queued. The document written goes to the
// alert stage as an artifact too: reading it back from Elasticsearch at once would make Elasticsearch refresh
// the index for nearly every article (a realtime get of a document not yet searchable).

import { missing } from "../../lib/artifacts.ts";
import { VersionConflictError } from "../../lib/bulk-writer.ts";
import { PermanentError } from "../../lib/errors.ts";
import { jobId } from "../../lib/ids.ts";
import { type ArticleDocument, CleanedArticle, FoundEntities } from "../../queues/articles.ts";
import type { NextJob, Stage } from "../stage.ts";
import { assignStory, storySignature } from "./story.ts";

export function buildArticleDocument(
  article: CleanedArticle,
  entities: FoundEntities,
  feedName: string,
  revision: number,
  story: { storyId: string; storySignature: string },
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
    const [article, entities, existing] = await Promise.all([
      deps.artifacts.find("cleaned", articleId, contentHash, CleanedArticle),
      deps.artifacts.find("entities", articleId, contentHash, FoundEntities),
      deps.articleVersions.read(articleId),
    ]);
    const indexed = existing?.source.contentHash === contentHash ? existing : null;
    // The artifacts go once the alert job is queued: a retry before that still finds them.
    const consumed = () => deps.artifacts.delete(["cleaned", "entities"], articleId, contentHash);
    // Unchanged (or indexed by an earlier try that died before queueing the alert job): queue it again. Its id
    // makes the repeat harmless, and a crash between the write and the queueing loses no alert.
    if (indexed && !replay) {
      return { next: [alertJob(articleId, contentHash, indexed.source.revision)], afterEnqueue: consumed };
    }
    if (!article || !entities) throw new PermanentError(missing("cleaned article", articleId, contentHash));
    const revision = (existing?.source.revision ?? 0) + 1;
    const feedName =
      deps.loaded.config.feeds.find((feed) => feed.id === article.feedId)?.name ?? article.feedId;
    const signature = storySignature(article.text);
    const storyId = await assignStory(
      deps.redis,
      deps.keyPrefix,
      { articleId, signature },
      existing?.source.storyId ?? null,
    );
    const document = buildArticleDocument(article, entities, feedName, revision, {
      storyId,
      storySignature: signature,
    });
    try {
      await deps.bulk.write({
        index: deps.names.articles,
        id: articleId,
        document,
        expect: existing ? { seqNo: existing.seqNo, primaryTerm: existing.primaryTerm } : "absent",
      });
    } catch (error) {
      // Another revision landed first; the retry re-reads it and decides again.
      if (error instanceof VersionConflictError) throw new Error(`${error.message}; retrying`);
      throw error;
    }
    await Promise.all([
      deps.artifacts.put("document", articleId, contentHash, document),
      // The earlier revision's alert job, if it has not run yet, must not take its stale document for the
      // article: without it, that job reads Elasticsearch and sees a newer revision.
      existing ? deps.artifacts.delete(["document"], articleId, existing.source.contentHash) : null,
    ]);
    return {
      next: [alertJob(articleId, contentHash, revision)],
      afterEnqueue: consumed,
    };
  },
};

function alertJob(articleId: string, contentHash: string, revision: number): NextJob<"index"> {
  return {
    jobId: jobId("alert", articleId, String(revision), contentHash.slice(0, 16)),
    data: { articleId, contentHash, revision },
  };
}
