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
  azerbaijaniSuffixes,
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
  /** The gazetteer's name for the place: spellings of one place (U.S., United States) group under it. */
  placeKey?: string;
}

/** A single unknown capitalised word: it counts only as the short form of a name found in the same article. */
interface Pending {
  field: Field;
  token: Token;
  /** The type it gets when no name of the article claims it. */
  fallback?: EntityType;
}

/** What classification needs besides the run: the field's text and tokens, the watched spans, the results. */
interface Context {
  source: string;
  field: Field;
  tokens: Token[];
  covered: CoveredSpan[];
  out: Span[];
  pending: Pending[];
  /** Whether the article is in English, where "not an English word" means something. */
  english: boolean;
  /** Whether the article is in Azerbaijani, where case suffixes attach to names. */
  azerbaijani: boolean;
}

/** Lowercase particles inside people's names. */
const nameParticles = new Set([
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
]);

/** Lowercase words that may stand inside a name. */
const connectors = new Set(["of", "for", "and", "the", "&", ...nameParticles]);

/** Words before a lone name that make it a place. */
const placePrepositions = new Set(["in", "at", "near", "via", "across", "outside", "inside", "into"]);
/** Lowercase words after a lone name that make it a place ("Jiangsu province", "the Alat free trade zone"). */
const placeNounsAfter =
  /^[ \u00a0]+(?:free[ -]trade[ -]|economic[ -]|industrial[ -])?(?:province|region|city|zone|district|county|oblast|prefecture|municipality|village|town|port|river|lake|valley|mountains|airport|state|corridor|route|complex|mosque|mausoleum|palace|park|square|street|avenue)s?\b/;
/** Lowercase words after a name that make it an organisation ("the Shanghai Electric group"). */
const organizationNounsAfter =
  /^[ \u00a0]+(?:group|company|firm|corporation|holding|concern|conglomerate|carrier|airline|operator|manufacturer|maker|producer|developer|bank|lender|insurer|broadcaster|newspaper|agency)\b/;
/** Verbs after a lone name that make it a person ("Juninho scored", "Wang said"). */
const personVerbsAfter =
  /^[ \u00a0]+(?:said|says|told|added|noted|stressed|stated|explained|recalled|wrote|scored|argued|insisted|warned|announced|confirmed|replied|praised|thanked|emphasized|emphasised|underlined|underscored)\b/;

const wordPattern = /[\p{L}\p{N}]+(?:(?:['’`.]|[-‐‑])[\p{L}\p{N}]+)*|&/gu;
const possessiveAfter = /^(?:['’`]s\b|s['’`](?!\p{L}))/u;
const sentenceBreak = /[.!?\n:"“”«»;|]/;

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
    // "SCO-related", "Beijing-based": a lowercase word hyphenated to a name is not part of it.
    let consumed = text.length;
    const lowerPart = /[-‐‑]\p{Ll}/u.exec(text);
    if (lowerPart && /^\p{Lu}/u.test(text)) {
      text = text.slice(0, lowerPart.index);
      consumed = text.length + 1;
      pattern.lastIndex = start + consumed;
    }
    // "U.S." keeps its last dot, and so does an initial ("John F. Kennedy"), which does not end a sentence.
    const initial =
      /^\p{Lu}$/u.test(text) &&
      source[start + 1] === "." &&
      /^ \p{Lu}/u.test(source.slice(start + 2, start + 4));
    if ((/^(?:\p{Lu}\.)+\p{Lu}$/u.test(text) || initial) && source[start + text.length] === ".") text += ".";
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
      sentenceStart:
        tokens.length === 0 ||
        sentenceBreak.test(gap) ||
        /^(?:\p{Lu}\.){2,}$/u.test(tokens.at(-1)?.text ?? ""),
      joined: joins(gap),
      covered: -1,
      index: tokens.length,
    });
    previousEnd = Math.max(start + consumed, start + text.length);
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
    } else if (
      continues &&
      (connectors.has(token.key) || (token.key === "on" && headWord(current.at(-1)?.key ?? ""))) &&
      connectorLeadsToName(tokens, i)
    ) {
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
  // "Secretary-General", "Director-General", "Vice-President": a hyphenated office starts with a title.
  return personTitles.has(token.key) || personTitles.has(token.key.split(" ")[0] ?? "");
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
  // "Masdar of the United Arab Emirates" is not a place: after "of", the head alone tells.
  const ofPhrase = tokens.some((t) => !t.cap && t.key !== "and" && t.key !== "&");
  // "Convention and Exhibition Center": in names joined by "and", the last word is the head.
  const andPhrase = !ofPhrase && tokens.some((t) => !t.cap);
  for (const token of ofPhrase ? [head] : andPhrase ? [last, head] : [head, last]) {
    if (token.covered >= 0) continue;
    if (organizationWords.has(token.key)) return "organization";
    if (eventWords.has(token.key)) return "event";
    if (placeWords.has(token.key)) return "place";
  }
  if (tokens.length > 1 && tokens.some((t) => t.covered < 0 && organizationWords.has(t.key)))
    return "organization";
  return null;
}

/** Whether capitalised words are a person's name; `english` allows the "no English words" cue. */
function looksLikePerson(tokens: Token[], english: boolean): boolean {
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (tokens.some((t) => t.covered >= 0 || !t.cap || !/^[\p{L}'’.-]+$/u.test(t.text) || notAName(t.key)))
    return false;
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  if (tokens.some((t) => isMajorPlace(t.key) || isDemonym(t.key))) return givenNames.has(first.key);
  if (givenNames.has(first.key) || surnameEndings.test(last.key)) return true;
  if (tokens.length === 2 && chineseSurnames.has(first.key)) return true;
  // In English text, words that are neither English words nor places are most often a person's names.
  return english && tokens.every((t) => !isCommonWord(t.key) && !isMajorPlace(t.key));
}

function push(ctx: Context, tokens: Token[], type: EntityType, placeKey?: string): void {
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  ctx.out.push({
    field: ctx.field,
    tokens,
    type,
    start: first.start,
    end: last.end,
    text: ctx.source.slice(first.start, last.end),
    ...(placeKey !== undefined ? { placeKey } : {}),
  });
}

/** "Bakıda", "Gəncəyə": in an Azerbaijani article, a place name with a case suffix. */
function azerbaijaniPlace(tokens: Token[], ctx: Context): string | null {
  const only = tokens.length === 1 ? (tokens[0] as Token) : undefined;
  if (!only || !ctx.azerbaijani) return null;
  for (let cut = 1; cut <= 5 && cut < only.key.length - 2; cut++) {
    if (!azerbaijaniSuffixes.has(only.key.slice(-cut))) continue;
    const place = placeName(only.key.slice(0, -cut)) ?? placeName(only.key.slice(0, -cut).replace(/y$/, ""));
    if (place !== null) return place;
  }
  return null;
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
    else if (isTitle(first) && rest.length > 0 && !(rest[0] as Token).cap && !personCue) {
      // "Chairman of the State Customs Committee of Azerbaijan": the office's organisation follows; a name at
      // the end ("Minister of Economy Mikayil Jabbarov") is a person, the rest is looked at without the title.
      const person = trailingPersonAfterTitle(tokens);
      if (person > 0) {
        classify(tokens.slice(0, person), ctx);
        classify(tokens.slice(person), ctx, true);
        return;
      }
      drop = true;
    } else if (
      isTitle(first) &&
      rest.length > 0 &&
      !(rest.length === 1 && headWord((rest[0] as Token).key))
    ) {
      drop = true;
      personCue = true;
    } else if (isDemonym(first.key) && rest.length > 0) {
      const restType = typeFromWords(rest);
      const place = placeName(`${first.key} ${(rest[0] as Token).key}`);
      drop = restType !== "organization" && restType !== "event" && place === null;
    } else if (personCue) {
      // After a title, the words of the office go ("Minister of Economy Mikayil Jabbarov", "Secretary of State
      // Antony Blinken") while two words remain for the name.
      drop = rest.length >= 2 && (isCommonWord(first.key) || notAName(first.key)) && !personWord(first);
    } else if (
      first.sentenceStart &&
      rest.length > 0 &&
      isCommonWord(first.key) &&
      !nameStarters.has(first.key) &&
      !headWord(first.key) &&
      !givenNames.has(first.key) &&
      !(chineseSurnames.has(first.key) && rest.length === 1 && !isCommonWord((rest[0] as Token).key)) &&
      placeName(first.key) === null
    ) {
      // "Commonwealth Games" stays whole: a common word directly before the rest of a headed name is its first word.
      drop = !((rest[0] as Token).cap && typeFromWords(tokens) !== null);
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
    named.some(personWord)
  ) {
    let left = tokens.slice(0, lastTitle);
    while (left.length > 0 && isTitle(left[left.length - 1] as Token)) left = left.slice(0, -1);
    if (left.length > 0) classify(left, ctx);
    classify(tokens.slice(lastTitle + 1), ctx, true);
    return;
  }

  // A title further back ("Senior Adviser for Caucasus Negotiations Louis Bono"): the trailing name is a person.
  const person = trailingPersonAfterTitle(tokens);
  if (person > 0) {
    classify(tokens.slice(0, person), ctx);
    classify(tokens.slice(person), ctx, true);
    return;
  }
  // "U.S. Senior Adviser ...", "the ambassador of France Anne Boillon": a place before a title or a person's
  // name is a name of its own.
  const leader = tokens[0] as Token;
  const afterLeader = tokens.slice(1);
  if (
    tokens.length > 1 &&
    leader.covered < 0 &&
    placeName(leader.key) !== null &&
    (isTitle(afterLeader[0] as Token) ||
      (afterLeader.length >= 2 && looksLikePerson(afterLeader, ctx.english)))
  ) {
    push(ctx, [leader], "place", placeName(leader.key) ?? undefined);
    classify(tokens.slice(1), ctx);
    return;
  }
  // "Nargiz Aliyeva of the Azerbaijan University of Languages": a person, then the organisation.
  const of = tokens.findIndex((t) => t.key === "of");
  if (
    of >= 2 &&
    looksLikePerson(tokens.slice(0, of), ctx.english) &&
    typeFromWords(tokens.slice(0, of)) === null
  ) {
    push(ctx, tokens.slice(0, of), "person");
    classify(tokens.slice(of + 1), ctx);
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
    // "Thomas de Waal", "Ursula von der Leyen": name particles between capitalised names.
    if (
      type === null &&
      tokens.every((t) => t.cap || nameParticles.has(t.key)) &&
      looksLikePerson(
        tokens.filter((t) => t.cap),
        ctx.english,
      )
    ) {
      push(ctx, tokens, "person");
      return;
    }
    if (type === null) splitAt(tokens, ctx, (t) => !t.cap);
    else push(ctx, tokens, type);
    return;
  }
  if (type !== null) {
    // A head word alone ("Power", "Council") is a common noun, not a name.
    if (tokens.length > 1) push(ctx, tokens, type);
    return;
  }
  const place = placeName(foldPattern(tokens.map((t) => t.text).join(" "))) ?? azerbaijaniPlace(tokens, ctx);
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
    // After a title, the name is the trailing words that are names ("Caucasus Negotiations Louis Bono").
    let start = tokens.length;
    while (start > 0 && personWord(tokens[start - 1] as Token)) start--;
    if (start === 0 || tokens.length - start >= 2) {
      if (start > 0) classify(tokens.slice(0, start), ctx);
      push(ctx, tokens.slice(start), "person");
      return;
    }
  }
  if (looksLikePerson(tokens, ctx.english)) {
    push(ctx, tokens, "person");
    return;
  }
  const lead = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  if (
    tokens.length > 1 &&
    ctx.english &&
    organizationNounsAfter.test(ctx.source.slice(last.end, last.end + 30))
  ) {
    // "the Shanghai Electric group": a lowercase company word after the name.
    push(ctx, tokens, "organization");
    return;
  }
  if (tokens.length === 1) classifySingle(lead, ctx);
  else if (!ctx.english && tokens.every((t) => t.cap && t.covered < 0)) {
    // Outside English, a run nothing typed may still hold a place with a case suffix ("Görüş Bakıda").
    for (const token of tokens) classify([token], ctx);
  } else if (/^\p{Lu}{3,}$/u.test(lead.text) && placeName(lead.key) === null) {
    // "COSCO Shipping", "UNESCO World Heritage": an acronym leading capitalised words is an organisation.
    push(ctx, tokens, "organization");
  }
}

/** Whether the words on one side of an "and" make a name by themselves ("Azerbaijan Export" does not). */
function completeName(left: Token[], english: boolean): boolean {
  const only = left.length === 1 ? (left[0] as Token) : undefined;
  if (only && (only.covered >= 0 || /^\p{Lu}{2,}$/u.test(only.text))) return true;
  if (only && !isCommonWord(only.key) && !notAName(only.key)) return true;
  if (headOf(left).covered < 0 && typeFromWords(left) !== null) return true;
  if (left.some((t) => t.covered >= 0)) return false;
  return placeName(foldPattern(left.map((t) => t.text).join(" "))) !== null || looksLikePerson(left, english);
}

/** A word that can be part of a person's name: not an English word, unless a known given name or surname. */
function personWord(t: Token): boolean {
  return !isCommonWord(t.key) || givenNames.has(t.key) || chineseSurnames.has(t.key);
}

/**
 * Where a person's name starts at the end of a run that has a title further back ("U.S. Senior Adviser for
 * Caucasus Negotiations Louis Bono"): the trailing words that are names rather than English words; 0 when none.
 */
function trailingPersonAfterTitle(tokens: Token[]): number {
  const title = tokens.findIndex((t) => isTitle(t));
  if (title < 0) return 0;
  let start = tokens.length;
  while (start > title + 1) {
    const t = tokens[start - 1] as Token;
    const nameLike =
      t.cap &&
      t.covered < 0 &&
      !notAName(t.key) &&
      !headWord(t.key) &&
      (!isCommonWord(t.key) || givenNames.has(t.key));
    if (!nameLike || tokens.length - start >= 3) break;
    start--;
  }
  const named = tokens.length - start;
  if (named < 2 || start <= title + 1) return 0;
  const before = tokens[start - 1] as Token;
  const endsOffice =
    before.covered >= 0 ||
    isCommonWord(before.key) ||
    notAName(before.key) ||
    isTitle(before) ||
    headWord(before.key);
  return before.cap && endsOffice ? start : 0;
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
    // "Meijiang Convention and Exhibition Center" is one name: a common word after a bare "and" continues it,
    // while "and the ..." or a name-like word starts another ("... and the Bank of China", "... and Azerconnect").
    const first = right[0];
    const startsAnother =
      begin > i + 1 ||
      tokens.slice(0, i).some((t) => t.key === "of") ||
      (first !== undefined &&
        (first.covered >= 0 || !isCommonWord(first.key) || /^\p{Lu}{2,}$/u.test(first.text)));
    if (
      startsAnother &&
      right.length > 0 &&
      completeName(right, ctx.english) &&
      completeName(tokens.slice(0, i), ctx.english)
    ) {
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
  if (!previous || previous.covered >= 0) return false;
  if (placePrepositions.has(previous.key)) return true;
  if (previous.cap) return false;
  if (previous.key !== "and" && previous.key !== "or") return false;
  const before = ctx.tokens[token.index - 2];
  return before?.cap === true && before.covered < 0 && afterPlacePreposition(ctx, before);
}

function abbreviatesLowercaseWords(source: string, token: Token): boolean {
  if (source[token.start - 1] !== "(") return false;
  const words = source
    .slice(Math.max(0, token.start - 80), token.start - 1)
    .trim()
    .split(/\s+/);
  const letters = token.text.toLowerCase();
  const initials = words
    .slice(-letters.length)
    .map((w) => w[0] ?? "")
    .join("");
  return initials === letters && words.slice(-letters.length).every((w) => /^\p{Ll}/u.test(w));
}

/** "Baku, Ganja and Shusha": a word listed next to a known place is a place. */
function listedWithPlace(ctx: Context, token: Token): boolean {
  // A place standing alone: not inside a longer capitalised name ("Rovshan Najaf", "China Datang").
  const alone = (t: Token): boolean => {
    const before = ctx.tokens[t.index - 1];
    const after = ctx.tokens[t.index + 1];
    return !(before?.cap && t.joined) && !(after?.cap && after.joined);
  };
  const isPlace = (t: Token | undefined): boolean => {
    if (!t?.cap || !alone(t)) return false;
    return t.covered >= 0 ? ctx.covered[t.covered]?.type === "place" : placeName(t.key) !== null;
  };
  const separated = (a: Token, b: Token): boolean => /^,\s*$/.test(ctx.source.slice(a.end, b.start));
  const previous = ctx.tokens[token.index - 1];
  const next = ctx.tokens[token.index + 1];
  if (previous && separated(previous, token) && isPlace(previous)) return true;
  if (next && separated(token, next) && isPlace(next)) return true;
  const conjunction = (t: Token | undefined): boolean =>
    t !== undefined && (t.key === "and" || t.key === "or");
  if (conjunction(previous) && isPlace(ctx.tokens[token.index - 2])) return true;
  return conjunction(next) && isPlace(ctx.tokens[token.index + 2]);
}

/** One capitalised word that no list knows: typed by the words around it, else kept as a possible short form. */
function classifySingle(only: Token, ctx: Context): void {
  if (isDemonym(only.key) || notAName(only.key)) return;
  if (/^\p{Lu}[\p{Lu}\p{N}&]{1,7}$/u.test(only.text) && !/^[IVXLC]+$/.test(only.text)) {
    // "a senior investigating officer (SIO)": an abbreviation of common words is no name.
    if (!abbreviatesLowercaseWords(ctx.source, only)) push(ctx, [only], "organization");
    return;
  }
  if (only.sentenceStart && isCommonWord(only.key)) return;
  // The cues below are English words.
  if (!ctx.english) {
    ctx.pending.push({ field: ctx.field, token: only });
    return;
  }
  const after = ctx.source.slice(only.end, only.end + 40);
  if ((afterPlacePreposition(ctx, only) || listedWithPlace(ctx, only)) && !isCommonWord(only.key)) {
    push(ctx, [only], "place");
  } else if (placeNounsAfter.test(after) && !isCommonWord(only.key)) {
    push(ctx, [only], "place");
  } else if (personVerbsAfter.test(after) && !isCommonWord(only.key) && !only.possessive) {
    push(ctx, [only], "person");
  } else if (surnameEndings.test(only.key) && !only.sentenceStart) {
    push(ctx, [only], "person");
  } else if (
    ctx.english &&
    !only.sentenceStart &&
    !isCommonWord(only.key) &&
    !only.possessive &&
    only.key.length >= 3
  ) {
    // A word no list knows, mid-sentence ("with Novell", "Azertac reported"): most often a company or an
    // agency; a later full name can still claim it as a short form.
    ctx.pending.push({ field: ctx.field, token: only, fallback: "organization" });
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
  splitAt(tokens, ctx, (t) => t.covered >= 0);
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

/** English text has its function words everywhere: about one word in five is one of these. */
function isEnglish(text: string): boolean {
  const words = text.match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return false;
  const functionWords = words.filter((w) =>
    /^(?:the|of|and|to|in|a|is|was|for|on|that|with|by|at|as)$/i.test(w),
  );
  return functionWords.length / words.length >= 0.08;
}

/** Headlines in Title Case capitalise every word, so capitalisation tells nothing there. */
function titleCased(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 3) return false;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.8;
}

/** Words that only mark a name as a company or a club ("Qarabag FC", "Kolin Group"). */
const legalSuffixes = new Set([
  "fc",
  "group",
  "holding",
  "holdings",
  "inc",
  "ltd",
  "plc",
  "llc",
  "corp",
  "co",
  "sa",
  "ag",
  "gmbh",
  "jsc",
  "ojsc",
  "cjsc",
]);

/**
 * "Champions League" after "UEFA Champions League": a name that ends a longer one of the same type is it; and
 * "Qarabag" beside "Qarabag FC" is the club.
 */
function mergeShorterNames(byKey: Map<string, OtherName>): void {
  const keys = [...byKey.keys()];
  for (const key of keys) {
    const name = byKey.get(key) as OtherName;
    const company = keys.find((other) => {
      const suffix = other.startsWith(`${key} `) ? other.slice(key.length + 1) : "";
      return legalSuffixes.has(suffix) && byKey.get(other)?.type === "organization";
    });
    if (company) {
      (byKey.get(company) as OtherName).mentions.push(...name.mentions);
      name.mentions = [];
      continue;
    }
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
  const english = isEnglish(doc.text.length > 0 ? doc.text : doc.title);
  const azerbaijani = /[əƏ]/u.test(doc.text) || /[əƏ]/u.test(doc.title);
  for (const [field, source] of [
    ["title", doc.title],
    ["text", doc.text],
  ] as const) {
    if (source.length === 0) continue;
    const tokens = tokenize(source, field, covered);
    const ctx: Context = { source, field, tokens, covered, out: spans, pending, english, azerbaijani };
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
    // Other names keep the article's spelling; of several spellings of one place, the longest; an inflected
    // Russian or Azerbaijani place name ("в Москве", "Bakıda") goes under the gazetteer's name.
    const inflectedPlace =
      span.placeKey !== undefined && (/\p{Script=Cyrillic}/u.test(span.text) || azerbaijani);
    const canonical = inflectedPlace ? (span.placeKey as string) : canonicalForm(span.text);
    const key = foldPattern(span.placeKey ?? canonical);
    const mention = { text: span.text, start: span.start, end: span.end, field: span.field };
    let name = byKey.get(key) ?? (span.tokens.length === 1 ? shortForm.get(key) : undefined);
    if (name) {
      name.mentions.push(mention);
      if (span.placeKey !== undefined && canonical.length > name.canonical.length) name.canonical = canonical;
    } else {
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
      // "Scottish Chamber Orchestra" ... "the SCO", "European Union" ... "the EU": initials stand for the name.
      const capitals = span.tokens.filter((t) => t.cap);
      if (capitals.length >= 3 || (capitals.length === 2 && span.tokens.length === 2)) {
        const initials = foldPattern(capitals.map((t) => t.text[0]).join(""));
        if (!shortForm.has(initials)) shortForm.set(initials, name);
      }
      // "Scotland (SCO)", "Azerbaijan Airlines (AZAL)": the acronym in parentheses after a name is its short form.
      const after = /^\s*\((\p{Lu}[\p{Lu}\p{N}&]{1,9})\)/u.exec(
        sources[span.field].slice(span.end, span.end + 14),
      );
      if (after) shortForm.set(foldPattern(after[1] as string), name);
    }
  }
  for (const { field, token, fallback } of pending) {
    const mention = { text: token.text, start: token.start, end: token.end, field };
    const name = shortForm.get(token.key) ?? byKey.get(token.key);
    if (name) name.mentions.push(mention);
    else if (fallback) {
      const created: OtherName = {
        canonical: canonicalForm(token.text),
        type: fallback,
        mentions: [mention],
      };
      byKey.set(token.key, created);
    }
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
