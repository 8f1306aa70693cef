// The HTTP client against real local servers: what it must refuse, and what it must handle.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { FetchSettings } from "../config/schema.ts";
import { PermanentError } from "../lib/errors.ts";
import { HttpClient } from "../lib/http.ts";

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
