// OPML import and export: outlines with an xmlUrl join the config file's feeds (folders flattened, ids slugged
// from titles, known URLs skipped) with the file's comments kept; the export reads back as the same feeds.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exportOpml, importOpml, parseOpml, slugOf } from "../cli/opml.ts";
import { loadConfig } from "../config/load.ts";

const repoRoot = path.resolve(import.meta.dirname, "..");
const cli = path.join(repoRoot, "cli", "newsmon.js");

const subscriptions = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="Region">
    <outline type="rss" text="Caspian &amp; Co. News" xmlUrl="https://caspian.example.org/feed.xml" htmlUrl="https://caspian.example.org/"/>
    <outline type="rss" text="Already here" xmlUrl="http://127.0.0.1:4870/rss.xml"/>
  </outline>
  <outline type="rss" title="Azərbaycan Xəbərləri" text="short" XMLURL="https://az.example.org/rss"/>
  <outline type="rss" text="Caspian &amp; Co. News" xmlUrl="https://caspian.example.org/world.xml"/>
  <outline type="rss" text="Not a web feed" xmlUrl="ftp://files.example.org/feed"/>
  <outline text="A folder without a feed"/>
</body></opml>`;

let folders: string[] = [];
function configCopy(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "newsmon-opml-"));
  folders.push(folder);
  copyFileSync(path.join(repoRoot, "config", "newsmon.yaml"), path.join(folder, "newsmon.yaml"));
  copyFileSync(path.join(repoRoot, "config", "watchlist.yaml"), path.join(folder, "watchlist.yaml"));
  return path.join(folder, "newsmon.yaml");
}

afterEach(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders = [];
});

describe("OPML import", () => {
  it("adds the new feeds with slugged ids, skips known URLs and non-web ones, and keeps the file's comments", () => {
    const configPath = configCopy();
    const before = readFileSync(configPath, "utf8");
    const result = importOpml(configPath, subscriptions);
    expect(result.added).toEqual([
      { id: "caspian-co-news", name: "Caspian & Co. News", url: "https://caspian.example.org/feed.xml" },
      { id: "azerbaycan-xeberleri", name: "Azərbaycan Xəbərləri", url: "https://az.example.org/rss" },
      { id: "caspian-co-news-2", name: "Caspian & Co. News", url: "https://caspian.example.org/world.xml" },
    ]);
    expect(result.skipped.map((skip) => skip.reason)).toEqual(["already configured", "not an http(s) URL"]);
    const after = readFileSync(configPath, "utf8");
    for (const comment of before.split("\n").filter((line) => line.trim().startsWith("#")))
      expect(after).toContain(comment);
    expect(after.startsWith(before.slice(0, before.indexOf("feeds:")))).toBe(true);
    const feeds = loadConfig(configPath).config.feeds;
    expect(feeds.map((feed) => feed.id).slice(-3)).toEqual([
      "caspian-co-news",
      "azerbaycan-xeberleri",
      "caspian-co-news-2",
    ]);
    // A second import of the same list changes nothing.
    expect(importOpml(configPath, subscriptions).added).toEqual([]);
    expect(readFileSync(configPath, "utf8")).toBe(after);
  });

  it("refuses a document that is not OPML and leaves the config file as it was", () => {
    const configPath = configCopy();
    const before = readFileSync(configPath, "utf8");
    expect(() => importOpml(configPath, "<html><body><a href='x'>x</a></body></html>")).toThrow(
      /not an OPML document/,
    );
    expect(readFileSync(configPath, "utf8")).toBe(before);
  });

  it("leaves a config file that would not load untouched", () => {
    const configPath = configCopy();
    const broken = readFileSync(configPath, "utf8").replace(
      "watchlist: watchlist.yaml",
      "watchlist: missing.yaml",
    );
    writeFileSync(configPath, broken);
    expect(() => importOpml(configPath, subscriptions)).toThrow();
    expect(readFileSync(configPath, "utf8")).toBe(broken);
  });

  it("slugs titles into feed ids", () => {
    expect(slugOf("  Le Monde — À la une! ")).toBe("le-monde-a-la-une");
    expect(slugOf("新华网")).toBe("");
  });
});

describe("OPML export", () => {
  it("round-trips: the export of a config imports into an empty one as the same feeds", () => {
    const configPath = configCopy();
    importOpml(configPath, subscriptions);
    const feeds = loadConfig(configPath).config.feeds;
    const opml = exportOpml(feeds);
    expect(opml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(parseOpml(opml).map(({ title, xmlUrl }) => ({ name: title, url: xmlUrl }))).toEqual(
      feeds.map(({ name, url }) => ({ name, url })),
    );

    const emptyPath = configCopy();
    writeFileSync(
      emptyPath,
      readFileSync(emptyPath, "utf8").replace(/^feeds:\n(?: {2}.*\n|\s*#.*\n)*/m, "feeds: []\n"),
    );
    expect(loadConfig(emptyPath).config.feeds).toEqual([]);
    importOpml(emptyPath, opml);
    expect(loadConfig(emptyPath).config.feeds.map(({ name, url }) => ({ name, url }))).toEqual(
      feeds.map(({ name, url }) => ({ name, url })),
    );
  });

  it("works through the command line: feeds import, then feeds export", () => {
    const configPath = configCopy();
    const opmlPath = path.join(path.dirname(configPath), "subscriptions.opml");
    writeFileSync(opmlPath, subscriptions);
    const imported = spawnSync(process.execPath, [cli, "feeds", "import", opmlPath, "--config", configPath], {
      encoding: "utf8",
    });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("3 feed(s) added");
    const exported = spawnSync(process.execPath, [cli, "--config", configPath, "feeds", "export"], {
      encoding: "utf8",
    });
    expect(exported.status, exported.stderr).toBe(0);
    expect(parseOpml(exported.stdout).map((feed) => feed.xmlUrl)).toContain("https://az.example.org/rss");
  });
});
