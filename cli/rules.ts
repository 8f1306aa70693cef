// `newsmon rules test <rule> <file|url>`: whether, and why, a page would fire a rule. The page goes through the
// same decoding, extraction and entity matching as in the pipeline; an entity condition is checked here (with why
// each mention of the entity's acronyms was linked or not), a query condition by Elasticsearch against a
// throwaway index holding only this article.
import { readFile } from "node:fs/promises";
import type { Connections } from "../config/connections.ts";
import type { LoadedConfig } from "../config/load.ts";
import type { WatchRule } from "../config/watchlist-schema.ts";
import { clusterCapabilities, createElasticsearch } from "../lib/elasticsearch.ts";
import { HttpClient } from "../lib/http.ts";
import { articleIdFor, canonicalizeUrl, sha256 } from "../lib/ids.ts";
import { indexNames } from "../lib/index-names.ts";
import { findBrokenRules, queryCondition } from "../workers/alert/rules.ts";
import { decodeHtml } from "../workers/clean/decode.ts";
import { extractArticle } from "../workers/clean/extract.ts";
import { createEntityMatcher, type EntityMatcher } from "../workers/entities/match.ts";
import { articleMapping } from "../workers/index/articles-index.ts";
import { buildArticleDocument } from "../workers/index/stage.ts";

const out = (line = "") => process.stdout.write(`${line}\n`);

/** Prints the verdict and its reasons; returns whether the rule would fire. */
export async function testRule(
  loaded: LoadedConfig,
  connections: Connections,
  ruleId: string,
  page: string,
): Promise<boolean> {
  const rule = loaded.watchlist.rules.find((candidate) => candidate.id === ruleId);
  if (!rule) {
    throw new Error(
      `no rule "${ruleId}" in ${loaded.watchlistPath}; rules: ${loaded.watchlist.rules.map((r) => r.id).join(", ")}`,
    );
  }
  const { body, contentType, url } = await readPage(loaded, page);
  const extracted = extractArticle(decodeHtml(body, contentType).html, url);
  const doc = { title: extracted.title ?? "", text: extracted.text };
  const matcher = createEntityMatcher(loaded.watchlist.entities);
  const entities = matcher.find(doc);
  const canonicalUrl = canonicalizeUrl(extracted.canonicalUrl ?? url, url);
  const now = new Date().toISOString();
  const article = buildArticleDocument(
    {
      articleId: articleIdFor(canonicalUrl),
      url,
      canonicalUrl,
      feedId: "rules-test",
      title: extracted.title,
      text: extracted.text,
      publishedAt: extracted.publishedAt ?? extracted.modifiedAt,
      authors: extracted.authors,
      lang: extracted.lang,
      fetchedAt: now,
      contentHash: sha256(extracted.text),
    },
    entities,
    "rules test",
    1,
    { storyId: articleIdFor(canonicalUrl), storySignature: "" },
  );
  out(
    `page: ${extracted.title ?? "(untitled)"} (${article.source}, lang ${article.lang ?? "unknown"}, ${extracted.text.length} characters of text)`,
  );
  out(`rule: ${rule.id} "${rule.name}"`);
  const reasons = [...entityReasons(rule, article), ...filterReasons(rule, article)];
  if (rule.query !== undefined) reasons.push(await queryReason(connections, rule, article));
  for (const reason of reasons) out(`  ${reason.ok ? "yes" : "no "}  ${reason.text}`);
  for (const line of acronymDecisions(rule, matcher, doc)) out(line);
  const fires = reasons.every((reason) => reason.ok);
  out(
    fires ? `=> "${rule.name}" WOULD fire for this page` : `=> "${rule.name}" would NOT fire for this page`,
  );
  return fires;
}

/** Why each mention of the rule entity's acronyms was linked or not ("SCO at text 456: not linked (...)"). */
function acronymDecisions(
  rule: WatchRule,
  matcher: EntityMatcher,
  doc: { title: string; text: string },
): string[] {
  if (rule.entity === undefined) return [];
  const decisions = matcher.explainAcronyms(doc).filter((decision) => decision.entityId === rule.entity);
  if (decisions.length === 0) return [];
  return [
    `  acronyms of ${rule.entity} in this page:`,
    ...decisions.map(
      ({ mention, reason }) => `       ${mention.text} at ${mention.field} ${mention.start}: ${reason}`,
    ),
  ];
}

interface Reason {
  ok: boolean;
  text: string;
}

function entityReasons(rule: WatchRule, article: ReturnType<typeof buildArticleDocument>): Reason[] {
  if (rule.entity === undefined) return [];
  const found = article.entityMentions.find((entity) => entity.id === rule.entity);
  if (!found) {
    const acronyms = article.entityMentions
      .filter((entity) => !entity.watched)
      .map((entity) => entity.canonical);
    return [
      {
        ok: false,
        text: `entity ${rule.entity} is not named (other names found: ${acronyms.slice(0, 8).join(", ") || "none"})`,
      },
    ];
  }
  const mentions = found.mentions
    .slice(0, 6)
    .map((mention) => `"${mention.text}" (${mention.field} ${mention.start})`);
  const reasons: Reason[] = [
    {
      ok: true,
      text: `entity ${rule.entity} (${found.canonical}) named ${found.count} time(s): ${mentions.join(", ")}`,
    },
  ];
  if (rule.inTitle)
    reasons.push({ ok: found.inTitle, text: `named in the title: ${found.inTitle ? "yes" : "no"}` });
  if (rule.minMentions !== undefined) {
    reasons.push({
      ok: found.count >= rule.minMentions,
      text: `at least ${rule.minMentions} mention(s): ${found.count}`,
    });
  }
  return reasons;
}

function filterReasons(rule: WatchRule, article: ReturnType<typeof buildArticleDocument>): Reason[] {
  const reasons: Reason[] = [];
  if (rule.languages) {
    reasons.push({
      ok: rule.languages.includes(article.lang ?? ""),
      text: `language ${article.lang ?? "unknown"} in [${rule.languages.join(", ")}]`,
    });
  }
  if (rule.sources) {
    reasons.push({
      ok: rule.sources.includes(article.source),
      text: `source ${article.source} in [${rule.sources.join(", ")}]`,
    });
  }
  return reasons;
}

async function queryReason(
  connections: Connections,
  rule: WatchRule,
  article: ReturnType<typeof buildArticleDocument>,
): Promise<Reason> {
  const es = createElasticsearch(connections.elasticsearch);
  const index = `newsmon-rules-test-${Date.now().toString(36)}`;
  try {
    const { analysis, properties } = articleMapping(await clusterCapabilities(es));
    await es.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0, analysis },
      mappings: { dynamic: false, properties },
    });
    await es.index({ index, id: article.articleId, document: article, refresh: true });
    const result = await es.count({ index, query: queryCondition(rule.query ?? "") });
    return {
      ok: result.count > 0,
      text: `query ${JSON.stringify(rule.query)} ${result.count > 0 ? "matches" : "does not match"} the title or text`,
    };
  } finally {
    await es.indices.delete({ index }, { ignore: [404] });
    await es.close();
  }
}

async function readPage(
  loaded: LoadedConfig,
  page: string,
): Promise<{ body: Uint8Array; contentType: string | null; url: string }> {
  if (/^https?:\/\//i.test(page)) {
    const http = new HttpClient(loaded.config.fetch);
    try {
      const response = await http.get(page);
      if (response.status !== 200) throw new Error(`${page} answered HTTP ${response.status}`);
      return {
        body: response.body,
        contentType: response.headers["content-type"] ?? null,
        url: response.url,
      };
    } finally {
      await http.close();
    }
  }
  return { body: await readFile(page), contentType: null, url: `file://${page}` };
}

/**
 * `newsmon rules`: each rule of the watchlist with what it checks, and whether it can run: a rule naming an
 * entity the watchlist lacks, or a query Elasticsearch cannot parse, is broken (the pipeline skips it and keeps
 * firing the others). Returns how many are broken.
 */
export async function listRules(loaded: LoadedConfig, connections: Connections): Promise<number> {
  const es = createElasticsearch(connections.elasticsearch);
  try {
    const names = indexNames(loaded.config.namespace.indexPrefix);
    // Before the first run there is no articles index to check against; the query parser is the same.
    const index = (await es.indices.exists({ index: names.articles })) ? names.articles : undefined;
    const broken = await findBrokenRules(es, index, loaded.watchlist.rules);
    const entities = new Set(loaded.watchlist.entities.map((entity) => entity.id));
    for (const rule of loaded.watchlist.rules) {
      if (rule.entity !== undefined && !entities.has(rule.entity))
        broken.set(rule.id, `entity "${rule.entity}" is not in the watchlist`);
    }
    out(`${loaded.watchlist.rules.length} rule(s) in ${loaded.watchlistPath}`);
    for (const rule of loaded.watchlist.rules) {
      const what = [
        rule.entity !== undefined ? `entity ${rule.entity}${rule.inTitle ? " in title" : ""}` : null,
        rule.minMentions !== undefined ? `>= ${rule.minMentions} mentions` : null,
        rule.query !== undefined ? `query ${JSON.stringify(rule.query)}` : null,
        rule.languages ? `languages ${rule.languages.join(",")}` : null,
        rule.sources ? `sources ${rule.sources.join(",")}` : null,
        rule.digest !== undefined ? `digest every ${rule.digest / 1000}s` : null,
      ].filter((part) => part !== null);
      const reason = broken.get(rule.id);
      out(`  ${reason ? "BROKEN" : "ok    "}  ${rule.id} "${rule.name}": ${what.join("; ")}`);
      if (reason) out(`          ${reason}`);
    }
    return broken.size;
  } finally {
    await es.close();
  }
}
