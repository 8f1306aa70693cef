// infra/services.sh against the real services: idempotent `up`, `status`, and a clear refusal when the
// Elasticsearch URL points at something else. It never stops the shared services other tests use.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
});
