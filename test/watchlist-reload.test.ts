// The watchlist file is re-read while newsmon runs: new entities are matched and new rules stored for
// alerting without a restart, and a broken edit leaves the running watchlist in force.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDeps, type Deps, openDeps, reloadWatchlistOnChange } from "../workers/deps.ts";
import { findEntities } from "../workers/entities/stage.ts";
import {
  connections,
  repoRoot,
  type TestConfig,
  testLog,
  until,
  writeTestConfig,
} from "./support/harness.ts";

let test: TestConfig;
let deps: Deps;
let stopWatching: () => void;
let watchlistPath: string;

beforeAll(async () => {
  // A copy of the shipped watchlist, so the test can edit it.
  watchlistPath = path.join(mkdtempSync(path.join(tmpdir(), "newsmon-watchlist-")), "watchlist.yaml");
  copyFileSync(path.join(repoRoot, "config", "watchlist.yaml"), watchlistPath);
  // Two threads: the reloaded watchlist must reach each of them.
  const limits = { attempts: 3, backoff: "200ms", lockDuration: "5s", threads: 2 };
  test = writeTestConfig({ feeds: [], watchlist: watchlistPath, limits });
  deps = await openDeps(test.loaded, connections, testLog);
  stopWatching = reloadWatchlistOnChange(deps);
});

afterAll(async () => {
  stopWatching?.();
  if (deps) await closeDeps(deps);
  await test?.cleanUp();
});

const article = { title: "", text: "The Organisation of Turkic States met in Shusha. The OTS summit ended." };

/** What the entities stage finds in the article, several times at once so that every thread answers. */
async function findOts(): Promise<Array<{ canonical: string; count: number } | undefined>> {
  const results = await Promise.all(
    Array.from({ length: 8 }, () => findEntities(deps, article.title, article.text)),
  );
  return results.map((entities) => entities.find((entity) => entity.id === "ots"));
}

describe("watchlist reload", () => {
  it("matches a newly added entity and fires its rule, without a restart", async () => {
    expect(await findOts()).toEqual(Array(8).fill(undefined));
    const original = readFileSync(watchlistPath, "utf8");
    const added = original
      .replace(
        /^entities:\n/m,
        "entities:\n  - id: ots\n    name: Organization of Turkic States\n    type: organization\n    aliases: [Organisation of Turkic States]\n    acronyms: [OTS]\n",
      )
      .replace(/^rules:\n/m, "rules:\n  - id: ots-mentioned\n    name: OTS mentioned\n    entity: ots\n");
    writeFileSync(watchlistPath, added);
    await until(
      "the reload",
      () => deps.live.watchlist.rules.some((rule) => rule.id === "ots-mentioned"),
      15_000,
    );
    for (const found of await findOts()) {
      expect(found?.canonical).toBe("Organization of Turkic States");
      expect(found?.count).toBe(2);
    }
    expect(deps.live.rules.map((rule) => rule.id)).toContain("ots-mentioned");
    expect(deps.live.brokenRules.size).toBe(0);
  });

  it("keeps the running watchlist when an edit breaks the file", async () => {
    const before = deps.live.watchlist;
    writeFileSync(watchlistPath, "entities:\n  - id: Not A Slug\n");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deps.live.watchlist).toBe(before);
    expect((await findOts()).every((found) => found !== undefined)).toBe(true);
  });
});
