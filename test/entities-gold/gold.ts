// The gold-labelled development set for entity finding: the fixture site's articles (the three seeds among
// them), hard cases, and batches written and labelled before the matcher saw them; each article with the watched
// entities it names (canonical names) and the other names in it (people, organisations, places and events the
// watchlist does not know). Annotation rules (the README's entities section, "Measuring it"): article-level
// labels; a nested name counts once, as its longest form, except that a watched place inside a longer name counts
// too ("Ministry of Energy of Azerbaijan" names Azerbaijan), a watched person at the start of one does not
// ("Heydar Aliyev International Airport"), and a watched organisation keeps its own name ("SCO Summit" is the
// SCO); titles, demonyms, works, products and dates are not entities; an entry marked optional may be found or
// not without penalty.
import type { EntityType } from "../../config/watchlist-schema.ts";
import { greenEnergyRevision2, initialArticles } from "../fixture-site/articles.ts";
import { expectedArticles, updatedArticle } from "../fixture-site/expected.ts";
import { eighthBatch } from "./eighth-batch.ts";
import { fifthBatch } from "./fifth-batch.ts";
import { fourthBatch } from "./fourth-batch.ts";
import { hardCases } from "./hard-cases.ts";
import { secondBatch } from "./second-batch.ts";
import { seventhBatch } from "./seventh-batch.ts";
import { sixthBatch } from "./sixth-batch.ts";
import { thirdBatch } from "./third-batch.ts";

/** [name (alternative forms joined by "|"), accepted types joined by "|", "optional"?] */
export type GoldOther = readonly [string, string] | readonly [string, string, "optional"];

export interface GoldArticle {
  id: string;
  title: string;
  text: string;
  /** Canonical names of the watched entities the article names. */
  watched: readonly string[];
  other: readonly GoldOther[];
}

export interface GoldName {
  /** The name and its accepted alternative forms. */
  names: string[];
  types: EntityType[];
  optional: boolean;
}

export function otherNames(article: GoldArticle): GoldName[] {
  return article.other.map(([name, types, optional]) => ({
    names: name.split("|"),
    types: types.split("|") as EntityType[],
    optional: optional === "optional",
  }));
}

/** Other names in the fixture articles; the watched ones come from the fixture's expected.ts. */
const fixtureOthers: Record<string, readonly GoldOther[]> = {
  "seed-000": [
    ["Nizami Ganjavi", "person"],
    ["Samarkand Summit", "event"],
    ["Day of Azerbaijan Culture", "event", "optional"],
    ["Year of Nizami Ganjavi", "event", "optional"],
    ["Year of Heydar Aliyev", "event", "optional"],
  ],
  "seed-001": [],
  "seed-002": [["Uzbekistan", "place"]],
  "seed-002-syndicated": [["Uzbekistan", "place"]],
  "trade-turnover": [
    ["State Customs Committee of Azerbaijan", "organization"],
    ["Elvin Gasimzade", "person"],
    ["Azerbaijan Export and Investment Promotion Agency", "organization"],
    ["China International Import Expo", "event"],
    ["Shanghai", "place"],
    ["Asia", "place", "optional"],
  ],
  "flight-route": [
    ["Azerbaijan Airlines", "organization"],
    ["Baku", "place"],
    ["Beijing Daxing International Airport", "place"],
    ["Boeing", "organization", "optional"],
    ["Istanbul", "place"],
    ["Dubai", "place"],
    ["Urumqi", "place"],
  ],
  "middle-corridor": [
    ["Middle Corridor", "place|event", "optional"],
    ["Xi'an", "place"],
    ["Port of Baku", "place|organization"],
    ["Kazakhstan", "place"],
    ["Caspian Sea", "place"],
    ["Alat", "place"],
    ["Aktau", "place"],
    ["Ministry of Digital Development and Transport of Azerbaijan", "organization"],
    ["Elnur Huseynli", "person"],
    ["Trans-Caspian International Transport Route", "place|event", "optional"],
  ],
  "scottish-orchestra": [
    ["Scottish Chamber Orchestra", "organization"],
    ["Baku", "place"],
    ["Tbilisi", "place"],
    ["Almaty", "place"],
    ["Mendelssohn", "person", "optional"],
    ["Mozart", "person", "optional"],
    ["Leyla Mammadova", "person"],
    ["Baku Music Academy", "organization"],
    ["Edinburgh", "place"],
    ["Scotland", "place"],
    ["National Performing Companies", "organization", "optional"],
    ["British Council", "organization"],
  ],
  "solar-plant": [
    ["Sumgayit", "place"],
    ["Sumgayit Chemical Industrial Park", "place|organization"],
    ["Hengtai Photovoltaic", "organization"],
    ["Jiangsu", "place"],
  ],
  "cpaffc-ganja": [
    ["Ganja", "place"],
    ["Ganja City Executive Power", "organization"],
    ["Silk Road", "place|event", "optional"],
    ["Nizami Ganjavi Mausoleum", "place"],
    ["Ganja State University", "organization"],
    ["Baku", "place"],
  ],
  "green-energy": [
    ["Ministry of Energy of Azerbaijan", "organization"],
    ["Baku", "place"],
    ["Caspian Sea", "place"],
  ],
};

function fixtureArticles(): GoldArticle[] {
  const out: GoldArticle[] = [];
  const revisions = [
    ...initialArticles.map((article) => ({
      article,
      expected: expectedArticles.find((e) => e.key === article.key),
    })),
    { article: greenEnergyRevision2, expected: updatedArticle.after },
  ];
  for (const { article, expected } of revisions) {
    if (!expected) throw new Error(`fixture article ${article.key} has no expected entities`);
    const others = fixtureOthers[article.key];
    if (!others) throw new Error(`fixture article ${article.key} has no gold other names`);
    out.push({
      id: article === greenEnergyRevision2 ? `fixture/${article.key}@2` : `fixture/${article.key}`,
      title: article.title,
      text: article.paragraphs.join("\n\n"),
      watched: expected.entities,
      other: others,
    });
  }
  return out;
}

export const goldArticles: readonly GoldArticle[] = [
  ...fixtureArticles(),
  ...hardCases,
  ...secondBatch,
  ...thirdBatch,
  ...fourthBatch,
  ...fifthBatch,
  ...sixthBatch,
  ...seventhBatch,
  ...eighthBatch,
];
