// What the pipeline must make of each fixture article page: title, text, publication time, canonical URL,
// the watched entities named in the title or body (canonical names; page noise such as related-news lists does
// not count) and the alert rules that must fire. Tests compare newsmon's results against these values.
import {
  type Article,
  type FeedPath,
  greenEnergyRevision1,
  greenEnergyRevision2,
  initialArticles,
  missingArticle,
} from "./articles.ts";

export type AlertRuleId = "sco-mentioned" | "cpaffc-mentioned";

export const rssFeedPath: FeedPath = "/rss.xml";
export const atomFeedPath: FeedPath = "/atom.xml";
/** Malformed XML served with status 200. */
export const brokenFeedPath = "/broken.xml";
/** Listed in /rss.xml (with tracking parameters) but answers 404. */
export const missingArticlePath: string = missingArticle.path;
/** The 404 item's link as the feed gives it, relative to the site URL. */
export const missingArticleFeedLink: string = missingArticle.path + missingArticle.feedQuery;
export const robotsDisallowedPrefix = "/private/";

export interface ExpectedArticle {
  key: string;
  /** Page path; the canonical URL is the site URL followed by this path (see expectedCanonicalUrl). */
  path: string;
  feed: FeedPath;
  /** The item link as the feed gives it, relative to the site URL: path plus tracking parameters. */
  feedLink: string;
  title: string;
  /** Article body paragraphs joined by "\n\n". */
  text: string;
  /** UTC, ISO 8601 with milliseconds. */
  publishedAt: string;
  /** Watched entities named in title or body, canonical names, sorted. */
  entities: readonly string[];
  /** Rules whose condition the article meets. */
  alerts: readonly AlertRuleId[];
  /** Declared page encoding; windows-1251 is declared only in <meta charset>, not in Content-Type. */
  charset: "utf-8" | "windows-1251";
  /**
   * Set on a syndicated copy: the key of the original story. Its rules match, but an alert fires once per
   * story, so a pipeline that has alerted on the original must not alert again for this copy.
   */
  syndicationOf?: string;
}

const sco = "Shanghai Cooperation Organization";
const cpaffc = "Chinese People's Association for Friendship with Foreign Countries";

/** Watched entities per article key, checked by hand against title and body. */
const entitiesByKey: Record<string, readonly string[]> = {
  "seed-000": [
    sco,
    cpaffc,
    "Heydar Aliyev Foundation",
    "Heydar Aliyev",
    "Ilham Aliyev",
    "Xi Jinping",
    "Anar Alakbarov",
    "Zhang Ming",
    "Lin Songtian",
    "Azerbaijan",
    "China",
    "Beijing",
    "Samarkand",
    // "One Belt, One Road" initiative
    "Belt and Road Initiative",
  ],
  // "Heydar Aliyev" appears only inside the Foundation's and the Center's names; Ilham Aliyev is not named.
  "seed-001": [
    cpaffc,
    "Heydar Aliyev Foundation",
    "Heydar Aliyev Center",
    "Mehriban Aliyeva",
    "Anar Alakbarov",
    "Yang Wanming",
    "Azerbaijan",
    "China",
    "COP29",
  ],
  // No "China" in the text: "Shanghai" is part of the organisation's name.
  "seed-002": [
    sco,
    "Heydar Aliyev Foundation",
    "Ilham Aliyev",
    "Zhang Ming",
    "Azerbaijan",
    "Samarkand",
    "COP29",
  ],
  "seed-002-syndicated": [
    sco,
    "Heydar Aliyev Foundation",
    "Ilham Aliyev",
    "Zhang Ming",
    "Azerbaijan",
    "Samarkand",
    "COP29",
  ],
  // "Shanghai" only as the city of the import expo.
  "trade-turnover": ["Azerbaijan", "China"],
  "flight-route": ["Azerbaijan", "China", "Beijing"],
  "middle-corridor": ["Azerbaijan", "China"],
  // "SCO" is the Scottish Chamber Orchestra; the Heydar Aliyev Center is the concert venue.
  "scottish-orchestra": ["Azerbaijan", "Heydar Aliyev Center"],
  // SCO only in the related-news list and the tag list.
  "solar-plant": ["Azerbaijan", "China", "Belt and Road Initiative"],
  "cpaffc-ganja": [cpaffc, "Yang Wanming", "Azerbaijan", "China"],
  "green-energy": ["Azerbaijan", "China", "Beijing", "COP29"],
  "green-energy@2": ["Azerbaijan", "China", "Beijing", "COP29", sco],
};

function alertsFor(entities: readonly string[]): AlertRuleId[] {
  const alerts: AlertRuleId[] = [];
  if (entities.includes(sco)) alerts.push("sco-mentioned");
  if (entities.includes(cpaffc)) alerts.push("cpaffc-mentioned");
  return alerts;
}

function expect(article: Article, entityKey = article.key): ExpectedArticle {
  const entities = entitiesByKey[entityKey];
  if (!entities) throw new Error(`no expected entities for ${entityKey}`);
  return {
    key: article.key,
    path: article.path,
    feed: article.feed,
    feedLink: article.path + article.feedQuery,
    title: article.title,
    text: article.paragraphs.join("\n\n"),
    publishedAt: new Date(article.published).toISOString(),
    entities: [...entities].sort(),
    alerts: alertsFor(entities),
    charset: article.charset,
    ...(article.key === "seed-002-syndicated" ? { syndicationOf: "seed-002" } : {}),
  };
}

/** Every article page as the site serves it at start (the updated article in revision 1). */
export const expectedArticles: readonly ExpectedArticle[] = initialArticles.map((article) => expect(article));

export function expectedArticle(key: string): ExpectedArticle {
  const found = expectedArticles.find((article) => article.key === key);
  if (!found) throw new Error(`no fixture article ${key}`);
  return found;
}

/** The article publishUpdate() changes: same URL and publishedAt, new text, and now the SCO rule fires. */
export const updatedArticle: { before: ExpectedArticle; after: ExpectedArticle } = {
  before: expect(greenEnergyRevision1),
  after: expect(greenEnergyRevision2, "green-energy@2"),
};

export function expectedCanonicalUrl(siteUrl: string, article: Pick<ExpectedArticle, "path">): string {
  return siteUrl + article.path;
}
