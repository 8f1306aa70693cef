// entities: a cleaned article in, the entities it names out (watchlist entities under their canonical names,
// plus people, organisations, places and events the watchlist does not know), as an artifact for the index
// stage. Uses the watchlist in force at the time, so an edited watchlist applies without a restart.
import { z } from "zod";
import { EntityType } from "../../config/watchlist-schema.ts";
import { jobId } from "../../lib/ids.ts";
import { CleanedArticle } from "../clean/stage.ts";
import type { Stage } from "../stage.ts";

export const FoundEntities = z.array(
  z.object({
    id: z.string().nullable(),
    canonical: z.string(),
    type: EntityType,
    watched: z.boolean(),
    count: z.number().int(),
    firstOffset: z.number().int(),
    inTitle: z.boolean(),
    mentions: z.array(
      z.object({
        text: z.string(),
        start: z.number().int(),
        end: z.number().int(),
        field: z.enum(["title", "text"]),
      }),
    ),
  }),
);
export type FoundEntities = z.infer<typeof FoundEntities>;

export const entitiesStage: Stage<"entities"> = {
  name: "entities",
  async run({ articleId, contentHash, replay }, deps) {
    const article = await deps.artifacts.get("cleaned", articleId, contentHash, CleanedArticle);
    const entities = deps.live.matcher.find({ title: article.title ?? "", text: article.text });
    await deps.artifacts.put("entities", articleId, contentHash, entities);
    const data = replay ? { articleId, contentHash, replay } : { articleId, contentHash };
    return {
      next: [
        { jobId: jobId("index", articleId, contentHash.slice(0, 16), ...(replay ? [replay] : [])), data },
      ],
    };
  },
};
