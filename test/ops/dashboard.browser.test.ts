// The queue dashboard in a real browser: the ops server on real Redis queues (own key prefix), opened in
// headless Chromium (Debian's package, driven by playwright-core). It must show the six stage queues and a
// dead-letter record with its reason, and retry a failed job. Saves docs/queue-dashboard.png (the dead-letter
// queue, every queue in the side bar) and docs/queue-overview.png (one card per queue), the screenshots the
// README shows.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { UnrecoverableError, Worker } from "bullmq";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../ops/metrics.ts";
import { type OpsServer, startOpsServer } from "../../ops/server.ts";
import { recordDeadLetter } from "../../queues/queues.ts";
import { stageNames } from "../../queues/topology.ts";
import { type OpsFixture, openOpsFixture, quietLog } from "./support.ts";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const docs = path.join(repoRoot, "docs");
const recordedAt = new Date("2026-11-20T09:30:00Z");
const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let fixture: OpsFixture;
let server: OpsServer;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  // Installs Debian's chromium when it is missing (idempotent); fails here with its reason otherwise.
  const install = spawnSync("bash", [path.join(repoRoot, "infra", "chromium.sh")], { encoding: "utf8" });
  if (install.status !== 0) throw new Error(`infra/chromium.sh failed: ${install.stderr || install.stdout}`);

  fixture = openOpsFixture();
  const { stages, deadLetter } = fixture.queues;
  await recordDeadLetter(deadLetter, {
    queue: "fetch",
    jobId: "fetch-3f2a9c",
    url: "https://news.example.org/2026/11/sco-summit-closing-statement",
    reason: "HTTP 404 Not Found: https://news.example.org/2026/11/sco-summit-closing-statement",
    attempts: 1,
    failedAt: recordedAt.toISOString(),
    data: { articleId: "3f2a9c", url: "https://news.example.org/2026/11/sco-summit-closing-statement" },
  });
  // A fixed time on the record (shown as "Added at"), so the screenshot changes only when the dashboard does.
  await fixture.redis.hset(
    `${fixture.prefix}:dead-letter:fetch-fetch-3f2a9c`,
    "timestamp",
    recordedAt.getTime(),
  );
  // Some work in flight, and one failed job to retry, so the dashboard shows what it is for.
  await stages.fetch.addBulk(
    ["a1", "a2", "a3"].map((id) => ({
      name: "fetch",
      data: { articleId: id, url: `https://news.example.org/${id}` },
      opts: { jobId: `fetch-${id}` },
    })),
  );
  await stages.clean.add("clean", { articleId: "b7" }, { jobId: "clean-b7", attempts: 1 });
  const worker = new Worker(
    "clean",
    async () => {
      throw new UnrecoverableError("page is not HTML (application/pdf)");
    },
    { connection: fixture.redis, prefix: fixture.prefix },
  );
  await new Promise<void>((resolve) => worker.on("failed", () => resolve()));
  await worker.close();

  const metrics = createMetrics({ queues: fixture.queues, redis: fixture.redis, loaded: fixture.loaded });
  server = await startOpsServer({
    host: "127.0.0.1",
    port: 0,
    queues: fixture.queues,
    metrics,
    readiness: async () => ({
      redis: { ok: true, url: "redis://127.0.0.1:6379" },
      elasticsearch: { ok: true, url: "http://127.0.0.1:9200" },
    }),
    log: quietLog,
  });

  profile = mkdtempSync(path.join(tmpdir(), "newsmon-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 860 },
    timezoneId: "UTC",
    locale: "en-GB",
  });
  // Nothing leaves the machine: the board asks Google Fonts for its typeface, which is not needed to render.
  await browser.route(
    (url) => url.origin !== new URL(server.url).origin,
    (route) => route.abort(),
  );
  mkdirSync(docs, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await server?.close();
  await fixture?.cleanUp();
});

describe("queue dashboard in Chromium", () => {
  it("shows the six stage queues and the dead-letter queue with their counts", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/queues`);
    // One card per queue, each with its job count, once the board has loaded the queues.
    await expect.poll(() => page.getByText(/^\d+ Jobs?$/).count(), { timeout: 20_000 }).toBe(7);
    for (const name of [...stageNames, "dead-letter"]) {
      await expect(page.getByRole("link", { name, exact: true }).first().isVisible()).resolves.toBe(true);
    }
    await page.screenshot({ path: path.join(docs, "queue-overview.png") });
  });

  it("shows a dead-letter record with its queue, URL and reason", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/queues/queue/dead-letter?status=waiting`);
    await expect
      .poll(() => page.getByText("fetch-fetch-3f2a9c").first().isVisible(), { timeout: 20_000 })
      .toBe(true);
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).toContain('reason:"HTTP 404 Not Found');
    expect(text).toContain('url:"https://news.example.org/2026/11/sco-summit-closing-statement"');
    expect(text).toContain('queue:"fetch"');
    for (const name of [...stageNames, "dead-letter"]) {
      await expect(page.getByRole("link", { name, exact: true }).first().isVisible()).resolves.toBe(true);
    }
    await page.screenshot({ path: path.join(docs, "queue-dashboard.png") });
  });

  it("retries a failed job from its stage queue", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/queues/queue/clean?status=failed`);
    await expect
      .poll(() => page.getByText("page is not HTML (application/pdf)").first().isVisible(), {
        timeout: 20_000,
      })
      .toBe(true);
    await page.getByRole("button", { name: "Retry all" }).click();
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => fixture.queues.stages.clean.getJobState("clean-b7"), { timeout: 20_000 })
      .toBe("waiting");
  });
});
