// The `newsmon` command line: run the pipeline, the demo, manage the local services, look at what was stored,
// and the batch commands (JSON lines in, JSON lines out) that expose single stages.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { connectionsFromEnv } from "../config/connections.ts";
import { ConfigError, type LoadedConfig, loadConfig, resolveConfigPath } from "../config/load.ts";
import { createLogger } from "../lib/log.ts";
import type { Readiness } from "../ops/server.ts";
import { parseStageList, stageNames } from "../queues/topology.ts";
import type { LiveWatchlist } from "../workers/deps.ts";

// Each command imports what it needs when it runs (below, `await import`): the batch commands need neither
// BullMQ nor the Elasticsearch client nor the ops server, and loading them all made every command start slowly.
const repoRoot = path.resolve(import.meta.dirname, "..");
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  version: string;
};
const log = createLogger();

// `newsmon feeds | head`: the reader has gone, so stop quietly, as a command killed by SIGPIPE would.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

function portNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535)
    throw new InvalidArgumentError("expected a port number (0 for any free port)");
  return number;
}

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError("expected a positive whole number");
  return number;
}

function config(options: { config?: string }): LoadedConfig {
  const loaded = loadConfig(resolveConfigPath(options.config));
  for (const notice of loaded.notices) log.warn(notice);
  return loaded;
}

function servicesUp(): void {
  const result = spawnSync("bash", [path.join(repoRoot, "infra", "services.sh"), "up"], {
    stdio: ["ignore", 2, 2],
  });
  if (result.status !== 0)
    throw new Error("the local services could not be started (see the messages above)");
}

const program = new Command()
  .name("newsmon")
  .description(
    "Poll news feeds, fetch and clean articles, find entities, index into Elasticsearch, alert on watched entities.",
  )
  .option("-c, --config <file>", "config file (default: $NEWSMON_CONFIG, then config/newsmon.yaml)")
  .version(version, "-V, --version", "print newsmon's version")
  .showHelpAfterError();

program
  .command("run")
  .description("run the pipeline until stopped (SIGINT, SIGTERM or SIGHUP finish the jobs in hand)")
  .option("--stages <list>", `stages to run here: all, or some of ${stageNames.join(",")}`, "all")
  .option(
    "--once",
    "poll every feed once, process everything, then exit 0 when idle (cron and batch jobs; no ops server)",
  )
  .option(
    "--ops-port <port>",
    "port of the ops server (default: $NEWSMON_OPS_PORT, then the config's ops.port)",
    portNumber,
  )
  .action(async (options: { stages: string; once?: true; opsPort?: number }) => {
    const loaded = config(program.opts());
    const stages = parseStageList(options.stages);
    const opsPort =
      options.opsPort ??
      (process.env.NEWSMON_OPS_PORT ? portNumber(process.env.NEWSMON_OPS_PORT) : loaded.config.ops.port);
    const connections = connectionsFromEnv();
    const [{ startPipeline }, { startProgress }, { pollNow }] = await Promise.all([
      import("../workers/pipeline.ts"),
      import("../ops/progress.ts"),
      import("../workers/poll/schedule.ts"),
    ]);
    const pipeline = await startPipeline({
      loaded,
      connections,
      log,
      stages,
      schedule: !options.once && stages.includes("poll"),
    });
    // `on`, not `once`: a repeated signal (Ctrl-C reaches both cli/newsmon.js and this process) must not kill
    // the process while it finishes the jobs in hand.
    const stopped = new Promise<string>((resolve) => {
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
        process.on(signal, () => resolve(signal));
    });
    if (options.once) {
      const progress = startProgress(pipeline.queues, pipeline.metrics);
      try {
        if (stages.includes("poll")) await pollNow(pipeline.queues.stages.poll, loaded.config.feeds);
        log.info({ stages, feeds: loaded.config.feeds.length }, "newsmon run --once: working until idle");
        const idle = pipeline.waitUntilIdle({ timeoutMs: Number.POSITIVE_INFINITY, stages }).then(() => null);
        const signal = await Promise.race([idle, stopped]);
        if (signal) {
          log.warn(`stopped by ${signal} before the work was done; the rest stays queued`);
          process.exitCode = 1;
        } else {
          log.info("idle: every job of these stages is done");
        }
      } finally {
        await progress.stop();
        await pipeline.close();
      }
      return;
    }
    const { ops } = loaded.config;
    const [{ readinessProbe, startOpsServer }, { backfillRule }] = await Promise.all([
      import("../ops/server.ts"),
      import("../workers/alert/backfill.ts"),
    ]);
    let opsServer: Awaited<ReturnType<typeof startOpsServer>> | undefined;
    try {
      opsServer = ops.enabled
        ? await startOpsServer({
            host: process.env.NEWSMON_OPS_HOST || ops.host,
            port: opsPort,
            password: process.env.NEWSMON_OPS_PASSWORD || undefined,
            allowedHosts: ops.allowedHosts,
            queues: pipeline.queues,
            metrics: pipeline.metrics,
            log,
            readiness: withBrokenRules(
              readinessProbe({
                redis: pipeline.deps.redis,
                redisUrl: connections.redisUrl,
                elasticsearch: pipeline.deps.es,
                elasticsearchUrl: connections.elasticsearch.url,
              }),
              pipeline.deps.live,
            ),
            alerts: {
              es: pipeline.deps.es,
              alertsIndex: pipeline.deps.names.alerts,
              rules: () => pipeline.deps.live.watchlist.rules,
              backfill: (ruleId, backfillOptions) =>
                backfillRule(pipeline.deps, ruleId, backfillOptions, log),
            },
          })
        : undefined;
    } catch (error) {
      await pipeline.close();
      throw error;
    }
    const progress = startProgress(pipeline.queues, pipeline.metrics);
    log.info(
      { stages, feeds: loaded.config.feeds.length, ops: opsServer?.url },
      `newsmon running (config ${loaded.configPath})`,
    );
    await stopped;
    log.info("stopping: finishing the jobs in hand");
    await progress.stop();
    await opsServer?.close();
    await pipeline.close();
  });

program
  .command("demo")
  .description("start the services, ingest the fixture news site end to end, print what was ingested")
  .option(
    "--site-port <port>",
    "port of the fixture news site (default 4870; the default config's feeds on 127.0.0.1:4870 are read from it)",
    portNumber,
  )
  .option(
    "--no-services",
    "do not start local Redis/Elasticsearch (use REDIS_URL/ELASTICSEARCH_URL as they are)",
  )
  .action(async (options: { sitePort?: number; services: boolean }) => {
    const loaded = config(program.opts());
    if (options.services) servicesUp();
    const { defaultSitePort, runDemo } = await import("./demo.ts");
    await runDemo(loaded, connectionsFromEnv(), log, options.sitePort ?? defaultSitePort);
  });

program
  .command("services")
  .description("manage the local Redis and Elasticsearch: up, down or status")
  .argument("<action>", "up | down | status")
  .action((action: string) => {
    if (!["up", "down", "status"].includes(action))
      throw new InvalidArgumentError(`expected up, down or status, got "${action}"`);
    const result = spawnSync("bash", [path.join(repoRoot, "infra", "services.sh"), action], {
      stdio: "inherit",
    });
    process.exitCode = result.status ?? 1;
  });

program
  .command("search")
  .description("search the indexed articles (Elasticsearch query string syntax)")
  .argument("<query...>")
  .option("-n, --size <n>", "results to show", positiveInt, 10)
  .action(async (words: string[], options: { size: number }) => {
    const { openElasticsearchToInspect, searchArticles } = await import("./inspect.ts");
    const { es, names } = await openElasticsearchToInspect(config(program.opts()), connectionsFromEnv());
    try {
      await searchArticles(es, names, words.join(" "), options.size);
    } finally {
      await es.close();
    }
  });

program
  .command("alerts")
  .description("list recent alerts with rule, article, source and delivery status")
  .option("-n, --size <n>", "alerts to show", positiveInt, 20)
  .action(async (options: { size: number }) => {
    const { listAlerts, openElasticsearchToInspect, printAlerts } = await import("./inspect.ts");
    const { es, names } = await openElasticsearchToInspect(config(program.opts()), connectionsFromEnv());
    try {
      printAlerts(await listAlerts(es, names, options.size));
    } finally {
      await es.close();
    }
  });

program
  .command("dead-letters")
  .description("list jobs that failed for good, with the reason; --retry runs them again")
  .option("-n, --size <n>", "records to show", positiveInt, 50)
  .option("--retry [records...]", "re-queue the jobs behind these records (all records when none is named)")
  .action(async (options: { size: number; retry?: true | string[] }) => {
    const loaded = config(program.opts());
    const [{ openRedisToInspect, printDeadLetters }, { openQueues, retryDeadLetters }] = await Promise.all([
      import("./inspect.ts"),
      import("../queues/queues.ts"),
    ]);
    const redis = await openRedisToInspect(loaded, connectionsFromEnv(), log);
    const queues = openQueues(redis, loaded.config.namespace.redisPrefix, loaded.config.limits);
    try {
      if (options.retry) {
        const retried = await retryDeadLetters(queues, options.retry === true ? undefined : options.retry);
        process.stdout.write(`${retried} job(s) re-queued; a running \`newsmon run\` picks them up\n`);
      } else {
        await printDeadLetters(queues, options.size);
      }
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

const feedsCommand = program
  .command("feeds")
  .description("list the configured feeds with their health; import or export them as OPML")
  .action(async () => {
    const loaded = config(program.opts());
    const { openRedisToInspect, printFeeds } = await import("./inspect.ts");
    const redis = await openRedisToInspect(loaded, connectionsFromEnv(), log);
    try {
      await printFeeds(redis, loaded);
    } finally {
      redis.disconnect();
    }
  });

feedsCommand
  .command("import <file>")
  .description("add the feeds of an OPML file to the config file's feeds (comments kept; known URLs skipped)")
  .action(async (file: string) => {
    const { importOpml } = await import("./opml.ts");
    const configPath = resolveConfigPath(program.opts().config);
    const { added, skipped } = importOpml(configPath, readFileSync(file, "utf8"));
    for (const feed of added) process.stdout.write(`added ${feed.id}  ${feed.url}\n`);
    for (const feed of skipped) process.stdout.write(`skipped ${feed.url}: ${feed.reason}\n`);
    process.stdout.write(`${added.length} feed(s) added to ${configPath}, ${skipped.length} skipped\n`);
  });

feedsCommand
  .command("export")
  .description("print the configured feeds as OPML 2.0")
  .action(async () => {
    const { exportOpml } = await import("./opml.ts");
    process.stdout.write(exportOpml(config(program.opts()).config.feeds));
  });

program
  .command("replay")
  .description("re-run clean -> entities -> index -> alert from the stored raw pages, without refetching")
  .option("--article <id...>", "only these article ids (default: every stored page)")
  .action(async (options: { article?: string[] }) => {
    const loaded = config(program.opts());
    const { startPipeline } = await import("../workers/pipeline.ts");
    const pipeline = await startPipeline({
      loaded,
      connections: connectionsFromEnv(),
      log,
      stages: ["clean", "entities", "index", "alert"],
      schedule: false,
    });
    try {
      const replay = Date.now().toString(36);
      const ids =
        options.article ??
        (await Array.fromAsync(pipeline.deps.raw.fetchTimes())).map((page) => page.articleId);
      await pipeline.queues.stages.clean.addBulk(
        ids.map((articleId) => ({
          name: "clean",
          data: { articleId, replay },
          opts: { jobId: `clean-${articleId}-${replay}` },
        })),
      );
      await pipeline.waitUntilIdle({ timeoutMs: 3_600_000 });
      log.info(`replayed ${ids.length} article(s)`);
    } finally {
      await pipeline.close();
    }
  });

program
  .command("kibana")
  .description("load the Kibana data views, saved searches and dashboard from infra/kibana")
  .argument("<action>", "setup")
  .option("--wait <seconds>", "keep trying this long while Kibana is unreachable or starting", positiveInt)
  .action(async (action: string, options: { wait?: number }) => {
    if (action !== "setup") throw new InvalidArgumentError(`expected setup, got "${action}"`);
    const loaded = config(program.opts());
    const { describeImport, kibanaFromEnv, setupKibana } = await import("../ops/kibana.ts");
    const summary = await setupKibana({
      ...kibanaFromEnv(),
      indexPrefix: loaded.config.namespace.indexPrefix,
      log,
      waitMs: (options.wait ?? 0) * 1000,
    });
    process.stdout.write(`${describeImport(summary)}\n`);
  });

program
  .command("rules")
  .description(
    "the watchlist's alert rules and whether each can run (`rules`); `rules test <rule> <file|url>`: whether, and why, a page would fire a rule; " +
      "`rules backfill <rule>`: apply a rule to the articles already indexed; `rules feed-url [rule]`: the Atom feed of its alerts",
  )
  .argument("[action]", "test | backfill | feed-url", "list")
  .argument("[rule]", "rule id from the watchlist")
  .argument("[page]", "an HTML file or an http(s) URL")
  .option(
    "--since <date>",
    "backfill: only articles published since this date (2026-11-01, or ISO 8601; UTC)",
  )
  .option("--notify", "backfill: tell the rule's channels of each alert the backfill creates")
  .option("--base <url>", "feed-url: the ops server's address as feed readers reach it")
  .action(
    async (
      action: string,
      ruleId: string | undefined,
      page: string | undefined,
      options: { since?: string; notify?: true; base?: string },
    ) => {
      if (action === "list") {
        const { listRules } = await import("./rules.ts");
        const broken = await listRules(config(program.opts()), connectionsFromEnv());
        process.exitCode = broken > 0 ? 3 : 0;
        return;
      }
      if (action === "backfill" && ruleId) {
        const [{ backfillRule, describeBackfill, parseSince }, { closeDeps, openDeps }] = await Promise.all([
          import("../workers/alert/backfill.ts"),
          import("../workers/deps.ts"),
        ]);
        const since = options.since === undefined ? undefined : parseSince(options.since);
        if (since === null)
          throw new InvalidArgumentError(`--since ${options.since}: expected a date such as 2026-11-01`);
        const deps = await openDeps(config(program.opts()), connectionsFromEnv(), log);
        try {
          const summary = await backfillRule(deps, ruleId, { since, notify: options.notify ?? false }, log);
          process.stdout.write(`${describeBackfill(summary, deps.names.articles)}\n`);
        } finally {
          await closeDeps(deps);
        }
        return;
      }
      if (action === "feed-url") {
        const loaded = config(program.opts());
        const { feedUrl } = await import("../ops/alerts-feed.ts");
        if (ruleId && !loaded.watchlist.rules.some((rule) => rule.id === ruleId))
          throw new InvalidArgumentError(`no rule "${ruleId}" in ${loaded.watchlistPath}`);
        const { host, port } = loaded.config.ops;
        const shown = ["0.0.0.0", "::", "[::]"].includes(host) ? "127.0.0.1" : host;
        const base = options.base ?? `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
        const password = process.env.NEWSMON_OPS_PASSWORD || undefined;
        process.stdout.write(`${feedUrl(base, ruleId ?? null, password)}\n`);
        if (!password)
          process.stderr.write(
            "newsmon: NEWSMON_OPS_PASSWORD is not set: the feed is open on loopback, no token\n",
          );
        return;
      }
      if (action !== "test" || !ruleId || !page)
        throw new InvalidArgumentError(
          `expected "rules", "rules test <rule> <page>", "rules backfill <rule>" or "rules feed-url [rule]", got "${action}"`,
        );
      const { testRule } = await import("./rules.ts");
      const fires = await testRule(config(program.opts()), connectionsFromEnv(), ruleId, page);
      process.exitCode = fires ? 0 : 3;
    },
  );

program
  .command("extract")
  .description(
    'batch extraction: {"id","url","html"} lines in, {"id","title","text","publishedAt","authors","lang","canonicalUrl"} out',
  )
  .requiredOption("--jsonl", "JSON lines on stdin and stdout")
  .action(async () => (await import("./batch.ts")).extractJsonl());

program
  .command("parse-feed")
  .description('batch feed parsing: {"id","b64"} lines in, {"id","ok","feed","entries"} out')
  .requiredOption("--jsonl", "JSON lines on stdin and stdout")
  .action(async () => (await import("./batch.ts")).parseFeedJsonl());

program
  .command("entities")
  .description(
    'batch entity finding with the configured watchlist: {"id","title","text"} lines in, {"id","entities"} out',
  )
  .requiredOption("--jsonl", "JSON lines on stdin and stdout")
  .action(async () => (await import("./batch.ts")).entitiesJsonl(config(program.opts()).watchlist));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`newsmon: ${error instanceof ConfigError ? "config error: " : ""}${message}\n`);
  // Exit now: a client's reconnect timer must not keep a failed command alive (its supervisor waits for the end).
  process.exit(error instanceof ConfigError ? 2 : 1);
}

/** /readyz also lists the alert rules this process skips as broken. */
function withBrokenRules(probe: () => Promise<Readiness>, live: LiveWatchlist): () => Promise<Readiness> {
  return async () => ({
    ...(await probe()),
    brokenRules: [...live.brokenRules].map(([rule, reason]) => ({ rule, reason })),
  });
}
