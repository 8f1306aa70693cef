// The alert path on the real Redis and Elasticsearch: a broken rule fails alone, alerts carry what an analyst
// acts on (entity names, the matching sentence, an idempotency key), everyday phrasing of a watched acronym
// alerts, and an index job repeated after a crash queues its alert job again.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../lib/log.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { indexStage } from "../workers/index/stage.ts";
import type { Pipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import {
  freePort,
  repoRoot,
  startTestPipeline,
  type TestConfig,
  watchlistWith,
  writeTestConfig,
} from "./support/harness.ts";
import { type NewsSite, startNewsSite } from "./support/news-site.ts";
import { entityRules, expectedStoryAlerts } from "./support/stories.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

interface WebhookBody {
  alertId: string;
  idempotencyKey: string;
  rule: { id: string };
  article: { watchedEntities: string[]; snippet: string | null; url: string };
}

const rules = `${entityRules}  - id: broken-query
    name: A query Elasticsearch cannot parse
    query: 'SCO AND ("'
  - id: samarkand-query
    name: Samarkand in the text
    query: Samarkand
`;

async function alertsOf(pipeline: Pipeline): Promise<AlertDocument[]> {
  const { es, names } = pipeline.deps;
  await es.indices.refresh({ index: names.alerts });
  const response = await es.search<AlertDocument>({ index: names.alerts, size: 1000 });
  return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

describe("the alert path on the fixture site", () => {
  let site: FixtureSite;
  let hook: WebhookReceiver<WebhookBody>;
  let test: TestConfig;
  let pipeline: Pipeline;
  let alerts: AlertDocument[];

  beforeAll(async () => {
    site = await startFixtureSite();
    hook = await startWebhookReceiver(() => 200);
    test = writeTestConfig({
      feeds: [
        { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml` },
        { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml` },
      ],
      watchlist: watchlistWith(rules),
      fetch: { allowPrivateHosts: [new URL(site.url).host, new URL(hook.url).host] },
      alerts: { channels: [{ name: "hook", type: "webhook", url: hook.url }] },
    });
    pipeline = await startTestPipeline(test);
    await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
    await pipeline.waitUntilIdle({ timeoutMs: 90_000 });
    alerts = await alertsOf(pipeline);
  }, 150_000);

  afterAll(async () => {
    await pipeline?.close();
    await hook?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("skips a rule Elasticsearch cannot parse, reports it, and fires the others", () => {
    expect([...pipeline.deps.live.brokenRules.keys()]).toEqual(["broken-query"]);
    expect(pipeline.deps.live.brokenRules.get("broken-query")).toMatch(/cannot be parsed/);
    const entityAlerts = alerts
      .filter((alert) => alert.ruleId === "sco-mentioned" || alert.ruleId === "cpaffc-mentioned")
      .map(
        (alert) =>
          `${alert.ruleId} ${alert.articles
            .map((copy) => copy.url)
            .sort()
            .join(" ")}`,
      );
    expect(entityAlerts.sort()).toEqual(expectedStoryAlerts(site.url).sort());
    expect(alerts.filter((alert) => alert.ruleId === "samarkand-query").length).toBeGreaterThan(0);
    expect(alerts.some((alert) => alert.ruleId === "broken-query")).toBe(false);
  });

  it("lists the broken rule in `newsmon rules`, which exits 3", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, "cli", "newsmon.js"), "--config", test.configPath, "rules"],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(result.stdout).toMatch(/BROKEN\s+broken-query/);
    expect(result.stdout).toMatch(/ok\s+sco-mentioned/);
    expect(result.status).toBe(3);
  });

  it("names the broken rule in /readyz of `newsmon run`, which stays ready", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, "cli", "newsmon.js"),
        "--config",
        test.configPath,
        "run",
        "--ops-port",
        String(port),
      ],
      { env: { ...process.env, LOG_LEVEL: "error", NEWSMON_LOG_FORMAT: "json" }, stdio: "ignore" },
    );
    try {
      const deadline = Date.now() + 60_000;
      let body: { status?: string; brokenRules?: Array<{ rule: string; reason: string }> } = {};
      while (Date.now() < deadline) {
        const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
        if (answer) {
          body = (await answer.json()) as typeof body;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(body.status).toBe("ready");
      expect(body.brokenRules?.map((broken) => broken.rule)).toEqual(["broken-query"]);
      expect(body.brokenRules?.[0]?.reason).toMatch(/cannot be parsed/);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });

  it("delivers each alert with the entities' names, the matching sentence marked, and an idempotency key", () => {
    expect(hook.received.length).toBe(alerts.length);
    for (const { body, headers } of hook.received) {
      expect(headers["idempotency-key"]).toBe(body.alertId);
      expect(body.idempotencyKey).toBe(body.alertId);
    }
    const sco = hook.received.find(({ body }) => body.rule.id === "sco-mentioned")?.body;
    expect(sco?.article.watchedEntities).toContain("Shanghai Cooperation Organization");
    expect(sco?.article.watchedEntities).not.toContain("sco");
    expect(sco?.article.snippet).toMatch(/\*\*(SCO|Shanghai Cooperation Organi[sz]ation)\*\*/);
    const samarkand = hook.received.find(({ body }) => body.rule.id === "samarkand-query")?.body;
    expect(samarkand?.article.snippet).toMatch(/\*\*Samarkand\*\*/);
    for (const alert of alerts) expect(alert.snippet).toMatch(/\*\*[^*]+\*\*/);
  });

  it("queues the alert job again when an index job is repeated after the write (a crash before queueing), and drops its artifacts", async () => {
    const { es, names } = pipeline.deps;
    const response = await es.search<ArticleDocument>({ index: names.articles, size: 1 });
    const article = response.hits.hits[0]?._source;
    expect(article).toBeDefined();
    if (!article) return;
    // What an unchanged re-fetch leaves for the index stage: its artifacts, which must not stay in Redis.
    const { artifacts } = pipeline.deps;
    const { articleId, url, canonicalUrl, title, text, publishedAt, authors, lang, fetchedAt, contentHash } =
      article;
    const cleaned = {
      articleId,
      url,
      canonicalUrl,
      feedId: article.feed.id,
      title,
      text,
      publishedAt,
      authors,
    };
    await artifacts.put("cleaned", articleId, contentHash, { ...cleaned, lang, fetchedAt, contentHash });
    await artifacts.put("entities", articleId, contentHash, article.entityMentions);
    const output = await indexStage.run(
      { articleId: article.articleId, contentHash: article.contentHash },
      pipeline.deps,
      {
        jobId: "repeat",
        attempt: 2,
        inBatch: false,
        log: createLogger({ level: "silent", pretty: false }),
        metrics: pipeline.metrics,
        deadLetter: async () => {},
      },
    );
    expect(output.next).toEqual([
      {
        jobId: expect.stringMatching(new RegExp(`^alert-${article.articleId}-${article.revision}-`)),
        data: { articleId: article.articleId, contentHash: article.contentHash, revision: article.revision },
      },
    ]);
    await output.afterEnqueue?.();
    for (const kind of ["cleaned", "entities"])
      expect(await artifacts.find(kind, article.articleId, article.contentHash, z.unknown())).toBeNull();
  });
});

describe("everyday phrasing of a watched acronym", () => {
  let site: NewsSite;
  let test: TestConfig;
  let pipeline: Pipeline;
  const published = new Date("2026-11-30T08:00:00Z");
  const filler =
    "Officials from both governments met in Baku on Tuesday to review a programme of joint projects in energy, transport and education, the foreign ministry said in a statement.";

  beforeAll(async () => {
    site = await startNewsSite([
      {
        path: "/2026/11/30/cooperation",
        title: "Azerbaijan deepens SCO co-operation",
        paragraphs: [filler, "Azerbaijan deepens SCO co-operation as a dialogue partner, the minister said."],
        published,
      },
      {
        path: "/2026/11/30/trade-share",
        title: "Trade figures for the region published",
        paragraphs: [
          filler,
          "The SCO share of world trade has grown steadily since its member states signed the charter.",
        ],
        published,
      },
      {
        path: "/2026/11/30/mayor",
        title: "Friendship delegation visits Ganja",
        paragraphs: [filler, "The CPAFFC group met the mayor of Ganja to discuss sister-city ties."],
        published,
      },
    ]);
    test = writeTestConfig({
      feeds: [{ id: "news", name: "Test News", url: site.feedUrl }],
      watchlist: watchlistWith(rules),
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    pipeline = await startTestPipeline(test);
    await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
    await pipeline.waitUntilIdle({ timeoutMs: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await test?.cleanUp();
  });

  it("alerts on 'deepens SCO co-operation', 'the SCO share of' and 'the CPAFFC group met'", async () => {
    const fired = (await alertsOf(pipeline)).map((alert) => `${alert.ruleId} ${new URL(alert.url).pathname}`);
    expect(fired.sort()).toEqual([
      "cpaffc-mentioned /2026/11/30/mayor",
      "sco-mentioned /2026/11/30/cooperation",
      "sco-mentioned /2026/11/30/trade-share",
    ]);
  });
});
