// Story fingerprints on the fixture site's articles: the edited syndicated copy of seed 002 is within the story
// distance of its original, every unrelated pair well beyond it.
import { describe, expect, it } from "vitest";
import { expectedArticles } from "../../test/fixture-site/expected.ts";
import { fingerprint, hammingDistance, maxStoryDistance } from "./story.ts";

describe("story fingerprints", () => {
  const prints = new Map(expectedArticles.map((article) => [article.key, fingerprint(article.text)]));

  it("puts a lightly edited syndicated copy within the story distance", () => {
    const copy = expectedArticles.find((article) => article.syndicationOf !== undefined);
    expect(copy).toBeDefined();
    const distance = hammingDistance(
      prints.get(copy?.key ?? "") ?? "",
      prints.get(copy?.syndicationOf ?? "") ?? "",
    );
    expect(distance).toBeLessThanOrEqual(maxStoryDistance);
  });

  it("keeps unrelated articles apart, with a margin", () => {
    for (const a of expectedArticles) {
      for (const b of expectedArticles) {
        if (a.key >= b.key || a.syndicationOf === b.key || b.syndicationOf === a.key) continue;
        const distance = hammingDistance(prints.get(a.key) ?? "", prints.get(b.key) ?? "");
        expect(distance, `${a.key} ~ ${b.key}`).toBeGreaterThan(maxStoryDistance + 4);
      }
    }
  });

  it("is deterministic and 16 hex digits", () => {
    expect(fingerprint("Zhang Ming met Ilham Aliyev in Baku.")).toBe(
      fingerprint("Zhang Ming met Ilham Aliyev in Baku."),
    );
    expect(fingerprint("")).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance("ffffffff00000000", "0000000000000000")).toBe(32);
  });
});
