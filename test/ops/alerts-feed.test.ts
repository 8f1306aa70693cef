// The ops server's alert routes on the real Redis and Elasticsearch: each rule's alerts (made by the live alert
// stage) as an Atom 1.0 feed, read back with newsmon's own feed parser and checked for what RFC 4287 requires;
// the ops password, a feed's own ?token= (from `newsmon rules feed-url`), and the backfill endpoint's rules.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRoutes, feedToken, feedUrl } from "../../ops/alerts-feed.ts";
import { type OpsServer, opsUser, startOpsServer } from "../../ops/server.ts";
import type { AlertDocument } from "../../workers/alert/alerts-index.ts";
import { backfillRule } from "../../workers/alert/backfill.ts";
import { type Pipeline, startPipeline } from "../../workers/pipeline.ts";
import { findFeedRoot } from "../../workers/poll/feed-extract.ts";
import { buildTree, childElements, textOf, type XmlElement } from "../../workers/poll/feed-xml.ts";
import { parseFeed } from "../../workers/poll/parse-feed.ts";
import {
  connections,
  repoRoot,
  type TestConfig,
  testLog,
  watchlistWith,
  writeTestConfig,
} from "../support/harness.ts";
import { entityRules } from "../support/stories.ts";
import { indexSyntheticArticles, syntheticArticles } from "../support/synthetic-articles.ts";

const password = "feed-test-password";
const basic = { authorization: `Basic ${Buffer.from(`${opsUser}:${password}`).toString("base64")}` };

let test: TestConfig;
let pipeline: Pipeline;
let server: OpsServer;
let alerts: AlertDocument[];

beforeAll(async () => {
  test = writeTestConfig({
    watchlist: watchlistWith(entityRules),
    alerts: { channels: [{ name: "log", type: "log" }] },
  });
  pipeline = await startPipeline({
    loaded: test.loaded,
    connections,
    log: testLog,
    stages: ["alert"],
    schedule: false,
  });
  const articles = syntheticArticles(90, test.loaded.watchlist.entities);
  await indexSyntheticArticles(pipeline.deps.es, pipeline.deps.names.articles, articles);
  await pipeline.queues.stages.alert.addBulk(
    articles.map(({ document }) => ({
      name: "alert",
      data: { articleId: document.articleId, contentHash: document.contentHash, revision: 1 },
      opts: { jobId: `alert-${document.articleId}` },
    })),
  );
  await pipeline.waitUntilIdle({ timeoutMs: 60_000 });
  const { es, names } = pipeline.deps;
  await es.indices.refresh({ index: names.alerts });
  const response = await es.search<AlertDocument>({ index: names.alerts, size: 1000 });
  alerts = response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  server = await startOpsServer({
    host: "127.0.0.1",
    port: 0,
    password,
    queues: pipeline.queues,
    metrics: pipeline.metrics,
    readiness: async () => ({
      redis: { ok: true, url: "redis://127.0.0.1:6379" },
      elasticsearch: { ok: true, url: "http://127.0.0.1:9200" },
    }),
    log: testLog,
    alerts: {
      es,
      alertsIndex: names.alerts,
      rules: () => pipeline.deps.live.watchlist.rules,
      backfill: (ruleId, options) => backfillRule(pipeline.deps, ruleId, options, testLog),
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await pipeline?.close();
  await test?.cleanUp();
});

const children = (element: XmlElement, local: string) =>
  childElements(element).filter((child) => child.local === local && child.ns === "atom");

describe("the Atom feed of a rule's alerts", () => {
  it("is Atom 1.0 newsmon's own parser reads without a warning, one entry per alert of the rule", async () => {
    const response = await fetch(`${server.url}/alerts/sco-mentioned.atom`, { headers: basic });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const parsed = await parseFeed(bytes, {
      url: response.url,
      contentType: response.headers.get("content-type"),
    });
    expect(parsed.meta?.format).toMatch(/atom/i);
    expect(parsed.meta?.warnings.filter((warning) => warning.startsWith("XML error"))).toEqual([]);
    expect(parsed.feed.title).toBe("newsmon alerts: SCO mentioned");
    const sco = alerts.filter((alert) => alert.ruleId === "sco-mentioned");
    expect(sco.length).toBeGreaterThan(5);
    expect(parsed.entries).toHaveLength(sco.length);
    for (const entry of parsed.entries) {
      const alert = sco.find((candidate) => candidate.url === entry.link);
      expect(alert, entry.link ?? "").toBeDefined();
      expect(entry.title).toBe(alert?.title);
      expect(entry.summary).toBe(alert?.snippet);
      expect(entry.id).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(entry.published).toBe(alert?.["@timestamp"]);
      expect(Date.parse(entry.updated ?? "")).toBeGreaterThanOrEqual(Date.parse(entry.published ?? ""));
      expect(entry.categories).toEqual(["sco-mentioned"]);
    }
    expect(new Set(parsed.entries.map((entry) => entry.id)).size).toBe(parsed.entries.length);
  });

  it("has what RFC 4287 requires of a feed and its entries, and the story's other copies as related links", async () => {
    const text = await (await fetch(`${server.url}/alerts/sco-mentioned.atom`, { headers: basic })).text();
    const found = findFeedRoot(buildTree(text, null));
    expect(found?.format).toBe("atom");
    const feed = found?.root as XmlElement;
    expect(feed.ns).toBe("atom");
    for (const required of ["id", "title", "updated"])
      expect(children(feed, required), required).toHaveLength(1);
    expect(textOf(children(feed, "id")[0] as XmlElement)).toMatch(/^urn:uuid:/);
    expect(Number.isNaN(Date.parse(textOf(children(feed, "updated")[0] as XmlElement)))).toBe(false);
    expect(children(feed, "author")).toHaveLength(1);
    expect(children(feed, "link").find((link) => link.attrs.rel === "self")?.attrs.href).toBe(
      `${server.url}/alerts/sco-mentioned.atom`,
    );
    const entries = children(feed, "entry");
    let withCopies = 0;
    for (const entry of entries) {
      for (const required of ["id", "title", "updated"])
        expect(children(entry, required), required).toHaveLength(1);
      expect(textOf(children(entry, "updated")[0] as XmlElement)).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
      const links = children(entry, "link");
      const alternate = links.filter((link) => link.attrs.rel === "alternate");
      expect(alternate).toHaveLength(1);
      const alert = alerts.find(
        (candidate) => candidate.ruleId === "sco-mentioned" && candidate.url === alternate[0]?.attrs.href,
      );
      const related = links.filter((link) => link.attrs.rel === "related").map((link) => link.attrs.href);
      expect(related.sort()).toEqual(
        (alert?.articles ?? [])
          .map((copy) => copy.url)
          .filter((url) => url !== alert?.url)
          .sort(),
      );
      if (related.length > 0) withCopies += 1;
    }
    expect(withCopies).toBeGreaterThan(0);
    // Stable ids: a reader must not see old alerts as new ones on the next fetch.
    const again = await (await fetch(`${server.url}/alerts/sco-mentioned.atom`, { headers: basic })).text();
    const ids = (xml: string) => [...xml.matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((match) => match[1]);
    expect(ids(again)).toEqual(ids(text));
  });

  it("lists every rule's alerts in /alerts.atom, each title naming its rule", async () => {
    const response = await fetch(`${server.url}/alerts.atom`, { headers: basic });
    const parsed = await parseFeed(new Uint8Array(await response.arrayBuffer()), { url: response.url });
    expect(parsed.feed.title).toBe("newsmon alerts: all rules");
    expect(parsed.entries).toHaveLength(Math.min(50, alerts.length));
    expect(parsed.entries.some((entry) => entry.title?.startsWith("CPAFFC mentioned: "))).toBe(true);
    expect(parsed.entries.some((entry) => entry.title?.startsWith("SCO mentioned: "))).toBe(true);
  });

  it("answers 404 for a rule the watchlist does not have", async () => {
    const response = await fetch(`${server.url}/alerts/no-such-rule.atom`, { headers: basic });
    expect(response.status).toBe(404);
  });
});

describe("who may read a feed", () => {
  it("asks for the ops password, and accepts a feed's own token instead, for that feed only", async () => {
    const open = await fetch(`${server.url}/alerts/sco-mentioned.atom`);
    expect(open.status).toBe(401);
    expect(open.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    const wrong = `Basic ${Buffer.from(`${opsUser}:not-it`).toString("base64")}`;
    expect((await fetch(`${server.url}/alerts.atom`, { headers: { authorization: wrong } })).status).toBe(
      401,
    );

    const token = feedToken(password, "sco-mentioned");
    expect((await fetch(`${server.url}/alerts/sco-mentioned.atom?token=${token}`)).status).toBe(200);
    expect((await fetch(`${server.url}/alerts/cpaffc-mentioned.atom?token=${token}`)).status).toBe(401);
    expect((await fetch(`${server.url}/alerts.atom?token=${token}`)).status).toBe(401);
    expect((await fetch(`${server.url}/alerts.atom?token=${feedToken(password, null)}`)).status).toBe(200);
    expect(
      (await fetch(`${server.url}/alerts/sco-mentioned.atom?token=${feedToken("other", "sco-mentioned")}`))
        .status,
    ).toBe(401);
    // A token opens its feed, nothing else.
    expect((await fetch(`${server.url}/queues?token=${token}`)).status).toBe(401);
    const backfill = await fetch(`${server.url}/rules/sco-mentioned/backfill?token=${token}`, {
      method: "POST",
    });
    expect(backfill.status).toBe(401);
  });

  it("prints a working feed URL with `newsmon rules feed-url`", async () => {
    const result = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, "cli", "newsmon.js"),
        "--config",
        test.configPath,
        "rules",
        "feed-url",
        "sco-mentioned",
        "--base",
        server.url,
      ],
      { encoding: "utf8", timeout: 60_000, env: { ...process.env, NEWSMON_OPS_PASSWORD: password } },
    );
    expect(result.status, result.stderr).toBe(0);
    const url = result.stdout.trim();
    expect(url).toBe(feedUrl(server.url, "sco-mentioned", password));
    expect((await fetch(url)).status).toBe(200);
  });
});

describe("POST /rules/<rule>/backfill", () => {
  it("needs the ops password, then backfills and answers with the summary", async () => {
    expect((await fetch(`${server.url}/rules/sco-mentioned/backfill`, { method: "POST" })).status).toBe(401);
    const response = await fetch(`${server.url}/rules/sco-mentioned/backfill?since=2026-10-05&notify=false`, {
      method: "POST",
      headers: basic,
    });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      rule: "sco-mentioned",
      since: "2026-10-05T00:00:00.000Z",
      notify: false,
      fired: 0,
      joined: 0,
    });
    expect(summary.known).toBe(summary.matched);
    expect(summary.matched).toBeGreaterThan(0);
  });

  it("refuses an unknown rule (404), a bad date (400) and another site's page (403)", async () => {
    const post = (pathAndQuery: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${pathAndQuery}`, { method: "POST", headers: { ...basic, ...headers } });
    const unknown = await post("/rules/no-such-rule/backfill");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: expect.stringMatching(/no rule "no-such-rule"/) });
    expect((await post("/rules/sco-mentioned/backfill?since=last-tuesday")).status).toBe(400);
    expect((await post("/rules/sco-mentioned/backfill", { origin: "https://attacker.example" })).status).toBe(
      403,
    );
  });

  it("refuses without a password beyond loopback, and is open on loopback like the dashboard", async () => {
    const routes = (loopbackOnly: boolean) =>
      alertRoutes({
        es: pipeline.deps.es,
        alertsIndex: pipeline.deps.names.alerts,
        rules: () => pipeline.deps.live.watchlist.rules,
        user: opsUser,
        loopbackOnly,
        backfill: (ruleId, options) => backfillRule(pipeline.deps, ruleId, options, testLog),
      });
    const beyond = await routes(false).request("/rules/sco-mentioned/backfill", { method: "POST" });
    expect(beyond.status).toBe(403);
    expect(await beyond.text()).toMatch(/set NEWSMON_OPS_PASSWORD/);
    const loopback = await routes(true).request("/rules/sco-mentioned/backfill", { method: "POST" });
    expect(loopback.status).toBe(200);
    expect((await routes(true).request("/alerts.atom")).status).toBe(200);
  });
});
