// The entities stage's work on a worker thread: the thread asks for a watchlist version it lacks, then finds
// what the matcher finds on the main thread, and keeps that version's matcher for the next articles.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Watchlist } from "../../config/watchlist-schema.ts";
import { ThreadPool } from "../../lib/thread-pool.ts";
import type findEntities from "./find-thread.ts";
import { createEntityMatcher } from "./match.ts";

const findThread = new URL("./find-thread.ts", import.meta.url);
const pool = new ThreadPool(1);
afterAll(() => pool.close());

const { entities } = Watchlist.parse(
  parse(readFileSync(new URL("../../config/watchlist.yaml", import.meta.url), "utf8")),
);
const article = {
  title: "SCO summit opens in Astana",
  text: "The Shanghai Cooperation Organisation (SCO) met in Astana. Xi Jinping and Vladimir Putin attended.",
};

describe("find-thread", () => {
  it("asks for the entities of a version it lacks, then finds what the main thread finds", async () => {
    const expected = createEntityMatcher(entities).find(article);
    expect(expected.some((entity) => entity.watched)).toBe(true);

    expect(await pool.run<typeof findEntities>(findThread, { watchlistVersion: 1, ...article })).toBeNull();
    const task = { watchlistVersion: 1, entities, ...article };
    expect(await pool.run<typeof findEntities>(findThread, task)).toEqual(expected);
    expect(await pool.run<typeof findEntities>(findThread, { watchlistVersion: 1, ...article })).toEqual(
      expected,
    );

    const watchingNone = { watchlistVersion: 2, entities: [], ...article };
    const found = await pool.run<typeof findEntities>(findThread, watchingNone);
    expect(found?.some((entity) => entity.watched)).toBe(false);
  });
});
