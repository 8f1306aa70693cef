// Per-host politeness for the whole deployment, not per process: at most `perHostConcurrency` requests in
// flight to one host and at least the host's robots.txt Crawl-delay between two request starts, counted in
// Redis by every newsmon process that shares the key prefix. A slot is a lease with an expiry, so a process
// killed mid-request frees its slots within one lease period. A process that already holds all of a host's
// slots does not ask Redis again until it gives one back, and then wakes one waiter, not all: waiting costs no
// Redis commands. A busy host holds few fetch workers and none for long: at most `concurrency` requests of a
// process wait for a host's slot, each at most `maxWaitMs`; any other gives up at once with a HostBusyError,
// which the worker runner turns into a delayed retry, so a host with a backlog cannot keep other hosts'
// articles waiting. An item of a batch job holds no worker of its own, so it may wait in line behind the
// others of its host (`inLine`), for up to `maxWaitInLineMs`, instead of becoming a delayed job of its own.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { FetchSettings } from "../config/schema.ts";
import { HostBusyError } from "./errors.ts";

// KEYS[1]: sorted set of leases (member: lease id, score: expiry in ms); KEYS[2]: earliest next start (ms).
// ARGV: limit, lease id, lease ms, spacing ms. Returns 0 when the lease is taken, -1 when the host is full,
// else the milliseconds until the host's Crawl-delay allows the next start. Redis's clock, not the callers',
// so machines whose clocks differ still agree.
const acquireScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- Lapsed leases (their holder died) matter only to a host that looks full: cleared then, not on every try.
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
end
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
if nextStart > now then return nextStart - now end
local leaseMs = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[2])
redis.call('PEXPIRE', KEYS[1], leaseMs)
local spacing = tonumber(ARGV[4])
if spacing > 0 then redis.call('SET', KEYS[2], now + spacing, 'PX', spacing) end
return 0
`;

/** Polling period while a host is full and no slot of this process frees up sooner. */
const fullHostPollMs = 100;
/** How long a fetch waits for a busy host before it steps aside for other hosts' jobs. */
const fetchMaxWaitMs = 1_000;
/** How long a fetch that holds no worker of its own (an item of a batch job) waits in line for its host. */
const fetchMaxWaitInLineMs = 10_000;
/** A lease outlives the request it covers (total timeout) by this much. */
const leaseMarginMs = 5_000;

type HostSlotsRedis = Redis & {
  newsmonAcquireHostSlot(
    leases: string,
    nextStart: string,
    limit: number,
    leaseId: string,
    leaseMs: number,
    spacingMs: number,
  ): Promise<number>;
};

export interface HostSlotOptions {
  /** Requests in flight per host across the deployment. */
  concurrency: number;
  /** How long a slot stays taken if its holder never gives it back (a killed process). */
  leaseMs: number;
  /** How long a request may wait for a slot before it gives up with a HostBusyError. */
  maxWaitMs: number;
  /** The same for a request that waits in line (holds no worker of its own). */
  maxWaitInLineMs: number;
}

/** The slots of the fetch settings: `perHostConcurrency` per host, leases that outlive the total timeout. */
export function hostSlotOptions(
  fetch: Pick<FetchSettings, "perHostConcurrency" | "totalTimeout">,
): HostSlotOptions {
  return {
    concurrency: fetch.perHostConcurrency,
    leaseMs: fetch.totalTimeout + leaseMarginMs,
    maxWaitMs: fetchMaxWaitMs,
    maxWaitInLineMs: fetchMaxWaitInLineMs,
  };
}

export class HostSlots {
  readonly #redis: HostSlotsRedis;
  readonly #keyPrefix: string;
  readonly #options: HostSlotOptions;
  /** Slots this process holds per host, and slots it is asking Redis for. */
  readonly #held = new Map<string, number>();
  readonly #asking = new Map<string, number>();
  /** Waiters of this process per host, in arrival order; a slot given back wakes the first. */
  readonly #waiters = new Map<string, Set<() => void>>();
  /** Requests of this process waiting for a slot without waiting in line, per host. */
  readonly #waiting = new Map<string, number>();

  constructor(redis: Redis, keyPrefix: string, options: HostSlotOptions) {
    redis.defineCommand("newsmonAcquireHostSlot", { numberOfKeys: 2, lua: acquireScript });
    this.#redis = redis as HostSlotsRedis;
    this.#keyPrefix = keyPrefix;
    this.#options = options;
  }

  /**
   * A slot of `host` that also respects `spacingMs` since the host's last start, waited for at most maxWaitMs
   * (or not at all when enough requests of this process wait already), or maxWaitInLineMs when `inLine`;
   * returns the function that gives it back.
   */
  async acquire(host: string, spacingMs = 0, { inLine = false } = {}): Promise<() => Promise<void>> {
    const leases = `${this.#keyPrefix}:host-slots:${host}`;
    const nextStart = `${this.#keyPrefix}:host-next-start:${host}`;
    const leaseId = randomUUID();
    const { concurrency, leaseMs } = this.#options;
    const maxWaitMs = inLine ? this.#options.maxWaitInLineMs : this.#options.maxWaitMs;
    // -1 (full) without asking Redis while this process holds, or is asking for, every slot of the host.
    const tryAcquire = async () => {
      const asking = this.#asking.get(host) ?? 0;
      if ((this.#held.get(host) ?? 0) + asking >= concurrency) return -1;
      this.#asking.set(host, asking + 1);
      try {
        return await this.#redis.newsmonAcquireHostSlot(
          leases,
          nextStart,
          concurrency,
          leaseId,
          leaseMs,
          Math.round(spacingMs),
        );
      } finally {
        countDown(this.#asking, host);
      }
    };
    const release = async () => {
      countDown(this.#held, host);
      const [first] = this.#waiters.get(host) ?? [];
      first?.();
      await this.#redis.zrem(leases, leaseId);
    };
    const acquired = () => {
      this.#held.set(host, (this.#held.get(host) ?? 0) + 1);
      return release;
    };
    // Behind others of this process already waiting for the host, a request joins the line without asking.
    let waitMs = this.#waiters.has(host) ? -1 : await tryAcquire();
    if (waitMs === 0) return acquired();
    const waiting = this.#waiting.get(host) ?? 0;
    if (!inLine && waiting >= concurrency) throw new HostBusyError(host, 0, Math.max(waitMs, maxWaitMs));
    if (!inLine) this.#waiting.set(host, waiting + 1);
    try {
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0 || waitMs > remaining) {
          throw new HostBusyError(host, maxWaitMs, Math.max(waitMs, maxWaitMs));
        }
        // Slots this process holds wake a waiter when given back; others' slots (other processes) are polled.
        const heldHere = (this.#held.get(host) ?? 0) >= concurrency;
        await this.#sleep(
          host,
          waitMs > 0 ? waitMs : heldHere ? remaining : Math.min(fullHostPollMs, remaining),
        );
        waitMs = await tryAcquire();
        if (waitMs === 0) return acquired();
      }
    } finally {
      if (!inLine) countDown(this.#waiting, host);
    }
  }

  #sleep(host: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(host) ?? new Set();
      this.#waiters.set(host, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.#waiters.delete(host);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }
}

function countDown(counts: Map<string, number>, host: string): void {
  const left = (counts.get(host) ?? 1) - 1;
  if (left === 0) counts.delete(host);
  else counts.set(host, left);
}
