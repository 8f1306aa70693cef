import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArticleDocument } from "../queues/articles.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import type { Pipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { expectedArticles, expectedCanonicalUrl } from "./fixture-site/expected.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import { startTestPipeline, type TestConfig, watchlistWith, writeTestConfig } from "./support/harness.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

let site: FixtureSite;
let slack: WebhookReceiver<{ text: string; blocks?: unknown[] }>;
/** The Slack messages received, each with its arrival time. */
const slackMessages = () => slack.received.map(({ body, at }) => ({ ...body, at }));
let smtp: SMTPServer;
const mails: Array<{ from: string; to: string[]; message: string }> = [];
let test: TestConfig;
let pipeline: Pipeline;
let fired: AlertDocument[] = [];

// The shipped rules again, limited to the working channels, and rules of every other kind.
const rules = `rules:
  - id: sco-mentioned
    name: SCO mentioned
    entity: sco
    channels: [slack, mail]
  - id: cpaffc-mentioned
    name: CPAFFC mentioned
    entity: cpaffc
    channels: [slack, mail]
  - id: samarkand-query
    name: Samarkand in the text
    query: Samarkand
    channels: [down, slack]
  - id: sco-in-english
    name: SCO, English articles
    entity: sco
    languages: [en]
    channels: [slack, mail]
  - id: sco-in-russian
    name: SCO, Russian articles
    entity: sco
    languages: [ru]
    channels: [slack, mail]
  - id: sco-from-elsewhere
    name: SCO, from news.az only
    entity: sco
    sources: [news.az]
    channels: [slack, mail]
  - id: sco-in-title
    name: SCO in the title
    entity: sco
    inTitle: true
    channels: [slack, mail]
  - id: sco-often
    name: SCO named at least 12 times
    entity: sco
    minMentions: 12
    channels: [slack, mail]
  - id: cpaffc-digest
    name: CPAFFC digest
    entity: cpaffc
    digest: 2s
    channels: [slack]
`;

beforeAll(async () => {
  site = await startFixtureSite();
  slack = await startWebhookReceiver(() => 200);
  const slackUrl = slack.url;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let message = "";
      stream.on("data", (chunk: Buffer) => {
        message += chunk.toString("utf8");
      });
      stream.on("end", () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), message });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const watchlistPath = watchlistWith(rules);
  test = writeTestConfig({
    feeds: [{ id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml` }],
    watchlist: watchlistPath,
    fetch: { allowPrivateHosts: [new URL(site.url).host, new URL(slackUrl).host, "127.0.0.1:9"] },
    alerts: {
      channels: [
        { name: "slack", type: "webhook", format: "slack", url: slackUrl },
        // Nothing listens there: deliveries to it fail every time.
        { name: "down", type: "webhook", url: "http://127.0.0.1:9/hook", timeout: "1s" },
        {
          name: "mail",
          type: "email",
          host: "127.0.0.1",
          port: smtpPort,
          from: "newsmon@example.org",
          to: ["analyst@example.org"],
        },
      ],
    },
  });
  pipeline = await startTestPipeline(test);
  await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
  await pipeline.waitUntilIdle({ timeoutMs: 90_000 });
  // Digests go out a period after their first alert: wait until every alert is delivered.
  const deadline = Date.now() + 30_000;
  do {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await pipeline.deps.es.indices.refresh({ index: pipeline.deps.names.alerts });
    const response = await pipeline.deps.es.search<AlertDocument>({
      index: pipeline.deps.names.alerts,
      size: 200,
    });
    fired = response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    // ...and the alerts sent to the dead channel have used up their attempts.
  } while (
    fired.some((alert) =>
      alert.ruleId === "samarkand-query"
        ? alert.deliveries.some((delivery) => delivery.channel === "down" && delivery.attempts < 3)
        : alert.status !== "delivered",
    ) &&
    Date.now() < deadline
  );
}, 180_000);

const isDigest = (message: { text: string }) => message.text.startsWith("*CPAFFC digest:");

afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await new Promise((resolve) => smtp?.close(() => resolve(undefined)));
  await slack?.close();
  await test?.cleanUp();
});

const firedFor = (ruleId: string) =>
  fired
    .filter((alert) => alert.ruleId === ruleId)
    .map((alert) => alert.url)
    .sort();
const rssArticles = expectedArticles.filter((article) => article.feed === "/rss.xml");

describe("alert rules", () => {
  it("fires a query-string rule for the articles whose text matches it", () => {
    const expected = rssArticles
      .filter((article) => /Samarkand/.test(`${article.title}\n${article.text}`))
      .map((article) => expectedCanonicalUrl(site.url, article));
    expect(expected.length).toBeGreaterThan(0);
    expect(firedFor("samarkand-query")).toEqual(expected.sort());
  });

  it("honours the language filter", () => {
    expect(firedFor("sco-in-english")).toEqual(firedFor("sco-mentioned"));
    expect(firedFor("sco-mentioned").length).toBeGreaterThan(0);
    expect(firedFor("sco-in-russian")).toEqual([]);
  });

  it("honours the in-title and minimum-mentions conditions", async () => {
    const response = await pipeline.deps.es.search<ArticleDocument>({
      index: pipeline.deps.names.articles,
      size: 100,
    });
    const articles = response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    const sco = (article: ArticleDocument) => article.entityMentions.find((entity) => entity.id === "sco");
    const inTitle = articles
      .filter((article) => sco(article)?.inTitle)
      .map((article) => article.canonicalUrl);
    const often = articles
      .filter((article) => (sco(article)?.count ?? 0) >= 12)
      .map((article) => article.canonicalUrl);
    expect(inTitle.length).toBeGreaterThan(0);
    expect(inTitle.length).toBeLessThan(firedFor("sco-mentioned").length + 1);
    expect(often.length).toBeGreaterThan(0);
    expect(often.length).toBeLessThan(firedFor("sco-mentioned").length);
    expect(firedFor("sco-in-title")).toEqual(inTitle.sort());
    expect(firedFor("sco-often")).toEqual(often.sort());
  });

  it("honours the source filter", () => {
    expect(firedFor("sco-from-elsewhere")).toEqual([]);
  });

  it("delivers Slack-compatible messages", () => {
    const immediate = fired.filter((alert) => alert.ruleId !== "cpaffc-digest");
    expect(slackMessages().filter((message) => !isDigest(message))).toHaveLength(immediate.length);
    const sco = fired.find((alert) => alert.ruleId === "sco-mentioned");
    expect(slackMessages().map((message) => message.text)).toContain(
      `*SCO mentioned*: <${sco?.url}|${sco?.title}> (${sco?.source})`,
    );
    // Heading, context and the snippet quoting the matching sentence with the match in Slack's bold.
    const immediateMessages = slackMessages().filter((message) => !isDigest(message));
    expect(immediateMessages.every((message) => message.blocks?.length === 3)).toBe(true);
    const quoted = immediateMessages.map((message) => JSON.stringify(message.blocks?.[2]));
    expect(quoted.every((block) => /> [^*]*\*[^*]+\*/.test(block))).toBe(true);
  });

  it("e-mails every alert over SMTP, and records the delivery", () => {
    const mailed = fired.filter((alert) => !["cpaffc-digest", "samarkand-query"].includes(alert.ruleId));
    expect(mails).toHaveLength(mailed.length);
    expect(
      mails.every((mail) => mail.from === "newsmon@example.org" && mail.to.join() === "analyst@example.org"),
    ).toBe(true);
    // Bodies are quoted-printable: undo the soft line breaks before looking for each alert's URL.
    const bodies = mails.map((mail) => mail.message.replaceAll("=\r\n", "").replaceAll("=3D", "="));
    for (const alert of mailed)
      expect(
        bodies.some((body) => body.includes(alert.url)),
        alert.alertId,
      ).toBe(true);
    expect(mailed.every((alert) => alert.status === "delivered")).toBe(true);
    expect(
      fired
        .find((alert) => alert.ruleId === "sco-mentioned")
        ?.deliveries.map((delivery) => delivery.channel)
        .sort(),
    ).toEqual(["mail", "slack"]);
  });

  it("sends a digest rule's alerts as at most one message per period, listing each alert once", () => {
    const digestAlerts = fired.filter((alert) => alert.ruleId === "cpaffc-digest");
    expect(digestAlerts.length).toBe(firedFor("cpaffc-mentioned").length);
    expect(digestAlerts.every((alert) => alert.status === "delivered")).toBe(true);
    const digests = slackMessages().filter(isDigest);
    expect(digests.length).toBeGreaterThan(0);
    expect(digests.length).toBeLessThan(digestAlerts.length + 1);
    const listed = digests.flatMap((message) => message.text.split("\n").slice(1));
    expect(listed).toHaveLength(digestAlerts.length);
    for (const alert of digestAlerts) expect(listed.some((line) => line.includes(alert.url))).toBe(true);
    for (let i = 1; i < digests.length; i++) {
      expect((digests[i]?.at ?? 0) - (digests[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1900);
    }
  });

  it("keeps delivering to the other channels when one fails, retrying only the failing one", () => {
    const alerts = fired.filter((alert) => alert.ruleId === "samarkand-query");
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.status).toBe("partial");
      const down = alert.deliveries.find((delivery) => delivery.channel === "down");
      const slackDelivery = alert.deliveries.find((delivery) => delivery.channel === "slack");
      expect(down).toMatchObject({ status: "failed", attempts: 3 });
      expect(down?.error).toMatch(/127\.0\.0\.1:9/);
      expect(slackDelivery).toMatchObject({ status: "delivered", attempts: 1 });
      // Delivered once, whatever the retries of the failing channel.
      expect(
        slackMessages().filter(
          (message) => message.text.includes(`<${alert.url}|`) && message.text.startsWith("*Samarkand"),
        ).length,
      ).toBe(1);
    }
  });
});
