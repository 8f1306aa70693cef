import { describe, expect, it } from "vitest";
import { dateFromLine, isTimestampLine, parseDate, publishedTime, toIsoDate } from "./dates.ts";

describe("toIsoDate", () => {
  it.each([
    ["2023-04-17T13:56:00+04:00", "2023-04-17T09:56:00.000Z"],
    ["2023-04-17T13:56:00Z", "2023-04-17T13:56:00.000Z"],
    ["2023-04-17 13:56", "2023-04-17T13:56:00.000Z"],
    ["2023-04-17T13:56:00.123+0200", "2023-04-17T11:56:00.123Z"],
    ["2024-02-08", "2024-02-08T00:00:00.000Z"],
    ["Thu, 08 Feb 2024 12:57:00 +0400", "2024-02-08T08:57:00.000Z"],
    ["March 11, 2015 3:46 PM", "2015-03-11T15:46:00.000Z"],
    ["March 11, 2015 3:46 PM EDT", "2015-03-11T19:46:00.000Z"],
    ["8. März 2024, 12:30 Uhr", "2024-03-08T12:30:00.000Z"],
    ["08.02.2024 12:57", "2024-02-08T12:57:00.000Z"],
  ])("%s -> %s", (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it.each(["", "yesterday", "2023-02-31", "31 Smarch 2023", "1850-01-01"])("rejects %j", (input) => {
    expect(toIsoDate(input)).toBeNull();
  });
});

describe("dateFromLine", () => {
  it("prefers the dated time with its offset in a seed-style date line", () => {
    expect(dateFromLine("date 2023-04-17 17 April 2023 13:56 (UTC+04:00)")?.iso).toBe(
      "2023-04-17T09:56:00.000Z",
    );
  });

  it("reads a press-wire dateline", () => {
    expect(dateFromLine("AZERBAIJAN, February 8 - 08 February 2024, 12:57")?.iso).toBe(
      "2024-02-08T12:57:00.000Z",
    );
  });

  it("ignores long lines", () => {
    expect(dateFromLine(`${"word ".repeat(40)}17 April 2023`)).toBeNull();
  });
});

describe("isTimestampLine", () => {
  it.each([
    "11 Jan 2019",
    "17 April 2012 • 2:54pm",
    "Aktualisiert am 03.03.2021, 20:37 Uhr",
    "marca 2021",
    "2:54pm",
    "opublikowano: 2021-04-29 17:13:04.031886+02:00",
    "Pubblicato il 12/03/2021 alle ore 10:45",
    "Опубликовано 12.03.2021 в 10:45",
    "Publicerad 12.03.2021 kl 10:45",
  ])("%j is a timestamp", (line) => expect(isTimestampLine(line)).toBe(true));
  it.each(["286,35 €", "2019", "Aktualisiert:", "Met on 3 March 2021 in Baku", "Kapitel 3.1"])(
    "%j is not",
    (line) => expect(isTimestampLine(line)).toBe(false),
  );
});

describe("date precision", () => {
  it.each([
    ["12 Jun 2024 16:10", true, false],
    ["2024-06-12T16:10:00+04:00", true, true],
    ["2024-06-12 16:10", true, false],
    ["2024-06-12", false, false],
    ["June 12, 2024 4:10 PM EDT", true, true],
    ["Wed, 12 Jun 2024 16:10:00 +0400", true, true],
    ["Wed, 12 Jun 2024 16:10:00", true, false],
  ])("%s: time %s, zone %s", (input, hasTime, hasZone) => {
    expect(parseDate(input)).toMatchObject({ hasTime, hasZone });
  });

  it("reads an RFC 2822 date without a zone as UTC, not as the machine's local time", () => {
    expect(parseDate("Wed, 12 Jun 2024 16:10:00")?.iso).toBe("2024-06-12T16:10:00.000Z");
  });
});

describe("publishedTime", () => {
  const feed = "2024-06-12T12:10:00.000Z"; // 16:10 in Baku (+04:00), as the feed item states it
  const naive = parseDate("12 Jun 2024 16:10");
  const dayOnly = parseDate("12 June 2024");
  const zoned = parseDate("2024-06-12T16:10:00+04:00");

  it("lets the feed's zoned date beat a page time without a zone on the same day", () => {
    expect(publishedTime(naive?.iso ?? null, naive, feed)).toBe(feed);
  });

  it("gives a date-only page line the feed's time", () => {
    expect(publishedTime(dayOnly?.iso ?? null, dayOnly, feed)).toBe(feed);
  });

  it("keeps a page date with a time and a zone", () => {
    expect(publishedTime(zoned?.iso ?? null, zoned, "2024-06-12T09:00:00.000Z")).toBe(
      "2024-06-12T12:10:00.000Z",
    );
  });

  it("keeps the page's date when the feed's describes another day", () => {
    expect(publishedTime(naive?.iso ?? null, naive, "2024-06-15T08:00:00.000Z")).toBe(
      "2024-06-12T16:10:00.000Z",
    );
    expect(publishedTime(dayOnly?.iso ?? null, dayOnly, "2024-06-10T08:00:00.000Z")).toBe(
      "2024-06-12T00:00:00.000Z",
    );
  });

  it("falls back on whichever source there is", () => {
    expect(publishedTime(null, null, feed)).toBe(feed);
    expect(publishedTime(naive?.iso ?? null, naive, null)).toBe("2024-06-12T16:10:00.000Z");
    expect(publishedTime(null, null, null)).toBeNull();
  });
});
