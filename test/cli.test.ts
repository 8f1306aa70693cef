// The `newsmon` command as users run it: the batch commands answer every input line on its own; an
// unreachable Redis or Elasticsearch is named with its URL while newsmon retries, and ends `run` and the
// inspection commands with a non-zero status within their bound; `run --once`, `--version`, `--ops-port`;
// signals reach newsmon through the older-Node wrapper; the README's copied-config recipe works.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createElasticsearch } from "../lib/elasticsearch.ts";
import { indexNames } from "../lib/index-names.ts";
import type { ArticleDocument } from "../queues/articles.ts";
import { type ExpectedArticle, expectedArticle, expectedArticles } from "./fixture-site/expected.ts";
import { startFixtureSite } from "./fixture-site/server.ts";
import { connections, repoRoot, writeTestConfig } from "./support/harness.ts";

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

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node <args>` to its end (killed after `timeoutMs`, which fails the test). */
function runToEnd(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NEWSMON_LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child, started, timeoutMs);
}

function collect(child: ChildProcess, started: number, timeoutMs: number): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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

describe("a fatal start-up error", () => {
  it("ends `run` with a non-zero status, naming the Redis URL, once NEWSMON_STARTUP_WAIT is over", async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const run = await runToEnd([cli, "run"], { REDIS_URL: url, NEWSMON_STARTUP_WAIT: "1s" });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`newsmon: Redis at ${url} is not reachable: no answer within 1000 ms`);
  });

  it("ends `run` with a non-zero status, naming the Elasticsearch URL, once NEWSMON_STARTUP_WAIT is over", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await runToEnd([cli, "run"], { ELASTICSEARCH_URL: url, NEWSMON_STARTUP_WAIT: "2s" });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`newsmon: Elasticsearch at ${url} is not reachable: connect ECONNREFUSED`);
  });

  it("refuses a malformed NEWSMON_STARTUP_WAIT", async () => {
    const run = await runToEnd([cli, "run"], { NEWSMON_STARTUP_WAIT: "soon" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'NEWSMON_STARTUP_WAIT: expected a duration such as "30s" or "2m", got "soon"',
    );
  });
});

describe("inspection commands", () => {
  it("give up on an unreachable Redis within seconds, naming it, after saying what they read", async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    for (const command of [["feeds"], ["dead-letters"]]) {
      const run = await runToEnd([cli, ...command], { REDIS_URL: url }, 30_000);
      expect(run.code, command[0]).toBe(1);
      expect(run.stderr).toContain(`newsmon: reading Redis ${url}, key prefix newsmon (config `);
      expect(run.stderr).toContain(`newsmon: Redis at ${url} is not reachable: no answer within 5000 ms`);
    }
  });

  it("give up on an unreachable Elasticsearch at once, naming it, after saying what they read", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    for (const command of [["alerts"], ["search", "sco"]]) {
      const run = await runToEnd([cli, ...command], { ELASTICSEARCH_URL: url }, 30_000);
      expect(run.code, command[0]).toBe(1);
      expect(run.stderr).toContain(
        `newsmon: reading Elasticsearch ${url}, indices news-articles and newsmon-alerts (config `,
      );
      expect(run.stderr).toContain(`newsmon: Elasticsearch at ${url} is not reachable: connect ECONNREFUSED`);
    }
  });

  it("end quietly when the reader of their output goes away (| head)", () => {
    const test = writeTestConfig({
      feeds: Array.from({ length: 3000 }, (_, index) => ({
        id: `feed-${index}`,
        name: `Feed ${index}`,
        url: `https://feeds.example.org/${index}.xml`,
      })),
    });
    const piped = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${cli}" --config "${test.configPath}" feeds | head -n 2; exit \${PIPESTATUS[0]}`,
      ],
      { encoding: "utf8" },
    );
    expect(piped.stdout.trim().split("\n")).toHaveLength(2);
    expect(piped.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(piped.status, piped.stderr).toBe(0);
  });
});

describe("newsmon demo --site-port", () => {
  it("reads the feeds that expect the fixture site on 4870 from the port it serves on", async () => {
    const port = await closedPort();
    const test = writeTestConfig({
      feeds: [
        { id: "rss", name: "Fixture RSS", url: "http://127.0.0.1:4870/rss.xml" },
        { id: "atom", name: "Fixture Atom", url: "http://127.0.0.1:4870/atom.xml" },
      ],
      fetch: { allowPrivateHosts: ["127.0.0.1:4870"] },
    });
    try {
      const demo = await runToEnd(
        [cli, "--config", test.configPath, "demo", "--site-port", String(port), "--no-services"],
        {},
        180_000,
      );
      expect(demo.code, demo.stderr).toBe(0);
      expect(demo.stdout).toContain(
        `=== newsmon demo: ${expectedArticles.length} article(s) indexed or updated in this run`,
      );
      expect(demo.stdout).toContain(`http://127.0.0.1:${port}/`);
    } finally {
      await test.cleanUp();
    }
  }, 200_000);

  it("fails, naming each feed and why, when it could read none of them", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/rss.xml`;
    const test = writeTestConfig({
      feeds: [{ id: "gone", name: "Gone", url }],
      fetch: { allowPrivateHosts: [new URL(url).host] },
      limits: { attempts: 1, backoff: "100ms" },
    });
    try {
      const port = String(await closedPort());
      const demo = await runToEnd(
        [cli, "--config", test.configPath, "demo", "--site-port", port, "--no-services"],
        {},
        120_000,
      );
      expect(demo.code).toBe(1);
      expect(demo.stderr).toContain(`newsmon: the demo read none of its feeds:\n  ${url}: `);
    } finally {
      await test.cleanUp();
    }
  }, 150_000);
});

describe("newsmon --version", () => {
  it("prints the package's version", async () => {
    const run = await runToEnd([cli, "--version"]);
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(run.stdout.trim()).toBe(version);
    expect(run.code).toBe(0);
  });
});

describe("newsmon run --once", () => {
  it("polls every feed once, processes everything and exits 0 when idle", async () => {
    const site = await startFixtureSite();
    const test = writeTestConfig({
      feeds: [
        { id: "rss", name: "Fixture RSS", url: `${site.url}/rss.xml`, pollInterval: "1h" },
        { id: "atom", name: "Fixture Atom", url: `${site.url}/atom.xml`, pollInterval: "1h" },
      ],
      fetch: { allowPrivateHosts: [new URL(site.url).host] },
    });
    const es = createElasticsearch(connections.elasticsearch);
    try {
      const run = await runToEnd([cli, "--config", test.configPath, "run", "--once"], {}, 120_000);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain("idle: every job of these stages is done");
      const names = indexNames(test.loaded.config.namespace.indexPrefix);
      await es.indices.refresh({ index: names.articles });
      const indexed = await es.search<ArticleDocument>({ index: names.articles, size: 200 });
      expect(indexed.hits.hits.length).toBe(expectedArticles.length);
      // Nothing was left scheduled: --once installs no poll schedules.
      expect(site.requests.filter((request) => request.path.startsWith("/rss.xml"))).toHaveLength(1);
    } finally {
      await es.close();
      await site.close();
      await test.cleanUp();
    }
  }, 150_000);
});

describe("newsmon run --ops-port", () => {
  it("lets two processes on one machine serve their ops servers side by side", async () => {
    const test = writeTestConfig({});
    const [first, second] = [await closedPort(), await closedPort()];
    const start = (args: string[], env: Record<string, string>) =>
      spawn(process.execPath, [cli, "--config", test.configPath, "run", "--stages", "clean", ...args], {
        env: { ...process.env, NEWSMON_LOG_FORMAT: "json", ...env },
        stdio: "ignore",
      });
    const processes = [
      start(["--ops-port", String(first)], {}),
      start([], { NEWSMON_OPS_PORT: String(second) }),
    ];
    const healthy = async (port: number) => {
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (answer?.ok) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    };
    try {
      expect(await healthy(first)).toBe(true);
      expect(await healthy(second)).toBe(true);
    } finally {
      const exits = processes.map((child) => new Promise((resolve) => child.on("exit", resolve)));
      for (const child of processes) child.kill("SIGTERM");
      expect(await Promise.all(exits)).toEqual([0, 0]);
      await test.cleanUp();
    }
  }, 60_000);
});

describe("cli/newsmon.js on a Node older than 24", () => {
  const olderNode = ["/usr/bin/node", "/usr/local/bin/node"].find((candidate) => {
    const probe = spawnSync(candidate, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" });
    return probe.status === 0 && Number(probe.stdout) < 24;
  });

  it.skipIf(!olderNode)(
    "passes SIGTERM to newsmon and ends with its status: the real process is gone",
    async () => {
      const test = writeTestConfig({ ops: { enabled: false } });
      const wrapper = spawn(
        olderNode as string,
        [cli, "--config", test.configPath, "run", "--stages", "clean"],
        {
          env: { ...process.env, NEWSMON_LOG_FORMAT: "json" },
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      const finished = collect(wrapper, Date.now(), 60_000);
      let stderr = "";
      wrapper.stderr?.on("data", (chunk) => {
        stderr += chunk;
      });
      let newsmon = 0;
      try {
        while (!stderr.includes("newsmon running")) await new Promise((resolve) => setTimeout(resolve, 100));
        const children = spawnSync("ps", ["-o", "pid=", "--ppid", String(wrapper.pid)], { encoding: "utf8" });
        newsmon = Number(children.stdout.trim());
        expect(newsmon).toBeGreaterThan(0);
        wrapper.kill("SIGTERM");
        const end = await finished;
        expect(end.code, end.stderr).toBe(0);
        expect(end.stderr).toContain("stopping: finishing the jobs in hand");
        expect(alive(newsmon)).toBe(false);
      } finally {
        wrapper.kill("SIGKILL");
        // Left running when the wrapper did not pass the signal on.
        if (newsmon > 0 && alive(newsmon)) process.kill(newsmon, "SIGKILL");
        await test.cleanUp();
      }
    },
    90_000,
  );
});

describe("the README's recipe: a copy of the bundled config elsewhere", () => {
  const watchedIds = (line: string): string[] =>
    (JSON.parse(line).entities as Array<{ id: string | null; watched: boolean }>)
      .filter((entity) => entity.watched)
      .map((entity) => entity.id ?? "");

  it("runs with the bundled watchlist and says so", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "newsmon-recipe-"));
    copyFileSync(path.join(repoRoot, "config", "newsmon.yaml"), path.join(dir, "my.yaml"));
    const result = spawnSync(process.execPath, [cli, "--config", "my.yaml", "entities", "--jsonl"], {
      cwd: dir,
      input: `${JSON.stringify({ id: "a", title: "SCO", text: "The Shanghai Cooperation Organisation met in Beijing." })}\n`,
      encoding: "utf8",
      env: { ...process.env, NEWSMON_LOG_FORMAT: "json" },
    });
    expect(result.status, result.stderr).toBe(0);
    const [notice] = result.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).msg);
    expect(notice).toContain(
      `my.yaml: watchlist "watchlist.yaml" is not beside this file (${path.join(dir, "watchlist.yaml")}); using the bundled ${path.join(repoRoot, "config", "watchlist.yaml")}`,
    );
    expect(watchedIds(result.stdout)).toContain("sco");
  });

  it("prefers a watchlist beside the copied config", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "newsmon-recipe-"));
    copyFileSync(path.join(repoRoot, "config", "newsmon.yaml"), path.join(dir, "my.yaml"));
    writeFileSync(
      path.join(dir, "watchlist.yaml"),
      stringify({ entities: [{ id: "acme", name: "Acme Corporation", type: "organization" }], rules: [] }),
    );
    const result = spawnSync(process.execPath, [cli, "--config", "my.yaml", "entities", "--jsonl"], {
      cwd: dir,
      input: `${JSON.stringify({ id: "a", title: "Acme", text: "Acme Corporation and the Shanghai Cooperation Organisation met." })}\n`,
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("bundled");
    expect(watchedIds(result.stdout)).toEqual(["acme"]);
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
