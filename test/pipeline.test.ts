// The whole pipeline on the real Redis and Elasticsearch, ingesting the fixture news site: what ends up indexed,
// which alerts fire, what is dead-lettered, and what a second pass and an updated article do.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArticleDocument } from "../queues/articles.ts";
import { listDeadLetters, retryDeadLetters } from "../queues/queues.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import type { Pipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import {
  brokenFeedPath,
  type ExpectedArticle,
  expectedArticles,
  expectedCanonicalUrl,
  missingArticlePath,
  updatedArticle,
} from "./fixture-site/expected.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import { repoRoot, startTestPipeline, type TestConfig, writeTestConfig } from "./support/harness.ts";
import { expectedStories, expectedStoryAlerts } from "./support/stories.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

let site: FixtureSite;
let webhook: WebhookReceiver<{ alertId: string; rule: { id: string }; article: { url: string } }>;
let test: TestConfig;
let pipeline: Pipeline;

async function ingest(): Promise<void> {
  await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
  await pipeline.waitUntilIdle({ timeoutMs: 90_000 });
  await pipeline.deps.es.indices.refresh({
    index: [pipeline.deps.names.articles, pipeline.deps.names.alerts],
  });
}

async function articles(): Promise<Map<string, ArticleDocument>> {
  const response = await pipeline.deps.es.search<ArticleDocument>({
    index: pipeline.deps.names.articles,
    size: 200,
  });
  return new Map(
    response.hits.hits.flatMap((hit) => (hit._source ? [[hit._source.canonicalUrl, hit._source]] : [])),
  );
}

async function alerts(): Promise<AlertDocument[]> {
  const response = await pipeline.deps.es.search<AlertDocument>({
    index: pipeline.deps.names.alerts,
    size: 200,
  });
  return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

beforeAll(async () => {
  site = await startFixtureSite();
  // The webhook refuses its first delivery: the alert must still arrive, once, by retry.
  webhook = await startWebhookReceiver((call) => (call === 1 ? 503 : 204));
  const webhookUrl = webhook.url;
  const siteHost = new URL(site.url).host;
  test = writeTestConfig({
    feeds: [
      { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml` },
      { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml` },
      { id: "broken", name: "Broken feed", url: `${site.url}${brokenFeedPath}` },
    ],
    fetch: { allowPrivateHosts: [siteHost, new URL(webhookUrl).host] },
    alerts: {
      channels: [
        { name: "log", type: "log" },
        { name: "hook", type: "webhook", url: webhookUrl },
      ],
    },
  });
  pipeline = await startTestPipeline(test);
  await ingest();
}, 180_000);

afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await webhook?.close();
  await test?.cleanUp();
});

describe("the pipeline on the fixture site", () => {
  it("indexes every fixture article once, with its title, text, published time and canonical URL", async () => {
    const indexed = await articles();
    expect(indexed.size).toBe(expectedArticles.length);
    for (const expected of expectedArticles) {
      const article = indexed.get(expectedCanonicalUrl(site.url, expected));
      expect(article, expected.key).toBeDefined();
      expect(article?.title, expected.key).toBe(expected.title);
      expect(article?.text, expected.key).toBe(expected.text);
      expect(article?.publishedAt, expected.key).toBe(expected.publishedAt);
      expect(article?.["@timestamp"], expected.key).toBe(expected.publishedAt);
      expect(article?.revision, expected.key).toBe(1);
    }
  });

  it("names the watched entities of each article under their canonical names", async () => {
    const indexed = await articles();
    for (const expected of expectedArticles) {
      const article = indexed.get(expectedCanonicalUrl(site.url, expected));
      const watched = article?.entityMentions
        .filter((entity) => entity.watched)
        .map((entity) => entity.canonical);
      expect([...new Set(watched)].sort(), expected.key).toEqual(expected.entities);
    }
  });

  it("gives every article its story: a syndicated copy shares its original's, others have their own", async () => {
    const indexed = await articles();
    const storyOf = (article: ExpectedArticle) =>
      indexed.get(expectedCanonicalUrl(site.url, article))?.storyId;
    for (const copies of expectedStories()) {
      const ids = new Set(copies.map(storyOf));
      expect(ids.size, copies.map((copy) => copy.key).join(", ")).toBe(1);
    }
    expect(new Set([...indexed.values()].map((article) => article.storyId)).size).toBe(
      expectedStories().length,
    );
  });

  it('fires "SCO mentioned" and "CPAFFC mentioned" once per story for the right articles, on every channel', async () => {
    const fired = await alerts();
    const lines = fired.map(
      (alert) =>
        `${alert.ruleId} ${alert.articles
          .map((copy) => copy.url)
          .sort()
          .join(" ")}`,
    );
    expect(lines.sort()).toEqual(expectedStoryAlerts(site.url).sort());
    expect(fired.every((alert) => alert.status === "delivered")).toBe(true);
    // One webhook delivery per alert (none for a copy joining its story), the refused first one retried.
    expect(webhook.received.map(({ body }) => body.alertId).sort()).toEqual(
      fired.map((alert) => alert.alertId).sort(),
    );
    expect(
      fired.some((alert) =>
        alert.deliveries.some((delivery) => delivery.channel === "hook" && delivery.attempts === 2),
      ),
    ).toBe(true);
  });

  it("ends the 404 article and the malformed feed in dead-letter records with their reasons", async () => {
    const records = await listDeadLetters(pipeline.queues.deadLetter);
    const missing = records.find(
      (record) => record.queue === "fetch" && record.url === `${site.url}${missingArticlePath}`,
    );
    expect(missing?.reason).toMatch(/answered HTTP 404/);
    const broken = records.find(
      (record) => record.queue === "poll" && record.url === `${site.url}${brokenFeedPath}`,
    );
    expect(broken?.reason).toMatch(/is malformed \(XML error at line \d+, column \d+|cannot be read/);
    // Nothing that should have been ingested was dead-lettered.
    const articleUrls = new Set(expectedArticles.map((article) => expectedCanonicalUrl(site.url, article)));
    expect(records.filter((record) => record.url !== null && articleUrls.has(record.url))).toEqual([]);
  });

  it("runs a dead-lettered job again on retry, and records it again when it fails again", async () => {
    const missingUrl = `${site.url}${missingArticlePath}`;
    const before = await listDeadLetters(pipeline.queues.deadLetter);
    const record = before.find((candidate) => candidate.url === missingUrl);
    expect(await retryDeadLetters(pipeline.queues, [record?.recordId ?? ""])).toBe(1);
    await pipeline.waitUntilIdle({ timeoutMs: 30_000 });
    const after = await listDeadLetters(pipeline.queues.deadLetter);
    expect(after.some((candidate) => candidate.recordId === record?.recordId)).toBe(false);
    const again = after.filter((candidate) => candidate.url === missingUrl);
    expect(again).toHaveLength(1);
    expect(again[0]?.jobId).toMatch(/-retry-/);
    expect(site.requests.filter((request) => request.path.startsWith(missingArticlePath)).length).toBe(2);
  });

  it("ingests nothing new on a second pass: the feeds answer 304 and no page is fetched again", async () => {
    const before = site.requests.length;
    await ingest();
    const second = site.requests.slice(before);
    expect(
      second
        .filter((request) => request.path.startsWith("/rss.xml") || request.path.startsWith("/atom.xml"))
        .map((r) => r.status),
    ).toEqual([304, 304]);
    expect(second.filter((request) => !/\.xml/.test(request.path))).toEqual([]);
    const indexed = await articles();
    expect(indexed.size).toBe(expectedArticles.length);
    expect([...indexed.values()].every((article) => article.revision === 1)).toBe(true);
  });

  it("updates the document of an updated article, and fires the rule its new text now matches", async () => {
    const url = expectedCanonicalUrl(site.url, updatedArticle.after);
    const alertsBefore = await alerts();
    site.publishUpdate();
    await ingest();
    const indexed = await articles();
    expect(indexed.size).toBe(expectedArticles.length);
    const article = indexed.get(url);
    expect(article?.revision).toBe(2);
    expect(article?.text).toBe(updatedArticle.after.text);
    const alertsAfter = await alerts();
    const added = alertsAfter.filter((alert) => !alertsBefore.some((old) => old.alertId === alert.alertId));
    const newlyMatched = updatedArticle.after.alerts.filter(
      (rule) => !updatedArticle.before.alerts.includes(rule),
    );
    expect(added.map((alert) => `${alert.ruleId} ${alert.url}`)).toEqual(
      newlyMatched.map((rule) => `${rule} ${url}`),
    );
  });

  it("replays clean -> alert from the stored raw pages: nothing refetched, nothing alerted twice", async () => {
    const requestsBefore = site.requests.length;
    const revisionsBefore = new Map([...(await articles())].map(([url, article]) => [url, article.revision]));
    const alertsBefore = (await alerts()).length;
    const replay = spawn(
      process.execPath,
      [path.join(repoRoot, "cli", "newsmon.js"), "--config", test.configPath, "replay"],
      {
        env: { ...process.env, LOG_LEVEL: "warn", NEWSMON_LOG_FORMAT: "json" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    replay.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    expect(await new Promise((resolve) => replay.on("exit", resolve)), stderr).toBe(0);
    await pipeline.deps.es.indices.refresh({
      index: [pipeline.deps.names.articles, pipeline.deps.names.alerts],
    });
    const after = await articles();
    expect(after.size).toBe(expectedArticles.length);
    for (const [url, revision] of revisionsBefore) expect(after.get(url)?.revision, url).toBe(revision + 1);
    expect(site.requests.length).toBe(requestsBefore);
    expect((await alerts()).length).toBe(alertsBefore);
  });
});
