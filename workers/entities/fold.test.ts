import { describe, expect, it } from "vitest";
import { Automaton } from "./automaton.ts";
import { foldPattern, foldText, isWordChar } from "./fold.ts";

describe("foldText", () => {
  it("folds case, diacritics, Azerbaijani letters, apostrophes, hyphens and space runs", () => {
    expect(foldText("Heydər  Əliyev’s Secretary-General\u00a0İLHAM").folded).toBe(
      "heydar aliyev's secretary general ilham",
    );
  });

  it("keeps the original range of every folded character", () => {
    const text = "Ələkbərov —  met  Zhang";
    const folded = foldText(text);
    const at = folded.folded.indexOf("zhang");
    expect(text.slice(folded.starts[at], folded.ends[at + 4])).toBe("Zhang");
    const first = folded.folded.indexOf("alakbarov");
    expect(text.slice(folded.starts[first], folded.ends[first + 8])).toBe("Ələkbərov");
  });

  it("keeps paragraph breaks so that names never match across them", () => {
    expect(foldText("Zhang\n\n Ming").folded).toBe("zhang\nming");
  });

  it("gives inflected Russian forms the stem of the listed form", () => {
    expect(foldPattern("Шанхайской организации сотрудничества")).toBe(
      foldPattern("Шанхайская организация сотрудничества"),
    );
    expect(foldPattern("Ильхамом Алиевым")).toBe(foldPattern("Ильхам Алиев"));
    expect(foldPattern("Пекине")).toBe(foldPattern("Пекин"));
  });

  it("maps a stripped Russian ending back into the original word", () => {
    const text = "в Пекине.";
    const folded = foldText(text);
    const at = folded.folded.indexOf("пекин");
    expect(text.slice(folded.starts[at], folded.ends[at + 4])).toBe("Пекине");
  });
});

describe("Automaton", () => {
  it("finds every occurrence of every pattern, overlapping ones included", () => {
    const automaton = new Automaton();
    automaton.add("heydar aliyev", 0);
    automaton.add("heydar aliyev foundation", 1);
    automaton.add("aliyev", 2);
    automaton.build();
    const hits = automaton.search("the heydar aliyev foundation and aliyev");
    expect(hits.map((h) => [h.payload, h.start, h.end])).toEqual([
      [0, 4, 17],
      [2, 11, 17],
      [1, 4, 28],
      [2, 33, 39],
    ]);
  });
});

describe("isWordChar", () => {
  it("is a letter or a digit of any script, as Unicode classes them", () => {
    for (let code = 0; code < 0x3000; code++) {
      const ch = String.fromCharCode(code);
      expect(isWordChar(ch)).toBe(/[\p{L}\p{N}]/u.test(ch));
    }
    expect(isWordChar(undefined)).toBe(false);
  });
});
