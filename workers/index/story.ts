// Stories: syndicated copies and lightly edited re-publications of one article are one story. Each article gets
// a 64-bit SimHash of its text (word 3-shingles; titles are left out because syndicators rewrite them): copies
// land a few bits apart (the fixture's edited copy of seed 002: 10), unrelated articles about half the bits apart
// (the closest unrelated pair in the fixture: 23). Candidates come from Elasticsearch's more_like_this over the
// text and from the last two minutes' assignments; the fingerprints decide.
import type { Redis } from "ioredis";
import type { ElasticsearchClient } from "../../lib/elasticsearch.ts";

/** Largest Hamming distance at which two articles are the same story. */
export const maxStoryDistance = 14;

/** 16 hex digits. */
export type Fingerprint = string;

export function fingerprint(text: string): Fingerprint {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const weights = new Int32Array(64);
  const shingles =
    words.length < 3
      ? [words.join(" ")]
      : words.slice(2).map((_, i) => `${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  for (const shingle of shingles) {
    const high = fnv1a(shingle, 0x811c9dc5);
    const low = fnv1a(shingle, 0x01000193 ^ 0x5bd1e995);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] = (weights[bit] ?? 0) + ((high >>> bit) & 1 ? 1 : -1);
      weights[bit + 32] = (weights[bit + 32] ?? 0) + ((low >>> bit) & 1 ? 1 : -1);
    }
  }
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((weights[bit] ?? 0) > 0) high |= 1 << bit;
    if ((weights[bit + 32] ?? 0) > 0) low |= 1 << bit;
  }
  return (high >>> 0).toString(16).padStart(8, "0") + (low >>> 0).toString(16).padStart(8, "0");
}

export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      distance += 1;
    }
  }
  return distance;
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The story of an article: the story of its nearest near copy, else the story it already has, else its own id (it
 * starts a story). Near copies are looked for among the indexed articles (more_like_this) and among the articles
 * assigned in the last two minutes, which may not be searchable yet: copies of one press release often arrive in
 * the same poll. One assignment at a time (a Redis lock), so two copies cannot both start a story.
 */
export async function storyFor(
  es: ElasticsearchClient,
  redis: Redis,
  names: { index: string; keyPrefix: string },
  article: { articleId: string; text: string; simhash: Fingerprint },
  current: string | null,
): Promise<string> {
  const lock = `${names.keyPrefix}:stories:lock`;
  const recentKey = `${names.keyPrefix}:stories:recent`;
  const token = `${process.pid}-${article.articleId}-${Math.random()}`;
  const deadline = Date.now() + 10_000;
  while ((await redis.set(lock, token, "PX", 5_000, "NX")) !== "OK") {
    if (Date.now() > deadline) throw new Error("timed out waiting for the story lock");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  try {
    const now = Date.now();
    await redis.zremrangebyscore(recentKey, "0", String(now - recentWindowMs));
    const recent = (await redis.zrange(recentKey, "0", "-1")).map((member) => {
      const [articleId = "", simhash = "", storyId = ""] = member.split(" ");
      return { articleId, simhash, storyId };
    });
    const indexed = await similarIndexed(es, names.index, article);
    let best: { storyId: string; distance: number } | null = null;
    for (const candidate of [...indexed, ...recent]) {
      if (candidate.articleId === article.articleId || !candidate.storyId || !candidate.simhash) continue;
      const distance = hammingDistance(article.simhash, candidate.simhash);
      if (distance <= maxStoryDistance && (!best || distance < best.distance)) {
        best = { storyId: candidate.storyId, distance };
      }
    }
    const storyId = best?.storyId ?? current ?? article.articleId;
    await redis.zadd(recentKey, String(now), `${article.articleId} ${article.simhash} ${storyId}`);
    await redis.pexpire(recentKey, recentWindowMs);
    return storyId;
  } finally {
    if ((await redis.get(lock)) === token) await redis.del(lock);
  }
}

/** How long an assignment is remembered outside Elasticsearch: until the article is surely searchable. */
const recentWindowMs = 120_000;

async function similarIndexed(
  es: ElasticsearchClient,
  index: string,
  article: { articleId: string; text: string },
): Promise<Array<{ articleId: string; simhash: string; storyId: string }>> {
  const response = await es.search<{ storyId: string; simhash: string }>({
    index,
    size: 10,
    _source: ["storyId", "simhash"],
    query: {
      bool: {
        must: [
          {
            more_like_this: {
              fields: ["text"],
              like: article.text.slice(0, 10_000),
              min_term_freq: 1,
              min_doc_freq: 1,
              max_query_terms: 40,
              minimum_should_match: "30%",
            },
          },
        ],
        must_not: [{ ids: { values: [article.articleId] } }],
      },
    },
  });
  return response.hits.hits.flatMap((hit) =>
    hit._id && hit._source
      ? [{ articleId: hit._id, simhash: hit._source.simhash, storyId: hit._source.storyId }]
      : [],
  );
}
