// Stories: signatures on the fixture site's articles (the edited syndicated copy of seed 002 is the same story as
// its original, every other pair is not) and on edited texts; assignStory against the real Redis: a copy joins,
// an unrelated article stays apart, concurrent copies from two connections end in one story, re-assigning is
// idempotent, and the day hashes expire.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedArticles } from "../../test/fixture-site/expected.ts";
import { connections } from "../../test/support/harness.ts";
import { assignStory, sameStory, storySignature, storySimilarity, storyWindowDays } from "./story.ts";

const signatures = new Map(expectedArticles.map((article) => [article.key, storySignature(article.text)]));
const signatureOf = (key: string) => signatures.get(key) ?? "";
const copy = expectedArticles.find((article) => article.syndicationOf !== undefined);
const others = expectedArticles.filter((article) => article.syndicationOf === undefined);

describe("story signatures", () => {
  it("make the fixture's syndicated copy of seed 002 the same story as its original", () => {
    expect(copy?.syndicationOf).toBe("seed-002");
    expect(sameStory(signatureOf(copy?.key ?? ""), signatureOf("seed-002"))).toBe(true);
  });

  it("keep every other pair of fixture articles apart, with a margin", () => {
    for (const a of expectedArticles) {
      for (const b of expectedArticles) {
        if (a.key >= b.key || a.syndicationOf === b.key || b.syndicationOf === a.key) continue;
        expect(sameStory(signatureOf(a.key), signatureOf(b.key)), `${a.key} ~ ${b.key}`).toBe(false);
        expect(
          storySimilarity(signatureOf(a.key), signatureOf(b.key)).text,
          `${a.key} ~ ${b.key}`,
        ).toBeLessThan(0.5);
      }
    }
  });

  it("see a truncated copy with a byline and a footer as the same story", () => {
    const original = longest().text;
    const paragraphs = original.split("\n\n");
    const truncated = [
      "By Staff Reporter | News Agency",
      ...paragraphs.slice(0, Math.ceil(paragraphs.length * 0.6)),
      "Follow us for the latest news.",
    ].join("\n\n");
    expect(sameStory(storySignature(original), storySignature(truncated))).toBe(true);
  });

  it("see a lightly edited re-publication (a corrected figure, a changed word) as the same story", () => {
    const original = longest().text;
    const edited = original.replace(/\d+/, (digits) => String(Number(digits) + 1)).replace(/\bthe\b/, "this");
    expect(edited).not.toBe(original);
    expect(sameStory(storySignature(original), storySignature(edited))).toBe(true);
  });

  it("compare Chinese text by characters (no spaces between words)", () => {
    const original =
      "新华社北京电 国家主席会见了来访的阿塞拜疆总统，双方就深化两国全面战略伙伴关系交换了意见。" +
      "会谈中，双方同意加强在能源、交通和人文领域的合作，并签署了多项合作文件。" +
      "阿方表示愿同中方共同推进共建一带一路倡议，欢迎更多中国企业赴阿投资兴业。";
    const syndicated = `记者 王明 报道\n\n${original.replace("多项", "六项")}\n\n责任编辑：李华`;
    const unrelated =
      "上海证券交易所今日公布数据显示，沪市股票成交金额较上周明显增加，科技板块领涨，多只新能源个股创下年内新高。" +
      "分析人士认为，市场情绪正在逐步恢复，但外部环境仍存在不确定性，投资者应保持理性。";
    expect(sameStory(storySignature(original), storySignature(syndicated))).toBe(true);
    expect(sameStory(storySignature(original), storySignature(unrelated))).toBe(false);
  });

  it("are deterministic, compact and serialisable", () => {
    const text = longest().text;
    expect(storySignature(text)).toBe(storySignature(text));
    expect(storySignature(text)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(storySignature(text).length).toBeLessThan(200);
    expect(storySimilarity(storySignature(text), storySignature(text))).toEqual({ text: 1, lead: 1 });
  });

  it("never join texts too short to compare", () => {
    const short = storySignature("Zhang Ming met Ilham Aliyev in Baku.");
    expect(sameStory(short, short)).toBe(false);
  });

  it("reject what is not a signature, with a clear error", () => {
    expect(() => sameStory("not-a-signature", signatureOf("seed-002"))).toThrow(/not a story signature/);
  });
});

describe("assignStory on the real Redis", () => {
  let redis: Redis;
  let other: Redis;
  const prefix = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(() => {
    redis = new Redis(connections.redisUrl);
    other = new Redis(connections.redisUrl);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    other.disconnect();
  });

  it("joins the fixture's syndicated copy to its original's story and keeps the others apart", async () => {
    const keyPrefix = `${prefix}:fixture`;
    const stories = new Map<string, string>();
    for (const article of expectedArticles) {
      const story = await assignStory(
        redis,
        keyPrefix,
        { articleId: article.key, signature: signatureOf(article.key) },
        null,
      );
      stories.set(article.key, story);
    }
    expect(stories.get(copy?.key ?? "")).toBe("seed-002");
    for (const article of others) expect(stories.get(article.key)).toBe(article.key);
  });

  it("ends concurrent copies from two connections in one story", async () => {
    const keyPrefix = `${prefix}:concurrent`;
    const original = signatureOf("seed-002");
    const syndicated = signatureOf(copy?.key ?? "");
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([
        assignStory(redis, keyPrefix, { articleId: `original-${round}`, signature: original }, null),
        assignStory(other, keyPrefix, { articleId: `copy-${round}`, signature: syndicated }, null),
      ]);
      expect(a).toBe(b);
      // Each round's pair would join the first round's story: start every round afresh.
      await redis.del(...(await redis.keys(`${keyPrefix}:*`)));
    }
  });

  it("gives the same story when the same article is assigned again, and keeps a revision in its story", async () => {
    const keyPrefix = `${prefix}:again`;
    const article = { articleId: "seed-002", signature: signatureOf("seed-002") };
    const first = await assignStory(redis, keyPrefix, article, null);
    expect(await assignStory(redis, keyPrefix, article, first)).toBe(first);
    expect(await assignStory(redis, keyPrefix, article, null)).toBe(first);
    const copyArticle = { articleId: "copy", signature: signatureOf(copy?.key ?? "") };
    expect(await assignStory(redis, keyPrefix, copyArticle, null)).toBe(first);
    expect(await assignStory(redis, keyPrefix, copyArticle, first)).toBe(first);
    // A revision that matches nothing any more keeps the story it has.
    const unrelated = {
      articleId: "copy",
      signature: signatureOf(others.find((a) => a.key !== "seed-002")?.key ?? ""),
    };
    expect(await assignStory(redis, keyPrefix, unrelated, first)).toBe(first);
  });

  it("moves a revision that now clearly belongs to another story", async () => {
    const keyPrefix = `${prefix}:moves`;
    const [a, b] = others.slice(0, 2);
    await assignStory(
      redis,
      keyPrefix,
      { articleId: a?.key ?? "", signature: signatureOf(a?.key ?? "") },
      null,
    );
    await assignStory(
      redis,
      keyPrefix,
      { articleId: b?.key ?? "", signature: signatureOf(b?.key ?? "") },
      null,
    );
    // Article x was in b's story; its new text is a's text.
    const moved = await assignStory(
      redis,
      keyPrefix,
      { articleId: "x", signature: signatureOf(a?.key ?? "") },
      b?.key ?? "",
    );
    expect(moved).toBe(a?.key);
  });

  it("finds stories of the previous days and sets every day hash to expire after the window", async () => {
    const keyPrefix = `${prefix}:days`;
    const day = 86_400_000;
    const now = Date.now();
    const start = await assignStory(
      redis,
      keyPrefix,
      { articleId: "seed-002", signature: signatureOf("seed-002") },
      null,
      now - storyWindowDays * day,
    );
    expect(
      await assignStory(
        redis,
        keyPrefix,
        { articleId: "copy", signature: signatureOf(copy?.key ?? "") },
        null,
        now,
      ),
    ).toBe(start);
    const keys = await redis.keys(`${keyPrefix}:*`);
    expect(keys).toHaveLength(1);
    const ttl = await redis.ttl(keys[0] ?? "");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(day / 1000);
    // One day later the window has passed: the copy starts its own story.
    expect(
      await assignStory(
        redis,
        keyPrefix,
        { articleId: "late", signature: signatureOf(copy?.key ?? "") },
        null,
        now + day,
      ),
    ).toBe("late");
  });
});

function longest() {
  const [first] = [...others].sort((a, b) => b.text.length - a.text.length);
  if (!first) throw new Error("no fixture articles");
  return first;
}
