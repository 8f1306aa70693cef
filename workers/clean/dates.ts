// Date strings as pages write them -> UTC ISO strings (with milliseconds). Handles ISO 8601 and its sloppy variants,
// RFC 2822, and written dates ("17 April 2023 13:56 (UTC+04:00)", "February 8, 2024 3:46 PM EST", "8. März 2024").
// A stated offset is honoured; a date without one is read as UTC but says so (hasZone false, hasTime), so that
// publishedTime lets a zoned feed date of the same day win over it. Returns null for anything it cannot read.
import { NAMED_ZONE_OFFSETS } from "../../lib/time-zones.ts";

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: [number, string[]][] = [
  [1, ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "gennaio", "styczeń", "stycznia"]],
  [2, ["february", "feb", "februar", "février", "févr", "fevrier", "febrero", "febbraio", "luty", "lutego"]],
  [3, ["march", "mar", "märz", "maerz", "mars", "marzo", "marzec", "marca"]],
  [4, ["april", "apr", "avril", "avr", "abril", "aprile", "kwiecień", "kwietnia"]],
  [5, ["may", "mai", "mayo", "maggio", "maj", "maja"]],
  [6, ["june", "jun", "juni", "juin", "junio", "giugno", "czerwiec", "czerwca"]],
  [7, ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lipiec", "lipca"]],
  [8, ["august", "aug", "août", "aout", "agosto", "sierpień", "sierpnia"]],
  [9, ["september", "sep", "sept", "septembre", "septiembre", "settembre", "wrzesień", "września"]],
  [10, ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "październik", "października"]],
  [11, ["november", "nov", "novembre", "noviembre", "listopad", "listopada"]],
  [
    12,
    [
      "december",
      "dec",
      "dezember",
      "dez",
      "décembre",
      "decembre",
      "diciembre",
      "dicembre",
      "grudzień",
      "grudnia",
    ],
  ],
];
for (const [month, names] of MONTH_NAMES) for (const name of names) MONTHS[name] = month;

const MONTH_WORD = "([a-zäéûóśźńżłą]{3,12})\\.?";
const TIME =
  "(?:(?:,|\\s|\\bum\\b|\\bat\\b|\\bà\\b|-|–|\\|)\\s*)*(\\d{1,2})[:.h](\\d{2})(?::(\\d{2}))?\\s*([ap]\\.?m\\.?)?";
const ZONE =
  "\\s*\\(?\\s*(Z\\b|(?:UTC|GMT)\\s*[+\\-−]\\s*\\d{1,2}(?::?\\d{2})?|[+\\-−]\\d{2}:?\\d{2}\\b|UTC\\b|GMT\\b|[ECMP][SD]T\\b|CES?T\\b|MES?Z\\b|BST\\b|AZT\\b|MSK\\b)?\\s*\\)?";

const ISO =
  /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z\b|[+-]\d{2}(?::?\d{2})?\b)?/;
const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+${MONTH_WORD}\\s+(\\d{4})(?:${TIME})?${ZONE}`,
  "i",
);
const MONTH_DAY_YEAR = new RegExp(
  `\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:${TIME})?${ZONE}`,
  "i",
);
const NUMERIC_DMY = new RegExp(`\\b(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?:${TIME})?${ZONE}`, "i");

export interface DatePrecision {
  /** The string named a time of day, not only a date. */
  hasTime: boolean;
  /** The string named its time zone or offset; without one the wall-clock time was read as UTC. */
  hasZone: boolean;
}

export interface ParsedDate extends DatePrecision {
  iso: string;
}

/** Parses the first date in `value`; null when there is none or it is not a real calendar date. */
export function parseDate(value: string): ParsedDate | null {
  const text = value.trim();
  if (!text) return null;
  return parseIso(text) ?? parseWritten(text) ?? parseRfc2822(text);
}

export function toIsoDate(value: string): string | null {
  return parseDate(value)?.iso ?? null;
}

function parseIso(text: string): ParsedDate | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const parsed = build(+(m[1] ?? 0), +(m[2] ?? 0), +(m[3] ?? 0), m[4], m[5], m[6], undefined, m[8]);
  const fraction = m[7];
  if (!parsed || !fraction) return parsed;
  const ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  return { ...parsed, iso: new Date(Date.parse(parsed.iso) + ms).toISOString() };
}

function parseWritten(text: string): ParsedDate | null {
  let m = DAY_MONTH_YEAR.exec(text);
  if (m) {
    const month = MONTHS[(m[2] ?? "").toLowerCase()];
    if (month) return build(+(m[3] ?? 0), month, +(m[1] ?? 0), m[4], m[5], m[6], m[7], m[8]);
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    if (month) return build(+(m[3] ?? 0), month, +(m[2] ?? 0), m[4], m[5], m[6], m[7], m[8]);
  }
  m = NUMERIC_DMY.exec(text);
  if (m) return build(+(m[3] ?? 0), +(m[2] ?? 0), +(m[1] ?? 0), m[4], m[5], m[6], m[7], m[8]);
  return null;
}

const RFC2822_ZONE = /(?:[+-]\d{4}|\b(?:UT|UTC|GMT|Z|[ECMP][SD]T))\s*$/;

function parseRfc2822(text: string): ParsedDate | null {
  if (!/^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}/.test(text)) return null;
  const hasZone = RFC2822_ZONE.test(text);
  // Without a zone, Date.parse would read the machine's local time: UTC is the stated rule.
  const ms = Date.parse(hasZone ? text : `${text} UTC`);
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms);
  return plausible(date.getUTCFullYear())
    ? { iso: date.toISOString(), hasTime: /\d:\d\d/.test(text), hasZone }
    : null;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  meridiem: string | undefined,
  zone: string | undefined,
): ParsedDate | null {
  if (!plausible(year) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  let h = hour === undefined ? 0 : +hour;
  const min = minute === undefined ? 0 : +minute;
  const sec = second === undefined ? 0 : +second;
  if (meridiem) {
    const pm = meridiem.toLowerCase().startsWith("p");
    if (h === 12) h = pm ? 12 : 0;
    else if (pm) h += 12;
  }
  if (h > 23 || min > 59 || sec > 59) return null;
  const offset = zoneOffsetMinutes(zone);
  const ms = Date.UTC(year, month - 1, day, h, min, sec) - offset * 60_000;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return null; // 31 February and friends
  return { iso: new Date(ms).toISOString(), hasTime: hour !== undefined, hasZone: !!zone?.trim() };
}

/** Time zones run from UTC-12 to UTC+14: a wall-clock time names an instant within this of its UTC reading. */
const ZONE_SPREAD_MS = 14 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The article's published time from the page's date and the feed item's. A page date with a time and a zone is
 * exact and wins. A page time without a zone (read as UTC) and a date without a time are less precise than a
 * feed item's date that falls in the same window (the same wall-clock time in some zone; the same calendar day
 * in some zone): the feed's then gives the instant. A feed date outside that window describes another moment,
 * and the page's own date stands.
 */
export function publishedTime(
  pageIso: string | null,
  precision: DatePrecision | null,
  feedItem: string | null,
): string | null {
  if (!pageIso) return feedItem;
  const feedMs = feedItem ? Date.parse(feedItem) : Number.NaN;
  if (Number.isNaN(feedMs) || !precision || (precision.hasTime && precision.hasZone)) return pageIso;
  const pageMs = Date.parse(pageIso);
  const sameMoment = precision.hasTime
    ? Math.abs(feedMs - pageMs) <= ZONE_SPREAD_MS
    : feedMs >= pageMs - ZONE_SPREAD_MS && feedMs < pageMs + DAY_MS + ZONE_SPREAD_MS;
  return sameMoment ? (feedItem as string) : pageIso;
}

function plausible(year: number): boolean {
  return year >= 1990 && year <= 2100;
}

/** "+04:00", "+0400", "UTC+4", "GMT-05:30", "EST" -> minutes east of UTC. */
function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  const z = zone.replace(/\s+/g, "").replace("−", "-");
  const named = NAMED_ZONE_OFFSETS[z.toLowerCase()];
  if (named !== undefined) return named;
  const m = /([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return 0;
  const minutes = +(m[2] ?? 0) * 60 + +(m[3] ?? 0);
  if (minutes > 14 * 60) return 0;
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * A visible date line ("date 2023-04-17 17 April 2023 13:56 (UTC+04:00)", "AZERBAIJAN, February 8 - 08 February
 * 2024, 12:57"): of the dates it holds, the one that names a time wins, as it is the most precise.
 */
export function dateFromLine(line: string): ParsedDate | null {
  if (line.length > 160) return null;
  const found: ParsedDate[] = [];
  for (const pattern of [DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DMY, ISO]) {
    const m = pattern.exec(line);
    if (!m) continue;
    const parsed = pattern === ISO ? parseIso(m[0]) : parseWritten(m[0]);
    if (parsed) found.push(parsed);
  }
  return found.find((d) => d.hasTime) ?? found[0] ?? null;
}

// Words a timestamp line may hold besides the date and time: labels, weekdays, "um ... Uhr", time zones.
const TIMESTAMP_WORDS = new Set([
  ...Object.keys(MONTHS),
  ...Object.keys(NAMED_ZONE_OFFSETS),
  ..."am pm a.m p.m uhr um at on à le den am de del du updated update aktualisiert published posted veröffentlicht stand publié mis à jour actualizado publicado".split(
    " ",
  ),
  ..."monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so lundi mardi mercredi jeudi vendredi samedi dimanche".split(
    " ",
  ),
]);

/** A short line that is only a date or time ("11 Jan 2019", "2:54pm", "Aktualisiert am 3. März 2021, 20:37 Uhr"). */
export function isTimestampLine(line: string): boolean {
  if (line.length > 60 || /[^\p{L}\d\s.,:/|()+\-–•·]/u.test(line)) return false;
  const words = line.toLowerCase().match(/\p{L}+(?:\.\p{L}+)*/gu) ?? [];
  if (!words.every((word) => TIMESTAMP_WORDS.has(word))) return false;
  // A date or a time of day, not just any number ("286,35").
  return (
    /\d:\d\d|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d/.test(line) ||
    (/\d/.test(line) && words.some((word) => MONTHS[word] !== undefined))
  );
}
