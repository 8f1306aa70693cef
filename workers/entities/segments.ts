// Word boundaries in text written without spaces (Chinese, Japanese), from Intl.Segmenter's dictionaries, so a
// short name matches only a whole word: 中国 (China) is not in 发展中国家 (developing country, 发展|中|国家).
// Only the run of unspaced characters around a match is segmented, once per run.

const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Han (CJK unified ideographs, extension A, compatibility) or kana, by code unit: called for every match. */
function unspaced(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3040 && code <= 0x30ff)
  );
}
const segmenters = {
  zh: new Intl.Segmenter("zh", { granularity: "word" }),
  ja: new Intl.Segmenter("ja", { granularity: "word" }),
};

export interface WordBoundaries {
  /** Whether [start, end) of the text begins and ends on word boundaries where it touches unspaced script. */
  around(start: number, end: number): boolean;
}

export function wordBoundaries(text: string): WordBoundaries {
  // Run start -> boundary offsets (absolute) of that run.
  const runs = new Map<number, Set<number>>();
  const boundariesAt = (offset: number): Set<number> => {
    let from = offset;
    while (from > 0 && unspaced(text.charCodeAt(from - 1))) from--;
    let set = runs.get(from);
    if (!set) {
      let to = offset;
      while (to < text.length && unspaced(text.charCodeAt(to))) to++;
      const run = text.slice(from, to);
      set = new Set([from, to]);
      for (const segment of segmenters[kana.test(run) ? "ja" : "zh"].segment(run))
        set.add(from + segment.index);
      runs.set(from, set);
    }
    return set;
  };
  const inside = (offset: number): boolean =>
    offset > 0 && unspaced(text.charCodeAt(offset - 1)) && unspaced(text.charCodeAt(offset));
  return {
    around(start, end) {
      if (inside(start) && !boundariesAt(start).has(start)) return false;
      if (inside(end) && !boundariesAt(end - 1).has(end)) return false;
      return true;
    },
  };
}
