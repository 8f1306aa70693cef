// Feed dates in, UTC ISO 8601 with milliseconds out (or null). Feeds write dates in every RFC 822 and ISO 8601
// variant and worse: two-digit years, named zones, missing seconds or zones, asctime, space separators,
// localised month names. A date that cannot be read is null, never a guess from the current time.
import { NAMED_ZONE_OFFSETS } from "../../lib/time-zones.ts";

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
  απρ: 4,
  μάι: 5,
  μαΐ: 5,
  μαι: 5,
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
};

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
};

function monthOf(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, "");
  return monthNumbers[key] ?? monthNumbers[key.slice(0, 3)] ?? monthNumbers[key.slice(0, 4)];
}

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 2) return value < 70 ? 2000 + value : 1900 + value;
  if (year.length === 3) return 1900 + value;
  return value;
}

/** "+05:30", "-0800", "+05", "Z", "EST", "GMT+2" to minutes east of UTC; undefined when unknown. */
function zoneToMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const cleaned = zone.trim().toLowerCase();
  if (cleaned === "") return 0;
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
    return (sign === "-" ? -1 : 1) * (h * 60 + m);
  }
  return zoneOffsets[cleaned];
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 24 || minute > 59 || second > 61) return null;
  if (year < 1000 || year > 9999) return null;
  const time =
    Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis) - offsetMinutes * 60_000;
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return null;
  // Reject overflowed days such as 31 February.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return date.toISOString();
}

function fraction(value: string | undefined): number {
  if (!value) return 0;
  return Math.round(Number(`0.${value}`) * 1000);
}

const iso8601 =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:(?:[Tt]|\s+)(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|z|[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|[A-Za-z]{2,5})?$/;

function parseIso(text: string): string | null {
  // Ordinal date "2003-335" and week dates are rare; the calendar forms cover real feeds.
  const match = iso8601.exec(text);
  if (!match) return null;
  const [, year = "", month, day, hour, minute, second, frac, zone] = match;
  const offset = zoneToMinutes(zone);
  if (offset === undefined) return null;
  return build(
    Number(year),
    month ? Number(month) : 1,
    day ? Number(day) : 1,
    hour ? Number(hour) : 0,
    minute ? Number(minute) : 0,
    second ? Number(second) : 0,
    fraction(frac),
    offset,
  );
}

// "Mon, 29 Apr 2024 15:42:00 +0400", "29 Apr 04 15:42 EST", "Mon, 29 April 2024 3:42 PM GMT".
const rfc822 =
  /^(?:[^\d\s,]+,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([^\d\s,.-]+)\.?,?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([ap]\.?m\.?)?)?\s*(\(?[A-Za-z]{1,5}\)?(?:\s*[+-]\d{1,4}(?::\d{2})?)?|[+-]\d{1,2}:?\d{2}|[+-]\d{1,2})?(?:\s*\([^)]*\))?$/i;

// "Mon, Apr 29 2024 15:42:00 GMT", "Sun Jan  4 16:29:06 PST 2004" (asctime), "April 29, 2024 3:42 PM".
const monthFirst =
  /^(?:[^\d\s,]+,?\s+)?([^\d\s,.]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4}),?\s*)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?\s*(\d{4})?$/i;

function twelveHour(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase().startsWith("p");
  if (pm && hour < 12) return hour + 12;
  if (!pm && hour === 12) return 0;
  return hour;
}

function parseRfc822(text: string): string | null {
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
  return build(
    fullYear(year),
    month,
    Number(day),
    twelveHour(hour ? Number(hour) : 0, meridiem),
    minute ? Number(minute) : 0,
    second ? Number(second) : 0,
    fraction(frac),
    offset,
  );
}

function parseMonthFirst(text: string): string | null {
  const match = monthFirst.exec(text);
  if (!match) return null;
  const [, monthName = "", day = "", yearBefore, hour, minute, second, meridiem, zone, yearAfter] = match;
  const month = monthOf(monthName);
  const year = yearBefore ?? yearAfter;
  if (!month || !year) return null;
  const offset = zoneToMinutes(zone) ?? 0;
  return build(
    Number(year),
    month,
    Number(day),
    twelveHour(hour ? Number(hour) : 0, meridiem),
    minute ? Number(minute) : 0,
    second ? Number(second) : 0,
    0,
    offset,
  );
}

// "2004/07/08 23:56:58 EDT" (Perforce), "2004-07-08 23:56:58.0" (MSSQL), "08/07/2004" is ambiguous and skipped.
const slashed =
  /^(?:[^\d\s,]+,?\s+)?(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

function parseSlashed(text: string): string | null {
  const match = slashed.exec(text);
  if (!match) return null;
  const [, year = "", month = "", day = "", hour, minute, second, zone] = match;
  return build(
    Number(year),
    Number(month),
    Number(day),
    hour ? Number(hour) : 0,
    minute ? Number(minute) : 0,
    second ? Number(second) : 0,
    0,
    zoneToMinutes(zone) ?? 0,
  );
}

// Korean "2004-05-25 오후 11:23:17" and Hungarian "2004-július-13T9:15-05:00".
function parseLocalised(text: string): string | null {
  const korean = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (korean) {
    const [, y = "", mo = "", d = "", half, h = "", mi = "", s = ""] = korean;
    const hour = twelveHour(Number(h), half === "오후" ? "pm" : "am");
    return build(Number(y), Number(mo), Number(d), hour, Number(mi), Number(s), 0, 540);
  }
  const named =
    /^(\d{4})-([^\d\s-]+)-(\d{1,2})(?:T(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (named) {
    const [, y = "", monthName = "", d = "", h, mi, s, zone] = named;
    const month = monthOf(monthName);
    if (!month) return null;
    return build(
      Number(y),
      month,
      Number(d),
      h ? Number(h) : 0,
      mi ? Number(mi) : 0,
      s ? Number(s) : 0,
      0,
      zoneToMinutes(zone) ?? 0,
    );
  }
  return null;
}

/** Reads a feed date; null when it is empty or unreadable. */
export function parseFeedDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.replace(/\s+/g, " ").trim();
  if (text === "" || text.length > 100) return null;
  return (
    parseIso(text) ??
    parseRfc822(text) ??
    parseMonthFirst(text) ??
    parseSlashed(text) ??
    parseLocalised(text) ??
    parseIso(text.replace(/\s+(\d{2}:\d{2})/, "T$1").replace(/\s+([+-]\d{2})/, "$1")) ??
    fallback(text)
  );
}

// Last resort: the engine's own parser, accepted only for texts that look like dates and land in a sane range.
function fallback(text: string): string | null {
  // A text shaped like a known format but with impossible values (31 February) stays unread.
  if (iso8601.test(text) || rfc822.test(text) || monthFirst.test(text) || slashed.test(text)) return null;
  if (!/\d{4}/.test(text) || !/[a-z]{3}|\d{1,2}[/.-]\d{1,2}/i.test(text)) return null;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  if (year < 1970 || year > 2200) return null;
  return new Date(time).toISOString();
}
