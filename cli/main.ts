// The `newsmon` command line: run the pipeline, the demo, manage the local services, look at what was stored,
// and the batch commands (JSON lines in, JSON lines out) that expose single stages.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { connectionsFromEnv } from "../config/connections.ts";
import { ConfigError, type LoadedConfig, loadConfig, resolveConfigPath } from "../config/load.ts";
import { createElasticsearch } from "../lib/elasticsearch.ts";
import { indexNames } from "../lib/index-names.ts";
import { createLogger } from "../lib/log.ts";
import { createRedis } from "../lib/redis.ts";
import { describeImport, kibanaFromEnv, setupKibana } from "../ops/kibana.ts";
import { startProgress } from "../ops/progress.ts";
import { readinessProbe, startOpsServer } from "../ops/server.ts";
import { openQueues, retryDeadLetters } from "../queues/queues.ts";
import { parseStageList, stageNames } from "../queues/topology.ts";
import { startPipeline } from "../workers/pipeline.ts";
import { entitiesJsonl, extractJsonl, parseFeedJsonl } from "./batch.ts";
import { runDemo } from "./demo.ts";
import { listAlerts, printAlerts, printDeadLetters, printFeeds, searchArticles } from "./inspect.ts";
import { testRule } from "./rules.ts";

const repoRoot = path.resolve(import.meta.dirname, "..");
const log = createLogger();

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError("expected a positive whole number");
  return number;
}

function config(options: { config?: string }): LoadedConfig {
  return loadConfig(resolveConfigPath(options.config));
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
  .showHelpAfterError();

program
  .command("run")
  .description("run the pipeline until stopped (SIGINT/SIGTERM finish the jobs in hand)")
  .option("--stages <list>", `stages to run here: all, or some of ${stageNames.join(",")}`, "all")
  .action(async (options: { stages: string }) => {
    const loaded = config(program.opts());
    const stages = parseStageList(options.stages);
    const connections = connectionsFromEnv();
    const pipeline = await startPipeline({
      loaded,
      connections,
      log,
      stages,
      schedule: stages.includes("poll"),
    });
    const { ops } = loaded.config;
    let opsServer: Awaited<ReturnType<typeof startOpsServer>> | undefined;
    try {
      opsServer = ops.enabled
        ? await startOpsServer({
            host: process.env.NEWSMON_OPS_HOST || ops.host,
            port: ops.port,
            password: process.env.NEWSMON_OPS_PASSWORD || undefined,
            allowedHosts: ops.allowedHosts,
            queues: pipeline.queues,
            metrics: pipeline.metrics,
            log,
            readiness: readinessProbe({
              redis: pipeline.deps.redis,
              redisUrl: connections.redisUrl,
              elasticsearch: pipeline.deps.es,
              elasticsearchUrl: connections.elasticsearch.url,
            }),
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
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    log.info("stopping: finishing the jobs in hand");
    progress.stop();
    await opsServer?.close();
    await pipeline.close();
  });

program
  .command("demo")
  .description("start the services, ingest the fixture news site end to end, print what was ingested")
  .option(
    "--site-port <port>",
    "port of the fixture news site (the default config's feeds point at 4870)",
    positiveInt,
    4870,
  )
  .option(
    "--no-services",
    "do not start local Redis/Elasticsearch (use REDIS_URL/ELASTICSEARCH_URL as they are)",
  )
  .action(async (options: { sitePort: number; services: boolean }) => {
    const loaded = config(program.opts());
    if (options.services) servicesUp();
    await runDemo(loaded, connectionsFromEnv(), log, options.sitePort);
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
    const loaded = config(program.opts());
    const es = createElasticsearch(connectionsFromEnv().elasticsearch);
    await searchArticles(es, indexNames(loaded.config.namespace.indexPrefix), words.join(" "), options.size);
    await es.close();
  });

program
  .command("alerts")
  .description("list recent alerts with rule, article, source and delivery status")
  .option("-n, --size <n>", "alerts to show", positiveInt, 20)
  .action(async (options: { size: number }) => {
    const loaded = config(program.opts());
    const es = createElasticsearch(connectionsFromEnv().elasticsearch);
    printAlerts(await listAlerts(es, indexNames(loaded.config.namespace.indexPrefix), options.size));
    await es.close();
  });

program
  .command("dead-letters")
  .description("list jobs that failed for good, with the reason; --retry runs them again")
  .option("-n, --size <n>", "records to show", positiveInt, 50)
  .option("--retry [records...]", "re-queue the jobs behind these records (all records when none is named)")
  .action(async (options: { size: number; retry?: true | string[] }) => {
    const loaded = config(program.opts());
    const redis = createRedis(connectionsFromEnv().redisUrl, log);
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

program
  .command("feeds")
  .description("list the configured feeds with their health")
  .action(async () => {
    const loaded = config(program.opts());
    const redis = createRedis(connectionsFromEnv().redisUrl, log);
    await printFeeds(redis, loaded);
    redis.disconnect();
  });

program
  .command("replay")
  .description("re-run clean -> entities -> index -> alert from the stored raw pages, without refetching")
  .option("--article <id...>", "only these article ids (default: every stored page)")
  .action(async (options: { article?: string[] }) => {
    const loaded = config(program.opts());
    const pipeline = await startPipeline({
      loaded,
      connections: connectionsFromEnv(),
      log,
      stages: ["clean", "entities", "index", "alert"],
      schedule: false,
    });
    try {
      const replay = Date.now().toString(36);
      const ids = options.article ?? (await Array.fromAsync(pipeline.deps.raw.articleIds()));
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
  .description("rules test <rule> <file|url>: whether, and why, a page would fire a rule")
  .argument("<action>", "test")
  .argument("<rule>", "rule id from the watchlist")
  .argument("<page>", "an HTML file or an http(s) URL")
  .action(async (action: string, ruleId: string, page: string) => {
    if (action !== "test") throw new InvalidArgumentError(`expected test, got "${action}"`);
    const fires = await testRule(config(program.opts()), connectionsFromEnv(), ruleId, page);
    process.exitCode = fires ? 0 : 3;
  });

program
  .command("extract")
  .description(
    'batch extraction: {"id","url","html"} lines in, {"id","title","text","publishedAt","authors","lang","canonicalUrl"} out',
  )
  .requiredOption("--jsonl", "JSON lines on stdin and stdout")
  .action(() => extractJsonl());

program
  .command("parse-feed")
  .description('batch feed parsing: {"id","b64"} lines in, {"id","ok","feed","entries"} out')
  .requiredOption("--jsonl", "JSON lines on stdin and stdout")
  .action(() => parseFeedJsonl());

program
  .command("entities")
  .description(
    'batch entity finding with the configured watchlist: {"id","title","text"} lines in, {"id","entities"} out',
  )
  .requiredOption("--jsonl", "JSON lines on stdin and stdout")
  .action(() => entitiesJsonl(config(program.opts()).watchlist));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`newsmon: ${error instanceof ConfigError ? "config error: " : ""}${message}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
