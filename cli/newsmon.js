#!/usr/bin/env node
// Entry point of the `newsmon` command. It starts on whatever Node the shell has; newsmon itself needs Node 24
// (it runs its TypeScript directly), so on an older Node it re-runs itself with the Node 24 that infra/node.sh
// installs from the npm registry into .cache/node24.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const requiredMajor = 24;
const here = path.dirname(fileURLToPath(import.meta.url));

if (Number(process.versions.node.split(".")[0]) < requiredMajor) {
  const nodeDir = execFileSync("bash", [path.join(here, "..", "infra", "node.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const child = spawnSync(
    path.join(nodeDir, "node"),
    [fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  process.exit(child.status ?? 1);
} else {
  await import("./main.ts");
}
