// poll: feed id in, one fetch job per item not seen before out. Conditional GET (ETag, Last-Modified) makes an
// unchanged feed cost one 304. Fails: network errors and 5xx retry; 4xx and unparseable feeds are recorded in
// the feed's health and end in a dead-letter record. An item is marked seen only after its fetch job is queued.
// After each poll the feed's health is copied to the feeds index (feed-health-index.ts) for Kibana.

import type { FeedConfig } from "../../config/schema.ts";
import { describeError, PermanentError } from "../../lib/errors.ts";
import { articleIdFor, canonicalizeUrl, jobId, sha256 } from "../../lib/ids.ts";
import type { Deps } from "../deps.ts";
import type { NextJob, Stage, StageContext, StageOutput } from "../stage.ts";
import { publishFeedHealth } from "./feed-health-index.ts";
import { FeedState } from "./feed-state.ts";
import { type FeedEntry, type ParsedFeed, parseFeed } from "./parse-feed.ts";

export const pollStage: Stage<"poll"> = {
  name: "poll",
  async run({ feedId }, deps, context) {
    const feed = deps.loaded.config.feeds.find((candidate) => candidate.id === feedId);
    if (!feed) {
      context.log.warn(`feed ${feedId} is no longer in ${deps.loaded.configPath}; skipping its poll`);
      return { next: [] };
    }
    const state = new FeedState(deps.redis, deps.keyPrefix, feed.id);
    // Whatever the poll's outcome, the feeds index gets the health it left (once the items are marked seen).
    try {
      const output = await pollFeed(feed, state, deps, context);
      return {
        ...output,
        afterEnqueue: async () => {
          await output.afterEnqueue?.();
          await publishFeedHealth(deps, feed, state);
        },
      };
    } catch (error) {
      await publishFeedHealth(deps, feed, state);
      throw error;
    }
  },
};

async function pollFeed(
  feed: FeedConfig,
  state: FeedState,
  deps: Deps,
  { log, deadLetter }: StageContext,
): Promise<StageOutput<"poll">> {
  const health = await state.health();
  const conditional: Record<string, string> = {
    accept:
      "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8",
  };
  if (health.etag) conditional["if-none-match"] = health.etag;
  if (health.lastModified) conditional["if-modified-since"] = health.lastModified;

  let response: Awaited<ReturnType<typeof deps.http.get>>;
  try {
    // The user subscribed to this feed explicitly; robots.txt governs the article fetches.
    response = await deps.http.get(feed.url, { headers: conditional, robots: false });
  } catch (error) {
    await state.recordFailure(`feed ${feed.url}: ${describeError(error)}`);
    throw error;
  }
  if (response.status === 304) {
    // The same document as last time: a malformed one stays a failure (already dead-lettered once).
    if (health.malformed) await state.recordFailure(health.malformed, 304);
    else await state.recordSuccess(304, {});
    return { next: [] };
  }
  if (response.status >= 400) {
    const reason = `feed ${feed.url} answered HTTP ${response.status}`;
    await state.recordFailure(reason, response.status);
    throw response.status >= 500 || response.status === 429 ? new Error(reason) : new PermanentError(reason);
  }

  let parsed: ParsedFeed;
  try {
    parsed = await parseFeed(response.body, {
      url: response.url,
      contentType: response.headers["content-type"] ?? null,
      contentLocation: response.headers["content-location"] ?? null,
    });
  } catch (error) {
    const reason = `feed ${feed.url} cannot be read: ${describeError(error)}`;
    await state.recordFailure(reason, response.status);
    throw new PermanentError(reason);
  }

  const { meta } = parsed;
  // A feed cannot make newsmon queue more fetches than its cap (a request amplifier otherwise).
  const entries = newestEntries(parsed.entries, feed.maxItems);
  if (entries.length < parsed.entries.length) {
    await deadLetter(
      `feed ${feed.url} lists ${parsed.entries.length} items; only the ${entries.length} newest were read ` +
        `(feeds[].maxItems), ${parsed.entries.length - entries.length} dropped`,
    );
  }
  // XML the lenient parser read in spite of errors: the feed is still broken and its owner should know.
  const malformed = (meta?.warnings ?? [])
    .filter((warning) => warning.startsWith("XML error"))
    .map(
      (warning) =>
        `feed ${feed.url} is malformed (${warning}); ${entries.length} item(s) read from it anyway`,
    );
  const items: Array<{ entry: FeedEntry; url: string; seenKey: string }> = [];
  for (const entry of entries) {
    if (!entry.link) {
      await deadLetter(
        `feed ${feed.url} has an item without a link (${JSON.stringify(entry.title)}); it cannot be fetched`,
      );
      continue;
    }
    let url: string;
    try {
      url = canonicalizeUrl(entry.link);
    } catch {
      await deadLetter(`feed ${feed.url} has an item whose link is not a URL: ${JSON.stringify(entry.link)}`);
      continue;
    }
    // A changed `updated` date makes an item new again: the article was revised.
    const seenKey = sha256(`${entry.id ?? url}|${entry.updated ?? entry.published ?? ""}`).slice(0, 20);
    items.push({ entry, url, seenKey });
  }
  const unseen = new Set(await state.unseen(items.map((item) => item.seenKey)));
  const next: NextJob<"poll">[] = items
    .filter((item) => unseen.has(item.seenKey))
    .map(({ entry, url, seenKey }) => {
      const articleId = articleIdFor(url);
      return {
        jobId: jobId("fetch", articleId, seenKey),
        data: {
          articleId,
          url,
          feedId: feed.id,
          item: { title: entry.title, published: entry.published, updated: entry.updated, guid: entry.id },
        },
      };
    });
  log.info({ items: items.length, new: next.length }, `polled ${feed.name}`);
  return {
    next,
    afterEnqueue: async () => {
      await state.markSeen([...unseen]);
      // A feed's first items are its backlog: they say how often it publishes, not how late newsmon is.
      await state.recordArrivals(
        items.filter((item) => unseen.has(item.seenKey)).map(({ entry }) => entry.published ?? entry.updated),
        { backlog: health.itemsSeen === 0 },
      );
      await state.recordSuccess(response.status, {
        etag: response.headers.etag,
        lastModified: response.headers["last-modified"],
      });
      for (const reason of malformed) {
        await state.recordMalformed(reason, response.status);
        await deadLetter(reason);
      }
    },
  };
}

/** The `max` newest entries: by date when every entry has one, else the first ones (feeds list newest first). */
export function newestEntries(entries: FeedEntry[], max: number): FeedEntry[] {
  if (entries.length <= max) return entries;
  const dated = entries.map((entry) => ({ entry, time: Date.parse(entry.published ?? entry.updated ?? "") }));
  if (dated.some(({ time }) => Number.isNaN(time))) return entries.slice(0, max);
  return dated
    .sort((a, b) => b.time - a.time)
    .slice(0, max)
    .map(({ entry }) => entry);
}
