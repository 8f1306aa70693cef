// Entity finding: an article's title and text in, the entities it names out, sorted by salience.
// Watchlist entities are found by one Aho-Corasick pass over the folded text (every name, alias and acronym of
// every entity at once); each acronym mention is decided on its own, from its context (judgeAcronyms;
// explainAcronyms gives the reasons in words); short forms ("Aliyev", "President Xi", "the Organization") resolve
// to an entity named in the same article; in Chinese and Japanese a name matches whole words only (segments.ts).
// Names the watchlist does not know come from the trained tagger (names.ts). Pure and synchronous: find() does
// not fail on any input; a bad watchlist is rejected earlier, by its zod schema; the first construction in a
// process loads the gazetteer and the word list (and fails only if those packages are missing).
import type { EntityType, WatchlistEntity } from "../../config/watchlist-schema.ts";
import { Automaton, type Hit } from "./automaton.ts";
import { isCommonWord } from "./english.ts";
import { foldPattern, foldText, isUnspacedScript, isWordChar } from "./fold.ts";
import { loadGazetteer } from "./gazetteer.ts";
import { azerbaijaniSuffixes, notAName, personTitles, surnameFirst } from "./lexicon.ts";
import { type CoveredSpan, findOtherNames } from "./names.ts";
import { wordBoundaries } from "./segments.ts";

export interface Mention {
  text: string;
  start: number;
  end: number;
  field: "title" | "text";
}

export interface FoundEntity {
  id: string | null;
  canonical: string;
  type: EntityType;
  watched: boolean;
  count: number;
  /** Offset of the first mention in reading order (title, then text), within that mention's field. */
  firstOffset: number;
  inTitle: boolean;
  mentions: Mention[];
}

/** Why one mention of a watched acronym was linked to its entity or not ("SCO Group" is a company). */
export interface AcronymDecision {
  entityId: string;
  mention: Mention;
  linked: boolean;
  /** In words: "context in its sentence: 'summit', 'Astana'", "company marker 'Group' after it". */
  reason: string;
}

export interface EntityMatcher {
  find(doc: { title: string; text: string }): FoundEntity[];
  /** The decisions find() makes on each watched-acronym mention, in reading order, with their reasons (find()
   * never builds them). */
  explainAcronyms(doc: { title: string; text: string }): AcronymDecision[];
}

/**
 * name: a full name or alias, links on sight. acronym: case-sensitive, links when the article supports it.
 * short: a person's surname, links when the article names the person in full or a title precedes it.
 * anaphor: "the Organization", "the Foundation": links to the last such watched organisation named before it.
 * context: a context word of the entity; never a mention, only support for its acronyms.
 */
type PatternKind = "name" | "acronym" | "short" | "anaphor" | "context";

interface Pattern {
  entity: number;
  kind: PatternKind;
  /** The pattern as written (acronyms are checked against it case-sensitively). */
  surface: string;
  /** An Azerbaijani-spelled alias: case suffixes attach to it (Azərbaycanın, Heydər Əliyev Fondunun). */
  agglutinative: boolean;
}

interface Candidate {
  entity: number;
  kind: PatternKind;
  field: "title" | "text";
  start: number;
  end: number;
  /** Reading-order position: title offsets first, then text offsets after them. */
  order: number;
}

/** A context word of an entity found in the article: support for the entity's acronyms. */
interface ContextHit {
  entity: number;
  field: "title" | "text";
  start: number;
  end: number;
}

/**
 * Capitalised words after an acronym that make that mention a company's name ("SCO Group", "SCO Inc.", "SCO AG").
 * Lower-case words never do: "SCO co-operation", "the SCO share of world trade", "the CPAFFC group".
 */
const companyMarkers = new Set([
  "Group",
  "Inc",
  "Incorporated",
  "Ltd",
  "Limited",
  "LLC",
  "LLP",
  "LP",
  "PLC",
  "Plc",
  "Corp",
  "Corporation",
  "Holding",
  "Holdings",
  "AG",
  "SA",
  "S.A",
  "SE",
  "NV",
  "N.V",
  "BV",
  "B.V",
  "AB",
  "ASA",
  "GmbH",
  "Co",
]);
/** A capitalised word (or "S.A.") right after the acronym on the same line, not going on with a hyphen. */
const wordAfterAcronym = /^[ \u00a0]+(\p{Lu}(?:\.\p{Lu}|[\p{L}])*)(\.?)(?![\p{L}\p{N}-])/u;
/** A stock-exchange ticker: "NYSE: SCO", "NYSEArca:SCO", "ticker SCO", "symbol: SCO", "$SCO". */
const tickerBefore =
  /(?:\b(?:NYSE(?: ?Arca|ARCA)?|NASDAQ|Nasdaq|AMEX|LSE|OTC|TSX|ASX|HKEX)\s*[:\s]\s*|\b[Tt]icker(?: [Ss]ymbol)?\s*:?\s*|\b[Ss]ymbol\s*:?\s*|\$)$/u;
/** A Reuters instrument code in parentheses: "(SCO.L)", "(SCO.N)". */
const instrumentCodeAfter = /^\.[A-Z]{1,2}\)/;
/** Where a sentence ends: terminal punctuation (and closing quotes or brackets) before a space, or a line break. */
const sentenceEnd = /[.!?…。！？]["'”’)\]]*(?:\s|$)|[。！？]|\n/gu;

/** Spelling variants generated for every name so the watchlist need not list them. */
function variants(name: string): string[] {
  const out = new Set([name]);
  const swaps: [RegExp, string][] = [
    [/organization/gi, "organisation"],
    [/organisation/gi, "organization"],
    [/\bcenter\b/gi, "centre"],
    [/\bcentre\b/gi, "center"],
    [/\bcooperation\b/gi, "co-operation"],
  ];
  for (const [from, to] of swaps) {
    for (const v of [...out]) out.add(v.replace(from, to));
  }
  for (const v of [...out]) {
    out.add(v.replace(/['’]s\b/g, "s"));
    if (/^the\s/i.test(v)) out.add(v.replace(/^the\s+/i, ""));
  }
  return [...out];
}

const organizationHeads = [
  "organization",
  "organisation",
  "foundation",
  "association",
  "center",
  "centre",
  "secretariat",
  "initiative",
  "institute",
  "university",
  "ministry",
  "committee",
  "council",
  "company",
  "corporation",
  "agency",
  "fund",
  "union",
  "forum",
  "bank",
  "commission",
  "academy",
  "party",
];

function headNouns(entity: WatchlistEntity): string[] {
  if (entity.type === "person") return [];
  const words = foldPattern(entity.name).split(" ");
  const heads = new Set<string>();
  for (const word of words) {
    if (organizationHeads.includes(word)) {
      heads.add(word);
      break;
    }
  }
  if (entity.type === "event" && words.length > 1) {
    const last = words[words.length - 1];
    if (last && ["summit", "forum", "conference", "initiative", "games"].includes(last)) heads.add(last);
  }
  for (const head of [...heads]) {
    if (head === "organization") heads.add("organisation");
    if (head === "organisation") heads.add("organization");
    if (head === "center") heads.add("centre");
    if (head === "centre") heads.add("center");
  }
  return [...heads];
}

function shortForms(entity: WatchlistEntity): string[] {
  if (entity.type !== "person") return [];
  const words = entity.name.split(/\s+/);
  if (words.length < 2) return [];
  const first = words[0] as string;
  const last = words[words.length - 1] as string;
  const forms = new Set<string>();
  forms.add(surnameFirst(entity.name) ? first : last);
  for (const alias of entity.aliases) {
    const aliasWords = alias.split(/\s+/);
    if (aliasWords.length < 2 || !/^\p{Script=Latin}/u.test(alias)) continue;
    forms.add(
      surnameFirst(alias) ? (aliasWords[0] as string) : (aliasWords[aliasWords.length - 1] as string),
    );
  }
  return [...forms];
}

export function createEntityMatcher(entities: WatchlistEntity[]): EntityMatcher {
  // The gazetteer and the word list load once per process (under a second); later builds take milliseconds.
  loadGazetteer();
  isCommonWord("the");
  const automaton = new Automaton();
  const patterns: Pattern[] = [];
  const seen = new Set<string>();
  const add = (entity: number, kind: PatternKind, surface: string): void => {
    const folded = foldPattern(surface);
    if (folded.length === 0) return;
    const key = `${entity}\u0000${kind}\u0000${folded}\u0000${kind === "acronym" ? surface : ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    patterns.push({ entity, kind, surface, agglutinative: /[əƏıİşŞçÇğĞ]/u.test(surface) });
    automaton.add(folded, patterns.length - 1);
  };
  entities.forEach((entity, index) => {
    for (const name of [entity.name, ...entity.aliases])
      for (const v of variants(name)) add(index, "name", v);
    for (const acronym of entity.acronyms) add(index, "acronym", acronym);
    for (const form of shortForms(entity)) add(index, "short", form);
    for (const head of headNouns(entity)) add(index, "anaphor", `the ${head}`);
    for (const word of entity.context) add(index, "context", word);
  });
  automaton.build();

  /** Every watched-name candidate in reading order, and the context words seen. */
  const collect = (doc: {
    title: string;
    text: string;
  }): { candidates: Candidate[]; context: ContextHit[] } => {
    const fields = [
      { field: "title" as const, source: doc.title, base: 0 },
      { field: "text" as const, source: doc.text, base: doc.title.length + 1 },
    ];
    const candidates: Candidate[] = [];
    const context: ContextHit[] = [];
    for (const { field, source, base } of fields) {
      if (source.length === 0) continue;
      const folded = foldText(source);
      const words = wordBoundaries(folded.folded);
      const accepted: Hit[] = [];
      for (const hit of automaton.search(folded.folded)) {
        const pattern = patterns[hit.payload] as Pattern;
        if (!words.around(hit.start, hit.end)) continue;
        if (!onWordBoundaries(folded.folded, hit)) {
          const suffix = pattern.agglutinative ? azerbaijaniSuffix(folded.folded, hit) : 0;
          if (suffix === 0) continue;
          hit.end += suffix;
        }
        const start = folded.starts[hit.start] as number;
        const end = folded.ends[hit.end - 1] as number;
        if (pattern.kind === "context") {
          context.push({ entity: pattern.entity, field, start, end });
          continue;
        }
        if (!surfaceAllowed(pattern, source.slice(start, end))) continue;
        if (pattern.kind === "short" && (otherGivenNameBefore(source, start) || otherNameAfter(source, end)))
          continue;
        // "the Organization of Turkic States" starts a name; it does not refer back.
        if (
          pattern.kind === "anaphor" &&
          /^\s+(?:of|for)\s+(?:the\s+)?\p{Lu}/u.test(source.slice(end, end + 40))
        ) {
          continue;
        }
        accepted.push(hit);
      }
      // Longest match wins; among equal lengths, the earlier one.
      accepted.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
      const pushCandidate = (hit: Hit): void => {
        const pattern = patterns[hit.payload] as Pattern;
        const start = folded.starts[hit.start] as number;
        const end = folded.ends[hit.end - 1] as number;
        candidates.push({
          entity: pattern.entity,
          kind: pattern.kind,
          field,
          start,
          end,
          order: base + start,
        });
      };
      const taken = new Uint8Array(folded.folded.length);
      // Same span, different entities ("Aliyev" is a short form of several people): all stay for resolution.
      let last: Hit | undefined;
      for (const hit of accepted) {
        if (last && last.start === hit.start && last.end === hit.end) {
          pushCandidate(hit);
          continue;
        }
        let free = true;
        for (let i = hit.start; i < hit.end; i++) {
          if (taken[i]) {
            free = false;
            break;
          }
        }
        if (!free) continue;
        taken.fill(1, hit.start, hit.end);
        pushCandidate(hit);
        last = hit;
      }
    }
    candidates.sort((a, b) => a.order - b.order);
    return { candidates, context };
  };

  const find = (doc: { title: string; text: string }): FoundEntity[] => {
    const { candidates, context } = collect(doc);
    let resolved = resolveCandidates(candidates, entities, doc, context);
    let others = findOtherNames(doc, coveredSpans(resolved, entities));
    if (others.absorbed.size > 0) {
      // A watched person's name that only starts a longer name ("Heydar Aliyev International Airport") does
      // not name the person, so it cannot anchor short forms either: resolve again without it.
      // The recogniser still sees it as a watched name, so it reads the longer name the same way again.
      const absorbed = resolved.filter((_, index) => others.absorbed.has(index));
      const dropped = new Set(absorbed.map(({ candidate }) => candidate));
      resolved = resolveCandidates(
        candidates.filter((c) => !dropped.has(c)),
        entities,
        doc,
        context,
      );
      others = findOtherNames(doc, coveredSpans([...resolved, ...absorbed], entities));
    }
    const found = new Map<string, FoundEntity>();
    resolved.forEach(({ entity, candidate }, index) => {
      if (others.absorbed.has(index)) return;
      const watched = entities[entity] as WatchlistEntity;
      const source = candidate.field === "title" ? doc.title : doc.text;
      addMention(found, watched.id, watched.id, watched.name, watched.type, true, {
        text: source.slice(candidate.start, candidate.end),
        start: candidate.start,
        end: candidate.end,
        field: candidate.field,
      });
    });
    for (const other of others.names) {
      for (const mention of other.mentions) {
        addMention(
          found,
          `${other.type}\u0000${other.canonical}`,
          null,
          other.canonical,
          other.type,
          false,
          mention,
        );
      }
    }
    for (const entity of found.values()) {
      entity.mentions.sort((a, b) => readingOrder(a) - readingOrder(b));
      entity.firstOffset = (entity.mentions[0] as Mention).start;
    }
    return [...found.values()].sort(bySalience);
  };

  const explainAcronyms = (doc: { title: string; text: string }): AcronymDecision[] => {
    const { candidates, context } = collect(doc);
    const verdicts = judgeAcronyms(candidates, entities, doc, context);
    return candidates.flatMap((candidate) => {
      const verdict = verdicts.get(candidate);
      if (!verdict) return [];
      const source = candidate.field === "title" ? doc.title : doc.text;
      return {
        entityId: (entities[candidate.entity] as WatchlistEntity).id,
        mention: {
          text: source.slice(candidate.start, candidate.end),
          start: candidate.start,
          end: candidate.end,
          field: candidate.field,
        },
        linked: verdict.linked,
        reason: describeVerdict(verdict, doc),
      };
    });
  };
  return { find, explainAcronyms };
}

/** Length of an Azerbaijani suffix that ends the word right after the hit, 0 when there is none. */
function azerbaijaniSuffix(folded: string, hit: Hit): number {
  if (!isWordChar(folded[hit.end - 1]) || (hit.start > 0 && isWordChar(folded[hit.start - 1]))) return 0;
  let end = hit.end;
  while (end < folded.length && end - hit.end <= 6 && isWordChar(folded[end])) end++;
  if (isWordChar(folded[end])) return 0;
  return azerbaijaniSuffixes.has(folded.slice(hit.end, end)) ? end - hit.end : 0;
}

function coveredSpans(
  resolved: { entity: number; candidate: Candidate }[],
  entities: WatchlistEntity[],
): CoveredSpan[] {
  return resolved.map(({ entity, candidate }) => ({
    field: candidate.field,
    start: candidate.start,
    end: candidate.end,
    type: (entities[entity] as WatchlistEntity).type,
  }));
}

function onWordBoundaries(folded: string, hit: Hit): boolean {
  const first = folded[hit.start];
  const last = folded[hit.end - 1];
  const before = folded[hit.start - 1];
  const after = folded[hit.end];
  if (isWordChar(first) && isWordChar(before) && !(isUnspacedScript(first) || isUnspacedScript(before))) {
    return false;
  }
  if (isWordChar(last) && isWordChar(after) && !(isUnspacedScript(last) || isUnspacedScript(after)))
    return false;
  // "Xi'an" is not "Xi": an apostrophe that goes on with letters other than a possessive s continues the word.
  if (after === "'" && isWordChar(folded[hit.end + 1])) {
    return folded[hit.end + 1] === "s" && !isWordChar(folded[hit.end + 2]);
  }
  return true;
}

/** Case checks that folding cannot make: acronyms as written, short forms and anaphors capitalised. */
function surfaceAllowed(pattern: Pattern, original: string): boolean {
  switch (pattern.kind) {
    case "acronym":
      return original === pattern.surface || original.replace(/\./g, "") === pattern.surface;
    case "short":
      return /^\p{Lu}/u.test(original);
    case "anaphor": {
      const head = original.split(/\s+/).pop() ?? "";
      return /^\p{Lu}/u.test(head);
    }
    default:
      return true;
  }
}

function resolveCandidates(
  candidates: Candidate[],
  entities: WatchlistEntity[],
  doc: { title: string; text: string },
  context: ContextHit[],
): { entity: number; candidate: Candidate }[] {
  const acronyms = judgeAcronyms(candidates, entities, doc, context);
  const out: { entity: number; candidate: Candidate }[] = [];
  const accepted: Candidate[] = [];
  for (const c of candidates) {
    if (c.kind === "name" || (c.kind === "acronym" && acronyms.get(c)?.linked)) {
      out.push({ entity: c.entity, candidate: c });
      accepted.push(c);
    }
  }
  const fullyNamed = new Set(accepted.map((c) => c.entity));
  // Short forms and anaphors resolve against the entities named in full (nearest before, else nearest after).
  const sameForm = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.kind !== "short" && c.kind !== "anaphor") continue;
    const source = c.field === "title" ? doc.title : doc.text;
    const key = `${c.kind}\u0000${foldPattern(source.slice(c.start, c.end))}\u0000${c.field}\u0000${c.start}`;
    const list = sameForm.get(key) ?? [];
    list.push(c);
    sameForm.set(key, list);
  }
  for (const group of sameForm.values()) {
    const first = group[0] as Candidate;
    const source = first.field === "title" ? doc.title : doc.text;
    let options = group.filter((c) => fullyNamed.has(c.entity));
    if (first.kind === "anaphor") {
      // "The Organization" looks back only, and not past another organisation of that kind named in between
      // ("the Organization of Turkic States ... The Organization's Secretary General").
      options = options.filter((option) => {
        const antecedent = lastBefore(accepted, option);
        return antecedent !== undefined && !competingName(doc, antecedent, option, candidates, accepted);
      });
    }
    let chosen: Candidate | undefined;
    if (options.length > 0) {
      chosen = nearest(options, accepted);
    } else if (first.kind === "short" && precededByTitle(source, first.start)) {
      // "President Xi" with no full name: link only when one watched person fits.
      const people = group.filter((c) => (entities[c.entity] as WatchlistEntity).type === "person");
      if (people.length === 1) chosen = people[0];
      else {
        const title = titleBefore(source, first.start);
        const fitting = people.filter((c) =>
          (entities[c.entity] as WatchlistEntity).context.some((w) => foldPattern(w) === title),
        );
        if (fitting.length === 1) chosen = fitting[0];
      }
    }
    if (chosen) {
      out.push({ entity: chosen.entity, candidate: chosen });
      accepted.push(chosen);
    }
  }
  return out;
}

/** The last accepted mention of the option's entity before the option. */
function lastBefore(accepted: Candidate[], option: Candidate): Candidate | undefined {
  let last: Candidate | undefined;
  for (const c of accepted) if (c.entity === option.entity && c.order < option.order) last = c;
  return last;
}

/** Whether the anaphor's head word ("Organization") names something else between the antecedent and it. */
function competingName(
  doc: { title: string; text: string },
  antecedent: Candidate,
  anaphor: Candidate,
  candidates: Candidate[],
  accepted: Candidate[],
): boolean {
  const source = anaphor.field === "title" ? doc.title : doc.text;
  const from = antecedent.field === anaphor.field ? antecedent.end : 0;
  const head = source.slice(anaphor.start, anaphor.end).split(/\s+/).pop() ?? "";
  const spelling = head.replace(/[sz]ation$/, "[sz]ation").replace(/(?:er|re)$/, "(?:er|re)");
  const pattern = new RegExp(`(?<![\\p{L}])${spelling}(?![\\p{L}])`, "gu");
  const within = (c: Candidate, at: number): boolean =>
    c.field === anaphor.field && c.start <= at && at < c.end;
  for (const match of source.slice(from, anaphor.start).matchAll(pattern)) {
    const at = from + match.index;
    const explained =
      accepted.some((c) => within(c, at)) || candidates.some((c) => c.kind === "anaphor" && within(c, at));
    if (!explained) return true;
  }
  return false;
}

/** Among same-span candidates for different entities, the one whose entity was last named before it. */
function nearest(options: Candidate[], accepted: Candidate[]): Candidate {
  const at = (options[0] as Candidate).order;
  let best: Candidate | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const option of options) {
    for (const c of accepted) {
      if (c.entity !== option.entity || c === option) continue;
      // Before the mention counts fully; after it, at a penalty (cataphora is rarer).
      const distance = c.order <= at ? at - c.order : (c.order - at) * 4;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = option;
      }
    }
  }
  return best ?? (options[0] as Candidate);
}

/** "Leyla Aliyeva" is not Mehriban Aliyeva: a surname right after another capitalised name is someone else. */
function otherGivenNameBefore(source: string, start: number): boolean {
  const match = /(\p{Lu}[\p{L}'’-]*)[ \u00a0]+$/u.exec(source.slice(Math.max(0, start - 40), start));
  if (!match) return false;
  const word = foldPattern(match[1] as string);
  return !personTitles.has(word) && !notAName(word);
}

/** "Mayor Zhang Gong" is not Zhang Ming: a surname followed by another capitalised name is someone else. */
function otherNameAfter(source: string, end: number): boolean {
  const match = /^[ \u00a0]+(\p{Lu}[\p{Ll}'’-]+)/u.exec(source.slice(end, end + 40));
  if (!match) return false;
  const word = foldPattern(match[1] as string);
  return !notAName(word) && !personTitles.has(word);
}

function titleBefore(source: string, start: number): string {
  const match = /(\p{L}[\p{L}.-]*)\s+$/u.exec(source.slice(Math.max(0, start - 40), start));
  return match ? foldPattern((match[1] as string).replace(/\.$/, "")) : "";
}

function precededByTitle(source: string, start: number): boolean {
  return personTitles.has(titleBefore(source, start));
}

/** The capitalised words an acronym in parentheses abbreviates: "Scottish Chamber Orchestra (SCO)". */
function acronymDefinition(source: string, start: number, end: number): string | null {
  if (source[start - 1] !== "(" || source[end] !== ")") return null;
  const before = source.slice(Math.max(0, start - 160), start - 1).trimEnd();
  const words = before.split(/\s+/);
  const acronym = source.slice(start, end).replace(/[^\p{Lu}]/gu, "");
  const picked: string[] = [];
  let initials = "";
  for (let i = words.length - 1; i >= 0 && picked.length < acronym.length + 4; i--) {
    const word = words[i] as string;
    picked.unshift(word);
    if (/^\p{Lu}/u.test(word)) initials = (word[0] as string) + initials;
    else if (!/^(of|for|and|the|with|on|de|du|des|la|le)$/i.test(word)) break;
    if (initials === acronym) return picked.join(" ");
  }
  return null;
}

function namesEntity(definition: string, entity: WatchlistEntity): boolean {
  const folded = foldPattern(definition).replace(/^the /, "");
  return [entity.name, ...entity.aliases].some((name) =>
    variants(name).some((v) => foldPattern(v) === folded),
  );
}

/** What decided one acronym mention, kept structured so that find() never builds the words. */
type AcronymVerdict =
  | { linked: false; why: "redefined"; definition: string }
  | { linked: false; why: "company marker" | "ticker"; phrase: string; marker: string }
  | { linked: false; why: "sentence names the company"; company: Candidate }
  | { linked: false; why: "no support in its sentence"; company: Candidate }
  | { linked: false; why: "no support" }
  | { linked: true; why: "full name"; name: Candidate; inSentence: boolean }
  | { linked: true; why: "distinctive" }
  | { linked: true; why: "context"; words: ContextHit[]; inSentence: boolean };

/**
 * The decision on every acronym candidate. An acronym defined in the article as something else ("Scottish Chamber
 * Orchestra (SCO)") links nowhere in it. A mention with a company marker after it or in a ticker names a company:
 * that mention does not link, and the acronym is then ambiguous in this article, so its other mentions link only
 * with support in their own sentence (a context word or the full name), and never in a sentence that names the
 * company. Otherwise a mention links when the article names the entity in full, when the acronym is long enough
 * to be unambiguous (CPAFFC), or when a context word of the entity appears anywhere in the article.
 */
function judgeAcronyms(
  candidates: Candidate[],
  entities: WatchlistEntity[],
  doc: { title: string; text: string },
  context: ContextHit[],
): Map<Candidate, AcronymVerdict> {
  const verdicts = new Map<Candidate, AcronymVerdict>();
  const acronyms = candidates.filter((c) => c.kind === "acronym");
  if (acronyms.length === 0) return verdicts;
  const sourceOf = (c: Candidate): string => (c.field === "title" ? doc.title : doc.text);
  const spelling = (c: Candidate): string => sourceOf(c).slice(c.start, c.end).replace(/\./g, "");
  const redefinedAs = new Map<number, string>();
  const companyUses: Candidate[] = [];
  for (const c of acronyms) {
    const definition = acronymDefinition(sourceOf(c), c.start, c.end);
    if (
      definition !== null &&
      !redefinedAs.has(c.entity) &&
      !namesEntity(definition, entities[c.entity] as WatchlistEntity)
    ) {
      redefinedAs.set(c.entity, definition);
    }
    const company = companyUse(sourceOf(c), c.start, c.end);
    if (company) {
      verdicts.set(c, company);
      companyUses.push(c);
    }
  }
  for (const c of acronyms) {
    const definition = redefinedAs.get(c.entity);
    if (definition !== undefined) {
      verdicts.set(c, { linked: false, why: "redefined", definition });
      continue;
    }
    if (verdicts.has(c)) continue;
    const names = candidates.filter((n) => n.kind === "name" && n.entity === c.entity);
    const words = context.filter((w) => w.entity === c.entity);
    const companies = companyUses.filter((o) => o.entity === c.entity && spelling(o) === spelling(c));
    if (companies.length > 0) {
      const sentence = sentenceAround(sourceOf(c), c.start, c.end);
      const inSentence = (x: { field: string; start: number; end: number }): boolean =>
        x.field === c.field && x.start >= sentence.start && x.end <= sentence.end;
      const company = companies.find(inSentence);
      const name = names.find(inSentence);
      const local = words.filter(inSentence);
      if (company) verdicts.set(c, { linked: false, why: "sentence names the company", company });
      else if (name) verdicts.set(c, { linked: true, why: "full name", name, inSentence: true });
      else if (local.length > 0)
        verdicts.set(c, { linked: true, why: "context", words: local, inSentence: true });
      else
        verdicts.set(c, {
          linked: false,
          why: "no support in its sentence",
          company: companies[0] as Candidate,
        });
    } else if (names[0]) {
      verdicts.set(c, { linked: true, why: "full name", name: names[0], inSentence: false });
    } else if (c.end - c.start >= 5) {
      verdicts.set(c, { linked: true, why: "distinctive" });
    } else if (words.length > 0) {
      verdicts.set(c, { linked: true, why: "context", words, inSentence: false });
    } else {
      verdicts.set(c, { linked: false, why: "no support" });
    }
  }
  return verdicts;
}

/** A company marker after the acronym ("SCO Group", "SCO Inc.") or a ticker around it ("NYSE: SCO", "(SCO.L)"). */
function companyUse(
  source: string,
  start: number,
  end: number,
): (AcronymVerdict & { why: "company marker" | "ticker" }) | null {
  const acronym = source.slice(start, end);
  const after = wordAfterAcronym.exec(source.slice(end, end + 24));
  if (after) {
    const marker = `${after[1]}${after[2]}`;
    // "Co." only with its period: "SCO Co-operation" in a headline is not a company.
    if (companyMarkers.has(after[1] as string) && (after[1] !== "Co" || after[2] === ".")) {
      return { linked: false, why: "company marker", phrase: `${acronym} ${marker}`, marker };
    }
  }
  const before = tickerBefore.exec(source.slice(Math.max(0, start - 16), start));
  if (before) {
    const marker = before[0].trim();
    return { linked: false, why: "ticker", phrase: `${before[0]}${acronym}`, marker };
  }
  const code = source[start - 1] === "(" ? instrumentCodeAfter.exec(source.slice(end, end + 4)) : null;
  if (code) {
    const marker = code[0].slice(0, -1);
    return { linked: false, why: "ticker", phrase: `(${acronym}${code[0]}`, marker };
  }
  return null;
}

/** The sentence around a span, as offsets: bounded to 600 characters either side. */
function sentenceAround(source: string, start: number, end: number): { start: number; end: number } {
  const from = Math.max(0, start - 600);
  let sentenceStart = from;
  for (const boundary of source.slice(from, start).matchAll(sentenceEnd)) {
    sentenceStart = from + boundary.index + boundary[0].length;
  }
  const rest = source.slice(end, end + 600);
  const next = rest.search(sentenceEnd);
  return { start: sentenceStart, end: end + (next >= 0 ? next + 1 : rest.length) };
}

/** A verdict in the words `newsmon rules test` prints. */
function describeVerdict(verdict: AcronymVerdict, doc: { title: string; text: string }): string {
  const at = (c: Candidate): string => `${c.field} ${c.start}`;
  const written = (c: { field: "title" | "text"; start: number; end: number }): string =>
    (c.field === "title" ? doc.title : doc.text).slice(c.start, c.end);
  switch (verdict.why) {
    case "redefined":
      return `not linked (defined in this article as '${verdict.definition}')`;
    case "company marker":
      return `not linked (company marker '${verdict.marker}' after it)`;
    case "ticker":
      return `not linked (ticker context '${verdict.phrase}')`;
    case "sentence names the company":
      return `not linked (its sentence names the company: '${written(verdict.company)}' at ${at(verdict.company)})`;
    case "no support in its sentence":
      return `not linked ('${written(verdict.company)}' at ${at(verdict.company)} names a company, and nothing in this mention's sentence supports the entity)`;
    case "no support":
      return "not linked: no support for the entity in this article (no full name, no context word)";
    case "full name":
      return `linked (full name '${written(verdict.name)}' at ${at(verdict.name)}${verdict.inSentence ? ", in its sentence" : ""})`;
    case "distinctive":
      return "linked (a long acronym: unambiguous without further support)";
    case "context": {
      const words = [...new Map(verdict.words.map((w) => [foldPattern(written(w)), written(w)])).values()];
      const list = words
        .slice(0, 5)
        .map((word) => `'${word}'`)
        .join(", ");
      return `linked (context${verdict.inSentence ? " in its sentence" : ""}: ${list}${words.length > 5 ? ", ..." : ""})`;
    }
  }
}

function addMention(
  found: Map<string, FoundEntity>,
  key: string,
  id: string | null,
  canonical: string,
  type: EntityType,
  watched: boolean,
  mention: Mention,
): void {
  let entity = found.get(key);
  if (!entity) {
    entity = {
      id,
      canonical,
      type,
      watched,
      count: 0,
      firstOffset: mention.start,
      inTitle: false,
      mentions: [],
    };
    found.set(key, entity);
  }
  entity.mentions.push(mention);
  entity.count++;
  if (mention.field === "title") entity.inTitle = true;
}

function readingOrder(mention: Mention): number {
  return mention.field === "title" ? mention.start : 1e9 + mention.start;
}

function bySalience(a: FoundEntity, b: FoundEntity): number {
  return (
    Number(b.inTitle) - Number(a.inTitle) ||
    b.count - a.count ||
    readingOrder(a.mentions[0] as Mention) - readingOrder(b.mentions[0] as Mention)
  );
}
