import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Watchlist } from "../../config/watchlist-schema.ts";
import { seededRandom } from "../../lib/random.ts";
import { opensPlaceName } from "./gazetteer.ts";
import { createEntityMatcher } from "./match.ts";
import { findOtherNames, taggerLanguageOf } from "./names.ts";
import {
  decodeModel,
  documentContext,
  emissionScores,
  encodeModel,
  type Model,
  modelFor,
  type Sentence,
  sentenceFeatures,
  sentencesOf,
  type TaggerLanguage,
  tagList,
  tagText,
  viterbi,
} from "./tagger.ts";

const watchlist = Watchlist.parse(
  parse(readFileSync(new URL("../../config/watchlist.yaml", import.meta.url), "utf8")),
);
const matcher = createEntityMatcher(watchlist.entities);

/** [canonical, type] of the names found in a text, watched or not. */
function names(text: string): [string, string][] {
  return matcher.find({ title: "", text }).map((e) => [e.canonical, e.type]);
}

describe("names from the trained model (the examples of issue 13)", () => {
  it("finds a multi-word place whole", () => {
    expect(names("He flew to New York on Friday.")).toEqual([["New York", "place"]]);
  });

  it("finds an organisation the rules missed", () => {
    expect(names("The United Nations said the talks would resume.")).toEqual([
      ["United Nations", "organization"],
    ]);
  });

  it("finds a person after a title, without the title", () => {
    expect(names("Prime Minister John Major said the plan would fail.")).toEqual([["John Major", "person"]]);
  });

  it("reads a lone surname before a speech verb as a person", () => {
    expect(names("Richardson said the plan would fail.")).toEqual([["Richardson", "person"]]);
  });

  it("finds a lone name that opens the sentence", () => {
    expect(names("Weah served out his suspension.")).toEqual([["Weah", "person"]]);
  });

  it("does not take a month for a name", () => {
    expect(names("He was quoted on Dec 6 in Chicago.")).toEqual([["Chicago", "place"]]);
  });

  it("does not take a nationality for an organisation", () => {
    expect(names("Rebels said the Zairean army had withdrawn.")).toEqual([]);
  });

  it("finds names in ALL-CAPS datelines", () => {
    expect(names("NAIROBI 1996-08-30\nKenya's opposition leader met President Moi.")).toEqual([
      ["NAIROBI", "place"],
      ["Kenya", "place"],
      ["Moi", "person"],
    ]);
  });
});

describe("what the article's names become", () => {
  it("leaves titles and bylines out of people's names", () => {
    expect(names("Mayor Erkinjon Turdimov welcomed the guests.")).toEqual([["Erkinjon Turdimov", "person"]]);
    expect(names("Mr Smith said the talks went well.")).toEqual([["Smith", "person"]]);
    expect(names("By Thomas de Waal")).toEqual([["Thomas de Waal", "person"]]);
  });

  it("reads a compound of watched names as those names, not a name of its own", () => {
    expect(names("Azerbaijan-China relations are growing, officials said.")).toEqual([
      ["Azerbaijan", "place"],
      ["China", "place"],
    ]);
  });

  it("keeps a possessive inside a name", () => {
    expect(names("Delegates of the National People's Congress met on Monday.")).toEqual([
      ["National People's Congress", "organization"],
    ]);
  });

  it("types a name the tagger leaves untyped by its acronym in the same article", () => {
    const found = matcher.find({
      title: "",
      text: "The Scottish Chamber Orchestra (SCO) will play in Baku. Founded in Edinburgh, the SCO tours every summer.",
    });
    expect(found.find((e) => e.canonical === "Scottish Chamber Orchestra")).toMatchObject({
      type: "organization",
      watched: false,
      count: 3,
    });
  });
});

describe("Chinese and Japanese word boundaries", () => {
  it("does not find 中国 inside 发展中国家 (developing countries)", () => {
    expect(matcher.find({ title: "", text: "这些发展中国家都支持该倡议。" }).map((e) => e.canonical)).toEqual(
      [],
    );
    expect(matcher.find({ title: "", text: "中国是发展中国家。" })).toMatchObject([
      { canonical: "China", watched: true, count: 1 },
    ]);
  });

  it("tags Chinese names character by character", () => {
    const text = "国务院总理李鹏今天在北京会见了日本客人。";
    expect(tagText(text, "zh").map((n) => [text.slice(n.start, n.end), n.type])).toEqual([
      ["国务院", "ORG"],
      ["李鹏", "PER"],
      ["北京", "LOC"],
      ["日本", "LOC"],
    ]);
  });
});

describe("the tagger", () => {
  it("picks the model by script and has none for Japanese", () => {
    expect(taggerLanguageOf("The talks ended.")).toBe("en");
    expect(taggerLanguageOf("Переговоры завершились в Москве.")).toBe("ru");
    expect(taggerLanguageOf("会谈在北京结束。")).toBe("zh");
    expect(taggerLanguageOf("東京で会談が終わりました。")).toBe(null);
    expect(findOtherNames({ title: "", text: "東京で会談が終わりました。" }, [])).toEqual({
      names: [],
      absorbed: new Set(),
    });
  });

  it("finds Russian names and puts inflected places under their names", () => {
    expect(
      names("Министр иностранных дел России Сергей Лавров заявил, что компания «Газпром» продолжит работу."),
    ).toEqual([
      ["Россия", "place"],
      ["Сергей Лавров", "person"],
      ["Газпром", "organization"],
    ]);
  });

  it("reads its model file back exactly as written", () => {
    const model = modelFor("ru");
    const again = decodeModel(encodeModel(model));
    expect(again.tags).toEqual(model.tags);
    expect(again.scale).toBe(model.scale);
    expect([...again.keys]).toEqual([...model.keys]);
    expect([...again.weights.slice(0, 50)]).toEqual([...model.weights.slice(0, 50)]);
  });

  it("scores each token by the sum of its features' weights, a long sentence as a short one, under each model", () => {
    const english = modelFor("en");
    // The same words under another model: what a word's features weigh is kept per model.
    const reversed = { ...decodeModel(encodeModel(english)), table: undefined };
    reversed.weights = reversed.weights.map((w) => -w);
    const sentence = "Mr. Smith of Acme Corp. met Angela Merkel in New York on Friday.";
    const texts: [TaggerLanguage, string, Model][] = [
      ["en", sentence, english],
      ["en", sentence, reversed],
      ["en", Array.from({ length: 400 }, (_, i) => `Word${i} of the Ministry`).join(" "), english],
      ["ru", "Сергей Лавров прилетел в Москву.", modelFor("ru")],
      ["zh", "国务院总理李克强在北京会见了德国总理默克尔。", modelFor("zh")],
    ];
    for (const [language, text, model] of texts) {
      const T = model.tags.length;
      const rows = new Map([...model.keys].map((key, row) => [key, row]));
      const [tokens] = sentencesOf(text, language);
      const sentence: Sentence = { tokens: tokens ?? [] };
      const context = documentContext([sentence.tokens.map((t) => t.text)]);
      const sums = new Array<number>(sentence.tokens.length * T).fill(0);
      sentenceFeatures(sentence, language, context, (i, feature) => {
        const row = rows.get(feature);
        if (row === undefined) return;
        for (let t = 0; t < T; t++)
          sums[i * T + t] = (sums[i * T + t] as number) + (model.weights[row * T + t] as number);
      });
      expect([...emissionScores(model, sentence, context)]).toEqual(sums.map((sum) => sum * model.scale));
    }
  });

  it("reads a capitalised word's next words as a place only when a place name of several words opens with it", () => {
    expect(opensPlaceName("bosnia")).toBe(true);
    expect(opensPlaceName("bosnia and")).toBe(true);
    expect(opensPlaceName("bosnia and herzegovina")).toBe(false);
    expect(opensPlaceName("paris")).toBe(false);
    const text = "The delegation flew from United Arab Emirates to Papua New Guinea.";
    expect(tagText(text, "en").map((n) => [text.slice(n.start, n.end), n.type])).toEqual([
      ["United Arab Emirates", "LOC"],
      ["Papua New Guinea", "LOC"],
    ]);
  });

  it("decodes the best path the BIO constraint allows, as a search of every path finds it", () => {
    const tags = tagList(["PER", "LOC"]);
    const T = tags.length;
    const next = seededRandom(7);
    const allowedPath = (path: number[]): boolean =>
      path.every((t, i) => {
        const tag = tags[t] as string;
        const from = i === 0 ? undefined : tags[path[i - 1] as number];
        return !tag.startsWith("I-") || (from !== undefined && from.slice(2) === tag.slice(2));
      });
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 4);
      const emissions = Float64Array.from({ length: n * T }, () => Math.round((next() - 0.5) * 20));
      const transitions = Float64Array.from({ length: (T + 1) * T }, () => Math.round((next() - 0.5) * 20));
      const scoreOf = (path: number[]): number =>
        path.reduce((sum, t, i) => {
          const from = i === 0 ? 0 : (path[i - 1] as number) + 1;
          return sum + (emissions[i * T + t] as number) + (transitions[from * T + t] as number);
        }, 0);
      let best = -Infinity;
      for (let code = 0; code < T ** n; code++) {
        const path = Array.from({ length: n }, (_, i) => Math.floor(code / T ** i) % T);
        if (allowedPath(path)) best = Math.max(best, scoreOf(path));
      }
      const found = viterbi(emissions, n, transitions, tags);
      expect(allowedPath(found)).toBe(true);
      expect(scoreOf(found)).toBe(best);
    }
  });

  it("keeps exact offsets on any input", () => {
    for (const text of [
      "",
      "  \n ",
      "A. B. C.",
      "Mr. Smith's U.S. trip",
      "😀 New York 😀",
      "'s 's",
      "中国abc北京",
    ]) {
      for (const language of ["en", "ru", "zh"] as const) {
        for (const n of tagText(text, language)) {
          expect(n.start).toBeGreaterThanOrEqual(0);
          expect(n.end).toBeLessThanOrEqual(text.length);
          expect(n.end).toBeGreaterThan(n.start);
        }
      }
    }
  });
});
