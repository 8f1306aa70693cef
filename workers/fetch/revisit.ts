// Revisits: an article is fetched again `fetch.revisitAfter` after its first fetch (10 min, 1 h, 6 h, 24 h by
// default), so an edit made in place (same URL, feed item unchanged) is seen. The schedule is one Redis sorted
// set (member "<articleId>|<step>", score = due time in ms): about a hundred bytes per article with revisits to
// come, nothing once its last step is done. A mover in every process running the fetch stage claims due entries
// (atomically, so exactly one process takes each), reads the URL, feed and item from the raw store and enqueues
// one revisit fetch job per entry; the fetch stage (stage.ts) does the conditional GET and schedules the next step.
// Fails: Redis or Elasticsearch unreachable -> the claimed entries fall due again after the claim lease.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { MicroBatcher } from "../../lib/batch.ts";
import { describeError } from "../../lib/errors.ts";
import { jobId } from "../../lib/ids.ts";
import type { FetchJob } from "../../queues/payloads.ts";
import type { Deps } from "../deps.ts";

/** How often each process looks for due revisits. */
const moveEveryMs = 2_000;
/** Due entries claimed per round trip. */
const claimBatch = 500;
/** A claimed entry falls due again after this unless its job was enqueued (the mover's process died). */
const claimLeaseMs = 60_000;
/** How long a schedule start waits for others to share its round trip, ms (it runs after the next job is queued). */
const startLingerMs = 20;

// Claiming pushes the due time of each due entry to the end of the lease: whoever runs this first owns them.
const claimScript = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
return due`;

// Releasing removes an entry only while it still carries this claim's lease (not if it was scheduled anew since).
const releaseScript = `
local released = 0
for i = 2, #ARGV do
  if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i])) == tonumber(ARGV[1]) then
    released = released + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return released`;

// Restoring after Redis lost its data: ARGV[1] is the number of steps, then (article id, step, due time) triples.
// An article with any entry already (fetched again since, which started its schedule anew) keeps it.
const restoreScript = `
local steps = tonumber(ARGV[1])
local added = 0
for i = 2, #ARGV, 3 do
  local pending = false
  for step = 0, steps - 1 do
    if redis.call('ZSCORE', KEYS[1], ARGV[i] .. '|' .. step) then pending = true break end
  end
  if not pending then added = added + redis.call('ZADD', KEYS[1], ARGV[i + 2], ARGV[i] .. '|' .. ARGV[i + 1]) end
end
return added`;

export interface DueRevisit {
  articleId: string;
  step: number;
}

export interface Claim {
  /** The claimed entries as stored (an unreadable one is released with the others, not claimed forever). */
  members: string[];
  revisits: DueRevisit[];
  /** The lease score the claimed entries carry until released. */
  leaseUntil: number;
}

/** The revisit schedule of one newsmon installation (one key under its Redis prefix). */
export class RevisitSchedule {
  readonly #redis: Redis;
  readonly #key: string;
  /** Starts of concurrent fetches share one transaction. */
  readonly #starts: MicroBatcher<{ articleId: string; steps: number[] }, null>;

  constructor(redis: Redis, keyPrefix: string) {
    this.#redis = redis;
    this.#key = `${keyPrefix}:revisits`;
    this.#starts = new MicroBatcher((starts) => this.#startAll(starts), {
      maxBatch: 500,
      lingerMs: startLingerMs,
    });
  }

  /**
   * (Re)starts an article's revisits after a fetch that came from its feed: step 0 is due `steps[0]` from now,
   * and steps still pending from an earlier fetch are dropped, so an article has one schedule at a time.
   */
  async start(articleId: string, steps: number[]): Promise<void> {
    if (steps.length > 0) await this.#starts.submit({ articleId, steps });
  }

  async #startAll(starts: Array<{ articleId: string; steps: number[] }>): Promise<null[]> {
    const now = Date.now();
    const firsts = starts.flatMap(({ articleId, steps }) => [
      String(now + (steps[0] ?? 0)),
      member(articleId, 0),
    ]);
    const later = starts.flatMap(({ articleId, steps }) =>
      steps.slice(1).map((_, index) => member(articleId, index + 1)),
    );
    const transaction = this.#redis.multi().zadd(this.#key, ...firsts);
    if (later.length > 0) transaction.zrem(this.#key, ...later);
    const results = (await transaction.exec()) ?? [];
    const failed = results.find(([error]) => error)?.[0];
    if (failed) throw failed;
    return starts.map(() => null);
  }

  /** Schedules the step after `step`, as far after now as the steps are apart; none after the last. */
  async next(articleId: string, step: number, steps: number[]): Promise<void> {
    const following = steps[step + 1];
    if (following === undefined) return;
    const gap = following - (steps[step] ?? 0);
    await this.#redis.zadd(this.#key, String(Date.now() + gap), member(articleId, step + 1));
  }

  /** Takes up to `limit` entries due by `now`; no other caller gets them unless they are not released in time. */
  async claimDue(now: number, limit = claimBatch): Promise<Claim> {
    const leaseUntil = now + claimLeaseMs;
    const members = (await this.#redis.eval(
      claimScript,
      1,
      this.#key,
      String(now),
      String(leaseUntil),
      String(limit),
    )) as string[];
    return { members, revisits: members.flatMap(parseMember), leaseUntil };
  }

  /** Removes claimed entries once their jobs are enqueued (or they turned out to have nothing to revisit). */
  async release(claim: Claim): Promise<void> {
    if (claim.members.length === 0) return;
    await this.#redis.eval(releaseScript, 1, this.#key, String(claim.leaseUntil), ...claim.members);
  }

  /** Schedules these revisits, each unless its article has an entry already; returns how many were added. */
  async restore(revisits: Array<DueRevisit & { dueAt: number }>, stepCount: number): Promise<number> {
    if (revisits.length === 0) return 0;
    const triples = revisits.flatMap(({ articleId, step, dueAt }) => [
      articleId,
      String(step),
      String(dueAt),
    ]);
    return (await this.#redis.eval(restoreScript, 1, this.#key, String(stepCount), ...triples)) as number;
  }

  /** Entries with their due times (ms), soonest first: for tests and operators. */
  async pending(): Promise<Array<DueRevisit & { dueAt: number }>> {
    const flat = await this.#redis.zrange(this.#key, "0", "-1", "WITHSCORES");
    const entries: Array<DueRevisit & { dueAt: number }> = [];
    for (let index = 0; index < flat.length; index += 2) {
      for (const revisit of parseMember(flat[index] ?? "")) {
        entries.push({ ...revisit, dueAt: Number(flat[index + 1]) });
      }
    }
    return entries;
  }
}

function member(articleId: string, step: number): string {
  return `${articleId}|${step}`;
}

function parseMember(text: string): DueRevisit[] {
  const [articleId = "", step = ""] = text.split("|");
  return /^\d+$/.test(step) ? [{ articleId, step: Number(step) }] : [];
}

/** One job per article and step: a revisit is never doubled, whichever process enqueues it. */
export function revisitJobId(articleId: string, step: number): string {
  return jobId("fetch", articleId, "revisit", String(step));
}

/**
 * Enqueues a fetch job for every revisit due now (all of them, in batches); returns how many were enqueued.
 * Entries whose article has no raw page any more are dropped.
 */
export async function moveDueRevisits(deps: Deps, fetchQueue: Queue, now = Date.now()): Promise<number> {
  const schedule = deps.revisits;
  let moved = 0;
  for (;;) {
    const claim = await schedule.claimDue(now);
    if (claim.members.length === 0) return moved;
    const pages = await deps.raw.heads([...new Set(claim.revisits.map((revisit) => revisit.articleId))]);
    const jobs = claim.revisits.flatMap(({ articleId, step }) => {
      const page = pages.get(articleId);
      if (!page) {
        deps.log.warn({ articleId, step }, "revisit due for an article with no raw page; dropped");
        return [];
      }
      const data: FetchJob = {
        articleId,
        url: page.url,
        feedId: page.feedId,
        item: page.item,
        revisit: step,
      };
      return [
        {
          name: "fetch",
          data,
          // Nothing is left once done (an age here would trim the whole queue's completed set). A mover that died
          // between enqueueing and releasing has the next claimer enqueue the step again: one more 304, harmless.
          opts: { jobId: revisitJobId(articleId, step), removeOnComplete: true },
        },
      ];
    });
    if (jobs.length > 0) await fetchQueue.addBulk(jobs);
    await schedule.release(claim);
    moved += jobs.length;
    if (claim.members.length < claimBatch) return moved;
  }
}

/**
 * After Redis lost its data (the schedule keeper notices): the revisits still to come, rebuilt from the raw pages
 * fetched within the last step's time. Each article gets the first step not yet due counted from its page's
 * fetch time; an article fetched again since keeps the schedule that fetch started. Returns how many were added.
 */
export async function restoreRevisits(deps: Deps, now = Date.now()): Promise<number> {
  const steps = deps.loaded.config.fetch.revisitAfter;
  const lastStep = steps.at(-1);
  if (lastStep === undefined) return 0;
  let restored = 0;
  let batch: Array<DueRevisit & { dueAt: number }> = [];
  const flush = async () => {
    restored += await deps.revisits.restore(batch, steps.length);
    batch = [];
  };
  for await (const page of deps.raw.fetchTimes({ fetchedSince: new Date(now - lastStep) })) {
    const fetchedAt = Date.parse(page.fetchedAt);
    const step = steps.findIndex((after) => fetchedAt + after > now);
    if (step < 0) continue;
    batch.push({ articleId: page.articleId, step, dueAt: fetchedAt + (steps[step] ?? 0) });
    if (batch.length >= claimBatch) await flush();
  }
  await flush();
  return restored;
}

/** Moves due revisits onto the fetch queue every few seconds until the returned function is called. */
export function startRevisitMover(deps: Deps, fetchQueue: Queue): () => Promise<void> {
  let round: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (round) return;
    round = moveDueRevisits(deps, fetchQueue)
      .then((moved) => {
        if (moved > 0) deps.log.debug({ moved }, "revisits enqueued");
      })
      .catch((error) => deps.log.error({ err: describeError(error) }, "moving due revisits failed"))
      .finally(() => {
        round = null;
      });
  }, moveEveryMs);
  return async () => {
    clearInterval(timer);
    await round;
  };
}
