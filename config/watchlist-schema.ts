// The watchlist: entities newsmon knows by name (with every alias it may appear under) and the alert rules
// that fire on them. It lives in its own YAML file (config/watchlist.yaml by default) so that it can be
// edited and reloaded while newsmon runs.
import { z } from "zod";
import { Duration } from "./schema.ts";

export const entityTypes = ["person", "organization", "place", "event"] as const;
export const EntityType = z.enum(entityTypes);
export type EntityType = z.infer<typeof EntityType>;

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a lowercase slug of letters, digits and hyphens, such as 'sco'");

export const WatchlistEntity = z.strictObject({
  /** Stable id used by rules and stored on articles (`entities.watched`). */
  id: slug,
  /** Canonical name shown in Kibana and alerts. */
  name: z.string().min(1),
  type: EntityType,
  /** Other names: spelling variants, transliterations, other scripts and languages, long forms. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Short uppercase forms (SCO, CPAFFC): matched case-sensitively and only where the context supports them. */
  acronyms: z.array(z.string().min(1)).default([]),
  /** Words whose presence nearby supports an ambiguous mention (an acronym, a bare surname). */
  context: z.array(z.string().min(1)).default([]),
  wikidata: z
    .string()
    .regex(/^Q[0-9]+$/, "a Wikidata item id such as Q485207")
    .optional(),
});
export type WatchlistEntity = z.infer<typeof WatchlistEntity>;

export const WatchRule = z
  .strictObject({
    id: slug,
    name: z.string().min(1),
    /** Watchlist entity id: the rule matches every alias of that entity. */
    entity: slug.optional(),
    /** Elasticsearch query string over the article fields. */
    query: z.string().min(1).optional(),
    /** Fire only when the entity is mentioned at least this many times. */
    minMentions: z.number().int().positive().optional(),
    /** Fire only when the entity is named in the title. */
    inTitle: z.boolean().optional(),
    /** Fire only for articles in these languages (primary subtags such as "en", "ru"). */
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'a language subtag such as "en"')).optional(),
    /** Fire only for articles from these sources (host names such as "news.az"). */
    sources: z.array(z.string().min(1)).optional(),
    /** Collect this rule's alerts and send one message per this period, listing them ("15m"), instead of one each. */
    digest: Duration.optional(),
    /** Channel names from the config's `alerts.channels`; all channels when omitted. */
    channels: z.array(z.string().min(1)).optional(),
  })
  .refine((rule) => rule.entity !== undefined || rule.query !== undefined, {
    message: "a rule needs `entity`, `query` or both",
  });
export type WatchRule = z.infer<typeof WatchRule>;

export const Watchlist = z.strictObject({
  entities: z.array(WatchlistEntity).default([]),
  rules: z.array(WatchRule).default([]),
});
export type Watchlist = z.infer<typeof Watchlist>;
