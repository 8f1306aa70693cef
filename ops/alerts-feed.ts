// The ops server's alert routes: each rule's alerts as an Atom 1.0 feed (GET /alerts/<rule>.atom, and
// /alerts.atom for every rule) and the backfill (POST /rules/<rule>/backfill?since=&notify=). The ops password
// applies to all of them (HTTP Basic, user "newsmon"). A feed reader that cannot send a password may put the
// feed's token in the URL instead (?token=, an HMAC of the rule id keyed with the ops password, printed by
// `newsmon rules feed-url`): it opens that one feed and nothing else. Entries: the article's title and link,
// the story's other copies as rel="related" links, the snippet as summary, a urn:uuid id derived from the
// alert id (stable across restarts and reindexing).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import type { WatchRule } from "../config/watchlist-schema.ts";
import type { ElasticsearchClient } from "../lib/elasticsearch.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import type { BackfillOptions, BackfillSummary } from "../workers/alert/backfill.ts";
import { BackfillRefused, parseSince } from "../workers/alert/backfill.ts";

const realm = "newsmon operations";

/** The URL token of a feed: `ruleId` null for the feed of every rule. */
export function feedToken(password: string, ruleId: string | null): string {
  return createHmac("sha256", password)
    .update(`newsmon alerts feed ${ruleId ?? "*"}`)
    .digest("base64url")
    .slice(0, 32);
}

/** Where a feed reader subscribes: the feed's path on `base`, with its token when a password is set. */
export function feedUrl(base: string, ruleId: string | null, password: string | undefined): string {
  const url = new URL(ruleId === null ? "/alerts.atom" : `/alerts/${encodeURIComponent(ruleId)}.atom`, base);
  if (password) url.searchParams.set("token", feedToken(password, ruleId));
  return url.toString();
}

export interface AlertRoutesOptions {
  es: ElasticsearchClient;
  /** The alerts index. */
  alertsIndex: string;
  /** The watchlist's rules as they are now (the watchlist reloads without a restart). */
  rules: () => WatchRule[];
  /** The ops server's Basic auth user and password; no password: open (the server is then on loopback). */
  user: string;
  password?: string;
  /** Whether the server is bound to loopback only: without a password, changes are accepted only then. */
  loopbackOnly: boolean;
  backfill?: (ruleId: string, options: BackfillOptions) => Promise<BackfillSummary>;
}

export function alertRoutes(options: AlertRoutesOptions): Hono {
  const { es, alertsIndex, rules, user, password, loopbackOnly, backfill } = options;
  const app = new Hono();

  const serveFeed = async (c: Context, ruleId: string | null): Promise<Response> => {
    if (!authorised(c.req.header("authorization"), user, password, ruleId, c.req.query("token")))
      return unauthorised();
    const rule = ruleId === null ? null : rules().find((candidate) => candidate.id === ruleId);
    if (rule === undefined) return c.text(`no rule "${ruleId}" in the watchlist\n`, 404);
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    const response = await es.search<AlertDocument>(
      {
        index: alertsIndex,
        size: limit,
        sort: [{ "@timestamp": "desc" }],
        query: rule ? { term: { ruleId: rule.id } } : { match_all: {} },
      },
      { ignore: [404] },
    );
    const alerts = response.hits?.hits.flatMap((hit) => (hit._source ? [hit._source] : [])) ?? [];
    const body = atomFeed({
      id: uuidUrn(`feed ${alertsIndex} ${rule?.id ?? "*"}`),
      title: `newsmon alerts: ${rule ? rule.name : "all rules"}`,
      selfUrl: c.req.url,
      alerts,
      titleWithRule: rule === null,
      alertsIndex,
    });
    return c.body(body, 200, { "content-type": "application/atom+xml; charset=utf-8" });
  };

  app.get("/alerts.atom", (c) => serveFeed(c, null));
  app.get("/alerts/:file{[^/]+\\.atom}", (c) => serveFeed(c, c.req.param("file").slice(0, -".atom".length)));

  app.post("/rules/:rule/backfill", async (c) => {
    // Changing state takes the password itself, never a feed token.
    if (!password && !loopbackOnly)
      return c.text(
        "refused: set NEWSMON_OPS_PASSWORD to allow backfills on a server bound beyond loopback\n",
        403,
      );
    if (!authorised(c.req.header("authorization"), user, password, undefined, undefined))
      return unauthorised();
    if (!backfill) return c.text("this process cannot run backfills\n", 501);
    const since = c.req.query("since");
    const sinceDate = since ? parseSince(since) : undefined;
    if (sinceDate === null) return c.text(`since=${since}: expected a date such as 2026-11-01\n`, 400);
    const notify = ["1", "true", "yes", ""].includes(c.req.query("notify") ?? "no");
    try {
      return c.json(await backfill(c.req.param("rule"), { since: sinceDate, notify }));
    } catch (error) {
      if (error instanceof BackfillRefused)
        return c.json({ error: error.message }, error.kind === "unknown rule" ? 404 : 409);
      throw error;
    }
  });
  return app;
}

/**
 * Open without a password (the server then listens on loopback only); else Basic auth with the password, or
 * (`ruleId` not undefined) the feed's own token.
 */
function authorised(
  header: string | undefined,
  user: string,
  password: string | undefined,
  ruleId: string | null | undefined,
  token: string | undefined,
): boolean {
  if (!password) return true;
  if (ruleId !== undefined && token !== undefined && sameText(token, feedToken(password, ruleId)))
    return true;
  const basic = /^Basic\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!basic) return false;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  return sameText(decoded, `${user}:${password}`);
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest()];
  return timingSafeEqual(left, right);
}

function unauthorised(): Response {
  return new Response("authentication required (the ops password, or the feed's ?token=)\n", {
    status: 401,
    headers: { "www-authenticate": `Basic realm="${realm}", charset="UTF-8"` },
  });
}

/** A name-based (version 5) UUID as a URN: the same alert always gets the same entry id. */
export function uuidUrn(name: string): string {
  // A namespace of newsmon's own (random, fixed), so these never collide with other name-based UUIDs.
  const namespace = Buffer.from("6f1c2a8e4b7d4e0a9c3f5d2b8a1e7c64", "hex");
  const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether XML 1.0 allows the character (a page title may carry control characters; they are dropped). */
function xmlChar(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (code >= 0x20 || code === 0x9 || code === 0xa || code === 0xd) && code !== 0xfffe && code !== 0xffff;
}

function xml(text: string): string {
  return text
    .toWellFormed()
    .split("")
    .filter(xmlChar)
    .join("")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** The latest time the alert changed: fired, or a copy of its story joined. */
function alertUpdated(alert: AlertDocument): string {
  const times = [alert["@timestamp"], ...alert.articles.map((copy) => copy.at)];
  return new Date(Math.max(...times.map((time) => Date.parse(time)).filter(Number.isFinite))).toISOString();
}

function atomFeed(feed: {
  id: string;
  title: string;
  selfUrl: string;
  alerts: AlertDocument[];
  titleWithRule: boolean;
  alertsIndex: string;
}): string {
  const entries = feed.alerts.map((alert) => {
    const updated = alertUpdated(alert);
    const title = alert.title ?? alert.url;
    const related = alert.articles.filter((copy) => copy.url !== alert.url);
    return [
      "  <entry>",
      `    <id>${uuidUrn(`alert ${feed.alertsIndex} ${alert.alertId}`)}</id>`,
      `    <title type="text">${xml(feed.titleWithRule ? `${alert.ruleName}: ${title}` : title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(alert.url)}"/>`,
      ...related.map(
        (copy) =>
          `    <link rel="related" type="text/html" href="${xml(copy.url)}" title="${xml(`${copy.title ?? copy.url} (${copy.source})`)}"/>`,
      ),
      `    <published>${new Date(alert["@timestamp"]).toISOString()}</published>`,
      `    <updated>${updated}</updated>`,
      `    <category term="${xml(alert.ruleId)}" label="${xml(alert.ruleName)}"/>`,
      ...(alert.snippet ? [`    <summary type="text">${xml(alert.snippet)}</summary>`] : []),
      "  </entry>",
    ].join("\n");
  });
  const updated =
    feed.alerts.length > 0 ? feed.alerts.map(alertUpdated).sort().at(-1) : new Date().toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${feed.id}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    "  <author><name>newsmon</name></author>",
    "  <generator>newsmon</generator>",
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
