// Stories: syndicated copies and lightly edited re-publications of one article are one story. Each article gets
// a 64-bit SimHash of its text (word 3-shingles; titles are left out because syndicators rewrite them): copies
// land a few bits apart (the fixture's edited copy of seed 002: 10), unrelated articles about half the bits apart
// (the closest unrelated pair in the fixture: 23). Candidates come from Elasticsearch's more_like_this over the
// text, then the fingerprints decide.
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
 * The story of an article: the story of its nearest near copy already indexed, else the story it already has,
 * else its own id (it starts a story).
 */
export async function storyFor(
  es: ElasticsearchClient,
  index: string,
  article: { articleId: string; text: string; simhash: Fingerprint },
  current: string | null,
): Promise<string> {
  // Copies indexed a moment ago must be visible to the search.
  await es.indices.refresh({ index });
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
  let best: { storyId: string; distance: number } | null = null;
  for (const hit of response.hits.hits) {
    const source = hit._source;
    if (!source?.storyId || !source.simhash) continue;
    const distance = hammingDistance(article.simhash, source.simhash);
    if (distance <= maxStoryDistance && (!best || distance < best.distance))
      best = { storyId: source.storyId, distance };
  }
  return best?.storyId ?? current ?? article.articleId;
}
