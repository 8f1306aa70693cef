// fetch: an article URL in, its raw page stored (compressed, for replay) and one clean job out. The HTTP client
// enforces timeouts, the size and redirect caps, per-host concurrency, robots.txt and the private-address
// guard. Fails: network errors, 429 and 5xx retry; other 4xx, refusals and non-HTML bodies end in a dead letter.
// A fetch from the feed (re)starts the article's revisits (revisit.ts). A revisit is a conditional GET with the
// stored validators: 304 or the same bytes end it quietly, changed bytes are stored and go on to clean (a new
// revision downstream). A revisit that fails never dead-letters the article: it is logged (404 and 410 recorded
// on the raw page) and the next step is scheduled.
import { describeError, HostBusyError, PermanentError } from "../../lib/errors.ts";
import type { HttpResponse } from "../../lib/http.ts";
import { jobId } from "../../lib/ids.ts";
import type { FetchJob } from "../../queues/payloads.ts";
import type { Deps } from "../deps.ts";
import type { NextJob, Stage, StageContext, StageOutput } from "../stage.ts";
import { bodyHashOf, type PageHead } from "./raw-store.ts";

const pageTypes = /^(text\/html|application\/xhtml\+xml|text\/plain|application\/xml|text\/xml)\b/i;
const accept = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
/** Answers on a revisit that say the page is gone; recorded on the raw page, the article stays. */
const goneStatuses = new Set([404, 410]);

export const fetchStage: Stage<"fetch"> = {
  name: "fetch",
  async run(job, deps, context) {
    return job.revisit === undefined
      ? fetchFromFeed(job, deps, context)
      : revisit(job, job.revisit, deps, context);
  },
};

async function fetchFromFeed(
  job: FetchJob,
  deps: Deps,
  { inBatch }: StageContext,
): Promise<StageOutput<"fetch">> {
  const response = await deps.http.get(job.url, { headers: { accept }, inLine: inBatch });
  assertPage(job.url, response);
  const next = await storePage(job, response, deps);
  return {
    next,
    afterEnqueue: () => deps.revisits.start(job.articleId, deps.loaded.config.fetch.revisitAfter),
  };
}

async function revisit(
  job: FetchJob,
  step: number,
  deps: Deps,
  { attempt, log, inBatch }: StageContext,
): Promise<StageOutput<"fetch">> {
  const steps = deps.loaded.config.fetch.revisitAfter;
  if (step >= steps.length) {
    log.info({ step }, `revisit of ${job.url} dropped: fetch.revisitAfter has no step ${step} any more`);
    return { next: [] };
  }
  const scheduleNext = () => deps.revisits.next(job.articleId, step, steps);
  const stored = (await deps.raw.heads([job.articleId])).get(job.articleId);
  if (!stored) {
    log.warn({ step }, `revisit of ${job.url}: no raw page stored; no more revisits`);
    return { next: [] };
  }
  let response: HttpResponse;
  try {
    response = await deps.http.get(job.url, {
      headers: { accept, ...validatorsOf(stored) },
      inLine: inBatch,
    });
    if (response.status !== 304 && !goneStatuses.has(response.status)) assertPage(job.url, response);
  } catch (error) {
    // A busy host only delays the job. Network errors, 429 and 5xx are retried like any fetch; once the
    // attempts are spent, this step is skipped.
    if (error instanceof HostBusyError) throw error;
    if (!(error instanceof PermanentError) && attempt < deps.loaded.config.limits.attempts) throw error;
    log.warn({ step, err: describeError(error) }, `revisit of ${job.url} failed; the article is kept`);
    return { next: [], afterEnqueue: scheduleNext };
  }
  if (goneStatuses.has(response.status)) {
    log.warn({ step }, `revisit of ${job.url}: HTTP ${response.status}; the article is kept`);
    if (stored.status !== response.status) {
      await deps.raw.recordStatus(job.articleId, response.status, new Date().toISOString());
    }
    return { next: [], afterEnqueue: scheduleNext };
  }
  if (response.status === 304 || bodyHashOf(response.body) === stored.bodyHash) {
    log.debug({ step, status: response.status }, `revisit of ${job.url}: unchanged`);
    // The page is back after a 404/410 the raw page recorded.
    if (stored.status !== 200) await deps.raw.recordStatus(job.articleId, 200, new Date().toISOString());
    return { next: [], afterEnqueue: scheduleNext };
  }
  log.info({ step }, `revisit of ${job.url}: the page changed`);
  const next = await storePage(job, response, deps);
  return { next, afterEnqueue: scheduleNext };
}

/** 429 and 5xx are worth retrying; any other answer but 200 with a web page is not. */
function assertPage(url: string, response: HttpResponse): void {
  if (response.status === 429 || response.status >= 500) {
    throw new Error(`${url} answered HTTP ${response.status}`);
  }
  if (response.status !== 200) {
    throw new PermanentError(`${url} answered HTTP ${response.status}`);
  }
  const contentType = response.headers["content-type"];
  if (contentType && !pageTypes.test(contentType)) {
    throw new PermanentError(`${url} is not a web page (Content-Type: ${contentType})`);
  }
}

function validatorsOf(page: PageHead): Record<string, string> {
  const headers: Record<string, string> = {};
  if (page.etag) headers["if-none-match"] = page.etag;
  if (page.lastModified) headers["if-modified-since"] = page.lastModified;
  return headers;
}

/** Stores the page as the article's raw page; returns the clean job for it. */
async function storePage(job: FetchJob, response: HttpResponse, deps: Deps): Promise<NextJob<"fetch">[]> {
  const bodyHash = await deps.raw.put({
    articleId: job.articleId,
    url: job.url,
    finalUrl: response.url,
    feedId: job.feedId,
    item: job.item,
    fetchedAt: new Date().toISOString(),
    contentType: response.headers["content-type"] ?? null,
    etag: response.headers.etag ?? null,
    lastModified: response.headers["last-modified"] ?? null,
    body: response.body,
  });
  return [
    { jobId: jobId("clean", job.articleId, bodyHash.slice(0, 16)), data: { articleId: job.articleId } },
  ];
}
