// Reads and validates newsmon's config file and the watchlist file it points to. Every error names the file,
// the field and what was expected, e.g. `config/newsmon.yaml: feeds[0].url: expected an http(s) URL`.
import { existsSync, readFileSync, unwatchFile, watchFile } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { type NewsmonConfig, NewsmonConfig as NewsmonConfigSchema } from "./schema.ts";
import { type Watchlist, Watchlist as WatchlistSchema } from "./watchlist-schema.ts";

export const defaultConfigPath = path.join(import.meta.dirname, "newsmon.yaml");

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface LoadedConfig {
  configPath: string;
  watchlistPath: string;
  config: NewsmonConfig;
  watchlist: Watchlist;
  /** Things the user should know about how the files were read, e.g. which watchlist is in force and why. */
  notices: string[];
}

/** The config path from --config, then NEWSMON_CONFIG, then config/newsmon.yaml. */
export function resolveConfigPath(cliPath?: string): string {
  return path.resolve(cliPath ?? process.env.NEWSMON_CONFIG ?? defaultConfigPath);
}

export function loadConfig(configPath: string): LoadedConfig {
  const config = parseYamlFile(configPath, NewsmonConfigSchema);
  checkUnique(
    configPath,
    "feeds",
    config.feeds.map((feed) => feed.id),
  );
  checkUnique(
    configPath,
    "alerts.channels",
    config.alerts.channels.map((channel) => channel.name),
  );
  const { watchlistPath, notices } = findWatchlist(configPath, config.watchlist);
  const watchlist = loadWatchlist(watchlistPath, config);
  return { configPath, watchlistPath, config, watchlist, notices };
}

/**
 * The watchlist path is relative to the config file. A copy of the bundled config elsewhere (the README's
 * `cp config/newsmon.yaml my.yaml`) has no watchlist beside it: then the bundled one of that name is used, and
 * a notice says so and how to edit it.
 */
function findWatchlist(configPath: string, watchlist: string): { watchlistPath: string; notices: string[] } {
  const besideConfig = path.resolve(path.dirname(configPath), watchlist);
  const bundled = path.resolve(path.dirname(defaultConfigPath), watchlist);
  if (existsSync(besideConfig) || path.isAbsolute(watchlist) || !existsSync(bundled))
    return { watchlistPath: besideConfig, notices: [] };
  return {
    watchlistPath: bundled,
    notices: [
      `${configPath}: watchlist "${watchlist}" is not beside this file (${besideConfig}); using the bundled ${bundled}. To edit your own, copy it there or set "watchlist" to its path`,
    ],
  };
}

export function loadWatchlist(watchlistPath: string, config: NewsmonConfig): Watchlist {
  const watchlist = parseYamlFile(watchlistPath, WatchlistSchema);
  checkUnique(
    watchlistPath,
    "entities",
    watchlist.entities.map((entity) => entity.id),
  );
  checkUnique(
    watchlistPath,
    "rules",
    watchlist.rules.map((rule) => rule.id),
  );
  const entityIds = new Set(watchlist.entities.map((entity) => entity.id));
  const channelNames = new Set(config.alerts.channels.map((channel) => channel.name));
  watchlist.rules.forEach((rule, index) => {
    if (rule.entity !== undefined && !entityIds.has(rule.entity)) {
      throw new ConfigError(
        `${watchlistPath}: rules[${index}].entity: expected the id of an entity in this watchlist, got "${rule.entity}"`,
      );
    }
    for (const channel of rule.channels ?? []) {
      if (!channelNames.has(channel)) {
        throw new ConfigError(
          `${watchlistPath}: rules[${index}].channels: expected one of the config's alerts.channels (${[...channelNames].join(", ")}), got "${channel}"`,
        );
      }
    }
  });
  return watchlist;
}

function parseYamlFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the file: ${(error as Error).message}`);
  }
  const document = parseDocument(text, { prettyErrors: true });
  const [yamlError] = document.errors;
  if (yamlError) throw new ConfigError(`${file}: not valid YAML: ${yamlError.message}`);
  const result = schema.safeParse(document.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? formatPath(issue.path) : "";
    throw new ConfigError(`${file}: ${field || "(top level)"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}

function checkUnique(file: string, field: string, ids: string[]): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id))
      throw new ConfigError(`${file}: ${field}[${index}]: expected a unique id, "${id}" is repeated`);
    seen.add(id);
  });
}

/**
 * Calls `onChange` with the new watchlist whenever the watchlist file changes and still validates; a broken
 * edit is reported through `onError` and the running watchlist stays in force. Returns a function that stops watching.
 */
export function watchWatchlist(
  loaded: LoadedConfig,
  onChange: (watchlist: Watchlist) => void,
  onError: (error: Error) => void,
): () => void {
  const listener = () => {
    try {
      onChange(loadWatchlist(loaded.watchlistPath, loaded.config));
    } catch (error) {
      onError(error as Error);
    }
  };
  // Polling survives editors that replace the file instead of writing it in place.
  watchFile(loaded.watchlistPath, { interval: 500 }, listener);
  return () => unwatchFile(loaded.watchlistPath, listener);
}
