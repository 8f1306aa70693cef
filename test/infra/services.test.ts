// infra/services.sh against the real services: idempotent `up`, `status`, and a clear refusal when the
// Elasticsearch URL points at something else; `status` says "started by newsmon" only of a server it started.
// It never stops the shared services other tests use.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/harness.ts";

const script = path.join(repoRoot, "infra", "services.sh");

function services(action: string, env: Record<string, string> = {}) {
  return spawnSync("bash", [script, action], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
}

describe("infra/services.sh", () => {
  it("brings both services up, and a second `up` finds them running", () => {
    expect(services("up").status).toBe(0);
    const again = services("up");
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/Redis answers at redis:\/\//);
    expect(again.stderr).toMatch(/Elasticsearch answers at http:\/\//);
    expect(again.stderr).not.toMatch(/starting/);
  });

  it("reports both services up in `status`", () => {
    const status = services("status");
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^redis .* up/m);
    expect(status.stdout).toMatch(/^elasticsearch .* up/m);
  });

  it("names the URL when something that is not Elasticsearch holds the port", async () => {
    const impostor = createServer((_, response) => response.writeHead(404).end("not here"));
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
    // spawnSync would block the impostor's event loop; run the script asynchronously.
    const child = spawn("bash", [script, "up"], { env: { ...process.env, ELASTICSEARCH_URL: url } });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    impostor.close();
    expect(code).not.toBe(0);
    expect(stderr).toContain(`something that is not Elasticsearch answers at ${url}`);
    const status = services("status", { ELASTICSEARCH_URL: url });
    expect(status.status).toBe(3);
    expect(status.stdout).toMatch(/^elasticsearch .* down/m);
  });

  it("says 'started by newsmon' only when the process in its pid file is the one answering", async () => {
    // Stand-ins that answer like Redis (PING) and Elasticsearch (cluster health), in this test process.
    const redis = createTcpServer((socket) => socket.on("data", () => socket.write("+PONG\r\n")));
    const es = createServer((_, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end('{"cluster_name":"stand-in"}'),
    );
    await new Promise<void>((resolve) => redis.listen(0, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => es.listen(0, "127.0.0.1", resolve));
    const env = {
      REDIS_URL: `redis://127.0.0.1:${(redis.address() as AddressInfo).port}`,
      ELASTICSEARCH_URL: `http://127.0.0.1:${(es.address() as AddressInfo).port}`,
      NEWSMON_DATA_DIR: mkdtempSync(path.join(tmpdir(), "newsmon-services-")),
    };
    const writePidFiles = (pid: number) => {
      for (const [service, file] of [
        ["redis", "redis.pid"],
        ["elasticsearch", "elasticsearch.pid"],
      ] as const) {
        mkdirSync(path.join(env.NEWSMON_DATA_DIR, service), { recursive: true });
        writeFileSync(path.join(env.NEWSMON_DATA_DIR, service, file), `${pid}\n`);
      }
    };
    const status = async () => {
      // spawnSync would block the stand-ins' event loop.
      const child = spawn("bash", [script, "status"], { env: { ...process.env, ...env } });
      let stdout = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      await new Promise((resolve) => child.on("exit", resolve));
      return stdout;
    };
    // A live process that newsmon once started, but that is not what answers at these URLs.
    const other = spawn("sleep", ["60"]);
    try {
      writePidFiles(other.pid as number);
      const notOurs = await status();
      expect(notOurs).toMatch(/^redis .* up +\(external\)$/m);
      expect(notOurs).toMatch(/^elasticsearch .* up +\(external\)$/m);
      writePidFiles(process.pid);
      const ours = await status();
      expect(ours).toMatch(new RegExp(`^redis .* up +\\(started by newsmon, pid ${process.pid}\\)$`, "m"));
      expect(ours).toMatch(
        new RegExp(`^elasticsearch .* up +\\(started by newsmon, pid ${process.pid}\\)$`, "m"),
      );
    } finally {
      other.kill();
      redis.close();
      es.close();
    }
  });
});
