// The HTTP client against real local servers (loopback only): what it must refuse, what it must handle, and
// per-host politeness shared through the real Redis by several clients, as by several processes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { FetchSettings } from "../config/schema.ts";
import { HostBusyError, PermanentError } from "../lib/errors.ts";
import { type HostSlotOptions, HostSlots } from "../lib/host-slots.ts";
import { HttpClient, judgeAddress } from "../lib/http.ts";
import { createRedis } from "../lib/redis.ts";
import { connections, testLog, until } from "./support/harness.ts";

let server: Server;
let origin: string;
let host: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? "/";
    if (url === "/robots.txt") return void response.end("User-agent: *\nDisallow: /private/\n");
    if (url === "/gzip") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip" });
      return void response.end(gzipSync("<p>compressed Ünïcode</p>"));
    }
    if (url.startsWith("/loop")) {
      response.writeHead(302, { location: `/loop${Number(url.slice(5) || 0) + 1}` });
      return void response.end();
    }
    if (url === "/to-metadata") {
      response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return void response.end();
    }
    if (url === "/big") return void response.end("x".repeat(5000));
    if (url === "/hang") return; // never answers
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(overrides: Partial<z.input<typeof FetchSettings>> = {}): HttpClient {
  return new HttpClient(FetchSettings.parse({ allowPrivateHosts: [host], totalTimeout: "2s", ...overrides }));
}

describe("HttpClient", () => {
  it("refuses loopback addresses unless the config allows the host", async () => {
    const guarded = client({ allowPrivateHosts: [] });
    await expect(guarded.get(`${origin}/`)).rejects.toThrow(PermanentError);
    await expect(guarded.get(`http://localhost:${origin.split(":")[2]}/`)).rejects.toThrow(
      /resolves to 127\.0\.0\.1 \(loopback\)/,
    );
    await guarded.close();
  });

  it("allows a named host only on the port the config names with it", async () => {
    const port = Number(origin.split(":")[2]);
    const onOtherPort = client({ allowPrivateHosts: [`localhost:${port + 1}`] });
    await expect(onOtherPort.get(`http://localhost:${port}/`)).rejects.toThrow(
      /refusing localhost:\d+: it resolves to .*loopback/,
    );
    await onOtherPort.close();
    const onThisPort = client({ allowPrivateHosts: [`localhost:${port}`] });
    expect((await onThisPort.get(`http://localhost:${port}/`)).status).toBe(200);
    await onThisPort.close();
  });

  it("refuses a redirect from an allowed host to the cloud metadata address", async () => {
    const http = client();
    await expect(http.get(`${origin}/to-metadata`)).rejects.toThrow(/169\.254\.169\.254.*linkLocal/);
    await http.close();
  });

  it("decompresses gzip bodies", async () => {
    const http = client();
    const response = await http.get(`${origin}/gzip`);
    expect(Buffer.from(response.body).toString("utf8")).toBe("<p>compressed Ünïcode</p>");
    await http.close();
  });

  it("stops after the redirect cap", async () => {
    const http = client({ maxRedirects: 3 });
    await expect(http.get(`${origin}/loop`)).rejects.toThrow(/more than 3 redirects/);
    await http.close();
  });

  it("refuses bodies over the size cap", async () => {
    const http = client({ maxBytes: 1000 });
    await expect(http.get(`${origin}/big`)).rejects.toThrow(/1000-byte cap/);
    await http.close();
  });

  it("respects robots.txt", async () => {
    const http = client();
    await expect(http.get(`${origin}/private/page`)).rejects.toThrow(/robots\.txt .* disallows/);
    expect((await http.get(`${origin}/public`)).status).toBe(200);
    await http.close();
  });

  it("gives up on a server that never answers, as a retryable error", async () => {
    const http = client({ totalTimeout: "500ms" });
    const failure = await http.get(`${origin}/hang`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentError);
    await http.close();
  });
});

describe("HttpClient against addresses that hide a private IPv4 address", () => {
  const port = () => origin.split(":")[2];
  // Each names this machine's loopback (or a private network) in another spelling; none may be fetched.
  const hostile = [
    "[::127.0.0.1]", // IPv4-compatible, as the URL parser normalises it: [::7f00:1]
    "[::7f00:1]",
    "[::ffff:127.0.0.1]", // IPv4-mapped
    "[::ffff:0:7f00:1]", // IPv4-translated (RFC 6145)
    "[64:ff9b::127.0.0.1]", // NAT64 (RFC 6052)
    "[64:ff9b::a00:1]", // NAT64 of 10.0.0.1
    "[64:ff9b:1::a00:1]", // local-use NAT64 (RFC 8215)
    "[2002:7f00:1::1]", // 6to4 of 127.0.0.1
    "[2002:c0a8:101::1]", // 6to4 of 192.168.1.1
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]", // Teredo, client 127.0.0.1
    "[2001:0:a00:1::1]", // Teredo, server 10.0.0.1
    "[::]",
    "[::1]",
    "2130706433", // 127.0.0.1 as one decimal number
    "0177.0.0.1", // octal
    "0x7f.1", // hexadecimal, two parts
    "0x7f000001",
    "127.1",
    "0",
    "0.0.0.0",
  ];

  for (const spelling of hostile) {
    it(`refuses http://${spelling}/ for good, naming the IPv4 address it hides`, async () => {
      const http = client({ allowPrivateHosts: [] });
      const failure = await http.get(`http://${spelling}:${port()}/`).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PermanentError);
      expect((failure as Error).message).toMatch(
        /^refusing .*; to allow it, list it in the config: fetch: \{ allowPrivateHosts: \[".+"\] \}$/,
      );
      await http.close();
    });
  }

  it("allows what the refusal says to list, IPv6 included", async () => {
    const v6 = createServer((_request, response) => response.end("v6"));
    await new Promise<void>((resolve) => v6.listen(0, "::1", resolve));
    try {
      for (const target of [`${origin}/`, `http://[::1]:${(v6.address() as AddressInfo).port}/`]) {
        const guarded = client({ allowPrivateHosts: [] });
        const refusal = await guarded.get(target).catch((error: Error) => error.message);
        await guarded.close();
        const listed = /allowPrivateHosts: (\[.*\]) \}$/.exec(String(refusal))?.[1] ?? "[]";
        const allowed = client({ allowPrivateHosts: JSON.parse(listed) as string[] });
        expect((await allowed.get(target)).status).toBe(200);
        await allowed.close();
      }
    } finally {
      v6.closeAllConnections();
      await new Promise((resolve) => v6.close(resolve));
    }
  });

  it("judges an IPv6 form by the IPv4 address it carries, so public ones stay reachable", () => {
    expect(judgeAddress("::7f00:1")).toEqual({
      range: "loopback",
      description: "IPv4-compatible form of 127.0.0.1, loopback",
    });
    expect(judgeAddress("64:ff9b::a9fe:a9fe").range).toBe("linkLocal"); // NAT64 of the metadata address
    expect(judgeAddress("2001:0:4136:e378:8000:63bf:3fff:fdd2").range).toBe("reserved"); // client 192.0.2.45
    // A NAT64 network (IPv6-only hosts with DNS64) reaches every public site through such addresses.
    expect(judgeAddress("64:ff9b::808:808").range).toBe("unicast");
    expect(judgeAddress("2002:808:808::1").range).toBe("unicast");
    expect(judgeAddress("2606:4700:4700::1111").range).toBe("unicast");
  });
});

describe("per-host politeness, shared by every process of a deployment", () => {
  let redis: Redis;
  let slow: Server;
  let fast: Server;
  let slowHost: string;
  let fastHost: string;
  /** Requests the slow host is answering right now, the most it ever answered at once, and when each began. */
  const slowLoad = { inFlight: 0, peak: 0, starts: [] as number[] };
  const prefix = `thttp${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    redis = createRedis(connections.redisUrl, testLog);
    slow = createServer((request, response) => {
      if (request.url === "/robots.txt") return void response.end("User-agent: *\nCrawl-delay: 0.4\n");
      slowLoad.inFlight++;
      slowLoad.peak = Math.max(slowLoad.peak, slowLoad.inFlight);
      slowLoad.starts.push(performance.now());
      const delay = Number(new URL(request.url ?? "/", "http://x").searchParams.get("ms") ?? 600);
      setTimeout(() => {
        slowLoad.inFlight--;
        response.end("slow");
      }, delay);
    });
    fast = createServer((_request, response) => response.end("fast"));
    for (const server of [slow, fast]) {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    }
    slowHost = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
    fastHost = `127.0.0.1:${(fast.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const server of [slow, fast]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  function politeClient(
    slots: Partial<HostSlotOptions>,
    overrides: Partial<z.input<typeof FetchSettings>> = {},
  ): HttpClient {
    const settings = FetchSettings.parse({
      allowPrivateHosts: [slowHost, fastHost],
      respectRobotsTxt: false,
      totalTimeout: "5s",
      ...overrides,
    });
    return new HttpClient(
      settings,
      new HostSlots(redis, prefix, { ...slotDefaults, maxWaitMs: 5_000, ...slots }),
    );
  }

  const slotDefaults: HostSlotOptions = {
    concurrency: 1,
    leaseMs: 10_000,
    maxWaitMs: 1_000,
    maxWaitInLineMs: 1_000,
  };

  function resetLoad() {
    Object.assign(slowLoad, { inFlight: 0, peak: 0, starts: [] });
  }

  it("starts the total timeout when a request is sent, not while it waits for its host's slot", async () => {
    resetLoad();
    // Each answer takes 600 ms, one at a time: the second waits 600 ms for its slot, then answers within 1 s.
    const http = politeClient({ concurrency: 1 }, { totalTimeout: "1s" });
    const statuses = await Promise.all(
      [1, 2].map((n) => http.get(`http://${slowHost}/wait-${n}?ms=600`).then((response) => response.status)),
    );
    expect(statuses).toEqual([200, 200]);
    expect(slowLoad.peak).toBe(1);
    await http.close();
  });

  it("holds the concurrency limit across clients, as across processes sharing Redis", async () => {
    resetLoad();
    const clients = [politeClient({ concurrency: 2 }), politeClient({ concurrency: 2 })];
    await Promise.all(
      clients.flatMap((http) => [1, 2].map((n) => http.get(`http://${slowHost}/shared-${n}?ms=200`))),
    );
    // Two limits of 2 kept per process would have let 4 requests in at once.
    expect(slowLoad.peak).toBe(2);
    for (const http of clients) await http.close();
  });

  it("keeps a slow host's backlog from holding up another host's article", async () => {
    resetLoad();
    const http = politeClient({ concurrency: 2, maxWaitMs: 300 });
    const backlog = Array.from({ length: 16 }, (_, n) =>
      http.get(`http://${slowHost}/backlog-${n}?ms=1500`).then(
        () => "done",
        (error: unknown) => error,
      ),
    );
    // Once the slow host works on its two requests (each takes 1.5 s), the other host's article goes through
    // before either of them ends.
    await until("the slow host to take its two requests", () => slowLoad.inFlight === 2, 5_000);
    const other = await http.get(`http://${fastHost}/article`);
    expect(Buffer.from(other.body).toString()).toBe("fast");
    expect(slowLoad.inFlight).toBe(2);
    const outcomes = await Promise.all(backlog);
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(2);
    const busy = outcomes.filter((outcome) => outcome !== "done");
    expect(busy).toHaveLength(14);
    for (const failure of busy) {
      // Retryable (the runner delays the job), never a dead letter.
      expect(failure).toBeInstanceOf(HostBusyError);
      expect(failure).not.toBeInstanceOf(PermanentError);
      expect((failure as HostBusyError).retryAfterMs).toBeGreaterThan(0);
    }
    await http.close();
  });

  it("lets no more requests of a process wait for a host than its concurrency; the others step aside at once", async () => {
    const slots = new HostSlots(redis, prefix, { ...slotDefaults, maxWaitMs: 60_000 });
    const release = await slots.acquire("backlog.example:80");
    const waiter = slots.acquire("backlog.example:80");
    // Without the bound this would wait for the slot too, up to a minute.
    await expect(slots.acquire("backlog.example:80")).rejects.toThrow(HostBusyError);
    await release();
    await (await waiter)();
  });

  it("lets batch items wait in line for their host, asking Redis only when a slot of theirs frees", async () => {
    resetLoad();
    const http = politeClient({ concurrency: 2, maxWaitMs: 100, maxWaitInLineMs: 10_000 });
    const monitor = await redis.monitor();
    const asked: string[] = [];
    monitor.on("monitor", (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === "evalsha" && args[3] === `${prefix}:host-slots:${slowHost}`)
        asked.push("");
    });
    // Twelve 100 ms answers, two at a time: the last waits about 500 ms, far beyond maxWaitMs.
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        http
          .get(`http://${slowHost}/in-line-${n}?ms=100`, { inLine: true })
          .then((response) => response.status),
      ),
    );
    await monitor.disconnect();
    expect(statuses).toEqual(Array(12).fill(200));
    expect(slowLoad.peak).toBe(2);
    // A request asks once when it comes and about once when a slot given back wakes it (waking every waiter,
    // or polling Redis while this process holds both slots, asked well over a hundred times).
    expect(asked.length).toBeLessThanOrEqual(30);
    await http.close();
  });

  it("frees the slots of a process that died holding them once their lease expires", async () => {
    const dead = new HostSlots(redis, prefix, { ...slotDefaults, leaseMs: 400, maxWaitMs: 100 });
    await dead.acquire("crashed.example:80"); // never given back
    const survivor = new HostSlots(redis, prefix, { ...slotDefaults, leaseMs: 400, maxWaitMs: 100 });
    await expect(survivor.acquire("crashed.example:80")).rejects.toThrow(HostBusyError);
    await sleep(500);
    const release = await survivor.acquire("crashed.example:80");
    await release();
  });

  it("spaces request starts by the robots.txt Crawl-delay, across clients", async () => {
    resetLoad();
    const clients = [
      politeClient({ concurrency: 4 }, { respectRobotsTxt: true }),
      politeClient({ concurrency: 4 }, { respectRobotsTxt: true }),
    ];
    await Promise.all(
      clients.flatMap((http) => [1, 2].map((n) => http.get(`http://${slowHost}/spaced-${n}?ms=10`))),
    );
    const starts = slowLoad.starts.toSorted((a, b) => a - b);
    expect(starts).toHaveLength(4);
    const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    // Crawl-delay: 0.4 (seconds); allow a few ms for the clocks of Redis and of this process to differ.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(380);
    for (const http of clients) await http.close();
  });
});
