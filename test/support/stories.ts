// What the fixture site's articles make as stories and alerts: a syndicated copy belongs to its original's
// story, and a rule fires once per story, listing every copy that matched it.
import { type ExpectedArticle, expectedArticles, expectedCanonicalUrl } from "../fixture-site/expected.ts";

export function expectedStories(): ExpectedArticle[][] {
  const stories = new Map<string, ExpectedArticle[]>();
  for (const article of expectedArticles) {
    const story = article.syndicationOf ?? article.key;
    stories.set(story, [...(stories.get(story) ?? []), article]);
  }
  return [...stories.values()];
}

/** One line per expected alert: `<rule> <url of each copy that matched, sorted>`. */
export function expectedStoryAlerts(siteUrl: string): string[] {
  return expectedStories().flatMap((copies) => {
    const rules = [...new Set(copies.flatMap((copy) => copy.alerts))];
    return rules.map((rule) => {
      const urls = copies
        .filter((copy) => copy.alerts.includes(rule))
        .map((copy) => expectedCanonicalUrl(siteUrl, copy));
      return `${rule} ${urls.sort().join(" ")}`;
    });
  });
}

/** The watchlist rules most tests fire: one per watched organisation, on its entity. */
export const entityRules = `rules:
  - id: sco-mentioned
    name: SCO mentioned
    entity: sco
  - id: cpaffc-mentioned
    name: CPAFFC mentioned
    entity: cpaffc
`;
