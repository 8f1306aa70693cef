// entities: a cleaned article in, the entities it names out (watchlist entities under their canonical names,
// plus people, organisations, places and events the watchlist does not know), as an artifact for the index
// stage. Uses the watchlist in force at the time, so an edited watchlist applies without a restart.
import { jobId } from "../../lib/ids.ts";
import { CleanedArticle } from "../../queues/articles.ts";
import type { Stage } from "../stage.ts";

export const entitiesStage: Stage<"entities"> = {
  name: "entities",
  async run({ articleId, contentHash, replay }, deps) {
    const article = await deps.artifacts.find("cleaned", articleId, contentHash, CleanedArticle);
    // Gone: a repeat of this job after the index stage consumed the article. The index stage knows whether it
    // was indexed (and queues its alert job again) or lost (a dead letter).
    if (article) {
      const entities = deps.live.matcher.find({ title: article.title ?? "", text: article.text });
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
