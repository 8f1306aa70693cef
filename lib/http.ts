// The one HTTP client of newsmon (feeds, pages, robots.txt, webhooks). It refuses what a monitor fed by
// untrusted feeds must refuse: addresses inside the network (loopback, private, link-local, cloud metadata)
// unless the config allows the host, endless redirects, oversized or never-ending bodies, and paths robots.txt
// disallows. Compression is handled by undici's fetch; the size cap counts decompressed bytes (zip bombs).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import pLimit, { type LimitFunction } from "p-limit";
import robotsParserModule from "robots-parser";
import { Agent, fetch } from "undici";
import type { FetchSettings } from "../config/schema.ts";
import { describeError, PermanentError } from "./errors.ts";

export interface HttpResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

// robots-parser is CommonJS whose typings claim an ES default export; at runtime the import is the function.
const robotsParser = robotsParserModule as unknown as (
  url: string,
  contents: string,
) => { isAllowed(url: string, userAgent?: string): boolean | undefined };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const robotsTtlMs = 60 * 60 * 1000;

export class HttpClient {
  readonly #settings: FetchSettings;
  readonly #agent: Agent;
  readonly #hostLimits = new Map<string, LimitFunction>();
  readonly #robots = new Map<string, { isAllowed: (url: string) => boolean; expires: number }>();

  constructor(settings: FetchSettings) {
    this.#settings = settings;
    this.#agent = new Agent({
      connect: { timeout: settings.connectTimeout, lookup: this.#guardedLookup },
      headersTimeout: settings.totalTimeout,
      bodyTimeout: settings.totalTimeout,
    });
  }

  /** GET with redirects followed by hand, so that every hop is checked against the address and robots rules. */
  async get(
    url: string,
    options: { headers?: Record<string, string>; robots?: boolean } = {},
  ): Promise<HttpResponse> {
    const signal = AbortSignal.timeout(this.#settings.totalTimeout);
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      await this.#checkUrl(current);
      if (
        (options.robots ?? this.#settings.respectRobotsTxt) &&
        !(await this.#robotsAllow(current, signal))
      ) {
        throw new PermanentError(`robots.txt of ${current.origin} disallows ${current.href}`);
      }
      const response = await this.#limitFor(current.host)(() =>
        this.#request(current, { method: "GET", headers: options.headers ?? {}, signal }),
      );
      const location = response.headers.location;
      if (!redirectStatuses.has(response.status) || !location) return response;
      if (hop >= this.#settings.maxRedirects) {
        throw new PermanentError(`more than ${this.#settings.maxRedirects} redirects from ${url}`);
      }
      current = new URL(location, current);
    }
  }

  /** POST a JSON body (webhooks); no redirects, no robots. Returns the status; the body is read and dropped. */
  async postJson(
    url: string,
    body: unknown,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<number> {
    const target = new URL(url);
    await this.#checkUrl(target);
    const response = await this.#request(target, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.status;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #request(
    url: URL,
    init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
  ): Promise<HttpResponse> {
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(url, {
        ...init,
        headers: {
          "user-agent": this.#settings.userAgent,
          "accept-encoding": "gzip, deflate, br",
          ...init.headers,
        },
        redirect: "manual",
        dispatcher: this.#agent,
      });
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof PermanentError) throw cause;
      throw new Error(`${init.method} ${url.href} failed: ${describeError(cause ?? error)}`);
    }
    const headers = Object.fromEntries(response.headers);
    const declared = Number(headers["content-length"]);
    if (declared > this.#settings.maxBytes && !headers["content-encoding"]) {
      await response.body?.cancel();
      throw new PermanentError(
        `${url.href} is ${declared} bytes, over the ${this.#settings.maxBytes}-byte cap`,
      );
    }
    const body = await this.#readCapped(response, url);
    return { url: url.href, status: response.status, headers, body };
  }

  async #readCapped(response: Awaited<ReturnType<typeof fetch>>, url: URL): Promise<Uint8Array> {
    if (!response.body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > this.#settings.maxBytes) {
        await response.body.cancel().catch(() => {});
        throw new PermanentError(`${url.href} is larger than the ${this.#settings.maxBytes}-byte cap`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  #isAllowedPrivate(hostname: string, port: string): boolean {
    const allowed = this.#settings.allowPrivateHosts;
    return allowed.includes(hostname) || allowed.includes(`${hostname}:${port}`);
  }

  /**
   * IP literals never reach the DNS lookup hook, so they are checked here. So is a named host allowed on some
   * ports only ("intranet:8080"): the lookup hook cannot see the port and lets that host through, so on any
   * other port its addresses are resolved and checked here first.
   */
  async #checkUrl(url: URL): Promise<void> {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new PermanentError(`refusing ${url.href}: only http and https are fetched`);
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    if (this.#isAllowedPrivate(hostname, port)) return;
    if (ipaddr.isValid(hostname)) return assertPublic(hostname, url.host);
    if (this.#settings.allowPrivateHosts.some((entry) => entry.startsWith(`${hostname}:`))) {
      const addresses = await dnsLookupAll(hostname);
      for (const { address } of addresses) assertPublic(address, url.host);
    }
  }

  /** Checks every address a name resolves to at connect time, so DNS rebinding cannot slip past a pre-check. */
  #guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      try {
        if (
          !this.#settings.allowPrivateHosts.some(
            (entry) => entry === hostname || entry.startsWith(`${hostname}:`),
          )
        ) {
          for (const { address } of addresses) assertPublic(address, hostname);
        }
      } catch (refusal) {
        return callback(refusal as Error, "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address ?? "", first?.family ?? 4);
    });
  };

  #limitFor(host: string): LimitFunction {
    let limit = this.#hostLimits.get(host);
    if (!limit) {
      limit = pLimit(this.#settings.perHostConcurrency);
      this.#hostLimits.set(host, limit);
    }
    return limit;
  }

  async #robotsAllow(url: URL, signal: AbortSignal): Promise<boolean> {
    if (url.pathname === "/robots.txt") return true;
    const cached = this.#robots.get(url.origin);
    if (cached && cached.expires > Date.now()) return cached.isAllowed(url.href);
    const robotsUrl = `${url.origin}/robots.txt`;
    let rules = "";
    try {
      const response = await this.#request(new URL(robotsUrl), { method: "GET", headers: {}, signal });
      // 4xx means "no rules"; 401/403 are read as "keep out", as crawlers conventionally do.
      if (response.status === 401 || response.status === 403) rules = "User-agent: *\nDisallow: /";
      else if (response.status < 300) rules = Buffer.from(response.body).toString("utf8");
    } catch (error) {
      if (error instanceof PermanentError) throw error;
      // robots.txt unreachable: fetch the page anyway, as crawlers do for transient robots errors.
    }
    const robot = robotsParser(robotsUrl, rules);
    const agent = this.#settings.userAgent;
    const entry = {
      isAllowed: (target: string) => robot.isAllowed(target, agent) !== false,
      expires: Date.now() + robotsTtlMs,
    };
    this.#robots.set(url.origin, entry);
    return entry.isAllowed(url.href);
  }
}

function dnsLookupAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

function assertPublic(address: string, host: string): void {
  const range = ipaddr.process(address).range();
  if (range !== "unicast") {
    throw new PermanentError(
      `refusing ${host}: it resolves to ${address} (${range}); add it to fetch.allowPrivateHosts to allow it`,
    );
  }
}
