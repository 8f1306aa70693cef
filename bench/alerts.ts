// Alert latency: newsmon runs with a 1 s poll interval against the fixture site while new articles are published
// on it at a steady rate; each matching story must reach the webhook once. Prints the distribution of the time
// from publication to webhook delivery, split into poll wait (publication -> the poll that queued the article)
// and pipeline time (that poll -> webhook), the alerts per story, and alerts on articles that must not fire.
// Usage: node bench/alerts.ts [--stories 30] [--interval-ms 1000]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { canonicalizeUrl } from "../lib/ids.ts";
import type { FetchJob } from "../queues/payloads.ts";
import { startFixtureSite } from "../test/fixture-site/server.ts";
import { connections, testLog, writeTestConfig } from "../test/support/harness.ts";
import { startPipeline } from "../workers/pipeline.ts";

const { values } = parseArgs({
  options: { stories: { type: "string", default: "30" }, "interval-ms": { type: "string", default: "1000" } },
});
const storyCount = Number(values.stories);
const intervalMs = Number(values["interval-ms"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const vocabulary = (
  "agreement bridge cargo corridor customs delegation energy exhibition festival forum grain harbour investment " +
  "ministry pipeline railway scholarship summit terminal tourism treaty university visa wind youth caspian silk " +
  "museum orchestra theatre carpet tea cotton steel solar battery vaccine hospital school library airport ferry " +
  "container warehouse bank loan bond market export import tariff quota license patent software satellite drone"
).split(" ");

/** Deterministic, distinct filler per article, so that different stories really are different texts. */
function filler(seed: number, words: number): string {
  let state = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + i) >>> 0;
    out.push(vocabulary[state % vocabulary.length] ?? "news");
  }
  return `${out.join(" ")}.`;
}

function paragraphs(n: number, topic: "sco" | "orchestra" | "trade"): string[] {
  const lead = {
    sco: `Secretary-General of the Shanghai Cooperation Organization Zhang Ming met Azerbaijani officials in Baku, discussing the SCO dialogue partnership.`,
    orchestra: `The Scottish Chamber Orchestra (SCO) announced a concert of its Caspian tour, with a programme of Mozart and Haydn in Baku.`,
    trade: `Trade between Azerbaijan and China grew again, the State Customs Committee said, led by machinery and agricultural exports.`,
  }[topic];
  return [lead, `Officials said ${filler(n * 3 + 1, 60)}`, `Analysts noted ${filler(n * 3 + 2, 60)}`];
}

/** The copy a second outlet runs: same story, lightly edited. */
function syndicated(text: string[]): string[] {
  return text.map((paragraph, index) =>
    index === 0
      ? `${paragraph} The agency reported.`
      : paragraph.replace("Officials said", "Officials stated"),
  );
}

const received = new Map<string, number[]>();
const webhook = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    const payload = JSON.parse(body) as { article: { url: string } };
    received.set(payload.article.url, [...(received.get(payload.article.url) ?? []), Date.now()]);
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;

const site = await startFixtureSite();
const test = writeTestConfig({
  feeds: [
    { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1s" },
    { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml`, pollInterval: "1s" },
  ],
  fetch: { allowPrivateHosts: [new URL(site.url).host, new URL(webhookUrl).host] },
  alerts: { channels: [{ name: "hook", type: "webhook", url: webhookUrl }] },
  limits: { attempts: 3, backoff: "200ms" },
});
const pipeline = await startPipeline({
  loaded: test.loaded,
  connections,
  log: testLog,
  stages: ["poll", "fetch", "clean", "entities", "index", "alert"],
  schedule: true,
});

try {
  // The fixture's own articles first, so the measured ones are the only new items.
  await pipeline.waitUntilIdle({ timeoutMs: 120_000, settleMs: 1500 });
  const alertsBefore = received.size;
  const published: Array<{ url: string; at: number; story: number; matching: boolean }> = [];
  const topics = ["sco", "orchestra", "trade"] as const;
  for (let n = 0; n < storyCount; n++) {
    const topic = topics[n % 3] ?? "sco";
    const text = paragraphs(n, topic);
    const title = `${topic === "sco" ? "SCO Secretary-General" : topic === "orchestra" ? "Scottish Chamber Orchestra" : "Trade"} update ${n}`;
    let at = Date.now();
    published.push({
      url: site.publish({
        slug: `bench-${n}`,
        title,
        paragraphs: text,
        publishedAt: new Date(at).toISOString(),
      }),
      at,
      story: n,
      matching: topic === "sco",
    });
    if (topic === "sco") {
      await sleep(300);
      at = Date.now();
      const url = site.publish({
        slug: `bench-${n}-copy`,
        title: `${title} (agency)`,
        paragraphs: syndicated(text),
        publishedAt: new Date(at).toISOString(),
        feed: "/atom.xml",
      });
      published.push({ url, at, story: n, matching: true });
    }
    await sleep(intervalMs);
  }
  await pipeline.waitUntilIdle({ timeoutMs: 120_000, settleMs: 3000 });

  // When the poll that saw each article queued its fetch: BullMQ stamps every job with the time it was added.
  const fetches = await pipeline.queues.stages.fetch.getJobs(["completed"], 0, 10_000);
  const queuedAt = new Map(fetches.map((job) => [(job.data as FetchJob).url, job.timestamp]));

  const rows: Array<{ poll: number; pipeline: number; total: number }> = [];
  const perStory = new Map<number, number>();
  let nonMatchingAlerts = 0;
  for (const item of published) {
    const url = canonicalizeUrl(item.url);
    const deliveries = received.get(url) ?? [];
    if (!item.matching) {
      nonMatchingAlerts += deliveries.length;
      continue;
    }
    perStory.set(item.story, (perStory.get(item.story) ?? 0) + deliveries.length);
    const delivered = deliveries[0];
    const queued = queuedAt.get(url);
    if (delivered !== undefined && queued !== undefined) {
      rows.push({ poll: queued - item.at, pipeline: delivered - queued, total: delivered - item.at });
    }
  }
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  };
  const line = (name: string, values: number[]) =>
    `${name.padEnd(26)} ${String(values.length).padStart(7)} ${[0.5, 0.95, 1].map((q) => String(Math.round(quantile(values, q))).padStart(8)).join("")}`;
  process.stdout.write(
    `alert latency: ${storyCount} stories published every ${intervalMs} ms (SCO stories twice: original + syndicated copy), polls every 1 s\n\n`,
  );
  process.stdout.write(
    `${"ms, publication ->".padEnd(26)} ${"samples".padStart(7)}${"p50".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}\n`,
  );
  process.stdout.write(
    `${line(
      "poll wait",
      rows.map((row) => row.poll),
    )}\n`,
  );
  process.stdout.write(
    `${line(
      "pipeline (poll -> webhook)",
      rows.map((row) => row.pipeline),
    )}\n`,
  );
  process.stdout.write(
    `${line(
      "end to end",
      rows.map((row) => row.total),
    )}\n\n`,
  );
  const counts = [...perStory.values()];
  process.stdout.write(
    `matching stories: ${perStory.size}; alerts per story: ${counts.join(" ")} (exactly one each: ${counts.every((count) => count === 1) ? "yes" : "NO"})\n`,
  );
  process.stdout.write(`alerts on non-matching articles (unrelated SCO, no SCO): ${nonMatchingAlerts}\n`);
  process.stdout.write(`fixture-site article URLs alerted before the measured run: ${alertsBefore}\n`);
} finally {
  await pipeline.close();
  await site.close();
  webhook.close();
  await test.cleanUp();
}
