// newsmon's configuration file: what to watch (feeds), whom to watch for (the watchlist file), where alerts go,
// and the limits every stage works within. Connection settings (URLs, credentials) come from the environment
// (see connections.ts), so one config file serves every machine.
import { availableParallelism } from "node:os";
import { z } from "zod";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a lowercase slug of letters, digits and hyphens");

/**
 * "1500ms", "30s", "5m", "1h" or a number of seconds; whole milliseconds once parsed. Never zero: a zero poll
 * interval spins, a zero timeout fails every request, a zero lock or backoff hands jobs around without end.
 */
const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const durationScale: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
export const Duration = z
  .union(
    [
      z.number().transform((seconds) => Math.round(seconds * 1000)),
      z
        .string()
        .regex(durationPattern)
        .transform((text) => {
          const [, amount = "0", unit = "s"] = durationPattern.exec(text) ?? [];
          return Math.round(Number(amount) * (durationScale[unit] ?? 1000));
        }),
    ],
    { error: 'expected a duration such as "30s", "5m", "1h", "1500ms" or a number of seconds' },
  )
  .refine((ms) => ms >= 1, { error: 'expected a duration above zero (at least 1ms), such as "30s"' });

export const FeedConfig = z.strictObject({
  id: slug,
  name: z.string().min(1),
  url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }),
  /** How often the feed is polled; conditional GET makes a short interval cheap. Milliseconds once parsed. */
  pollInterval: Duration.default(300_000),
  /** Items read per poll, newest first: a feed cannot queue more fetches than this (the rest are dead-lettered). */
  maxItems: z.number().int().positive().max(100_000).default(1000),
});
export type FeedConfig = z.infer<typeof FeedConfig>;

const LogChannel = z.strictObject({ name: z.string().min(1), type: z.literal("log") });
const WebhookChannel = z.strictObject({
  name: z.string().min(1),
  type: z.literal("webhook"),
  url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }),
  /** "json": newsmon's own JSON; "slack": a Slack-compatible message (`text` plus blocks). */
  format: z.enum(["json", "slack"]).default("json"),
  headers: z.record(z.string(), z.string()).default({}),
  timeout: Duration.default(10_000),
});
const EmailChannel = z.strictObject({
  name: z.string().min(1),
  type: z.literal("email"),
  /** SMTP server. */
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** SMTP user; the password comes from the environment variable NEWSMON_SMTP_PASSWORD. */
  user: z.string().min(1).optional(),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
  timeout: Duration.default(15_000),
});
export const AlertChannel = z.discriminatedUnion("type", [LogChannel, WebhookChannel, EmailChannel]);
export type AlertChannel = z.infer<typeof AlertChannel>;

export const FetchSettings = z.strictObject({
  userAgent: z.string().default("newsmon/0.1 (+https://github.com/newsmon/newsmon)"),
  connectTimeout: Duration.default(10_000),
  totalTimeout: Duration.default(30_000),
  /** Bytes after decompression; a larger response is refused (dead-lettered), not truncated. */
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  perHostConcurrency: z.number().int().positive().default(2),
  respectRobotsTxt: z.boolean().default(true),
  /**
   * Hosts ("host" or "host:port") that may resolve to loopback, private, link-local or metadata addresses.
   * Everything else that does is refused, so a hostile feed cannot make newsmon fetch internal services.
   */
  allowPrivateHosts: z.array(z.string().min(1)).default([]),
  /**
   * When an article is fetched again after its first fetch (offsets from that fetch, increasing), with a
   * conditional GET, so an edit made in place (same URL, feed item unchanged) is seen. `[]` turns revisits off.
   */
  revisitAfter: z
    .array(Duration)
    .refine((steps) => steps.every((step, index) => index === 0 || step > (steps[index - 1] ?? 0)), {
      error: "revisit steps in increasing order",
    })
    .default([600_000, 3_600_000, 21_600_000, 86_400_000]),
});
export type FetchSettings = z.infer<typeof FetchSettings>;

export const Limits = z.strictObject({
  /** Jobs each stage works on at once in one process. */
  concurrency: z
    .strictObject({
      poll: z.number().int().positive().default(4),
      fetch: z.number().int().positive().default(32),
      // Their CPU work runs on the worker threads (limits.threads); what waits here is I/O (the raw page, artifacts).
      clean: z.number().int().positive().default(16),
      entities: z.number().int().positive().default(16),
      index: z.number().int().positive().default(32),
      // Alert jobs wait on Elasticsearch and channels, not CPU; many in flight make the query-rule batches.
      alert: z.number().int().positive().default(32),
    })
    .prefault({}),
  /** Attempts per job before it ends in a dead-letter record. */
  attempts: z.number().int().positive().default(5),
  /** First retry delay; doubles with every attempt. */
  backoff: Duration.default(2_000),
  /** How long a job may run without its worker renewing the lock before another worker takes it over. */
  lockDuration: Duration.default(30_000),
  /** How long cleaned articles and entity results wait in Redis for the next stage. */
  artifactTtl: Duration.default(7 * 24 * 3_600_000),
  /**
   * Worker threads for the CPU-bound work of clean (decoding, extraction) and entities (matching, tagging);
   * by default one per core but the main thread's. 0 runs that work on the main thread.
   */
  threads: z
    .number()
    .int()
    .min(0)
    .default(() => Math.max(1, availableParallelism() - 1)),
});
export type Limits = z.infer<typeof Limits>;

export const NewsmonConfig = z.strictObject({
  feeds: z.array(FeedConfig).default([]),
  /** Path of the watchlist YAML (entities and alert rules), relative to this file. */
  watchlist: z.string().min(1).default("watchlist.yaml"),
  alerts: z
    .strictObject({
      channels: z.array(AlertChannel).default([{ name: "log", type: "log" }]),
    })
    .prefault({}),
  fetch: FetchSettings.prefault({}),
  limits: Limits.prefault({}),
  /** The operations HTTP server of `newsmon run`: queue dashboard, Prometheus metrics, health checks. */
  ops: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Beyond loopback the dashboard requires NEWSMON_OPS_PASSWORD. */
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65535).default(8090),
      /**
       * Names (`name` or `name:port`) clients may reach the ops server by besides its bind address, localhost
       * and loopback addresses, e.g. a reverse proxy's name; any other Host header is refused (DNS rebinding).
       */
      allowedHosts: z
        .array(z.string().regex(/^[^\s/\\?#@]+$/, 'a host name or address, optionally with ":port"'))
        .default([]),
    })
    .prefault({}),
  /** Names, not connections: lets several newsmon installations (or test runs) share one Redis and cluster. */
  namespace: z
    .strictObject({
      /** On Redis Cluster a hash tag, `{newsmon}`: BullMQ needs each queue's keys in one slot. */
      redisPrefix: z
        .string()
        .regex(
          /^(?:[a-z0-9-]+|\{[a-z0-9-]+\})$/,
          'letters, digits and hyphens, or a hash tag such as "{newsmon}"',
        )
        .default("newsmon"),
      indexPrefix: z
        .string()
        .regex(/^[a-z0-9-]*$/)
        .default(""),
    })
    .prefault({}),
});
export type NewsmonConfig = z.infer<typeof NewsmonConfig>;
