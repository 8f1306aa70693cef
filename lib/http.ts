// The one HTTP client of newsmon (feeds, pages, robots.txt, webhooks). It refuses what a monitor fed by
// untrusted feeds must refuse: addresses inside the network (loopback, private, link-local, cloud metadata)
// unless the config allows the host, endless redirects, oversized or never-ending bodies, and paths robots.txt
// disallows. An IPv6 address carrying an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is judged by that
// IPv4 address. Per-host politeness (concurrency, robots.txt Crawl-delay) is HostSlots', shared by the whole
// deployment. Compression is handled by undici's fetch; the size cap counts decompressed bytes (zip bombs).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import robotsParserModule from "robots-parser";
import { Agent, fetch } from "undici";
import type { FetchSettings } from "../config/schema.ts";
import { describeError, PermanentError } from "./errors.ts";
import type { HostSlots } from "./host-slots.ts";

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
) => {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
};

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const robotsTtlMs = 60 * 60 * 1000;
/** A robots.txt Crawl-delay beyond this is read as this: a site cannot stall its articles for hours. */
const maxCrawlDelayMs = 60_000;

interface RobotsRules {
  isAllowed: (url: string) => boolean;
  /** Pause between two request starts the site asks for (Crawl-delay), in ms. */
  crawlDelayMs: number;
  expires: number;
}

export class HttpClient {
  readonly #settings: FetchSettings;
  readonly #agent: Agent;
  readonly #hostSlots: HostSlots | undefined;
  readonly #robots = new Map<string, RobotsRules>();

  /**
   * `hostSlots` holds the per-host politeness limits (shared by every process of the deployment); without it
   * (one-off commands) requests are not limited per host.
   */
  constructor(settings: FetchSettings, hostSlots?: HostSlots) {
    this.#settings = settings;
    this.#hostSlots = hostSlots;
    this.#agent = new Agent({
      connect: { timeout: settings.connectTimeout, lookup: this.#guardedLookup },
      headersTimeout: settings.totalTimeout,
      bodyTimeout: settings.totalTimeout,
    });
  }

  /**
   * GET with redirects followed by hand, so that every hop is checked against the address and robots rules.
   * The total timeout counts time spent sending and receiving, not time spent waiting for a host's slot.
   */
  async get(
    url: string,
    options: {
      headers?: Record<string, string>;
      robots?: boolean;
      /** The caller holds no worker of its own (a batch item), so it may wait in line for a busy host. */
      inLine?: boolean;
    } = {},
  ): Promise<HttpResponse> {
    let budgetMs = this.#settings.totalTimeout;
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      await this.#checkUrl(current);
      let crawlDelayMs = 0;
      if (options.robots ?? this.#settings.respectRobotsTxt) {
        const robots = await this.#robotsFor(current);
        if (!robots.isAllowed(current.href)) {
          throw new PermanentError(`robots.txt of ${current.origin} disallows ${current.href}`);
        }
        crawlDelayMs = robots.crawlDelayMs;
      }
      const release = await this.#hostSlots?.acquire(current.host, crawlDelayMs, { inLine: options.inLine });
      const sentAt = performance.now();
      let response: HttpResponse;
      try {
        const signal = AbortSignal.timeout(Math.max(1, Math.ceil(budgetMs)));
        response = await this.#request(current, { method: "GET", headers: options.headers ?? {}, signal });
      } finally {
        budgetMs -= performance.now() - sentAt;
        // Not awaited: the answer in hand does not wait for Redis, and an unreturned lease expires by itself.
        release?.().catch(() => {});
      }
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

  /** `hostname` without brackets; an IPv6 address may be listed with them ("[fd00::1]:8080", as URLs write it). */
  #isAllowedPrivate(hostname: string, port: string): boolean {
    const allowed = this.#settings.allowPrivateHosts;
    const names = hostname.includes(":") ? [hostname, `[${hostname}]`] : [hostname];
    return names.some((name) => allowed.includes(name) || allowed.includes(`${name}:${port}`));
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

  async #robotsFor(url: URL): Promise<RobotsRules> {
    if (url.pathname === "/robots.txt") return { isAllowed: () => true, crawlDelayMs: 0, expires: 0 };
    const cached = this.#robots.get(url.origin);
    if (cached && cached.expires > Date.now()) return cached;
    const robotsUrl = `${url.origin}/robots.txt`;
    let rules = "";
    try {
      const signal = AbortSignal.timeout(this.#settings.totalTimeout);
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
    const crawlDelaySeconds = Number(robot.getCrawlDelay(agent) ?? 0);
    const entry = {
      isAllowed: (target: string) => robot.isAllowed(target, agent) !== false,
      crawlDelayMs: Number.isFinite(crawlDelaySeconds)
        ? Math.min(Math.max(0, crawlDelaySeconds * 1000), maxCrawlDelayMs)
        : 0,
      expires: Date.now() + robotsTtlMs,
    };
    this.#robots.set(url.origin, entry);
    return entry;
  }
}

function dnsLookupAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

function assertPublic(address: string, host: string): void {
  const judged = judgeAddress(address);
  if (judged.range !== "unicast") {
    throw new PermanentError(
      `refusing ${host}: it resolves to ${address} (${judged.description}); to allow it, ` +
        `list it in the config: fetch: { allowPrivateHosts: ["${host}"] }`,
    );
  }
}

/**
 * The range an address is judged by, with how it was read. An IPv6 address that carries an IPv4 one
 * (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64, 6to4, Teredo) is judged by that IPv4 address, since
 * that is where its packets end up: `::7f00:1` is loopback, `2002:a00:1::` is 10.0.0.1's 6to4 network. Local-use
 * NAT64 (64:ff9b:1::/48) only ever reaches the operator's own network, so it counts as private.
 */
export function judgeAddress(address: string): { range: string; description: string } {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return described(parsed.range());
  const v6 = parsed as ipaddr.IPv6;
  const words = v6.parts;
  const ipv4At = (high: number, low: number, mask = 0) =>
    ipaddr.fromByteArray(
      [
        (words[high] ?? 0) >> 8,
        (words[high] ?? 0) & 255,
        (words[low] ?? 0) >> 8,
        (words[low] ?? 0) & 255,
      ].map((byte) => byte ^ mask),
    ) as ipaddr.IPv4;
  const range = v6.range();
  switch (range) {
    case "ipv4Mapped":
    case "rfc6145":
      return embedded(range === "ipv4Mapped" ? "IPv4-mapped" : "IPv4-translated", [ipv4At(6, 7)]);
    case "rfc6052":
      return words[2] === 0 ? embedded("NAT64", [ipv4At(6, 7)]) : described("private", "local-use NAT64");
    case "6to4":
      return embedded("6to4", [ipv4At(1, 2)]);
    case "teredo":
      // The Teredo server sits in the second 32 bits; the client's address is the last 32 bits inverted.
      return embedded("Teredo", [ipv4At(2, 3), ipv4At(6, 7, 255)]);
    case "unicast":
      // ::/96 minus :: and ::1 (ranges of their own): the deprecated IPv4-compatible form.
      if (words.slice(0, 6).every((word) => word === 0)) return embedded("IPv4-compatible", [ipv4At(6, 7)]);
      return described(range);
    default:
      return described(range);
  }
}

function described(range: string, description: string = range) {
  return { range, description };
}

/** Unicast only when every IPv4 address the IPv6 form carries is unicast. */
function embedded(form: string, addresses: ipaddr.IPv4[]) {
  const refused = addresses.find((ipv4) => ipv4.range() !== "unicast");
  const shown = addresses.map(String).join(" and ");
  return refused
    ? described(refused.range(), `${form} form of ${refused}, ${refused.range()}`)
    : described("unicast", `${form} form of ${shown}`);
}
