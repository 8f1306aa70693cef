// Dates in page text -> UTC ISO strings (with milliseconds), through the project's one date parser
// (lib/dates.ts): a whole value (a <time datetime>, JSON-LD's datePublished) is read by it, and dates written
// inside a line ("date 2023-04-17 17 April 2023 13:56 (UTC+04:00)", "February 8, 2024 3:46 PM EST",
// "8. März 2024") are found here and built by it. A stated offset is honoured; a time without one is read as UTC
// but says so (hasZone false), so that publishedTime lets a zoned feed date of the same day win over it.
import {
  buildDate,
  type DatePrecision,
  monthNames,
  monthOf,
  type ParsedDate,
  readDate,
  twelveHour,
  zoneMinutes,
} from "../../lib/dates.ts";
import { NAMED_ZONE_OFFSETS } from "../../lib/time-zones.ts";

export type { DatePrecision, ParsedDate };

/** The month a whole word names ("März", "sept"), not a word that merely starts like one ("decades"). */
function monthNamed(word: string): number | undefined {
  const lower = word.toLowerCase();
  return monthNames.has(lower) ? monthOf(lower) : undefined;
}

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

/** Parses the first date in `value`; null when there is none or it is not a real calendar date. */
export function parseDate(value: string): ParsedDate | null {
  const text = value.trim();
  if (!text) return null;
  return parseIso(text) ?? parseWritten(text) ?? plausibleValue(readDate(text));
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
    const month = monthNamed(m[2] ?? "");
    if (month) return build(+(m[3] ?? 0), month, +(m[1] ?? 0), m[4], m[5], m[6], m[7], m[8]);
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m) {
    const month = monthNamed(m[1] ?? "");
    if (month) return build(+(m[3] ?? 0), month, +(m[2] ?? 0), m[4], m[5], m[6], m[7], m[8]);
  }
  m = NUMERIC_DMY.exec(text);
  if (m) return build(+(m[3] ?? 0), +(m[2] ?? 0), +(m[1] ?? 0), m[4], m[5], m[6], m[7], m[8]);
  return null;
}

function plausibleValue(parsed: ParsedDate | null): ParsedDate | null {
  return parsed && plausible(new Date(parsed.iso).getUTCFullYear()) ? parsed : null;
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
  if (!plausible(year)) return null;
  const h = hour === undefined ? undefined : twelveHour(+hour, meridiem);
  if (h !== undefined && h > 23) return null;
  return buildDate({
    year,
    month,
    day,
    hour: h,
    minute: minute === undefined ? 0 : +minute,
    second: second === undefined ? 0 : +second,
    offset: zone?.trim() ? zoneMinutes(zone) : undefined,
  });
}

function plausible(year: number): boolean {
  return year >= 1990 && year <= 2100;
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
  ...monthNames,
  ...Object.keys(NAMED_ZONE_OFFSETS),
  ..."am pm a.m p.m uhr um at on à le den am de del du updated update aktualisiert published posted veröffentlicht stand publié mis à jour actualizado publicado".split(
    " ",
  ),
  // The same labels in more languages: Polish, Italian, Dutch, Portuguese, Russian, Czech, Scandinavian, Finnish.
  ..."opublikowano zaktualizowano aktualizacja dodano pubblicato aggiornato il alle ore gepubliceerd bijgewerkt op om atualizado às em опубликовано обновлено в г publikováno aktualizováno publicerad uppdaterad publisert oppdatert kl julkaistu päivitetty klo".split(
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
    (/\d/.test(line) && words.some((word) => monthNames.has(word)))
  );
}
