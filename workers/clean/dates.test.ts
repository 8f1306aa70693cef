import { describe, expect, it } from "vitest";
import { dateFromLine, isTimestampLine, toIsoDate } from "./dates.ts";

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
  ])("%j is a timestamp", (line) => expect(isTimestampLine(line)).toBe(true));
  it.each(["286,35 €", "2019", "Aktualisiert:", "Met on 3 March 2021 in Baku", "Kapitel 3.1"])(
    "%j is not",
    (line) => expect(isTimestampLine(line)).toBe(false),
  );
});
