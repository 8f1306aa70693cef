// Entity finding: an article's title and text in, the entities it names out, sorted by salience.
// Watchlist entities are found by one Aho-Corasick pass over the folded text (every name, alias and acronym of
// every entity at once); acronyms link only where the article supports them; short forms ("Aliyev",
// "President Xi", "the Organization") resolve to an entity named in the same article. Names the watchlist does
// not know come from the capitalised-sequence recogniser in names.ts. Pure and synchronous: find() does not fail
// on any input; a bad watchlist is rejected earlier, by its zod schema; the first construction in a process loads
// the gazetteer and the word list (and fails only if those packages are missing).
import type { EntityType, WatchlistEntity } from "../../config/watchlist-schema.ts";
import { Automaton, type Hit } from "./automaton.ts";
import { isCommonWord } from "./english.ts";
import { foldPattern, foldText, isUnspacedScript, isWordChar } from "./fold.ts";
import { loadGazetteer } from "./gazetteer.ts";
import { azerbaijaniSuffixes, notAName, personTitles, surnameFirst } from "./lexicon.ts";
import { type CoveredSpan, findOtherNames } from "./names.ts";

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

export interface EntityMatcher {
  find(doc: { title: string; text: string }): FoundEntity[];
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

/** Words after an acronym that show it names a company, a share or something else than the watched entity. */
const acronymBlockersAfter = new Set([
  "group",
  "inc",
  "ltd",
  "llc",
  "plc",
  "corp",
  "corporation",
  "holdings",
  "shares",
  "share",
  "stock",
  "stocks",
  "ag",
  "sa",
  "gmbh",
  "co",
  "orchestra",
  "ensemble",
]);
const acronymBlockersBefore = /(?:\b(?:nyse|nasdaq|lse|ticker|symbol|otc|amex|tsx)\s*[:\s]\s*|\$)$/i;

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

  const find = (doc: { title: string; text: string }): FoundEntity[] => {
    const fields = [
      { field: "title" as const, source: doc.title, base: 0 },
      { field: "text" as const, source: doc.text, base: doc.title.length + 1 },
    ];
    const candidates: Candidate[] = [];
    const contextSeen = new Set<number>();
    for (const { field, source, base } of fields) {
      if (source.length === 0) continue;
      const folded = foldText(source);
      const accepted: Hit[] = [];
      for (const hit of automaton.search(folded.folded)) {
        const pattern = patterns[hit.payload] as Pattern;
        if (!onWordBoundaries(folded.folded, hit)) {
          const suffix = pattern.agglutinative ? azerbaijaniSuffix(folded.folded, hit) : 0;
          if (suffix === 0) continue;
          hit.end += suffix;
        }
        const start = folded.starts[hit.start] as number;
        const end = folded.ends[hit.end - 1] as number;
        if (pattern.kind === "context") {
          contextSeen.add(pattern.entity);
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

    let resolved = resolveCandidates(candidates, entities, doc, contextSeen);
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
        contextSeen,
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
  return { find };
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
  contextSeen: Set<number>,
): { entity: number; candidate: Candidate }[] {
  const named = new Set<number>();
  for (const c of candidates) if (c.kind === "name") named.add(c.entity);

  // Acronyms: an acronym defined in the article as something else ("Scottish Chamber Orchestra (SCO)") or
  // used as a company or share name never links; otherwise it needs the long form or a context word.
  const redefined = new Set<number>();
  for (const c of candidates) {
    if (c.kind !== "acronym") continue;
    const source = c.field === "title" ? doc.title : doc.text;
    const definition = acronymDefinition(source, c.start, c.end);
    if (definition !== null && !namesEntity(definition, entities[c.entity] as WatchlistEntity))
      redefined.add(c.entity);
    // One "SCO Group" or "NYSE: SCO" tells what the acronym means in the whole article.
    if (blockedAcronym(source, c.start, c.end)) redefined.add(c.entity);
  }
  const out: { entity: number; candidate: Candidate }[] = [];
  const accepted: Candidate[] = [];
  for (const c of candidates) {
    if (c.kind === "name") {
      out.push({ entity: c.entity, candidate: c });
      accepted.push(c);
    } else if (c.kind === "acronym") {
      if (redefined.has(c.entity)) continue;
      // A long acronym (CPAFFC) is unambiguous enough on its own; a short one (SCO, BRI) needs support.
      const distinctive = c.end - c.start >= 5;
      if (!distinctive && !named.has(c.entity) && !contextSeen.has(c.entity)) continue;
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

function blockedAcronym(source: string, start: number, end: number): boolean {
  const after = /^\s*([\p{L}]+)/u.exec(source.slice(end, end + 20));
  if (after && acronymBlockersAfter.has((after[1] as string).toLowerCase())) return true;
  return acronymBlockersBefore.test(source.slice(Math.max(0, start - 12), start));
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
