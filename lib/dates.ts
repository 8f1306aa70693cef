// The project's one date parser: a date as feeds and pages write it in, UTC ISO 8601 with milliseconds out, with
// what the text said (a time of day? a zone?), or null. Dates come in every RFC 822 and ISO 8601 variant and
// worse: two-digit years, named zones, missing seconds or zones, asctime, space separators, localised month
// names. A time without a zone is read as UTC and says so (hasZone false). A date that cannot be read is null,
// never a guess from the current time. Feed dates (lenient) also take ISO 8601's truncated forms and carry
// out-of-range fields over ("31 Jun" is 1 July), as the reference feed parser documents; page text does not. readDate reads a whole value (a feed's pubDate, a page's datetime);
// workers/clean/dates.ts finds dates inside lines of page text and builds them with buildDate here.
import { NAMED_ZONE_OFFSETS } from "./time-zones.ts";

export interface DatePrecision {
  /** The text named a time of day, not only a date. */
  hasTime: boolean;
  /** The text named its time zone or offset; without one the wall-clock time was read as UTC. */
  hasZone: boolean;
}

export interface ParsedDate extends DatePrecision {
  iso: string;
}

const monthNumbers: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  sept: 9,
  october: 10,
  november: 11,
  december: 12,
  // Localised abbreviations met in feeds (German, French, Spanish, Dutch, Greek, Hungarian, Russian).
  mär: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  dez: 12,
  janv: 1,
  févr: 2,
  fevr: 2,
  mars: 3,
  avr: 4,
  juin: 6,
  juil: 7,
  août: 8,
  aout: 8,
  déc: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
  mei: 5,
  maa: 3,
  ιαν: 1,
  φεβ: 2,
  μαρ: 3,
  μάρ: 3,
  απρ: 4,
  μάι: 5,
  μαΐ: 5,
  μαι: 5,
  μαϊ: 5,
  ιούν: 6,
  ιον: 6,
  ιούλ: 7,
  ιολ: 7,
  αύγ: 8,
  αυγ: 8,
  σεπ: 9,
  οκτ: 10,
  νοέ: 11,
  νοε: 11,
  δεκ: 12,
  január: 1,
  február: 2,
  március: 3,
  április: 4,
  május: 5,
  június: 6,
  július: 7,
  augusztus: 8,
  szeptember: 9,
  október: 10,
  янв: 1,
  фев: 2,
  мар: 3,
  апр: 4,
  май: 5,
  мая: 5,
  июн: 6,
  июл: 7,
  авг: 8,
  сен: 9,
  окт: 10,
  ноя: 11,
  дек: 12,
  // Full and abbreviated names in German, French, Spanish, Italian and Polish, as pages write them.
  januar: 1,
  jänner: 1,
  janvier: 1,
  enero: 1,
  gennaio: 1,
  styczeń: 1,
  stycznia: 1,
  februar: 2,
  février: 2,
  fevrier: 2,
  febrero: 2,
  febbraio: 2,
  luty: 2,
  lutego: 2,
  märz: 3,
  maerz: 3,
  marzo: 3,
  marzec: 3,
  marca: 3,
  avril: 4,
  abril: 4,
  aprile: 4,
  kwiecień: 4,
  kwietnia: 4,
  mayo: 5,
  maggio: 5,
  maj: 5,
  maja: 5,
  juni: 6,
  junio: 6,
  giugno: 6,
  czerwiec: 6,
  czerwca: 6,
  juli: 7,
  juillet: 7,
  julio: 7,
  luglio: 7,
  lipiec: 7,
  lipca: 7,
  agosto: 8,
  sierpień: 8,
  sierpnia: 8,
  septembre: 9,
  septiembre: 9,
  settembre: 9,
  wrzesień: 9,
  września: 9,
  oktober: 10,
  octobre: 10,
  octubre: 10,
  ottobre: 10,
  październik: 10,
  października: 10,
  novembre: 11,
  noviembre: 11,
  listopad: 11,
  listopada: 11,
  dezember: 12,
  décembre: 12,
  decembre: 12,
  diciembre: 12,
  dicembre: 12,
  grudzień: 12,
  grudnia: 12,
};

/** Every month name and abbreviation the parser knows, lower-cased. */
export const monthNames: ReadonlySet<string> = new Set(Object.keys(monthNumbers));

// RFC 822's military single-letter zones besides the common names.
const zoneOffsets: Record<string, number> = {
  ...NAMED_ZONE_OFFSETS,
  a: -60,
  b: -120,
  c: -180,
  d: -240,
  e: -300,
  f: -360,
  g: -420,
  h: -480,
  i: -540,
  k: -600,
  l: -660,
  m: -720,
  n: 60,
  o: 120,
  p: 180,
  q: 240,
  r: 300,
  s: 360,
  t: 420,
  u: 480,
  v: 540,
  w: 600,
  x: 660,
  y: 720,
  // Invalid but common North American abbreviations, read as their standard time (feedparser's date docs).
  at: -240,
  et: -300,
  ct: -360,
  mt: -420,
  pt: -480,
};

/** The month a name or abbreviation stands for ("Apr", "April", "avr.", "März"), else undefined. */
export function monthOf(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, "");
  return monthNumbers[key] ?? monthNumbers[key.slice(0, 3)] ?? monthNumbers[key.slice(0, 4)];
}

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 2) return value < 70 ? 2000 + value : 1900 + value;
  if (year.length === 3) return 1900 + value;
  return value;
}

/** "+05:30", "-0800", "+05", "Z", "EST", "GMT+2", "UTC+04:00" to minutes east of UTC; undefined when unknown. */
export function zoneMinutes(zone: string): number | undefined {
  const cleaned = zone
    .replace(/\s+/g, "")
    .replace(/\u2212/g, "-")
    .toLowerCase();
  if (cleaned === "") return undefined;
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}):?(\d{2})?$/.exec(cleaned);
  if (numeric) {
    const [, sign, hours = "0", minutes = "0"] = numeric;
    let h = Number(hours);
    let m = Number(minutes);
    // "+530" style with three digits
    if (hours.length === 1 && minutes === "0" && zone.replace(/\D/g, "").length === 3) {
      const digits = zone.replace(/\D/g, "");
      h = Number(digits.slice(0, 1));
      m = Number(digits.slice(1));
    }
    if (h * 60 + m > 14 * 60) return undefined;
    return (sign === "-" ? -1 : 1) * (h * 60 + m);
  }
  return zoneOffsets[cleaned];
}

/** A zone as written: absent is UTC unstated (hasZone false); unknown is undefined. */
function zoneToMinutes(zone: string | undefined): number | undefined {
  return zone?.trim() ? zoneMinutes(zone) : 0;
}

export interface DateFields {
  year: number;
  month: number;
  day: number;
  /** Absent for a date without a time of day. */
  hour?: number | undefined;
  minute?: number | undefined;
  second?: number | undefined;
  millis?: number | undefined;
  /** Minutes east of UTC; absent when the text named no zone (the time is then read as UTC). */
  offset?: number | undefined;
  /** Carry out-of-range days, hours, minutes and seconds into the next unit ("31 Jun" is 1 July, "T25:14"
   * is 01:14 the next day), as the reference feed parser does; otherwise such a date is null. */
  rollOver?: boolean | undefined;
}

/** The instant the fields name, or null for an impossible date (31 February, month 13, hour 25). */
export function buildDate(fields: DateFields): ParsedDate | null {
  const { year, month, day, hour, minute = 0, second = 0, millis = 0, offset, rollOver = false } = fields;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (!rollOver && ((hour ?? 0) > 24 || minute > 59 || second > 60)) return null;
  if (hour !== undefined && (hour > 99 || minute > 99 || second > 99)) return null;
  if (year < 1000 || year > 9999) return null;
  const seconds = rollOver ? second : Math.min(second, 59);
  const time = Date.UTC(year, month - 1, day, hour ?? 0, minute, seconds, millis) - (offset ?? 0) * 60_000;
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return null;
  // Reject overflowed days such as 31 February unless asked to carry them.
  if (!rollOver && new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return { iso: date.toISOString(), hasTime: hour !== undefined, hasZone: offset !== undefined };
}

/** Fields from a parsed zone: a missing zone leaves the offset absent. */
function withZone(zone: string | undefined, offset: number): { offset?: number } {
  return zone?.trim() ? { offset } : {};
}

function fraction(value: string | undefined): number {
  if (!value) return 0;
  return Math.round(Number(`0.${value}`) * 1000);
}

const iso8601 =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:(?:[Tt]|\s+)(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|z|[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|[A-Za-z]{2,5})?$/;

// ISO 8601's ordinal dates ("2003-335", the 335th day) and two-digit-year dates ("03-12-31"), date only.
const ordinalDate = /^(\d{4})-?(\d{3})$/;
const shortYearDate = /^(\d{2})-(\d{2})-(\d{2})$/;

// ISO 8601's truncated and two-digit-year forms ("-03-12", "-0312", "-03-12-31", "031231", "03335"): feeds
// only, since in page text six digits are as likely an id as a date.
const truncatedIso = /^(?:-(\d{2})-?(\d{2})(?:-(\d{2}))?|(\d{2})(\d{2})(\d{2})|(\d{2})(\d{3}))$/;

function parseTruncatedIso(text: string): ParsedDate | null {
  const match = truncatedIso.exec(text);
  if (!match) return null;
  const [, cy, cm, cd, fy, fm, fd, oy, ordinal] = match;
  if (oy && ordinal) return parseIso(`${fullYear(oy)}-${ordinal}`, false);
  const year = fullYear(cy ?? fy ?? "");
  return buildDate({ year, month: Number(cm ?? fm), day: Number(cd ?? fd ?? 1) });
}

function parseIso(text: string, rollOver: boolean): ParsedDate | null {
  const ordinal = ordinalDate.exec(text);
  if (ordinal) {
    const [, year = "", dayOfYear = ""] = ordinal;
    const date = new Date(Date.UTC(Number(year), 0, Number(dayOfYear)));
    if (Number(dayOfYear) < 1 || date.getUTCFullYear() !== Number(year)) return null;
    return buildDate({ year: Number(year), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
  }
  const short = shortYearDate.exec(text);
  if (short) {
    const [, year = "", month = "", day = ""] = short;
    return buildDate({ year: fullYear(year), month: Number(month), day: Number(day) });
  }
  const match = iso8601.exec(text);
  if (!match) return null;
  const [, year = "", month, day, hour, minute, second, frac, zone] = match;
  const offset = zoneToMinutes(zone);
  if (offset === undefined) return null;
  return buildDate({
    year: Number(year),
    month: month ? Number(month) : 1,
    day: day ? Number(day) : 1,
    hour: hour ? Number(hour) : undefined,
    minute: minute ? Number(minute) : 0,
    second: second ? Number(second) : 0,
    millis: fraction(frac),
    ...withZone(zone, offset),
    rollOver,
  });
}

// "Mon, 29 Apr 2024 15:42:00 +0400", "29 Apr 04 15:42 EST", "Mon, 29 April 2024 3:42 PM GMT".
const rfc822 =
  /^(?:[^\d\s,]+,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([^\d\s,.-]+)\.?,?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([ap]\.?m\.?)?)?\s*(\(?[A-Za-z]{1,5}\)?(?:\s*[+-]\d{1,4}(?::\d{2})?)?|[+-]\d{1,2}:?\d{2}|[+-]\d{1,2})?(?:\s*\([^)]*\))?$/i;

// "Mon, Apr 29 2024 15:42:00 GMT", "Sun Jan  4 16:29:06 PST 2004" (asctime), "April 29, 2024 3:42 PM".
const monthFirst =
  /^(?:[^\d\s,]+,?\s+)?([^\d\s,.]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4}),?\s*)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?\s*(\d{4})?$/i;

/** "3 PM" as 15, "12 AM" as 0. */
export function twelveHour(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase().startsWith("p");
  if (pm && hour < 12) return hour + 12;
  if (!pm && hour === 12) return 0;
  return hour;
}

function parseRfc822(text: string, rollOver: boolean): ParsedDate | null {
  const match = rfc822.exec(text);
  if (!match) return null;
  const [, day = "", monthName = "", year = "", hour, minute, second, frac, meridiem, zoneRaw] = match;
  const month = monthOf(monthName);
  if (!month) return null;
  const zone = zoneRaw?.replace(/[()]/g, "").replace(/\s+/g, "");
  let offset = zoneToMinutes(zone);
  if (offset === undefined) {
    // "EST+0100"-style or unknown zone names: read the number if any, else treat as UTC.
    const numeric = zone ? /[+-]\d{1,4}/.exec(zone) : null;
    offset = numeric ? (zoneToMinutes(numeric[0]) ?? 0) : 0;
  }
  return buildDate({
    year: fullYear(year),
    month,
    day: Number(day),
    hour: hour ? twelveHour(Number(hour), meridiem) : undefined,
    minute: minute ? Number(minute) : 0,
    second: second ? Number(second) : 0,
    millis: fraction(frac),
    ...withZone(zone, offset),
    rollOver,
  });
}

function parseMonthFirst(text: string): ParsedDate | null {
  const match = monthFirst.exec(text);
  if (!match) return null;
  const [, monthName = "", day = "", yearBefore, hour, minute, second, meridiem, zone, yearAfter] = match;
  const month = monthOf(monthName);
  const year = yearBefore ?? yearAfter;
  if (!month || !year) return null;
  return buildDate({
    year: Number(year),
    month,
    day: Number(day),
    hour: hour ? twelveHour(Number(hour), meridiem) : undefined,
    minute: minute ? Number(minute) : 0,
    second: second ? Number(second) : 0,
    ...withZone(zone, zoneToMinutes(zone) ?? 0),
  });
}

// "2004/07/08 23:56:58 EDT" (Perforce), "2004-07-08 23:56:58.0" (MSSQL), "08/07/2004" is ambiguous and skipped.
const slashed =
  /^(?:[^\d\s,]+,?\s+)?(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

function parseSlashed(text: string): ParsedDate | null {
  const match = slashed.exec(text);
  if (!match) return null;
  const [, year = "", month = "", day = "", hour, minute, second, zone] = match;
  return buildDate({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: hour ? Number(hour) : undefined,
    minute: minute ? Number(minute) : 0,
    second: second ? Number(second) : 0,
    ...withZone(zone, zoneToMinutes(zone) ?? 0),
  });
}

// Korean "2004-05-25 오후 11:23:17" and "2004년 05월 28일 01:31:15", Hungarian "2004-július-13T9:15-05:00".
function parseLocalised(text: string): ParsedDate | null {
  const written = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (written) {
    const [, y = "", mo = "", d = "", h = "", mi = "", s = "0"] = written;
    // Korean feeds write Korea's time (UTC+9) without naming it.
    return buildDate({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      offset: 540,
    });
  }
  const korean = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (korean) {
    const [, y = "", mo = "", d = "", half, h = "", mi = "", s = ""] = korean;
    const hour = twelveHour(Number(h), half === "오후" ? "pm" : "am");
    // Korean feeds write Korea's time (UTC+9) without naming it.
    return buildDate({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour,
      minute: Number(mi),
      second: Number(s),
      offset: 540,
    });
  }
  const named =
    /^(\d{4})-([^\d\s-]+)-(\d{1,2})(?:T(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (named) {
    const [, y = "", monthName = "", d = "", h, mi, s, zone] = named;
    const month = monthOf(monthName);
    if (!month) return null;
    return buildDate({
      year: Number(y),
      month,
      day: Number(d),
      hour: h ? Number(h) : undefined,
      minute: mi ? Number(mi) : 0,
      second: s ? Number(s) : 0,
      ...withZone(zone, zoneToMinutes(zone) ?? 0),
    });
  }
  return null;
}

/**
 * Reads a whole date value; null when it is empty or unreadable. `lenient` adds the engine's own parser as a
 * last resort (for feeds, whose dates come in forms nobody listed); it is off for page text, where "08.02.2024"
 * must not be read month first.
 */
export function readDate(raw: string | null | undefined, lenient = false): ParsedDate | null {
  if (!raw) return null;
  const text = raw.replace(/\s+/g, " ").trim();
  if (text === "" || text.length > 100) return null;
  const strict = (rollOver: boolean) =>
    parseIso(text, rollOver) ??
    parseRfc822(text, rollOver) ??
    parseMonthFirst(text) ??
    parseSlashed(text) ??
    parseLocalised(text) ??
    parseIso(text.replace(/\s+(\d{2}:\d{2})/, "T$1").replace(/\s+([+-]\d{2})/, "$1"), rollOver);
  if (!lenient) return strict(false);
  // Feeds: also ISO 8601's truncated forms, out-of-range fields carried over, then the engine's parser.
  return strict(false) ?? parseTruncatedIso(text) ?? strict(true) ?? fallback(text);
}

/** A feed's date as UTC ISO, read leniently; null when unreadable. */
export function feedDateIso(raw: string | null | undefined): string | null {
  return readDate(raw, true)?.iso ?? null;
}

// Last resort: the engine's own parser, accepted only for texts that look like dates and land in a sane range.
function fallback(text: string): ParsedDate | null {
  // A text shaped like a known format but with impossible values (31 February) stays unread.
  if (iso8601.test(text) || rfc822.test(text) || monthFirst.test(text) || slashed.test(text)) return null;
  if (!/\d{4}/.test(text) || !/[a-z]{3}|\d{1,2}[/.-]\d{1,2}/i.test(text)) return null;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  if (year < 1970 || year > 2200) return null;
  return {
    iso: new Date(time).toISOString(),
    hasTime: /\d:\d\d/.test(text),
    hasZone: /(?:\b(?:Z|GMT|UTC)\b|[+-]\d{2}:?\d{2})/i.test(text),
  };
}
