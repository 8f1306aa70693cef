// Synthetic article documents for tests that need hundreds of indexed articles without crawling them: texts
// made of seeded random words around topic sentences, entities found by the real entity matcher, documents
// built by the index stage's own builder, syndicated copies sharing their original's story. Bulk-indexed into
// the articles index as the index stage would leave them.
import type { WatchlistEntity } from "../../config/watchlist-schema.ts";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";
import { articleIdFor, sha256 } from "../../lib/ids.ts";
import { seededRandom } from "../../lib/random.ts";
import type { ArticleDocument } from "../../queues/articles.ts";
import { createEntityMatcher } from "../../workers/entities/match.ts";
import { buildArticleDocument } from "../../workers/index/stage.ts";

export interface SyntheticArticle {
  document: ArticleDocument;
  /** What the generator put in: the facts a test can count on. */
  topics: { sco: boolean; cpaffc: boolean; cpaffcInTitle: boolean; samarkand: boolean; energy: boolean };
  /** The original's article id when this is a syndicated copy. */
  copyOf: string | null;
}

const words =
  "the a of to and in on for with by from at as after before during while about over under between against among city council minister ministry report meeting talks plan project programme budget trade market bank port rail road bridge school hospital court election vote parliament committee agency office company group union river coast region province capital village farmers workers students teachers officials experts visitors delegation statement spokesman survey figures growth prices rates exports imports investment funding contract agreement dispute decision reform policy law rule standard review audit inquiry season festival concert exhibition museum library stadium match team coach players fans weather storm rain snow heat drought harvest water power grid fuel transport traffic airport flight tourism hotel museum culture heritage language history science research university laboratory technology software network data security health vaccine clinic doctors nurses patients housing rent construction design architecture".split(
    " ",
  );

function sentence(next: () => number): string {
  const length = 12 + Math.floor(next() * 8);
  const picked = Array.from({ length }, () => words[Math.floor(next() * words.length)] ?? "the");
  const text = picked.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export const syntheticHosts = ["a.example", "b.example", "c.example", "d.example"];

/**
 * `count` originals published every 3 hours from `from`, and a syndicated copy (same text, another host, same
 * story) of every sixth one that names the SCO. Topics by position, so every rule condition has hits and misses.
 */
export function syntheticArticles(
  count: number,
  entities: WatchlistEntity[],
  from = new Date("2026-10-01T00:00:00Z"),
): SyntheticArticle[] {
  const matcher = createEntityMatcher(entities);
  const next = seededRandom(20261206);
  const articles: SyntheticArticle[] = [];
  let indexedAt = Date.parse("2026-12-01T00:00:00Z");
  const build = (
    index: number,
    host: string,
    title: string,
    text: string,
    published: Date,
    storyId: string | null,
  ): ArticleDocument => {
    const url = `https://${host}/news/${published.toISOString().slice(0, 10)}/story-${index}${storyId ? "-copy" : ""}`;
    const articleId = articleIdFor(url);
    const document = buildArticleDocument(
      {
        articleId,
        url,
        canonicalUrl: url,
        feedId: host,
        title,
        text,
        publishedAt: published.toISOString(),
        authors: [],
        lang: index % 10 === 9 ? "ru" : "en",
        fetchedAt: published.toISOString(),
        contentHash: sha256(text),
      },
      matcher.find({ title, text }),
      host,
      1,
      { storyId: storyId ?? articleId, storySignature: "" },
    );
    indexedAt += 1000;
    return { ...document, indexedAt: new Date(indexedAt).toISOString() };
  };
  for (let index = 0; index < count; index++) {
    const topics = {
      sco: index % 3 === 0,
      cpaffc: index % 7 === 0,
      cpaffcInTitle: index % 14 === 0,
      samarkand: index % 5 === 0,
      energy: index % 4 === 0,
    };
    const paragraphs = Array.from({ length: 6 }, () => sentence(next));
    if (topics.sco)
      paragraphs.splice(2, 0, "Delegates of the Shanghai Cooperation Organization met to review the agenda.");
    if (topics.sco && index % 2 === 0)
      paragraphs.push("The Shanghai Cooperation Organization secretariat will publish its conclusions.");
    if (topics.cpaffc)
      paragraphs.splice(
        1,
        0,
        "The Chinese People's Association for Friendship with Foreign Countries sent a delegation.",
      );
    if (topics.samarkand) paragraphs.push("The next round of talks will be held in Samarkand.");
    if (topics.energy) paragraphs.push("Ministers also discussed energy supplies for the coming winter.");
    const title = topics.cpaffcInTitle
      ? `Chinese People's Association for Friendship with Foreign Countries delegation visit ${index}`
      : `${sentence(next).slice(0, 60).replace(/\.$/, "").trim()} ${index}`;
    const text = paragraphs.join("\n\n");
    const published = new Date(from.getTime() + index * 3 * 3_600_000);
    const host = syntheticHosts[index % syntheticHosts.length] ?? "a.example";
    const original = build(index, host, title, text, published, null);
    articles.push({ document: original, topics, copyOf: null });
    if (topics.sco && index % 6 === 0) {
      const copyHost = syntheticHosts[(index + 1) % syntheticHosts.length] ?? "b.example";
      const copy = build(index, copyHost, title, text, published, original.articleId);
      articles.push({ document: copy, topics, copyOf: original.articleId });
    }
  }
  return articles;
}

export async function indexSyntheticArticles(
  es: ElasticsearchClient,
  index: string,
  articles: SyntheticArticle[],
): Promise<void> {
  const response = await es.bulk({
    refresh: true,
    operations: articles.flatMap(({ document }) => [
      { index: { _index: index, _id: document.articleId } },
      document,
    ]),
  });
  if (response.errors)
    throw new Error(
      `bulk indexing failed: ${JSON.stringify(response.items.find((item) => item.index?.error))}`,
    );
}
