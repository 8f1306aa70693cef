import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeHtml, MAX_HTML_BYTES } from "./decode.ts";

const page = (head: string, body: string) => `<html><head>${head}</head><body><p>${body}</p></body></html>`;

describe("decodeHtml", () => {
  it("defaults to UTF-8 and replaces invalid sequences", () => {
    const bytes = Buffer.concat([
      Buffer.from("<p>Ələkbərov "),
      Buffer.from([0xff, 0xc3, 0x28]),
      Buffer.from(" ok</p>"),
    ]);
    const { html, charset } = decodeHtml(bytes);
    expect(charset).toBe("utf-8");
    expect(html).toContain("Ələkbərov \uFFFD");
    expect(html).toContain(" ok</p>");
  });

  it("takes windows-1251 from the Content-Type header", () => {
    const bytes = iconv.encode(page("", "Шанхайская организация сотрудничества"), "windows-1251");
    const { html, charset } = decodeHtml(bytes, "text/html; charset=windows-1251");
    expect(charset).toBe("windows-1251");
    expect(html).toContain("Шанхайская организация сотрудничества");
  });

  it("takes GB2312 from <meta charset> and decodes it as its GB18030 superset", () => {
    const bytes = iconv.encode(page('<meta charset="gb2312">', "上海合作组织秘书长张明"), "gb18030");
    const { html, charset } = decodeHtml(bytes, "text/html");
    expect(charset).toBe("gb18030");
    expect(html).toContain("上海合作组织秘书长张明");
  });

  it("takes Big5 from <meta http-equiv>", () => {
    const head = '<meta http-equiv="Content-Type" content="text/html; charset=big5">';
    const bytes = iconv.encode(page(head, "上海合作組織秘書長"), "big5");
    const { html } = decodeHtml(bytes);
    expect(html).toContain("上海合作組織秘書長");
  });

  it("lets a byte-order mark win over a wrong header", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode(page("", "Heydər Əliyev"), "utf-16le"),
    ]);
    expect(decodeHtml(bytes, "text/html; charset=iso-8859-1").html).toContain("Heydər Əliyev");
  });

  it("reads ISO-8859-1 as windows-1252, as browsers do", () => {
    const bytes = Buffer.from([
      ...Buffer.from("<p>"),
      0x93,
      ...Buffer.from("Zitat"),
      0x94,
      0xe4,
      ...Buffer.from("</p>"),
    ]);
    expect(decodeHtml(bytes, "text/html; charset=ISO-8859-1").html).toBe("<p>“Zitat”ä</p>");
  });

  it("ignores unknown charset labels", () => {
    expect(decodeHtml(Buffer.from("<p>é</p>"), "text/html; charset=x-no-such-thing").charset).toBe("utf-8");
  });

  it("caps the input before decoding", () => {
    const bytes = Buffer.alloc(50 * 1024 * 1024, 0x61);
    expect(decodeHtml(bytes).html.length).toBe(MAX_HTML_BYTES);
  });
});

describe("decodeHtml with a stale <meta charset>", () => {
  it("keeps valid UTF-8 even when the page's meta says gb2312", () => {
    const bytes = Buffer.from(page('<meta charset="gb2312">', "DeepMind新电脑已可利用记忆自学"));
    expect(decodeHtml(bytes)).toEqual({
      html: expect.stringContaining("DeepMind新电脑已可利用记忆自学"),
      charset: "utf-8",
    });
  });
});
