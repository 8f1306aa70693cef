// Edits made in place, seen by revisits: the whole pipeline on the real Redis and Elasticsearch over a local site
// whose story gains an SCO mention after its first fetch (same URL, feed unchanged). The revisit stores the
// edit, the article gets a new revision, and only the rule it newly matches fires; a page nobody edits answers
// 304 to every revisit and is not indexed again.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleIdFor } from "../lib/ids.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import type { AlertDocument } from "../workers/alert/alerts-index.ts";
import { RevisitSchedule, revisitJobId } from "../workers/fetch/revisit.ts";
import type { Pipeline } from "../workers/pipeline.ts";
import { pollNow } from "../workers/poll/schedule.ts";
import { renderRss } from "./fixture-site/feeds.ts";
import { startTestPipeline, type TestConfig, writeTestConfig } from "./support/harness.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook.ts";

const editedPath = "/news/2026/12/06/baku-beijing-friendship-forum";
const steadyPath = "/news/2026/12/06/caspian-ferry-timetable";

const forumParagraphs = [
  "A delegation of the Chinese People's Association for Friendship with Foreign Countries arrived in Baku on Sunday for a two-day friendship forum with Azerbaijani universities and cultural centres.",
  "The delegation, led by the association's vice-president, toured the Heydar Aliyev Center and met rectors of three universities to discuss student exchanges, joint summer schools and a translation programme for contemporary novels.",
  "Organisers said the forum would end with the signing of a memorandum on a Chinese-language teaching centre in Ganja, the first outside the capital, to open next autumn.",
];
/** The correction the outlet makes in place, an hour later in real life and a few seconds here. */
const forumCorrection =
  "The forum was timed to follow the meeting of the Shanghai Cooperation Organization heads of government in Beijing, where Azerbaijan took part as a dialogue partner for the first time.";

const ferryParagraphs = [
  "The Caspian ferry line between Alat and Turkmenbashi will sail on a new winter timetable from Monday, the port authority announced on Sunday.",
  "Departures move from evening to early morning on weekdays, while the weekend crossing keeps its afternoon slot; freight lorries must now check in four hours before sailing instead of three.",
  "The port authority said the change follows the opening of a second berth for roll-on roll-off vessels and should cut waiting times at the terminal by a third during the winter months.",
];

function page(title: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:published_time" content="2026-12-06T09:00:00+04:00"></head>
<body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>${title}</h1><time datetime="2026-12-06T09:00:00+04:00">6 December 2026</time>
${paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join("\n")}
</article></main><footer>Local News Agency</footer></body></html>`;
}

const pages = new Map<string, string>([
  [editedPath, page("CPAFFC delegation opens Baku friendship forum", forumParagraphs)],
  [steadyPath, page("Caspian ferry moves to winter timetable", ferryParagraphs)],
]);

/**
 * The edit is made by the test once the first version has been indexed and alerted; a revisit that comes before
 * that waits for it, so the run cannot outpace the test on a slow machine.
 */
let publishEdit: () => void = () => {};
const edited = new Promise<void>((resolve) => {
  publishEdit = () => {
    pages.set(
      editedPath,
      page("CPAFFC delegation opens Baku friendship forum", [...forumParagraphs, forumCorrection]),
    );
    resolve();
  };
});

const requests: Array<{ path: string; status: number; ifNoneMatch: string | undefined; etag: string }> = [];

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? "/", "http://site.invalid").pathname;
  if (path === editedPath && requests.some((earlier) => earlier.path === editedPath)) await edited;
  const body =
    path === "/feed.xml"
      ? renderRss(
          [...pages.keys()].map((link) => ({
            title: link,
            link: `${origin}${link}`,
            guid: `${origin}${link}`,
            published: "2026-12-06T09:00:00+04:00",
            summary: "",
            category: "News",
          })),
          origin,
          new Date("2026-12-06T05:00:00Z"),
        )
      : pages.get(path);
  if (body === undefined) {
    requests.push({ path, status: 404, ifNoneMatch: undefined, etag: "" });
    response.writeHead(404).end();
    return;
  }
  const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
  const ifNoneMatch = request.headers["if-none-match"];
  const status = ifNoneMatch === etag ? 304 : 200;
  requests.push({ path, status, ifNoneMatch, etag });
  const type = path === "/feed.xml" ? "application/rss+xml" : "text/html; charset=utf-8";
  response.writeHead(status, { "Content-Type": type, ETag: etag });
  response.end(status === 200 ? body : undefined);
}

const server = createServer((request, response) => void answer(request, response));
let origin = "";
let test: TestConfig;
let pipeline: Pipeline;
let webhook: WebhookReceiver<{ alertId: string; rule: { id: string } }>;

function statusesOf(path: string): number[] {
  return requests.filter((request) => request.path === path).map((request) => request.status);
}

async function indexed(path: string): Promise<ArticleDocument | undefined> {
  const response = await pipeline.deps.es.get<ArticleDocument>(
    { index: pipeline.deps.names.articles, id: articleIdFor(`${origin}${path}`) },
    { ignore: [404] },
  );
  return response.found ? response._source : undefined;
}

async function alerts(): Promise<AlertDocument[]> {
  await pipeline.deps.es.indices.refresh({ index: pipeline.deps.names.alerts });
  const response = await pipeline.deps.es.search<AlertDocument>({
    index: pipeline.deps.names.alerts,
    size: 50,
  });
  return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

/** Polls `check` until it returns true; bounded, so a run that never gets there fails with `what`. */
async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let alertsBeforeEdit: AlertDocument[] = [];
let steadyBeforeRevisits: ArticleDocument | undefined;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  webhook = await startWebhookReceiver();
  test = writeTestConfig({
    feeds: [{ id: "agency", name: "Local News Agency", url: `${origin}/feed.xml` }],
    fetch: {
      allowPrivateHosts: [new URL(origin).host, new URL(webhook.url).host],
      revisitAfter: ["1s", "2s"],
    },
    alerts: { channels: [{ name: "hook", type: "webhook", url: webhook.url }] },
  });
  pipeline = await startTestPipeline(test);
  await pollNow(pipeline.queues.stages.poll, test.loaded.config.feeds);
  // The first versions indexed and alerted (a revisit of the forum page, if one comes, waits for the edit).
  await waitFor("the first versions to be indexed and alerted", async () => {
    const [forum, ferry] = [await indexed(editedPath), await indexed(steadyPath)];
    steadyBeforeRevisits = ferry;
    alertsBeforeEdit = await alerts();
    return forum !== undefined && ferry !== undefined && alertsBeforeEdit.length > 0;
  });
  publishEdit();
  // Both steps of both pages revisited: the forum page's edit, then 304s.
  await waitFor(
    "every revisit",
    () => statusesOf(editedPath).length === 3 && statusesOf(steadyPath).length === 3,
  );
  await pipeline.waitUntilIdle({ timeoutMs: 60_000 });
  await pipeline.deps.es.indices.refresh({ index: pipeline.deps.names.articles });
}, 180_000);

afterAll(async () => {
  await pipeline?.close();
  await webhook?.close();
  await new Promise((resolve) => server.close(resolve));
  await test?.cleanUp();
});

describe("an article edited in place after its first fetch", () => {
  it("fired only the rule its first version matched before the edit", () => {
    expect(alertsBeforeEdit.map((alert) => alert.ruleId)).toEqual(["cpaffc-mentioned"]);
  });

  it("is fetched again with its validators, stored and indexed as a new revision with the edit", async () => {
    const forumRequests = requests.filter((request) => request.path === editedPath);
    expect(forumRequests.map((request) => request.status)).toEqual([200, 200, 304]);
    expect(forumRequests[1]?.ifNoneMatch).toBe(forumRequests[0]?.etag);
    expect(forumRequests[2]?.ifNoneMatch).toBe(forumRequests[1]?.etag);
    const article = await indexed(editedPath);
    expect(article?.revision).toBe(2);
    expect(article?.text).toContain("Shanghai Cooperation Organization heads of government");
    expect(statusesOf("/feed.xml")).toEqual([200]);
  });

  it("raises exactly one new alert, for the rule it newly matches, and none again for the rule that fired", async () => {
    const after = await alerts();
    const added = after.filter((alert) => !alertsBeforeEdit.some((old) => old.alertId === alert.alertId));
    expect(added.map((alert) => alert.ruleId)).toEqual(["sco-mentioned"]);
    expect(after.map((alert) => alert.ruleId).sort()).toEqual(["cpaffc-mentioned", "sco-mentioned"]);
    expect(webhook.received.map(({ body }) => body.rule.id).sort()).toEqual([
      "cpaffc-mentioned",
      "sco-mentioned",
    ]);
  });
});

describe("an article nobody edits", () => {
  it("answers 304 to every revisit and is not indexed again", async () => {
    const ferryRequests = requests.filter((request) => request.path === steadyPath);
    expect(ferryRequests.map((request) => request.status)).toEqual([200, 304, 304]);
    expect(ferryRequests.slice(1).map((request) => request.ifNoneMatch)).toEqual([
      ferryRequests[0]?.etag,
      ferryRequests[0]?.etag,
    ]);
    const article = await indexed(steadyPath);
    expect(article?.revision).toBe(1);
    expect(article?.indexedAt).toBe(steadyBeforeRevisits?.indexedAt);
  });
});

describe("revisits in Redis", () => {
  it("leave nothing behind once every article has had its last one: no schedule entry, no job record", async () => {
    const schedule = new RevisitSchedule(pipeline.deps.redis, pipeline.deps.keyPrefix);
    expect(await schedule.pending()).toEqual([]);
    for (const path of [editedPath, steadyPath]) {
      for (const step of [0, 1]) {
        const id = revisitJobId(articleIdFor(`${origin}${path}`), step);
        expect(await pipeline.queues.stages.fetch.getJob(id), id).toBeUndefined();
      }
    }
  });
});
