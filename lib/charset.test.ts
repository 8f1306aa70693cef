import { describe, expect, it } from "vitest";
import {
  bomEncoding,
  charsetFromContentType,
  decodeBytes,
  isValidUtf8,
  normaliseCharset,
} from "./charset.ts";

describe("charset labels", () => {
  it.each([
    ["ISO-8859-1", "windows-1252"],
    ['"utf8"', "utf-8"],
    ["GB2312", "gb18030"],
    ["x-cp1251", "windows-1251"],
    ["KOI8-R", "koi8-r"],
    // WHATWG labels iconv-lite spells otherwise.
    ["x-mac-cyrillic", "maccyrillic"],
    ["koi8", "koi8-r"],
    ["csisolatin9", "iso-8859-15"],
    ["dos-874", "windows-874"],
    ["x-cp1250", "windows-1250"],
    ["logical", "iso-8859-8-i"],
    ["no-such-charset", null],
    ["", null],
  ])("%s -> %s", (label, decoder) => {
    expect(normaliseCharset(label)).toBe(decoder);
  });

  it("reads the charset parameter of a Content-Type, quoted or not", () => {
    expect(charsetFromContentType('application/rss+xml; charset="windows-1251"')).toBe("windows-1251");
    expect(charsetFromContentType("text/xml;charset=UTF-8; foo=bar")).toBe("UTF-8");
    expect(charsetFromContentType("text/xml")).toBeNull();
  });
});

describe("bytes", () => {
  it("tells UTF-32 marks from the UTF-16 mark they start with", () => {
    expect(bomEncoding(new Uint8Array([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]))).toEqual({
      encoding: "utf-32le",
      length: 4,
    });
    expect(bomEncoding(new Uint8Array([0xff, 0xfe, 0x3c, 0]))).toEqual({ encoding: "utf-16le", length: 2 });
  });

  it("decodes windows-1252 punctuation that a latin1 label stands for", () => {
    expect(
      decodeBytes(new Uint8Array([0x64, 0x6f, 0x6e, 0x92, 0x74]), normaliseCharset("iso-8859-1") ?? ""),
    ).toBe("don’t");
  });

  it("decodes EBCDIC (IBM037) by its code chart", () => {
    const bytes = [
      0x4c, 0x6f, 0xa7, 0x94, 0x93, 0x40, 0xc1, 0x81, 0xba, 0xbb, 0x5a, 0x4f, 0x71, 0x49, 0x4a, 0x5f, 0xf0,
      0xf9,
    ];
    expect(decodeBytes(new Uint8Array(bytes), normaliseCharset("IBM037") ?? "")).toBe("<?xml Aa[]!|Éñ¢¬09");
    expect(normaliseCharset("ebcdic-cp-us")).toBe("cp037");
  });

  it("accepts a multi-byte character cut at the end only when told the bytes were truncated", () => {
    const cut = new Uint8Array([0x61, 0xc3]);
    expect(isValidUtf8(cut)).toBe(false);
    expect(isValidUtf8(cut, true)).toBe(true);
  });
});
