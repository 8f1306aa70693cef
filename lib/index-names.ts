// Elasticsearch names in one place. The prefix lets tests (and several installations) share one cluster.
export interface IndexNames {
  /** Alias users and Kibana search; points at the current versioned index. */
  articles: string;
  /** The versioned index behind the alias: a mapping change is a reindex into v2 and an alias swap. */
  articlesVersioned: string;
  /** Raw fetched pages (compressed) for replay. */
  raw: string;
  /** Alert history: one document per rule and article. */
  alerts: string;
  /** Feed health: one document per feed, rewritten after its polls (workers/poll/feed-health-index.ts). */
  feeds: string;
}

export function indexNames(prefix: string): IndexNames {
  return {
    articles: `${prefix}news-articles`,
    articlesVersioned: `${prefix}news-articles-v1`,
    raw: `${prefix}newsmon-raw`,
    alerts: `${prefix}newsmon-alerts`,
    feeds: `${prefix}newsmon-feeds`,
  };
}
