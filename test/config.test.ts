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

  it("refuses zero and negative durations, naming the field", () => {
    const feed = (pollInterval: string) =>
      `feeds:\n  - id: a\n    name: A\n    url: https://example.org/rss\n    pollInterval: ${pollInterval}\n`;
    const cases: [yaml: string, field: string][] = [
      [feed('"0s"'), "feeds[0].pollInterval"],
      [feed("0"), "feeds[0].pollInterval"],
      [feed("-30"), "feeds[0].pollInterval"],
      [feed('"0.4ms"'), "feeds[0].pollInterval"],
      ['feeds: []\nfetch:\n  totalTimeout: "0ms"\n', "fetch.totalTimeout"],
      ['feeds: []\nfetch:\n  connectTimeout: "0s"\n', "fetch.connectTimeout"],
      ['feeds: []\nlimits:\n  lockDuration: "0m"\n', "limits.lockDuration"],
      ['feeds: []\nlimits:\n  backoff: "0h"\n', "limits.backoff"],
      ["feeds: []\nlimits:\n  artifactTtl: 0\n", "limits.artifactTtl"],
      [
        'feeds: []\nalerts:\n  channels:\n    - {name: hook, type: webhook, url: "https://hooks.example.org/", timeout: "0s"}\n',
        "alerts.channels[0].timeout",
      ],
    ];
    for (const [yaml, field] of cases) {
      const file = configFile(yaml);
      expect(() => loadConfig(file)).toThrow(`${file}: ${field}: expected a duration above zero`);
    }
    // Whole milliseconds: timers refuse fractions.
    expect(loadConfig(configFile(feed('"1.5s"'))).config.feeds[0]?.pollInterval).toBe(1500);
    expect(loadConfig(configFile(feed("0.0015"))).config.feeds[0]?.pollInterval).toBe(2);
  });

  it("takes names for ops.allowedHosts, not URLs", () => {
    const loaded = loadConfig(
      configFile('feeds: []\nops:\n  allowedHosts: ["ops.example.org", "[::1]:8090"]\n'),
    );
    expect(loaded.config.ops.allowedHosts).toEqual(["ops.example.org", "[::1]:8090"]);
    const file = configFile('feeds: []\nops:\n  allowedHosts: ["https://ops.example.org/"]\n');
    expect(() => loadConfig(file)).toThrow(
      `${file}: ops.allowedHosts[0]: a host name or address, optionally with ":port"`,
    );
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
