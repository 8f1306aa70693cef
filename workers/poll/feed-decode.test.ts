import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeFeed } from "./feed-decode.ts";

const xml = (title: string, declared?: string) =>
  `${declared ? `<?xml version="1.0" encoding="${declared}"?>` : ""}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe("decodeFeed", () => {
  it("follows the HTTP charset first", () => {
    const decoded = decodeFeed(
      iconv.encode(xml("Новости", "utf-8"), "windows-1251"),
      "text/xml; charset=windows-1251",
    );
    expect(decoded.text).toContain("Новости");
    expect(decoded.source).toBe("http");
  });

  it("reads a BOM, which beats a contradicting declaration", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml("Größe", "windows-1252"))]);
    expect(decodeFeed(bytes).text).toContain("Größe");
  });

  it("reads UTF-16 with a BOM", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode(xml("Ələkbərov", "utf-16"), "utf-16le"),
    ]);
    expect(decodeFeed(bytes).text).toContain("Ələkbərov");
  });

  it("uses the XML declaration for legacy encodings", () => {
    const decoded = decodeFeed(iconv.encode(xml("上海合作组织", "gb2312"), "gb18030"));
    expect(decoded.text).toContain("上海合作组织");
    expect(decoded.source).toBe("declaration");
  });

  it("ignores a wide or EBCDIC charset on bytes that cannot be in it", () => {
    expect(decodeFeed(Buffer.from(xml("Éditorial")), "text/xml; charset=utf-16").text).toContain("Éditorial");
    expect(decodeFeed(Buffer.from(xml("Plain")), "text/xml; charset=ibm037").text).toContain("Plain");
  });

  it("ignores a single-byte declaration on bytes that are valid UTF-8", () => {
    expect(decodeFeed(Buffer.from(xml("Éditorial", "ISO-8859-1"))).text).toContain("Éditorial");
  });

  it.each([
    ["windows-1251", "Саммит ШОС открылся в Астане"],
    ["koi8-r", "Саммит ШОС открылся в Астане"],
    ["gb18030", "阿塞拜疆与中国签署贸易备忘录"],
    ["windows-1252", "Éditorial : la coopération continue"],
  ])("sniffs undeclared %s", (encoding, title) => {
    const decoded = decodeFeed(iconv.encode(xml(title), encoding));
    expect(decoded.text).toContain(title);
  });
});
