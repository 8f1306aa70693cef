// `newsmon rules backfill` on a real index of hundreds of articles: it gives the same alerts as the live alert
// path (same rule, same story, same copies, same snippet), never doubles an alert the live path made or is
// doubled by a later live firing, tells channels only with --notify, and honours --since.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertDocument, ensureAlertsIndex } from "../workers/alert/alerts-index.ts";
import { BackfillRefused, backfillRule } from "../workers/alert/backfill.ts";
import { type Pipeline, startPipeline } from "../workers/pipeline.ts";
import {
  connections,
  repoRoot,
  type TestConfig,
  testLog,
  watchlistWith,
  writeTestConfig,
} from "./support/harness.ts";
import {
  indexSyntheticArticles,
  type SyntheticArticle,
  syntheticArticles,
} from "./support/synthetic-articles.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

const rules = `rules:
  - id: sco-mentioned
    name: SCO mentioned
    entity: sco
  - id: sco-twice-in-english
    name: SCO twice, in English
    entity: sco
    minMentions: 2
    languages: [en]
  - id: cpaffc-in-title
    name: CPAFFC in the title
    entity: cpaffc
    inTitle: true
  - id: samarkand-query
    name: Samarkand in the text
    query: Samarkand
  - id: sco-energy
    name: SCO and energy
    entity: sco
    query: energy
  - id: cpaffc-on-b
    name: CPAFFC on b.example
    entity: cpaffc
    sources: [b.example]
  - id: broken-query
    name: A query Elasticsearch cannot parse
    query: 'SCO AND ("'
`;
const ruleIds = [
  "sco-mentioned",
  "sco-twice-in-english",
  "cpaffc-in-title",
  "samarkand-query",
  "sco-energy",
  "cpaffc-on-b",
];

/** What an alert answers: rule, story, the copies on it, the snippet. */
function answer(alert: AlertDocument): string {
  const copies = alert.articles.map((copy) => copy.articleId).sort();
  return `${alert.ruleId} ${alert.storyId} [${copies.join(" ")}] ${alert.snippet}`;
}

describe("rules backfill over hundreds of indexed articles", () => {
  let test: TestConfig;
  let pipeline: Pipeline;
  let hook: WebhookReceiver<{ alertId: string }>;
  let articles: SyntheticArticle[];
  let live: AlertDocument[];

  async function alerts(): Promise<AlertDocument[]> {
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: names.alerts });
    const response = await es.search<AlertDocument>({ index: names.alerts, size: 10_000 });
    return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }

  async function clearAlerts(): Promise<void> {
    const { es, names } = pipeline.deps;
    await es.indices.delete({ index: names.alerts });
    await ensureAlertsIndex(es, names);
  }

  /** Runs the live alert stage (through BullMQ, as `newsmon run` does) over every article. */
  async function runLiveAlerts(round: string): Promise<void> {
    await pipeline.queues.stages.alert.addBulk(
      articles.map(({ document }) => ({
        name: "alert",
        data: { articleId: document.articleId, contentHash: document.contentHash, revision: 1 },
        opts: { jobId: `alert-${document.articleId}-${round}` },
      })),
    );
    await pipeline.waitUntilIdle({ timeoutMs: 120_000 });
  }

  const backfillAll = async (options: { since?: Date; notify?: boolean } = {}) => {
    const summaries = [];
    for (const rule of ruleIds) summaries.push(await backfillRule(pipeline.deps, rule, options, testLog));
    return summaries;
  };

  beforeAll(async () => {
    hook = await startWebhookReceiver(() => 200);
    test = writeTestConfig({
      watchlist: watchlistWith(rules),
      fetch: { allowPrivateHosts: [new URL(hook.url).host] },
      alerts: { channels: [{ name: "hook", type: "webhook", url: hook.url }] },
    });
    pipeline = await startPipeline({
      loaded: test.loaded,
      connections,
      log: testLog,
      stages: ["alert"],
      schedule: false,
    });
    articles = syntheticArticles(420, test.loaded.watchlist.entities);
    await indexSyntheticArticles(pipeline.deps.es, pipeline.deps.names.articles, articles);
    await runLiveAlerts("live");
    live = await alerts();
  }, 240_000);

  afterAll(async () => {
    await pipeline?.close();
    await hook?.close();
    await test?.cleanUp();
  });

  it("starts from live alerts for every rule, with stories of two copies among them", () => {
    expect(articles.length).toBeGreaterThan(450);
    for (const rule of ruleIds)
      expect(live.filter((alert) => alert.ruleId === rule).length, rule).toBeGreaterThan(0);
    const scoOriginals = articles.filter(({ topics, copyOf }) => topics.sco && copyOf === null).length;
    expect(live.filter((alert) => alert.ruleId === "sco-mentioned")).toHaveLength(scoOriginals);
    expect(live.some((alert) => alert.articles.length === 2)).toBe(true);
    expect(hook.received).toHaveLength(live.length);
  });

  it("does not double what the live path alerted, and tells no channel", async () => {
    const summaries = await backfillAll({ notify: true });
    for (const summary of summaries) {
      expect(summary.fired, summary.rule).toBe(0);
      expect(summary.joined, summary.rule).toBe(0);
      expect(summary.known, summary.rule).toBe(summary.matched);
    }
    expect((await alerts()).map(answer).sort()).toEqual(live.map(answer).sort());
    expect(hook.received).toHaveLength(live.length);
  });

  it("gives the live path's answers on an empty alerts index: same rules, stories, copies and snippets", async () => {
    await clearAlerts();
    const result = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, "cli", "newsmon.js"),
        "--config",
        test.configPath,
        "rules",
        "backfill",
        "sco-mentioned",
      ],
      { encoding: "utf8", timeout: 120_000, env: { ...process.env, LOG_LEVEL: "warn" } },
    );
    expect(result.status, result.stderr).toBe(0);
    const scoStories = live.filter((alert) => alert.ruleId === "sco-mentioned").length;
    const scoArticles = articles.filter(({ topics }) => topics.sco).length;
    expect(result.stdout).toMatch(
      new RegExp(
        `rule sco-mentioned over \\S+news-articles: \\d+ candidate article\\(s\\), ${scoArticles} matched; ${scoStories} alert\\(s\\) created \\(backfilled\\), ${scoArticles - scoStories} copy\\(ies\\) joined their story's alert, 0 already alerted; channels not told`,
      ),
    );
    const others = await Promise.all(
      ruleIds
        .filter((rule) => rule !== "sco-mentioned")
        .map((rule) => backfillRule(pipeline.deps, rule, {}, testLog)),
    );
    for (const summary of others) expect(summary.known, summary.rule).toBe(0);
    const backfilled = await alerts();
    expect(backfilled.map(answer).sort()).toEqual(live.map(answer).sort());
    for (const alert of backfilled) {
      expect(alert.backfilled).toBe(true);
      expect(alert.status).toBe("silent");
      expect(alert.deliveries).toEqual([]);
    }
    expect(live.every((alert) => alert.backfilled === false)).toBe(true);
    expect(hook.received).toHaveLength(live.length);
  });

  it("is not doubled by a later live firing for the same stories", async () => {
    const before = (await alerts()).map(answer).sort();
    await runLiveAlerts("again");
    const after = await alerts();
    expect(after.map(answer).sort()).toEqual(before);
    expect(after.every((alert) => alert.backfilled && alert.status === "silent")).toBe(true);
    expect(hook.received).toHaveLength(live.length);
  });

  it("reads only articles published since --since, and tells channels of what it creates with --notify", async () => {
    await clearAlerts();
    const since = new Date("2026-11-01T00:00:00Z");
    const [recent] = await Promise.all([backfillRule(pipeline.deps, "sco-mentioned", { since }, testLog)]);
    const liveSco = live.filter((alert) => alert.ruleId === "sco-mentioned");
    const liveRecent = liveSco.filter((alert) => Date.parse(alert.publishedAt ?? "") >= since.getTime());
    expect(liveRecent.length).toBeGreaterThan(0);
    expect(liveRecent.length).toBeLessThan(liveSco.length);
    expect(recent?.fired).toBe(liveRecent.length);
    expect((await alerts()).map(answer).sort()).toEqual(liveRecent.map(answer).sort());

    const calls = hook.received.length;
    const rest = await backfillRule(pipeline.deps, "sco-mentioned", { notify: true }, testLog);
    expect(rest.fired).toBe(liveSco.length - liveRecent.length);
    expect(rest.known).toBe(
      articles.filter(
        ({ topics, document }) => topics.sco && Date.parse(document["@timestamp"]) >= since.getTime(),
      ).length,
    );
    const told = hook.received.slice(calls).map(({ body }) => body.alertId);
    expect(told).toHaveLength(rest.fired);
    expect(new Set(told).size).toBe(told.length);
    const all = await alerts();
    expect(all.map(answer).sort()).toEqual(liveSco.map(answer).sort());
    for (const alert of all) {
      const notified = told.includes(alert.alertId);
      expect(alert.status).toBe(notified ? "delivered" : "silent");
      expect(alert.deliveries.map((delivery) => delivery.status)).toEqual(notified ? ["delivered"] : []);
    }
  });

  it("refuses an unknown rule and a broken one, naming why", async () => {
    await expect(backfillRule(pipeline.deps, "no-such-rule", {}, testLog)).rejects.toThrow(
      /no rule "no-such-rule" in .*watchlist\.yaml; rules: sco-mentioned, /,
    );
    const refusal = backfillRule(pipeline.deps, "broken-query", {}, testLog);
    await expect(refusal).rejects.toBeInstanceOf(BackfillRefused);
    await expect(refusal).rejects.toThrow(/rule broken-query is broken: query .* cannot be parsed/);
  });
});
