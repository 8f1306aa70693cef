// Names the watchlist does not know, found by the trained tagger (tagger.ts) in the article's language:
// people, organisations, places, and events among its other names. The watchlist's own mentions are given to
// the tagger as known names, so it reads them as parts of longer names too; a name the watchlist already covers
// is left to it. Then the article's mentions of one name are grouped under one canonical name: "Rzayev" after
// "Samir Rzayev", "AZAL" after "Azerbaijan Airlines (AZAL)", an inflected Russian place ("в Москве") under the
// gazetteer's name, and each group typed by the majority of its mentions.
import type { EntityType } from "../../config/watchlist-schema.ts";
import { foldPattern } from "./fold.ts";
import { placeName } from "./gazetteer.ts";
import { eventWords, personTitles, surnameFirst } from "./lexicon.ts";
import { type NameType, type TaggerLanguage, type TextName, tagDocument } from "./tagger.ts";

type Field = "title" | "text";

export interface NameMention {
  text: string;
  start: number;
  end: number;
  field: Field;
}

export interface OtherName {
  canonical: string;
  type: EntityType;
  mentions: NameMention[];
}

/** A watched mention. */
export interface CoveredSpan {
  field: Field;
  start: number;
  end: number;
  type: EntityType;
}

export interface OtherNames {
  names: OtherName[];
  /**
   * Indices of watched people's mentions that are only the first words of a longer name ("Heydar Aliyev
   * International Airport" does not mention the person). Watched places inside longer names stay mentions:
   * "Azerbaijan Airlines" and "Ministry of Energy of Azerbaijan" are about Azerbaijan too.
   */
  absorbed: Set<number>;
}

interface Found {
  mention: NameMention;
  type: EntityType | null;
  words: string[];
}

/**
 * The tagger for the text: Han (without kana) is Chinese, Cyrillic Russian, Latin English when it reads like
 * English. Other languages (Japanese, Azerbaijani, French...) have no model: their open names are not looked
 * for, rather than read with another language's model; the watchlist still finds its entities in them.
 */
export function taggerLanguageOf(text: string): TaggerLanguage | null {
  let han = 0;
  let kana = 0;
  let cyrillic = 0;
  let latin = 0;
  for (let i = 0; i < text.length && i < 3000; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) han++;
    else if (code >= 0x3040 && code <= 0x30ff) kana++;
    else if (code >= 0x0400 && code <= 0x04ff) cyrillic++;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code <= 0x24f))
      latin++;
  }
  if (kana > 0 && kana >= han / 10) return null;
  const most = Math.max(han, cyrillic, latin);
  if (most === 0) return null;
  if (most === han) return "zh";
  if (most === cyrillic) return "ru";
  return english(text.slice(0, 3000)) ? "en" : null;
}

const functionWords = /^(?:the|of|and|to|in|is|was|for|on|that|with|by|at|said|has|have|from)$/i;

/**
 * English text has its function words everywhere, about one word in five; a short text (a headline, a
 * sentence) is English unless it is without them and writes many words with letters English does not use.
 */
function english(text: string): boolean {
  const words = text.match(/\p{L}+/gu) ?? [];
  const share = words.filter((w) => functionWords.test(w)).length / Math.max(1, words.length);
  if (words.length >= 20) return share >= 0.08;
  return share > 0 || words.filter((w) => /[^a-z]/i.test(w)).length / Math.max(1, words.length) < 0.2;
}

const types: Record<Exclude<NameType, "MISC">, EntityType> = {
  PER: "person",
  ORG: "organization",
  LOC: "place",
};

/**
 * Of the tagger's other names (CoNLL's MISC: events, nationalities, works), events are kept; the rest have no
 * type of their own (null) and count only when the article types them otherwise ("Scottish Chamber Orchestra
 * (SCO)", where SCO is an organisation).
 */
function entityType(type: NameType, words: string[]): EntityType | null {
  if (type !== "MISC") return types[type];
  return words.some((w) => eventWords.has(foldPattern(w))) ? "event" : null;
}

export function findOtherNames(doc: { title: string; text: string }, covered: CoveredSpan[]): OtherNames {
  const absorbed = new Set<number>();
  const language = taggerLanguageOf(doc.text.length > 0 ? doc.text : doc.title);
  if (language === null) return { names: [], absorbed };
  const fields = (["title", "text"] as const).map((field) => ({
    field,
    source: doc[field],
    known: covered.filter((c) => c.field === field),
  }));
  const tagged = tagDocument(fields, language);
  const found: Found[] = [];
  for (const [f, { field, source, known }] of fields.entries()) {
    for (const joined of joinPossessives(tagged[f] as TextName[], source)) {
      const name = joined.type === "PER" ? withoutTitles(joined, source) : joined;
      if (name === null) continue;
      const text = source.slice(name.start, name.end);
      const words = text.split(/\s+/);
      const type = entityType(name.type, words);
      // A name the watchlist covers, in whole or in part, is the watchlist's to name; so is a compound of
      // watched names ("Azerbaijan-China relations", "the Baku-Beijing route").
      const inside = known.filter((c) => c.start < name.end && name.start < c.end);
      if (
        inside.some(
          (c) => c.start < name.start || c.end > name.end || c.end - c.start === name.end - name.start,
        ) ||
        (inside.length > 0 && /^[^\s]+-[^\s]+$/u.test(text))
      )
        continue;
      for (const c of inside) {
        if (c.type === "person" && c.start === name.start) absorbed.add(covered.indexOf(c));
      }
      found.push({ mention: { text, start: name.start, end: name.end, field }, type, words });
    }
  }
  const headline = titleCased(doc.title);
  return {
    names: group(found, doc).filter(
      (n) => !(headline && n.type !== "place" && n.mentions.every((m) => m.field === "title")),
    ),
    absorbed,
  };
}

/** Words before a person's name that are not part of it: titles ("Mayor", "Mr") and a byline's "By". */
function isTitle(word: string): boolean {
  const folded = foldPattern(word.replace(/\.$/, ""));
  return personTitles.has(folded) || folded === "by";
}

/** A person's name without the titles before it ("Mayor Erkinjon Turdimov"); null when only titles remain. */
function withoutTitles(name: TextName, source: string): TextName | null {
  let start = name.start;
  for (;;) {
    const word = /^\S+/u.exec(source.slice(start, name.end))?.[0] ?? "";
    if (!isTitle(word)) return { ...name, start };
    const next = source.slice(start + word.length, name.end).search(/\S/u);
    if (next < 0) return null;
    start += word.length + next;
  }
}

/** "National People" 's "Congress": two names of one type around a possessive are one name. */
function joinPossessives(names: TextName[], source: string): TextName[] {
  const out: TextName[] = [];
  for (const name of names) {
    const last = out[out.length - 1];
    if (
      last &&
      last.type === name.type &&
      /\s/u.test(source.slice(last.start, last.end)) &&
      /^['’]s\s+$/u.test(source.slice(last.end, name.start))
    ) {
      last.end = name.end;
    } else out.push({ ...name });
  }
  return out;
}

interface Group {
  canonical: string;
  key: string;
  votes: Map<EntityType, number>;
  mentions: NameMention[];
}

/** Groups an article's mentions by name: full names first, then short forms and acronyms that point to them. */
function group(found: Found[], doc: { title: string; text: string }): OtherName[] {
  const byKey = new Map<string, Group>();
  const shortForm = new Map<string, Group>();
  const add = (target: Group, f: Found): void => {
    target.mentions.push(f.mention);
    if (f.type !== null) target.votes.set(f.type, (target.votes.get(f.type) ?? 0) + 1);
  };
  // Longer names first so that "Huseynli" finds "Elnur Huseynli" wherever it stands in the text.
  const ordered = [...found].sort(
    (a, b) =>
      b.words.length - a.words.length ||
      Number(a.mention.field === "text") - Number(b.mention.field === "text") ||
      a.mention.start - b.mention.start,
  );
  for (const f of ordered) {
    const canonical = canonicalForm(f.mention.text, f.type);
    const folded = foldPattern(canonical);
    // Spellings of one place (U.S., United States) group under the gazetteer's name; the longest is shown.
    const key = f.type === "place" ? foldPattern(placeName(folded) ?? folded) : folded;
    const existing = byKey.get(key) ?? (f.words.length === 1 ? shortForm.get(key) : undefined);
    if (existing) {
      add(existing, f);
      if (f.type === "place" && canonical.length > existing.canonical.length) existing.canonical = canonical;
      continue;
    }
    const created: Group = { canonical, key, votes: new Map(), mentions: [] };
    add(created, f);
    byKey.set(key, created);
    if (f.type === "person" && f.words.length > 1) {
      const surname = surnameFirst(f.mention.text) ? f.words[0] : f.words[f.words.length - 1];
      const surnameKey = foldPattern(surname as string);
      if (!shortForm.has(surnameKey)) shortForm.set(surnameKey, created);
    }
    if (f.type !== "person" && f.words.length > 1) {
      // "Scottish Chamber Orchestra" ... "the SCO": initials stand for the name.
      const capitals = f.words.filter((w) => /^\p{Lu}/u.test(w));
      if (capitals.length >= 2) {
        const initials = foldPattern(capitals.map((w) => w[0]).join(""));
        if (!shortForm.has(initials)) shortForm.set(initials, created);
      }
      // "Azerbaijan Airlines (AZAL)": the acronym in parentheses after a name is its short form.
      const source = doc[f.mention.field];
      const after = /^\s*\((\p{Lu}[\p{Lu}\p{N}&]{1,9})\)/u.exec(
        source.slice(f.mention.end, f.mention.end + 14),
      );
      if (after) shortForm.set(foldPattern(after[1] as string), created);
    }
  }
  return [...byKey.values()].flatMap((g) => {
    const type = majority(g.votes);
    return type === null ? [] : [{ canonical: g.canonical, type, mentions: g.mentions }];
  });
}

function majority(votes: Map<EntityType, number>): EntityType | null {
  let best: EntityType | null = null;
  let most = 0;
  for (const [type, count] of votes) {
    if (count > most) {
      best = type;
      most = count;
    }
  }
  return best;
}

/** The name as the article writes it, or for an inflected place the gazetteer's name ("в Москве" -> Москва). */
function canonicalForm(text: string, type: EntityType | null): string {
  const plain = text
    .normalize("NFC")
    .replace(/[’`´]/g, "'")
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/'s$/, "")
    .trim();
  if (type !== "place") return plain;
  const folded = foldPattern(plain);
  const listed = /\p{Script=Cyrillic}/u.test(plain) ? placeName(folded) : null;
  return listed ?? plain;
}

/** Headlines in Title Case capitalise every word, so capitalisation tells nothing there. */
function titleCased(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.8;
}
