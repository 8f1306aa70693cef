// Names the watchlist does not know: capitalised word runs, trimmed of sentence openers, titles and demonyms,
// typed by their head word (Ministry, Foundation -> organisation; Sea, Airport -> place; Summit -> event), by
// the gazetteer (countries, cities, regions), by person cues (a title before the name, a known given name, a
// surname ending, a Chinese surname, words that are not English words) and by the words around a single name
// ("in Shusha" is a place). Short forms resolve within the article: "Huseynli" after "Elnur Huseynli", "AZAL"
// after "Azerbaijan Airlines (AZAL)". A watched person or place at the start of a longer name becomes part of
// it ("Heydar Aliyev International Airport", "Azerbaijan Airlines"); the caller drops that watched mention.
import type { EntityType } from "../../config/watchlist-schema.ts";
import { isCommonWord } from "./english.ts";
import { foldPattern } from "./fold.ts";
import { isDemonym, isMajorPlace, placeName } from "./gazetteer.ts";
import { givenNames, surnameEndings } from "./given-names.ts";
import {
  chineseSurnames,
  eventWords,
  nameStarters,
  notAName,
  openers,
  organizationWords,
  personTitles,
  placeWords,
} from "./lexicon.ts";

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

/** A watched mention, which the recogniser treats as one word. */
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

interface Token {
  text: string;
  /** Folded, without a possessive ending. */
  key: string;
  start: number;
  end: number;
  cap: boolean;
  /** Ends in 's: a name ends here. */
  possessive: boolean;
  sentenceStart: boolean;
  /** Separated from the previous token by one plain space, so it may continue a name. */
  joined: boolean;
  /** Index into the covered spans when this token stands for a watched mention, else -1. */
  covered: number;
  /** Index of this token in the field's token list. */
  index: number;
}

interface Span {
  field: Field;
  tokens: Token[];
  type: EntityType;
  start: number;
  end: number;
  text: string;
  /** Set when the gazetteer named the place. */
  canonical?: string;
}

/** A single unknown capitalised word: it counts only as the short form of a name found in the same article. */
interface Pending {
  field: Field;
  token: Token;
}

/** What classification needs besides the run: the field's text and tokens, the watched spans, the results. */
interface Context {
  source: string;
  field: Field;
  tokens: Token[];
  covered: CoveredSpan[];
  out: Span[];
  pending: Pending[];
}

const connectors = new Set([
  "of",
  "for",
  "and",
  "the",
  "de",
  "du",
  "des",
  "la",
  "le",
  "al",
  "el",
  "bin",
  "ibn",
  "van",
  "von",
  "der",
  "den",
  "di",
  "da",
  "del",
  "&",
]);
/** Words before a lone name that make it a place. */
const placePrepositions = new Set(["in", "at", "near", "via", "across", "outside", "inside", "into"]);
/** Lowercase words after a lone name that make it a place ("Jiangsu province", "the Alat free trade zone"). */
const placeNounsAfter =
  /^[ \u00a0]+(?:free[ -]trade[ -]|economic[ -]|industrial[ -])?(?:province|region|city|zone|district|county|oblast|prefecture|municipality|village|town|port|river|lake|valley|mountains|airport|state)\b/;
/** Verbs after a lone name that make it a person ("Juninho scored", "Wang said"). */
const personVerbsAfter =
  /^[ \u00a0]+(?:said|says|told|added|noted|stressed|stated|explained|recalled|wrote|scored|argued|insisted|warned|announced|confirmed|replied|praised|thanked|emphasized|emphasised|underlined|underscored)\b/;

const wordPattern = /[\p{L}\p{N}]+(?:(?:['’`.]|[-‐‑])[\p{L}\p{N}]+)*|&/gu;
const possessiveAfter = /^(?:['’`]s\b|s['’`](?!\p{L}))/u;
const sentenceBreak = /[.!?\n:"“”«»;|()[\]]/;

/** A plain space, or a hyphen between a watched name and the next word ("China-Azerbaijan Business Council"). */
function joins(gap: string): boolean {
  return gap === " " || gap === "\u00a0" || /^[-‐‑]$/.test(gap);
}

function tokenize(source: string, field: Field, covered: CoveredSpan[]): Token[] {
  const tokens: Token[] = [];
  const spans = covered
    .map((span, index) => ({ span, index }))
    .filter(({ span }) => span.field === field)
    .sort((a, b) => a.span.start - b.span.start);
  let spanIndex = 0;
  let previousEnd = 0;
  const pattern = new RegExp(wordPattern.source, "gu");
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    const start = match.index;
    let text = match[0];
    while (spanIndex < spans.length && (spans[spanIndex]?.span.end ?? 0) <= start) spanIndex++;
    const next = spans[spanIndex];
    const gap = source.slice(previousEnd, Math.min(start, next?.span.start ?? start));
    if (next && next.span.start < start + text.length) {
      // A watched mention: one token for all of it; words hyphenated to it ("China-Europe") go on after it.
      const possessive = possessiveAfter.exec(source.slice(next.span.end, next.span.end + 3));
      tokens.push({
        text: source.slice(next.span.start, next.span.end),
        key: "",
        start: next.span.start,
        end: next.span.end,
        cap: true,
        possessive: possessive !== null,
        sentenceStart: tokens.length === 0 || sentenceBreak.test(gap),
        joined: joins(gap),
        covered: next.index,
        index: tokens.length,
      });
      previousEnd = next.span.end + (possessive ? possessive[0].length : 0);
      pattern.lastIndex = previousEnd;
      spanIndex++;
      continue;
    }
    const possessive = possessiveAfter.exec(source.slice(start + text.length - 2, start + text.length + 1));
    if (/['’`]s$/u.test(text)) text = text.slice(0, -2);
    const trailing = /s['’`]$/u.test(source.slice(start, start + text.length + 1));
    tokens.push({
      text,
      key: foldPattern(text),
      start,
      end: start + text.length,
      cap: /^[\p{Lu}\p{Lt}]/u.test(text),
      possessive: (possessive !== null || trailing) && !/^peoples?$/i.test(text),
      sentenceStart: tokens.length === 0 || sentenceBreak.test(gap),
      joined: joins(gap),
      covered: -1,
      index: tokens.length,
    });
    previousEnd = start + match[0].length;
  }
  return tokens;
}

/** Splits the tokens into maximal runs of capitalised words, with connectors between them ("Bank of China"). */
function runs(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  const flush = (): void => {
    while (current.length > 0 && !(current[current.length - 1] as Token).cap) current.pop();
    if (current.length > 0) out.push(current);
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const continues = current.length > 0 && token.joined && !token.sentenceStart;
    if (token.cap) {
      if (!continues) flush();
      current.push(token);
      if (token.possessive) flush();
    } else if (continues && connectors.has(token.key) && connectorLeadsToName(tokens, i)) {
      current.push(token);
    } else flush();
  }
  flush();
  return out;
}

/** Whether a connector is followed (directly or through "the") by a capitalised word that is not a date. */
function connectorLeadsToName(tokens: Token[], i: number): boolean {
  for (let j = i + 1; j < tokens.length && j <= i + 2; j++) {
    const next = tokens[j] as Token;
    if (!next.joined || next.sentenceStart) return false;
    if (next.cap) return !openers.has(next.key);
    if (!connectors.has(next.key)) return false;
  }
  return false;
}

function isTitle(token: Token): boolean {
  if (token.covered >= 0) return false;
  return personTitles.has(token.key) || token.key.split(" ").every((w) => personTitles.has(w));
}

function headWord(key: string): boolean {
  return organizationWords.has(key) || placeWords.has(key) || eventWords.has(key);
}

/** The word that names what the run is: the last word before the first connector, or the last word. */
function headOf(tokens: Token[]): Token {
  const connector = tokens.findIndex((t) => !t.cap);
  return (connector > 0 ? tokens[connector - 1] : tokens[tokens.length - 1]) as Token;
}

/** Type from the words of the name alone; null when they do not tell. */
function typeFromWords(tokens: Token[]): EntityType | null {
  const head = headOf(tokens);
  const last = tokens[tokens.length - 1] as Token;
  if (/^cop ?\d+$/.test(head.key)) return "event";
  for (const token of [head, last]) {
    if (token.covered >= 0) continue;
    if (organizationWords.has(token.key)) return "organization";
    if (eventWords.has(token.key)) return "event";
    if (placeWords.has(token.key)) return "place";
  }
  if (tokens.length > 1 && tokens.some((t) => t.covered < 0 && organizationWords.has(t.key)))
    return "organization";
  return null;
}

function looksLikePerson(tokens: Token[]): boolean {
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (tokens.some((t) => t.covered >= 0 || !t.cap || !/^[\p{L}'’.-]+$/u.test(t.text) || notAName(t.key)))
    return false;
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  if (tokens.some((t) => isMajorPlace(t.key) || isDemonym(t.key))) return givenNames.has(first.key);
  if (givenNames.has(first.key) || surnameEndings.test(last.key)) return true;
  if (tokens.length === 2 && chineseSurnames.has(first.key)) return true;
  // Words that are neither English words nor places are most often a person's names.
  return tokens.every((t) => !isCommonWord(t.key) && !isMajorPlace(t.key));
}

function push(ctx: Context, tokens: Token[], type: EntityType, canonical?: string): void {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  ctx.out.push({
    field: ctx.field,
    tokens,
    type,
    start: first.start,
    end: last.end,
    text: ctx.source.slice(first.start, last.end),
    ...(canonical !== undefined ? { canonical } : {}),
  });
}

/** Turns a run of capitalised words into zero or more typed names. */
function classify(run: Token[], ctx: Context, afterTitle = false): void {
  let tokens = run;
  let personCue = afterTitle;
  // Trim what opens the run but is not part of a name: connectors, openers, titles, demonyms, and common words
  // that open a sentence ("Shares of The SCO Group") or follow a title ("Minister of Economy Mikayil Jabbarov").
  while (tokens.length > 0) {
    const first = tokens[0] as Token;
    if (first.covered >= 0) break;
    const rest = tokens.slice(1);
    let drop = false;
    if (!first.cap || openers.has(first.key)) drop = true;
    else if (isTitle(first) && rest.length > 0) {
      drop = true;
      personCue = true;
    } else if (isDemonym(first.key) && rest.length > 0) {
      const restType = typeFromWords(rest);
      drop = restType !== "organization" && restType !== "event";
    } else if (
      (first.sentenceStart || personCue) &&
      rest.length > 0 &&
      isCommonWord(first.key) &&
      !nameStarters.has(first.key) &&
      !headWord(first.key) &&
      !givenNames.has(first.key) &&
      placeName(first.key) === null
    ) {
      // "Commonwealth Games" stays whole: a common word directly before the rest of a headed name is its first word.
      drop = personCue || !((rest[0] as Token).cap && typeFromWords(tokens) !== null);
    }
    if (!drop) break;
    tokens = rest;
  }
  while (tokens.length > 0 && !(tokens[tokens.length - 1] as Token).cap) tokens = tokens.slice(0, -1);
  if (tokens.length === 0) return;
  if (tokens.length === 1 && (tokens[0] as Token).sentenceStart && !personCue) {
    const only = tokens[0] as Token;
    if (only.covered < 0 && isCommonWord(only.key) && placeName(only.key) === null) return;
  }

  // A title inside the run ("UN Climate Change Executive Secretary Simon Stiell"): the name after it is a person.
  const lastTitle = tokens.findLastIndex((t) => isTitle(t));
  const named = tokens.slice(lastTitle + 1);
  if (
    lastTitle > 0 &&
    named.length > 0 &&
    named.length <= 4 &&
    named.every((t) => t.cap && t.covered < 0 && !notAName(t.key)) &&
    typeFromWords(named) === null &&
    named.some((t) => !isCommonWord(t.key) || givenNames.has(t.key))
  ) {
    let left = tokens.slice(0, lastTitle);
    while (left.length > 0 && isTitle(left[left.length - 1] as Token)) left = left.slice(0, -1);
    if (left.length > 0) classify(left, ctx);
    classify(tokens.slice(lastTitle + 1), ctx, true);
    return;
  }

  // "Nizami Ganjavi Mausoleum and Ganja State University": an "and" between two headed names splits them.
  if (splitAtAnd(tokens, ctx)) return;
  if (tokens.some((t) => t.covered >= 0)) {
    classifyAroundWatched(tokens, ctx);
    return;
  }
  const type = typeFromWords(tokens);
  if (tokens.some((t) => !t.cap)) {
    if (type === null) splitAt(tokens, ctx, (t) => !t.cap);
    else push(ctx, tokens, type);
    return;
  }
  if (type !== null) {
    if (tokens.length > 1 || !notAName((tokens[0] as Token).key)) push(ctx, tokens, type);
    return;
  }
  const place = placeName(foldPattern(tokens.map((t) => t.text).join(" ")));
  if (place !== null && !personCue) {
    push(ctx, tokens, "place", place);
    return;
  }
  if (tokens.every((t) => notAName(t.key) || isDemonym(t.key) || isTitle(t))) return;
  if (
    personCue &&
    tokens.length <= 4 &&
    tokens.every((t) => t.cap && !notAName(t.key)) &&
    tokens.some((t) => !isCommonWord(t.key) || givenNames.has(t.key))
  ) {
    push(ctx, tokens, "person");
    return;
  }
  if (looksLikePerson(tokens)) {
    push(ctx, tokens, "person");
    return;
  }
  if (tokens.length === 1) classifySingle(tokens[0] as Token, ctx);
}

/** Whether the words before an "and" make a name by themselves ("Azerbaijan Export" does not). */
function completeName(left: Token[]): boolean {
  const only = left.length === 1 ? (left[0] as Token) : undefined;
  if (only && (only.covered >= 0 || /^\p{Lu}{2,}$/u.test(only.text))) return true;
  if (headOf(left).covered < 0 && typeFromWords(left) !== null) return true;
  if (left.some((t) => t.covered >= 0)) return false;
  return placeName(foldPattern(left.map((t) => t.text).join(" "))) !== null || looksLikePerson(left);
}

/** Splits at an "and" whose right side is a headed name of its own; false when there is none. */
function splitAtAnd(tokens: Token[], ctx: Context): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.key !== "and" && token.key !== "&") continue;
    let begin = i + 1;
    while (begin < tokens.length && !(tokens[begin] as Token).cap) begin++;
    let end = begin;
    while (end < tokens.length && (tokens[end] as Token).cap) end++;
    const right = tokens.slice(begin, end);
    const rightType = right.some((t) => t.covered >= 0) ? null : typeFromWords(right);
    const rightComplete = right.length > 0 && (rightType !== null || (right[0] as Token).covered >= 0);
    if (rightComplete && completeName(tokens.slice(0, i))) {
      classify(tokens.slice(0, i), ctx);
      classify(tokens.slice(i + 1), ctx);
      return true;
    }
  }
  return false;
}

/** "in Shusha", and the second of "in Java and Sumatra". */
function afterPlacePreposition(ctx: Context, token: Token): boolean {
  const previous = ctx.tokens[token.index - 1];
  if (!previous || previous.cap) return false;
  if (placePrepositions.has(previous.key)) return true;
  if (previous.key !== "and" && previous.key !== "or") return false;
  const before = ctx.tokens[token.index - 2];
  return before?.cap === true && before.covered < 0 && afterPlacePreposition(ctx, before);
}

/** One capitalised word that no list knows: typed by the words around it, else kept as a possible short form. */
function classifySingle(only: Token, ctx: Context): void {
  if (isDemonym(only.key) || notAName(only.key)) return;
  if (/^\p{Lu}[\p{Lu}\p{N}&]{1,7}$/u.test(only.text) && !/^[IVXLC]+$/.test(only.text)) {
    push(ctx, [only], "organization");
    return;
  }
  if (only.sentenceStart && isCommonWord(only.key)) return;
  const after = ctx.source.slice(only.end, only.end + 40);
  if (afterPlacePreposition(ctx, only) && !isCommonWord(only.key)) {
    push(ctx, [only], "place");
  } else if (placeNounsAfter.test(after) && !isCommonWord(only.key)) {
    push(ctx, [only], "place");
  } else if (personVerbsAfter.test(after) && !isCommonWord(only.key) && !only.possessive) {
    push(ctx, [only], "person");
  } else if (surnameEndings.test(only.key) && !only.sentenceStart) {
    push(ctx, [only], "person");
  } else if (!only.sentenceStart || !isCommonWord(only.key)) {
    ctx.pending.push({ field: ctx.field, token: only });
  }
}

/**
 * A run with watched mentions in it. A watched person or place followed by the rest of a headed name, or a
 * watched place after its "of", is part of that name ("Heydar Aliyev International Airport", "Azerbaijan
 * Airlines", "Ministry of Energy of Azerbaijan"); after a watched organisation, the rest is one of its bodies
 * ("SCO Business Council") and is left to the organisation; otherwise the watched mentions split the run.
 */
function classifyAroundWatched(tokens: Token[], ctx: Context): void {
  const head = headOf(tokens);
  const type = head.covered < 0 ? typeFromWords(tokens) : null;
  const first = tokens[0] as Token;
  const firstType = first.covered >= 0 ? ctx.covered[first.covered]?.type : undefined;
  const nestable = tokens.every(
    (t) =>
      t.covered < 0 ||
      ctx.covered[t.covered]?.type === "place" ||
      (t === first && ctx.covered[t.covered]?.type === "person"),
  );
  if (type !== null && nestable) {
    push(ctx, tokens, type);
    return;
  }
  if (
    (firstType === "organization" || firstType === "event") &&
    (type === "organization" || type === "event")
  ) {
    return;
  }
  splitAt(tokens, ctx, (t) => t.covered >= 0 || !t.cap);
}

function splitAt(tokens: Token[], ctx: Context, isBoundary: (t: Token) => boolean): void {
  let part: Token[] = [];
  const flush = (): void => {
    if (part.some((t) => t.cap)) classify(part, ctx);
    part = [];
  };
  for (const token of tokens) {
    if (isBoundary(token)) flush();
    else part.push(token);
  }
  flush();
}

function canonicalForm(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[’`´]/g, "'")
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/'s$/, "")
    .trim();
}

/** Headlines in Title Case capitalise every word, so capitalisation tells nothing there. */
function titleCased(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.8;
}

/** "Champions League" after "UEFA Champions League": a name that ends a longer one of the same type is it. */
function mergeShorterNames(byKey: Map<string, OtherName>): void {
  const keys = [...byKey.keys()];
  for (const key of keys) {
    const name = byKey.get(key) as OtherName;
    if (name.type === "person" || !key.includes(" ")) continue;
    const longer = keys.find(
      (other) => other !== key && other.endsWith(` ${key}`) && byKey.get(other)?.type === name.type,
    );
    if (!longer) continue;
    const target = byKey.get(longer) as OtherName;
    target.mentions.push(...name.mentions);
    name.mentions = [];
  }
}

export function findOtherNames(doc: { title: string; text: string }, covered: CoveredSpan[]): OtherNames {
  const spans: Span[] = [];
  const pending: Pending[] = [];
  for (const [field, source] of [
    ["title", doc.title],
    ["text", doc.text],
  ] as const) {
    if (source.length === 0) continue;
    const tokens = tokenize(source, field, covered);
    const ctx: Context = { source, field, tokens, covered, out: spans, pending };
    for (const run of runs(tokens)) classify(run, ctx);
  }
  const absorbed = new Set<number>();
  for (const span of spans) {
    const first = span.tokens[0] as Token;
    if (first.covered >= 0 && covered[first.covered]?.type === "person") absorbed.add(first.covered);
  }

  // Group by canonical name; people also under their surnames, acronyms under the names they abbreviate.
  const byKey = new Map<string, OtherName>();
  const shortForm = new Map<string, OtherName>();
  const sources = { title: doc.title, text: doc.text };
  // Longer names first so that "Huseynli" finds "Elnur Huseynli" wherever it stands in the text.
  const ordered = [...spans].sort((a, b) => b.tokens.length - a.tokens.length || a.start - b.start);
  for (const span of ordered) {
    const canonical = span.canonical ?? canonicalForm(span.text);
    const key = foldPattern(canonical);
    const mention = { text: span.text, start: span.start, end: span.end, field: span.field };
    let name = byKey.get(key) ?? (span.tokens.length === 1 ? shortForm.get(key) : undefined);
    if (name) name.mentions.push(mention);
    else {
      name = { canonical, type: span.type, mentions: [mention] };
      byKey.set(key, name);
    }
    if (span.type === "person" && span.tokens.length > 1) {
      const first = span.tokens[0] as Token;
      const last = span.tokens[span.tokens.length - 1] as Token;
      const surname = span.tokens.length === 2 && chineseSurnames.has(first.key) ? first : last;
      if (!shortForm.has(surname.key)) shortForm.set(surname.key, name);
    }
    if (span.type !== "person") {
      // "SCO Group" ... "SCO said": a name led by an acronym goes by the acronym.
      const lead = span.tokens[0] as Token;
      if (span.tokens.length > 1 && /^\p{Lu}{2,}$/u.test(lead.text) && !shortForm.has(lead.key)) {
        shortForm.set(lead.key, name);
      }
      // "Scotland (SCO)", "Azerbaijan Airlines (AZAL)": the acronym in parentheses after a name is its short form.
      const after = /^\s*\((\p{Lu}[\p{Lu}\p{N}&]{1,9})\)/u.exec(
        sources[span.field].slice(span.end, span.end + 14),
      );
      if (after) shortForm.set(foldPattern(after[1] as string), name);
    }
  }
  for (const { field, token } of pending) {
    const name = shortForm.get(token.key);
    if (name) name.mentions.push({ text: token.text, start: token.start, end: token.end, field });
  }
  mergeShorterNames(byKey);
  const headline = titleCased(doc.title);
  return {
    names: [...byKey.values()].filter(
      (n) => !(headline && n.type !== "place" && n.mentions.every((m) => m.field === "title")),
    ),
    absorbed,
  };
}
