import { describe, expect, it } from "vitest";
import { feedDateIso, readDate } from "./dates.ts";

describe("feedDateIso", () => {
  it.each([
    ["Mon, 29 Apr 2024 15:42:00 +0400", "2024-04-29T11:42:00.000Z"],
    ["29 Apr 2024 15:42:00 GMT", "2024-04-29T15:42:00.000Z"],
    ["Mon, 29 Apr 24 15:42:00 EST", "2024-04-29T20:42:00.000Z"],
    ["Mon, 29 Apr 2024 15:42 PDT", "2024-04-29T22:42:00.000Z"],
    ["Mon, 29 Apr 2024 15:42:00", "2024-04-29T15:42:00.000Z"],
    ["Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21.000Z"],
    ["2024-04-29T15:42:00+04:00", "2024-04-29T11:42:00.000Z"],
    ["2024-04-29T15:42:00.123Z", "2024-04-29T15:42:00.123Z"],
    ["2024-04-29 15:42:00", "2024-04-29T15:42:00.000Z"],
    ["2024-04-29", "2024-04-29T00:00:00.000Z"],
    ["20240429T154200Z", "2024-04-29T15:42:00.000Z"],
    ["Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06.000Z"],
    ["April 29, 2024 3:42 PM", "2024-04-29T15:42:00.000Z"],
    ["2004/07/08 23:56:58 EDT", "2004-07-09T03:56:58.000Z"],
    ["2004-05-25 오후 11:23:17", "2004-05-25T14:23:17.000Z"],
  ])("reads %s", (raw, iso) => {
    expect(feedDateIso(raw)).toBe(iso);
  });

  it.each(["", "not a date", "2024-13-01", "Mon, 32 Jan 2024 15:42:00 +0000", null])(
    "gives null for %s",
    (raw) => {
      expect(feedDateIso(raw)).toBeNull();
    },
  );

  // The reference parser's "Date Parsing" table (feedparser docs), each format as it lists it.
  it.each([
    ["-03-12", "2003-12-01T00:00:00.000Z"],
    ["-0312", "2003-12-01T00:00:00.000Z"],
    ["-03-12-31", "2003-12-31T00:00:00.000Z"],
    ["031231", "2003-12-31T00:00:00.000Z"],
    ["03335", "2003-12-01T00:00:00.000Z"],
    ["Mon, 26 Jan 2004 16:31:00 ET", "2004-01-26T21:31:00.000Z"],
    ["Mon, 26 Jan 2004 16:31:00 AT", "2004-01-26T20:31:00.000Z"],
    ["Mon, 26 Jan 2004 16:31:00 CT", "2004-01-26T22:31:00.000Z"],
    ["Mon, 26 Jan 2004 16:31:00 MT", "2004-01-26T23:31:00.000Z"],
    ["Mon, 26 Jan 2004 16:31:00 PT", "2004-01-27T00:31:00.000Z"],
    ["2004년 05월 28일 01:31:15", "2004-05-27T16:31:15.000Z"],
    ["Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00.000Z"],
    ["Τετ, 05 Μαϊ 2004 12:00:00 GMT", "2004-05-05T12:00:00.000Z"],
    ["Τρί, 02 Μάρ 2004 12:00:00 GMT", "2004-03-02T12:00:00.000Z"],
  ])("reads the documented form %s", (raw, iso) => {
    expect(feedDateIso(raw)).toBe(iso);
  });

  it.each([
    ["Thu, 31 Jun 2004 19:48:21 GMT", "2004-07-01T19:48:21.000Z"],
    ["Mon, 31 Feb 2024 15:42:00 +0000", "2024-03-02T15:42:00.000Z"],
    ["2003-12-31T25:14:55Z", "2004-01-01T01:14:55.000Z"],
    ["2003-12-31T10:61:55Z", "2003-12-31T11:01:55.000Z"],
    ["2003-12-31T10:14:61Z", "2003-12-31T10:15:01.000Z"],
  ])("carries the out-of-range fields of a feed date %s over, as the reference parser does", (raw, iso) => {
    expect(feedDateIso(raw)).toBe(iso);
  });

  it("keeps a leap second within its minute", () => {
    expect(feedDateIso("2016-12-31T23:59:60Z")).toBe("2016-12-31T23:59:59.000Z");
  });
});

describe("readDate", () => {
  it.each([
    ["Mon, 29 Apr 2024 15:42:00 +0400", true, true],
    ["Mon, 29 Apr 2024 15:42:00", true, false],
    ["2024-04-29", false, false],
    ["2024-04-29T15:42Z", true, true],
    ["April 29, 2024 3:42 PM EDT", true, true],
  ])("says whether %s named a time (%s) and a zone (%s)", (raw, hasTime, hasZone) => {
    expect(readDate(raw)).toMatchObject({ hasTime, hasZone });
  });

  it("reads neither impossible dates nor truncated ISO forms in page text", () => {
    expect(readDate("Mon, 31 Feb 2024 15:42:00 +0000")).toBeNull();
    expect(readDate("2003-12-31T25:14:55Z")).toBeNull();
    expect(readDate("031231")).toBeNull();
  });

  it("uses the engine's parser only when asked to be lenient", () => {
    expect(readDate("2024.04.29 15:42")).toBeNull();
    expect(readDate("Monday the 29th of April 2024")).toBeNull();
  });
});

describe("ISO 8601 date forms", () => {
  it.each([
    ["2003-335", "2003-12-01T00:00:00.000Z"],
    ["2004335", "2004-11-30T00:00:00.000Z"],
    ["03-12-31", "2003-12-31T00:00:00.000Z"],
    ["2003-12", "2003-12-01T00:00:00.000Z"],
    ["20031231T101455Z", "2003-12-31T10:14:55.000Z"],
  ])("reads %s", (raw, iso) => {
    expect(feedDateIso(raw)).toBe(iso);
  });

  it("gives null for a day past the year's end", () => {
    expect(feedDateIso("2003-366")).toBeNull();
  });
});
