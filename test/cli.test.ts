// The `newsmon` command as users run it: the batch commands answer every input line on its own, and an
// unreachable Redis or Elasticsearch is named with its URL while newsmon retries.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ExpectedArticle, expectedArticle } from "./fixture-site/expected.ts";
import { startFixtureSite } from "./fixture-site/server.ts";
import { repoRoot } from "./support/harness.ts";

const cli = path.join(repoRoot, "cli", "newsmon.js");

function batch(command: string, lines: string[]): Array<Record<string, unknown>> {
  const result = spawnSync(process.execPath, [cli, command, "--jsonl"], {
    input: `${lines.join("\n")}\n`,
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

/** Starts `newsmon run` and resolves with its stderr once `pattern` shows up in it, then stops it. */
function stderrUntil(env: Record<string, string>, pattern: RegExp): Promise<string> {
  const child = spawn(process.execPath, [cli, "run"], {
    env: { ...process.env, ...env, NEWSMON_LOG_FORMAT: "json" },
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ${pattern} in: ${stderr}`));
    }, 20_000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (pattern.test(stderr)) {
        clearTimeout(timer);
        child.kill("SIGKILL");
        resolve(stderr);
      }
    });
  });
}

describe("newsmon extract --jsonl", () => {
  it("answers each line alone, bad lines included", () => {
    const page = `<html lang="en"><head><title>Azerbaijan and the SCO hold talks in Beijing | Example News</title></head><body><article><h1>Azerbaijan and the SCO hold talks in Beijing</h1>
      <p>${"The delegation met officials of the Shanghai Cooperation Organization in Beijing. ".repeat(4)}</p>
      <p>${"Both sides discussed cultural cooperation and the next summit. ".repeat(4)}</p></article></body></html>`;
    const out = batch("extract", [
      JSON.stringify({ id: "a", url: "https://example.org/a", html: page }),
      "{not json",
      JSON.stringify({ id: "c", url: "https://example.org/c" }),
    ]);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({
      id: "a",
      title: "Azerbaijan and the SCO hold talks in Beijing",
      lang: "en",
    });
    expect(out[0]?.text).toContain("Shanghai Cooperation Organization");
    expect(out[1]).toMatchObject({ id: null, error: expect.any(String) });
    expect(out[2]).toMatchObject({ id: "c", error: expect.stringContaining("html") });
  });
});

describe("newsmon parse-feed --jsonl", () => {
  it("parses a feed and reports an unreadable one without stopping", () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.org/</link>
      <item><title>One</title><link>https://example.org/1</link><guid>g1</guid><pubDate>Mon, 08 Apr 2024 10:00:00 +0400</pubDate></item>
      </channel></rss>`;
    const out = batch("parse-feed", [
      JSON.stringify({ id: 1, b64: Buffer.from(rss).toString("base64") }),
      JSON.stringify({ id: 2, b64: Buffer.from("hello, I am not a feed").toString("base64") }),
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ id: 1, ok: true, feed: { title: "T" } });
    expect(out[0]?.entries).toEqual([
      expect.objectContaining({
        title: "One",
        link: "https://example.org/1",
        id: "g1",
        published: "2024-04-08T06:00:00.000Z",
      }),
    ]);
    expect(out[1]).toMatchObject({ id: 2, ok: false, error: expect.any(String) });
  });
});

describe("newsmon entities --jsonl", () => {
  it("finds watchlist entities under their canonical names", () => {
    const out = batch("entities", [
      JSON.stringify({
        id: "x",
        title: "SCO summit",
        text: "Zhang Ming, Secretary-General of the SCO, met Ilham Aliyev.",
      }),
      "[]",
    ]);
    expect(out).toHaveLength(2);
    const entities = (out[0]?.entities ?? []) as Array<{ canonical: string; type: string }>;
    const names = entities.map((entity) => entity.canonical);
    expect(names).toEqual(
      expect.arrayContaining(["Shanghai Cooperation Organization", "Zhang Ming", "Ilham Aliyev"]),
    );
    expect(out[1]).toHaveProperty("error");
  });
});

describe("unreachable services", () => {
  it("names the Redis URL while it retries", async () => {
    const stderr = await stderrUntil(
      { REDIS_URL: "redis://127.0.0.1:1" },
      /Redis at redis:\/\/127\.0\.0\.1:1 is not reachable/,
    );
    expect(stderr).toContain("retrying");
  });

  it("names the Elasticsearch URL while it retries", async () => {
    const stderr = await stderrUntil(
      { ELASTICSEARCH_URL: "http://127.0.0.1:1" },
      /Elasticsearch at http:\/\/127\.0\.0\.1:1 is not ready/,
    );
    expect(stderr).toContain("retrying");
  });
});

describe("newsmon rules test", () => {
  it("says whether and why a page would fire a rule", async () => {
    const site = await startFixtureSite();
    const dir = mkdtempSync(path.join(tmpdir(), "newsmon-rules-test-"));
    const save = async (article: ExpectedArticle) => {
      const file = path.join(dir, `${article.key}.html`);
      writeFileSync(file, Buffer.from(await (await fetch(`${site.url}${article.path}`)).arrayBuffer()));
      return file;
    };
    const run = (file: string) =>
      spawnSync(process.execPath, [cli, "rules", "test", "sco-mentioned", file], { encoding: "utf8" });
    try {
      const seed = run(await save(expectedArticle("seed-002")));
      expect(seed.status, seed.stderr).toBe(0);
      expect(seed.stdout).toMatch(
        /yes {2}entity sco \(Shanghai Cooperation Organization\) named 10 time\(s\)/,
      );
      expect(seed.stdout).toContain('=> "SCO mentioned" WOULD fire for this page');
      const orchestra = run(await save(expectedArticle("scottish-orchestra")));
      expect(orchestra.status).toBe(3);
      expect(orchestra.stdout).toMatch(
        /no {3}entity sco is not named \(other names found: .*Scottish Chamber Orchestra/,
      );
      expect(orchestra.stdout).toContain('=> "SCO mentioned" would NOT fire for this page');
    } finally {
      await site.close();
    }
  });

  it("says why each mention of the entity's acronyms was linked or not", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "newsmon-rules-acronyms-"));
    const page = (name: string, title: string, paragraphs: string[]) => {
      const file = path.join(dir, `${name}.html`);
      const body = paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join("\n");
      writeFileSync(
        file,
        `<html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>\n${body}</article></body></html>`,
      );
      return file;
    };
    const run = (file: string) =>
      spawnSync(process.execPath, [cli, "rules", "test", "sco-mentioned", file], { encoding: "utf8" });
    const mixed = run(
      page("mixed", "Markets and diplomacy: the week in review", [
        "Shares of SCO Group fell on Monday after a court in Utah ruled against the software maker in its long copyright dispute, and analysts cut their price targets again.",
        "In Kazakhstan, the SCO summit in Astana opened on Thursday with the leaders of ten member states, who discussed trade, transport corridors and security.",
        "Oil prices were little changed on Friday as traders waited for new figures on stocks in the United States and for the next meeting of producers in Vienna.",
      ]),
    );
    expect(mixed.status, mixed.stderr).toBe(0);
    expect(mixed.stdout).toContain("acronyms of sco in this page:");
    expect(mixed.stdout).toMatch(/SCO at text 10: not linked \(company marker 'Group' after it\)/);
    expect(mixed.stdout).toMatch(
      /SCO at text \d+: linked \(context in its sentence: 'summit', 'Astana', 'member states'\)/,
    );
    expect(mixed.stdout).toContain('=> "SCO mentioned" WOULD fire for this page');
    const company = run(
      page("company", "Quarterly results", [
        "SCO posted higher sales in the second quarter, helped by new licences for its server software in schools and hospitals, the company said on Tuesday in a statement.",
        "The chief executive said the company expected more customers to renew their contracts before the end of the year, and that costs would stay flat.",
      ]),
    );
    expect(company.status).toBe(3);
    expect(company.stdout).toMatch(
      /SCO at (?:title|text) \d+: not linked: no support for the entity in this article/,
    );
    expect(company.stdout).toContain('=> "SCO mentioned" would NOT fire for this page');
  });
});
