// entities: a cleaned article in, the entities it names out (watchlist entities under their canonical names,
// plus people, organisations, places and events the watchlist does not know), as an artifact for the index
// stage. Uses the watchlist in force at the time, so an edited watchlist applies without a restart. The finding
// runs on a worker thread (find-thread.ts), which is sent the watchlist's entities when it lacks that version.
import { jobId } from "../../lib/ids.ts";
import { CleanedArticle } from "../../queues/articles.ts";
import type { Deps } from "../deps.ts";
import type { Stage } from "../stage.ts";
import type findOnThread from "./find-thread.ts";
import type { FoundEntity } from "./match.ts";

const findThread = new URL("./find-thread.ts", import.meta.url);

export const entitiesStage: Stage<"entities"> = {
  name: "entities",
  async run({ articleId, contentHash, replay }, deps) {
    const article = await deps.artifacts.find("cleaned", articleId, contentHash, CleanedArticle);
    // Gone: a repeat of this job after the index stage consumed the article. The index stage knows whether it
    // was indexed (and queues its alert job again) or lost (a dead letter).
    if (article) {
      const entities = await findEntities(deps, article.title ?? "", article.text);
      await deps.artifacts.put("entities", articleId, contentHash, entities);
    }
    const data = replay ? { articleId, contentHash, replay } : { articleId, contentHash };
    return {
      next: [
        { jobId: jobId("index", articleId, contentHash.slice(0, 16), ...(replay ? [replay] : [])), data },
      ],
    };
  },
};

/** The entities an article names, found on a worker thread with the watchlist in force. */
export async function findEntities(deps: Deps, title: string, text: string): Promise<FoundEntity[]> {
  const { watchlist, version } = deps.live;
  const task = { watchlistVersion: version, title, text };
  const found =
    (await deps.threads.run<typeof findOnThread>(findThread, task)) ??
    (await deps.threads.run<typeof findOnThread>(findThread, { ...task, entities: watchlist.entities }));
  if (!found) throw new Error(`the entities thread refused watchlist version ${version} it was sent`);
  return found;
}
