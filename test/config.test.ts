// A bad config fails before anything starts, naming the file, the field and what was expected.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config/load.ts";
import { repoRoot } from "./support/harness.ts";

function configFile(yaml: string, watchlistYaml = "entities: []\nrules: []\n"): string {
  const dir = mkdtempSync(path.join(tmpdir(), "newsmon-config-"));
  writeFileSync(path.join(dir, "watchlist.yaml"), watchlistYaml);
  const file = path.join(dir, "newsmon.yaml");
  writeFileSync(file, yaml);
  return file;
}

describe("config", () => {
  it("loads the shipped default config and watchlist", () => {
    const loaded = loadConfig(path.join(repoRoot, "config", "newsmon.yaml"));
    expect(loaded.config.feeds.map((feed) => feed.id)).toContain("fixture-rss");
    expect(loaded.config.feeds[0]?.pollInterval).toBe(30_000);
    expect(loaded.watchlist.rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(["sco-mentioned", "cpaffc-mentioned"]),
    );
  });

  it("names the file and the field of a bad feed URL", () => {
    const file = configFile("feeds:\n  - id: a\n    name: A\n    url: not-a-url\n");
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(`${file}: feeds[0].url: an http(s) URL`);
  });

  it("names a bad duration with what was expected", () => {
    const file = configFile(
      "feeds:\n  - id: a\n    name: A\n    url: https://example.org/rss\n    pollInterval: soon\n",
    );
    expect(() => loadConfig(file)).toThrow(/feeds\[0\]\.pollInterval: .*a duration such as "30s"/s);
  });

  it("rejects unknown fields instead of ignoring a typo", () => {
    const file = configFile("feeds: []\nfetch:\n  maxByte: 5\n");
    expect(() => loadConfig(file)).toThrow(/fetch: Unrecognized key.*maxByte/);
  });

  it("rejects a rule on an entity the watchlist does not have", () => {
    const file = configFile(
      "feeds: []\n",
      "entities: []\nrules:\n  - id: r\n    name: R\n    entity: nobody\n",
    );
    expect(() => loadConfig(file)).toThrow(
      /watchlist\.yaml: rules\[0\]\.entity: expected the id of an entity/,
    );
  });

  it("reports YAML syntax errors with the file", () => {
    const file = configFile("feeds: [\n");
    expect(() => loadConfig(file)).toThrow(new RegExp(`${file}: not valid YAML`));
  });

  it("makes the CLI exit with status 2 and the message", () => {
    const file = configFile("feeds:\n  - id: a\n    name: A\n    url: not-a-url\n");
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, "cli", "newsmon.js"), "--config", file, "feeds"],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`newsmon: config error: ${file}: feeds[0].url: an http(s) URL`);
  });
});
