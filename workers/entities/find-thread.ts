// The entities stage's CPU work, run on a worker thread (lib/thread-pool.ts): an article's title and text in,
// the entities it names out. Each thread keeps one matcher, built from the watchlist entities it was last sent
// and known by that watchlist's version; a task for another version (a reloaded watchlist, a new thread)
// answers null, and the stage sends it again with the entities.
import type { WatchlistEntity } from "../../config/watchlist-schema.ts";
import { createEntityMatcher, type EntityMatcher, type FoundEntity } from "./match.ts";

export interface FindTask {
  watchlistVersion: number;
  /** The watchlist's entities; sent only when the thread answered null for this version. */
  entities?: WatchlistEntity[];
  title: string;
  text: string;
}

let current: { watchlistVersion: number; matcher: EntityMatcher } | undefined;

export default function findEntities({
  watchlistVersion,
  entities,
  title,
  text,
}: FindTask): FoundEntity[] | null {
  if (entities && current?.watchlistVersion !== watchlistVersion)
    current = { watchlistVersion, matcher: createEntityMatcher(entities) };
  if (current?.watchlistVersion !== watchlistVersion) return null;
  return current.matcher.find({ title, text });
}
