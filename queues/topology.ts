// The pipeline's shape as data: one BullMQ queue per stage, named after the stage that consumes it, and which
// stage feeds which. The worker runner reads this table; adding a stage is a folder in workers/ plus one row here.
export const stageNames = ["poll", "fetch", "clean", "entities", "index", "alert"] as const;
export type StageName = (typeof stageNames)[number];

export const nextStage = {
  poll: "fetch",
  fetch: "clean",
  clean: "entities",
  entities: "index",
  index: "alert",
  alert: null,
} as const satisfies Record<StageName, StageName | null>;

/** Where jobs that failed for good are recorded: a queue nobody consumes, so records stay until handled. */
export const deadLetterQueueName = "dead-letter";

export function parseStageList(list: string): StageName[] {
  if (list === "all") return [...stageNames];
  const names = list.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(stageNames as readonly string[]).includes(name)) {
      throw new Error(
        `unknown stage "${name}": expected "all" or a comma-separated list of ${stageNames.join(", ")}`,
      );
    }
  }
  return names as StageName[];
}
