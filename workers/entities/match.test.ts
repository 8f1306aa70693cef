import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Watchlist, type WatchlistEntity } from "../../config/watchlist-schema.ts";
import { seed000Paragraphs, seed001Paragraphs, seed002Paragraphs } from "../../test/fixture-site/seeds.ts";
import { createEntityMatcher, type FoundEntity } from "./match.ts";

const watchlist = Watchlist.parse(
  parse(readFileSync(new URL("../../config/watchlist.yaml", import.meta.url), "utf8")),
);
const matcher = createEntityMatcher(watchlist.entities);

function find(text: string, title = ""): FoundEntity[] {
  return matcher.find({ title, text });
}

function watched(text: string, title = ""): string[] {
  return find(text, title)
    .filter((e) => e.watched)
    .map((e) => e.canonical)
    .sort();
}

function entity(found: FoundEntity[], canonical: string): FoundEntity | undefined {
  return found.find((e) => e.canonical === canonical);
}

describe("the seeds", () => {
  it("names the seed 000 entities under their canonical names and types", () => {
    const found = find(seed000Paragraphs.join("\n\n"));
    const byName = new Map(found.filter((e) => e.watched).map((e) => [e.canonical, e.type]));
    expect(Object.fromEntries(byName)).toEqual({
      "Shanghai Cooperation Organization": "organization",
      "Chinese People's Association for Friendship with Foreign Countries": "organization",
      "Heydar Aliyev Foundation": "organization",
      "Heydar Aliyev": "person",
      "Ilham Aliyev": "person",
      "Xi Jinping": "person",
      "Anar Alakbarov": "person",
      "Zhang Ming": "person",
      "Lin Songtian": "person",
      Azerbaijan: "place",
      China: "place",
      Beijing: "place",
      Samarkand: "place",
      "Belt and Road Initiative": "event",
    });
  });

  it("links Haydar, the SCO Secretariat, the acronyms and the Foundation to their entities", () => {
    const found = find(seed000Paragraphs.join("\n\n"));
    const foundation = entity(found, "Heydar Aliyev Foundation");
    expect(foundation?.mentions.map((m) => m.text)).toEqual(
      expect.arrayContaining(["Haydar Aliyev Foundation", "the Foundation"]),
    );
    expect(entity(found, "Shanghai Cooperation Organization")?.mentions.map((m) => m.text)).toEqual(
      expect.arrayContaining(["SCO", "SCO Secretariat"]),
    );
    expect(entity(found, "Chinese People's Association for Friendship with Foreign Countries")?.count).toBe(
      6,
    );
  });

  it("finds the Heydar Aliyev Center in seed 001 and no Heydar Aliyev the person", () => {
    const names = watched(seed001Paragraphs.join("\n\n"));
    expect(names).toContain("Heydar Aliyev Center");
    expect(names).not.toContain("Heydar Aliyev");
    expect(names).not.toContain("Ilham Aliyev");
  });

  it("resolves 'the Organization' to the SCO in seed 002, and no China inside its name", () => {
    const found = find(seed002Paragraphs.join("\n\n"));
    expect(entity(found, "Shanghai Cooperation Organization")?.mentions.map((m) => m.text)).toContain(
      "the Organization",
    );
    expect(watched(seed002Paragraphs.join("\n\n"))).not.toContain("China");
    expect(entity(found, "Uzbekistan")).toMatchObject({ watched: false, type: "place", id: null });
  });

  it("maps every mention back to the exact original text", () => {
    const text = seed000Paragraphs.join("\n\n");
    for (const e of find(text, "CPAFFC and SCO in Beijing")) {
      for (const m of e.mentions) {
        const source = m.field === "title" ? "CPAFFC and SCO in Beijing" : text;
        expect(source.slice(m.start, m.end)).toBe(m.text);
      }
    }
  });
});

describe("acronyms", () => {
  it("does not link the Scottish Chamber Orchestra (SCO)", () => {
    const text =
      "The Scottish Chamber Orchestra (SCO) will give its first concert in Azerbaijan. Founded in Edinburgh, the SCO tours every summer.";
    expect(watched(text)).toEqual(["Azerbaijan"]);
    expect(entity(find(text), "Scottish Chamber Orchestra")?.mentions.map((m) => m.text)).toEqual([
      "Scottish Chamber Orchestra",
      "SCO",
      "SCO",
    ]);
  });

  it("does not link a company or a share called SCO", () => {
    expect(
      watched("Shares of The SCO Group fell after the ruling; SCO will appeal, its summit of lawyers said."),
    ).toEqual([]);
    expect(watched("Traders bought the crude fund (NYSE: SCO) ahead of the summit.")).toEqual([]);
  });

  it("links SCO where the article supports it, and not where nothing does", () => {
    expect(watched("SCO leaders gather in Astana for the annual summit.")).toEqual([
      "Shanghai Cooperation Organization",
    ]);
    expect(watched("SCO posted higher sales in the second quarter.")).toEqual([]);
  });

  it("links a long, distinctive acronym without further support", () => {
    expect(watched("CPAFFC President Yang Wanming travelled to Ganja on Friday.")).toEqual([
      "Chinese People's Association for Friendship with Foreign Countries",
      "Yang Wanming",
    ]);
  });

  it("never lets a lower-case word after an acronym block it", () => {
    expect(
      watched(
        "Baku will host the energy ministers of the SCO member states next spring.",
        "Azerbaijan deepens SCO co-operation",
      ),
    ).toEqual(["Azerbaijan", "Shanghai Cooperation Organization"]);
    expect(
      watched(
        "Baku will host the energy ministers of the SCO member states next spring.",
        "Azerbaijan Deepens SCO Co-operation",
      ),
    ).toEqual(["Azerbaijan", "Shanghai Cooperation Organization"]);
    expect(watched("Speakers at the Tianjin summit said the SCO share of world trade had doubled.")).toEqual([
      "Shanghai Cooperation Organization",
    ]);
    expect(watched("In Ganja, the CPAFFC group met the mayor on Friday.")).toEqual([
      "Chinese People's Association for Friendship with Foreign Countries",
    ]);
  });

  it("does not link a mention with a capitalised company marker or in a ticker, whatever else supports it", () => {
    for (const text of [
      "SCO Group Inc. opened an office in Beijing ahead of the summit.",
      "The fund (NYSE: SCO) rose in Moscow trading before the summit.",
      "SCO Holdings and Tashkent Ltd signed a lease in Tashkent.",
      "Traders in Beijing sold $SCO before the summit.",
      "Scottish Capital (SCO.L) fell in London; Beijing traders expect a summit.",
      "The ETF, ticker SCO, gained as Moscow cut output.",
    ]) {
      expect(watched(text), text).not.toContain("Shanghai Cooperation Organization");
    }
  });

  it("decides each mention on its own: a company mention does not switch the acronym off elsewhere", () => {
    const text =
      "Shares of SCO Group fell on Monday after the ruling in Utah.\n\nIn Kazakhstan, the SCO summit in Astana opened with the leaders of ten member states.";
    const sco = entity(find(text), "Shanghai Cooperation Organization");
    expect(sco?.mentions).toEqual([
      { text: "SCO", start: text.lastIndexOf("SCO"), end: text.lastIndexOf("SCO") + 3, field: "text" },
    ]);
  });

  it("asks a mention for support in its own sentence once the article uses the acronym for a company", () => {
    const text =
      "The SCO Group sued IBM in Utah. Analysts said SCO had little cash left. Separately, a trade delegation left for Beijing.";
    expect(watched(text)).toEqual(["Beijing"]);
    // Without the company mention, the same bare mention links on the article's support (Beijing).
    expect(watched(text.replace("The SCO Group sued IBM in Utah. ", ""))).toEqual([
      "Beijing",
      "Shanghai Cooperation Organization",
    ]);
  });

  it("explains each acronym decision, and find() agrees with it", () => {
    const doc = {
      title: "SCO Group shares slide",
      text: "SCO leaders met in Astana with the member states. The Scottish firm said SCO would appeal.",
    };
    const decisions = matcher
      .explainAcronyms(doc)
      .map((d) => `${d.mention.field} ${d.mention.start} ${d.reason}`);
    expect(decisions).toEqual([
      "title 0 not linked (company marker 'Group' after it)",
      "text 0 linked (context in its sentence: 'Astana', 'member states')",
      "text 73 not linked ('SCO' at title 0 names a company, and nothing in this mention's sentence supports the entity)",
    ]);
    expect(
      entity(matcher.find(doc), "Shanghai Cooperation Organization")?.mentions.map((m) => m.start),
    ).toEqual([0]);
    const text = "At the summit in Astana, SCO leaders met. SCO Holdings said it would appeal.";
    expect(matcher.explainAcronyms({ title: "", text }).map((d) => [d.mention.start, d.reason])).toEqual([
      [text.indexOf("SCO"), "linked (context in its sentence: 'summit', 'Astana')"],
      [text.lastIndexOf("SCO"), "not linked (company marker 'Holdings' after it)"],
    ]);
    expect(matcher.explainAcronyms({ title: "", text: "SCO posted higher sales." })[0]?.reason).toBe(
      "not linked: no support for the entity in this article (no full name, no context word)",
    );
    expect(
      matcher.explainAcronyms({ title: "", text: "The Scottish Chamber Orchestra (SCO) tours Baku." })[0]
        ?.reason,
    ).toBe("not linked (defined in this article as 'Scottish Chamber Orchestra')");
  });

  it("matches acronyms case-sensitively", () => {
    expect(watched("The sco team met the Shanghai delegation at the summit.")).toEqual([]);
  });
});

describe("nesting and short forms", () => {
  it("prefers the longest name", () => {
    const found = find("The Heydar Aliyev Foundation and the Heydar Aliyev Center opened an exhibition.");
    expect(found.filter((e) => e.watched).map((e) => e.canonical)).toEqual([
      "Heydar Aliyev Foundation",
      "Heydar Aliyev Center",
    ]);
  });

  it("does not take an airport named after a person for the person", () => {
    const text =
      "President Ilham Aliyev returned to Heydar Aliyev International Airport. Aliyev said the talks went well.";
    const found = find(text);
    expect(watched(text)).toEqual(["Ilham Aliyev"]);
    expect(entity(found, "Ilham Aliyev")?.count).toBe(2);
    expect(entity(found, "Heydar Aliyev International Airport")?.type).toBe("place");
  });

  it("reads places and awards named after a watched person as names of their own", () => {
    const text =
      "Traffic on Heydar Aliyev Avenue was closed for the concert at the Heydar Aliyev Sports and Exhibition Complex.";
    expect(watched(text)).toEqual([]);
    const found = find(text);
    expect(entity(found, "Heydar Aliyev Avenue")?.type).toBe("place");
    // The tagger ends a name at "and" between capitalised words ("Britain and France" is two names), so the
    // complex comes out as "Heydar Aliyev Sports" and "Exhibition Complex": places, never the person.
    expect(found.filter((e) => e.type === "person")).toEqual([]);
  });

  it("keeps hyphenated lowercase words out of names", () => {
    const found = find("After the SCO summit, SCO-related talks with Beijing-based firms went on.");
    expect(found.map((e) => e.canonical).sort()).toEqual(["Beijing", "Shanghai Cooperation Organization"]);
  });

  it("links President Xi without the full name, and not Xi'an", () => {
    expect(watched("President Xi opened the fair in Xi'an on Thursday.")).toEqual(["Xi Jinping"]);
    expect(watched("The train left Xi'an for Baku.")).toEqual([]);
  });

  it("does not send 'the Organization' past another organisation of that kind", () => {
    const text =
      "The Shanghai Cooperation Organization met. Leaders of the Organization of Turkic States gathered. The Organization's Secretary General spoke.";
    expect(entity(find(text), "Shanghai Cooperation Organization")?.count).toBe(1);
    expect(
      entity(
        find("The SCO summit ended. The Organization will meet again."),
        "Shanghai Cooperation Organization",
      )?.count,
    ).toBe(2);
  });

  it("does not take another person with the same surname for a watched one", () => {
    expect(watched("Mayor Zhang Gong welcomed the guests. Her daughter Leyla Aliyeva spoke.")).toEqual([]);
  });

  it("resolves a shared surname to the nearest person named before it", () => {
    const text =
      "Mehriban Aliyeva met Ilham Aliyev. Later, Heydar Aliyev's legacy was discussed. Aliyev said it guides the country.";
    const heydar = entity(find(text), "Heydar Aliyev");
    expect(heydar?.mentions.map((m) => m.text)).toEqual(["Heydar Aliyev", "Aliyev"]);
  });
});

describe("other scripts and spellings", () => {
  it("matches Russian names in any case", () => {
    expect(
      watched(
        "Генеральный секретарь Шанхайской организации сотрудничества встретился с Ильхамом Алиевым в Пекине.",
      ),
    ).toEqual(["Beijing", "Ilham Aliyev", "Shanghai Cooperation Organization"]);
  });

  it("matches Chinese without word boundaries", () => {
    expect(watched("习近平在北京会见阿塞拜疆总统。")).toEqual(["Azerbaijan", "Beijing", "Xi Jinping"]);
  });

  it("matches Azerbaijani names with case suffixes and diacritics", () => {
    expect(watched("Heydər Əliyev Fondunun prezidenti Azərbaycanın Çinlə əlaqələrindən danışıb.")).toEqual([
      "Azerbaijan",
      "China",
      "Heydar Aliyev Foundation",
    ]);
  });

  it("finds inflected Russian place names under their listed names, and no open names without a model", () => {
    const russian = find("Владимир Путин прибыл в Москву из Астаны.");
    expect(russian.map((e) => [e.canonical, e.type])).toEqual([
      ["Владимир Путин", "person"],
      ["Москва", "place"],
      ["Астана", "place"],
    ]);
    // Azerbaijani has no name model (the watchlist's Azerbaijani aliases still match, with their case suffixes):
    // the English model would read "Görüş Bakıda" ("the meeting in Baku") as a person.
    const azerbaijani = find("Görüş Bakıda keçirilib. Nümayəndə heyəti Gəncəyə səfər edib.");
    expect(azerbaijani).toEqual([]);
  });

  it("matches British spellings and hyphenation", () => {
    expect(watched("The Shanghai Co-operation Organisation met at the Heydar Aliyev Centre.")).toEqual([
      "Heydar Aliyev Center",
      "Shanghai Cooperation Organization",
    ]);
  });
});

describe("names not in the watchlist", () => {
  it("types new officials, organisations and places", () => {
    const found = find(
      "Deputy minister Elnur Huseynli said the Ministry of Digital Development and Transport of Azerbaijan would expand the port of Alat. The first train left Xi'an for Aktau.",
    );
    expect(entity(found, "Elnur Huseynli")?.type).toBe("person");
    // The tagger ends the ministry's name at "and" (see above): its first part is the organisation.
    expect(entity(found, "Ministry of Digital Development")?.type).toBe("organization");
    expect(entity(found, "Aktau")?.type).toBe("place");
    expect(entity(found, "Xi'an")?.type).toBe("place");
  });

  it("resolves a surname and an acronym to the full names found before", () => {
    const found = find(
      "Azerbaijan Airlines (AZAL) will fly to Beijing, chief executive Samir Rzayev said. Rzayev added that AZAL expects full planes.",
    );
    expect(entity(found, "Samir Rzayev")?.count).toBe(2);
    expect(entity(found, "Azerbaijan Airlines")?.mentions.map((m) => m.text)).toEqual([
      "Azerbaijan Airlines",
      "AZAL",
      "AZAL",
    ]);
    // The airline's name still names the country.
    expect(entity(found, "Azerbaijan")?.count).toBe(1);
  });
});

describe("any input", () => {
  it("never throws and keeps every mention's offsets exact", () => {
    const inputs = [
      "",
      "   \n\n  ",
      "(((SCO))) -- SCO-SCO' 'SCO's",
      "😀 Azerbaijan 😀 China𝔘 Ilham  Aliyev\u00a0met Xi.",
      "ŞƏT-in İlham Əliyev Bakıda. Шанхайская организация сотрудничества; 上海合作组织。",
      "A. B. C. D. U.S. U.K. E.U. The The The Of Of And",
      "Heydar Aliyev Foundation".repeat(50),
    ];
    for (const text of inputs) {
      for (const title of ["", text.slice(0, 20)]) {
        for (const e of find(text, title)) {
          expect(e.count).toBe(e.mentions.length);
          for (const m of e.mentions) {
            expect((m.field === "title" ? title : text).slice(m.start, m.end)).toBe(m.text);
          }
        }
      }
    }
  });
});

describe("salience and construction", () => {
  it("sorts entities named in the title first, then by count", () => {
    const found = find(
      "China and Azerbaijan signed deals. Azerbaijan and China. Azerbaijan.",
      "Talks in Beijing",
    );
    expect(found.map((e) => e.canonical).slice(0, 3)).toEqual(["Beijing", "Azerbaijan", "China"]);
    expect(found[0]).toMatchObject({ inTitle: true, firstOffset: 9 });
  });

  it("builds from any watchlist, including an empty one", () => {
    const entities: WatchlistEntity[] = [
      {
        id: "acme",
        name: "Acme Holdings",
        type: "organization",
        aliases: ["Acme"],
        acronyms: [],
        context: [],
      },
    ];
    expect(createEntityMatcher(entities).find({ title: "", text: "ACME said so." })[0]).toMatchObject({
      id: "acme",
      watched: true,
    });
    expect(createEntityMatcher([]).find({ title: "", text: "" })).toEqual([]);
  });
});
