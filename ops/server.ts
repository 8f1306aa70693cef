// The operations HTTP server of `newsmon run`: Bull Board on /queues (the six stage queues and the
// dead-letter queue; failed jobs can be retried there), Prometheus metrics on /metrics, /healthz (the process
// is up) and /readyz (Redis and Elasticsearch answer). Beyond loopback it refuses to start without a
// password; with one, /queues and /metrics ask for HTTP Basic auth (user "newsmon"). The health checks stay
// open for probes and name no credentials. Every request must name this server in its Host header (its bind
// address, localhost, a loopback address, or a name listed in ops.allowedHosts), so a web page the operator
// visits cannot reach it by DNS rebinding; no request from another site's page may change anything. Alert
// feeds and backfills (alerts-feed.ts) take the same password, or a feed's own token.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { getRequestListener } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { basicAuth } from "hono/basic-auth";
import { HTTPException } from "hono/http-exception";
import type { Redis } from "ioredis";
import ipaddr from "ipaddr.js";
import { withoutCredentials } from "../config/connections.ts";
import type { ElasticsearchClient } from "../lib/elasticsearch.ts";
import { describeError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { PipelineQueues } from "../queues/queues.ts";
import { stageNames } from "../queues/topology.ts";
import { type AlertRoutesOptions, alertRoutes } from "./alerts-feed.ts";
import type { PipelineMetrics } from "./metrics.ts";

// URLs shown on an open endpoint carry no credentials (Sentinel, Cluster and node-list forms included).
export { withoutCredentials };

export const opsUser = "newsmon";

export interface ServiceCheck {
  ok: boolean;
  /** Where the service was looked for, without credentials. */
  url: string;
  /** Why it did not answer. */
  error?: string;
}
export interface Readiness {
  redis: ServiceCheck;
  elasticsearch: ServiceCheck;
  /** Alert rules skipped because they are broken; the process stays ready, the other rules keep firing. */
  brokenRules?: Array<{ rule: string; reason: string }>;
}

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

const stageDescriptions: Record<(typeof stageNames)[number], string> = {
  poll: "Feed polls (one scheduled job per feed)",
  fetch: "Article pages to download",
  clean: "Fetched pages to decode and reduce to text",
  entities: "Cleaned articles to search for people, organisations, places and events",
  index: "Articles to write into Elasticsearch",
  alert: "Indexed articles to match against the alert rules",
};

export async function startOpsServer(options: {
  host: string;
  port: number;
  password?: string;
  /** Further names (`name` or `name:port`) clients may reach the server by, e.g. behind a reverse proxy. */
  allowedHosts?: string[];
  queues: PipelineQueues;
  metrics: PipelineMetrics;
  readiness: () => Promise<Readiness>;
  log: Logger;
  /** The alert feeds (/alerts.atom, /alerts/<rule>.atom) and backfills (POST /rules/<rule>/backfill). */
  alerts?: Omit<AlertRoutesOptions, "user" | "password" | "loopbackOnly">;
}): Promise<OpsServer> {
  const { host, port, password, queues, metrics, readiness, log } = options;
  const allowedHosts = (options.allowedHosts ?? []).map((entry) => parseHostHeader(entry));
  if (!password && !isLoopback(host)) {
    throw new Error(
      `refusing to serve the ops dashboard on ${host}:${port} without a password: ` +
        `set NEWSMON_OPS_PASSWORD, or bind ops.host to 127.0.0.1`,
    );
  }

  const board = new HonoAdapter(serveStatic).setBasePath("/queues");
  createBullBoard({
    queues: [
      ...stageNames.map(
        (name) => new BullMQAdapter(queues.stages[name], { description: stageDescriptions[name] }),
      ),
      new BullMQAdapter(queues.deadLetter, {
        description:
          "Jobs that failed for good, one record each (queue, job id, URL, reason, attempts). " +
          "A job that failed for good also stays 7 days in its stage queue's Failed tab, where Retry runs it again.",
      }),
    ],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "newsmon", hideDocsLink: true } },
  });

  // Not strict: "/queues/" (the board's own base href) is the same page as "/queues".
  const app = new Hono({ strict: false });
  if (password) {
    const auth = basicAuth({ username: opsUser, password, realm: "newsmon operations" });
    app.use("/queues", auth);
    app.use("/queues/*", auth);
    app.use("/metrics", auth);
  }
  // A request from another site's page (riding on the browser's saved Basic auth) must not retry, add or
  // remove jobs. Browsers say where a request comes from (Sec-Fetch-Site, Origin); scripts and curl send
  // neither.
  app.use("*", async (c, next) => {
    if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
      const site = c.req.header("sec-fetch-site");
      const origin = c.req.header("origin");
      const crossSite = site
        ? site !== "same-origin"
        : origin !== undefined && origin !== new URL(c.req.url).origin;
      if (crossSite) return c.text("refused: a request from another site may not change anything here", 403);
    }
    await next();
  });
  app.get("/", (c) => c.redirect("/queues"));
  app.get("/healthz", (c) => c.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }));
  app.get("/readyz", async (c) => {
    const state = await readiness();
    const down = (["redis", "elasticsearch"] as const).filter((name) => !state[name].ok);
    return c.json(
      { status: down.length === 0 ? "ready" : "not ready", down, ...state },
      down.length ? 503 : 200,
    );
  });
  app.get("/metrics", async (c) => {
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { "content-type": metrics.registry.contentType });
  });
  if (options.alerts) {
    app.route(
      "/",
      alertRoutes({ ...options.alerts, user: opsUser, password, loopbackOnly: isLoopback(host) }),
    );
  }
  app.route("/queues", board.registerPlugin());
  app.onError((error, c) => {
    // The 401 of basic auth arrives here as an HTTPException carrying its response.
    if (error instanceof HTTPException) return error.getResponse();
    log.error({ err: describeError(error), path: c.req.path }, "ops server error");
    return c.text("internal error", 500);
  });

  // DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1 reaches this server with
  // "Host: attacker.example:8090". Only a request that names this server reaches the routes (checked on the
  // raw header: the adapter would put "localhost" in place of a missing one).
  const routes = getRequestListener(app.fetch);
  const server = createServer((request, response) => {
    const named = parseHostHeader(request.headers.host ?? "");
    if (named && namesThisServer(named, { host, allowedHosts })) {
      return void routes(request, response);
    }
    response.writeHead(421, { "content-type": "text/plain; charset=utf-8", connection: "close" });
    response.end(
      `refused: Host "${request.headers.host ?? ""}" does not name this server; ` +
        "add the name clients use to ops.allowedHosts\n",
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(new Error(`cannot serve the ops dashboard on ${host}:${port}: ${describeError(error)}`)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  log.info(
    { url, queues: `${url}/queues`, metrics: `${url}/metrics`, auth: Boolean(password) },
    `ops dashboard at ${url}/queues`,
  );
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Bull Board polls; idle keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}

interface NamedHost {
  /** Lowercase name, or an IP address in its canonical form (IPv6 in brackets), as the URL parser gives it. */
  hostname: string;
  /** "" when the value names no port. */
  port: string;
}

/** A Host header (or an ops.allowedHosts entry) read as the URL parser reads it; undefined if it is not one. */
function parseHostHeader(value: string): NamedHost | undefined {
  if (value === "" || /[\s/\\?#@]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    // Not url.port, which drops the scheme's default: "name:80" in ops.allowedHosts means port 80 only.
    const port = /:(\d+)$/.exec(value)?.[1];
    return { hostname: url.hostname, port: port === undefined ? "" : String(Number(port)) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a request's Host names this server: `localhost`, a loopback address, the bind address or (bound to
 * all interfaces) an address of one of them, on any port (a port mapping or an SSH tunnel changes it); or an
 * ops.allowedHosts entry (any port when the entry names none). These are safe to accept: DNS rebinding needs
 * a name the attacker controls.
 */
function namesThisServer(
  named: NamedHost,
  server: { host: string; allowedHosts: (NamedHost | undefined)[] },
): boolean {
  const requestPort = named.port || "80";
  if (
    server.allowedHosts.some(
      (entry) => entry?.hostname === named.hostname && (entry.port === "" || entry.port === requestPort),
    )
  ) {
    return true;
  }
  if (named.hostname === "localhost" || isLoopback(named.hostname)) return true;
  const bound = parseHostHeader(
    server.host.includes(":") && !server.host.startsWith("[") ? `[${server.host}]` : server.host,
  );
  if (bound?.hostname === named.hostname) return true;
  const wildcard = bound?.hostname === "0.0.0.0" || bound?.hostname === "[::]";
  if (!wildcard) return false;
  const bare = named.hostname.replace(/^\[|\]$/g, "");
  return Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((address) => address.address === bare),
  );
}

/** True for loopback addresses and "localhost"; any other name or address counts as reachable from outside. */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  const bare = host.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return false;
  const address = ipaddr.process(bare);
  return address.range() === "loopback";
}

/**
 * The readiness check of /readyz: Redis answers PING and Elasticsearch reports a cluster health that is not
 * red, each within `timeoutMs`. A Redis connection that is not ready counts as down at once (its commands
 * would only queue).
 */
export function readinessProbe(options: {
  redis: Redis;
  redisUrl: string;
  elasticsearch: ElasticsearchClient;
  elasticsearchUrl: string;
  timeoutMs?: number;
}): () => Promise<Readiness> {
  const { redis, elasticsearch, timeoutMs = 2_000 } = options;
  const redisUrl = withoutCredentials(options.redisUrl);
  const elasticsearchUrl = withoutCredentials(options.elasticsearchUrl);
  const check = async (url: string, probe: () => Promise<unknown>): Promise<ServiceCheck> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { ok: true, url };
    } catch (error) {
      return { ok: false, url, error: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  };
  return async () => {
    const [redisCheck, elasticsearchCheck] = await Promise.all([
      check(redisUrl, async () => {
        if (redis.status !== "ready") throw new Error(`connection ${redis.status}`);
        await redis.ping();
      }),
      // Cluster health, not ping: it answers on every distribution (the minimal one has no GET /), and red
      // (a primary shard missing) means articles cannot be written.
      check(elasticsearchUrl, async () => {
        const health = await elasticsearch.cluster.health(
          { timeout: "1s" },
          { requestTimeout: timeoutMs, maxRetries: 0 },
        );
        if (health.status === "red") throw new Error("cluster health is red");
      }),
    ]);
    return { redis: redisCheck, elasticsearch: elasticsearchCheck };
  };
}
