#!/usr/bin/env node
// Entry point of the `newsmon` command. It starts on whatever Node the shell has; newsmon itself needs Node 24
// (it runs its TypeScript directly), so on an older Node it re-runs itself with the Node 24 that infra/node.sh
// installs from the npm registry into .cache/node24. That child is newsmon: this wrapper passes it the signals
// a supervisor or a terminal sends (so `kill -TERM` stops it) and ends with its exit status.
import { execFileSync, spawn } from "node:child_process";
import module from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const requiredMajor = 24;
const here = path.dirname(fileURLToPath(import.meta.url));

if (Number(process.versions.node.split(".")[0]) < requiredMajor) {
  const nodeDir = execFileSync("bash", [path.join(here, "..", "infra", "node.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const child = spawn(
    path.join(nodeDir, "node"),
    [fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  /** @type {NodeJS.Signals[]} */
  const forwarded = ["SIGTERM", "SIGINT", "SIGHUP"];
  // Ctrl-C reaches the child from the terminal too (same process group); passing it on again is harmless:
  // `newsmon run` treats a repeated signal like the first.
  for (const signal of forwarded) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`newsmon: cannot start ${path.join(nodeDir, "node")}: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      // Die of the same signal, so whoever started us sees what happened to newsmon.
      for (const name of forwarded) process.removeAllListeners(name);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
} else {
  // Node's compile cache keeps the type-stripped, compiled modules between runs (in .cache/, git-ignored): type
  // stripping every TypeScript file again was most of a batch command's start-up.
  module.enableCompileCache?.(path.join(here, "..", ".cache", "compile"));
  await import("./main.ts");
}
