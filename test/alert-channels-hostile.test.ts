// Alert channels against what a hostile page or a wrong config sends their way: a webhook on a private address
// that fetch.allowPrivateHosts does not list is refused once, for good (dead-lettered with the config line that
// allows it, not retried as if transient), and Slack messages carry page text escaped, never as markup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { slackPayload } from "../workers/alert/channels.ts";
import type { Pipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { type FixtureSite, startFixtureSite } from "./fixture-site/server.ts";
import { startTestPipeline, type TestConfig, writeTestConfig } from "./support/harness.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

describe("a webhook on a private address not allowed", () => {
  let site: FixtureSite;
  let internal: WebhookReceiver<unknown>;
  let test: TestConfig;
  let pipeline: Pipeline;

  beforeAll(async () => {
    site = await startFixtureSite();
    // Listening on loopback, which the config does not allow for it.
    internal = await startWebhookReceiver();
    test = writeTestConfig({
      feeds: [{ id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml` }],
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
      alerts: { channels: [{ name: "internal", type: "webhook", url: internal.url }] },
    });
    pipeline = await startTestPipeline(test);
    await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
    await pipeline.waitUntilIdle({ timeoutMs: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    await internal?.close();
    await test?.cleanUp();
  });

  it("is refused once, dead-lettered with the exact config fix, and never reached", async () => {
    const fix = `fetch: { allowPrivateHosts: ["${new URL(internal.url).host}"] }`;
    const { es, names } = pipeline.deps;
    await es.indices.refresh({ index: names.alerts });
    const alerts = (await es.search<AlertDocument>({ index: names.alerts, size: 100 })).hits.hits.flatMap(
      (hit) => (hit._source ? [hit._source] : []),
    );
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.status).toBe("failed");
      expect(alert.deliveries).toEqual([
        expect.objectContaining({ channel: "internal", status: "failed", attempts: 1 }),
      ]);
      expect(alert.deliveries[0]?.error).toContain(fix);
    }
    const deadLetters = (await pipeline.queues.deadLetter.getJobs(["waiting", "completed", "delayed"])).map(
      (job) => job.data,
    );
    const alertLetters = deadLetters.filter((record) => record.queue === "alert");
    expect(alertLetters.length).toBeGreaterThan(0);
    for (const record of alertLetters) {
      // The harness allows 3 attempts; a refusal uses one.
      expect(record.attempts).toBe(1);
      expect(record.reason).toContain(fix);
    }
    expect(internal.received).toEqual([]);
  });
});

describe("Slack messages", () => {
  const alert = {
    alertId: "r-1",
    ruleName: "SCO <b>mentioned</b>",
    title: "<!channel> Click <https://evil.example/|here> & win",
    url: "https://news.example.org/a?x=1&y=2|3",
    source: "news.example.org",
    publishedAt: null,
    watched: ["Shanghai Cooperation Organization"],
    snippet: "the **SCO** said <@U123> & others",
  } as unknown as AlertDocument;

  it("escape &, < and > in page text, so a title makes no mention or link of its own", () => {
    const message = slackPayload(alert);
    expect(message.text).toBe(
      "*SCO &lt;b&gt;mentioned&lt;/b&gt;*: <https://news.example.org/a?x=1&amp;y=2%7C3|&lt;!channel&gt; Click " +
        "&lt;https://evil.example/|here&gt; &amp; win> (news.example.org)",
    );
    const everything = JSON.stringify(message);
    expect(everything).not.toContain("<!channel>");
    expect(everything).not.toContain("<@U123>");
    expect(everything).toContain("the *SCO* said &lt;@U123&gt; &amp; others");
  });
});
