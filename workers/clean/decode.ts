// Fetched bytes -> HTML string. The charset comes from, in order: a byte-order mark, the Content-Type header,
// a <meta charset> / <meta http-equiv="Content-Type"> in the first bytes (unless the bytes are valid UTF-8),
// else UTF-8. Invalid sequences become
// U+FFFD; nothing here throws. Input is cut at MAX_HTML_BYTES first, so a 50 MB page costs what a 5 MB one does.
import iconv from "iconv-lite";

/** Bytes of HTML kept; real articles are far below this, anything above is padding, data URIs or abuse. */
export const MAX_HTML_BYTES = 5 * 1024 * 1024;

/** How far into the document a <meta> charset declaration is looked for. */
const META_PRESCAN_BYTES = 16 * 1024;

export interface DecodedHtml {
  html: string;
  charset: string;
}

export function decodeHtml(bytes: Uint8Array, contentType?: string | null): DecodedHtml {
  const capped = bytes.length > MAX_HTML_BYTES ? bytes.subarray(0, MAX_HTML_BYTES) : bytes;
  const bom = charsetFromBom(capped);
  if (bom) return { html: decodeWith(capped.subarray(bom.length), bom.charset), charset: bom.charset };
  const fromHeader = usableCharset(charsetFromContentType(contentType));
  if (fromHeader) return { html: decodeWith(capped, fromHeader), charset: fromHeader };
  const fromMeta = usableCharset(charsetFromMeta(capped.subarray(0, META_PRESCAN_BYTES)));
  // Pages re-saved as UTF-8 keep their old <meta charset>; text in a legacy charset is practically never valid
  // UTF-8 once it has non-ASCII bytes, so valid UTF-8 wins over the meta tag.
  if (fromMeta && fromMeta !== "utf-8" && !isValidUtf8WithNonAscii(capped)) {
    return { html: decodeWith(capped, fromMeta), charset: fromMeta };
  }
  return { html: decodeWith(capped, "utf-8"), charset: "utf-8" };
}

function isValidUtf8WithNonAscii(bytes: Uint8Array): boolean {
  if (!bytes.some((b) => b >= 0x80)) return false;
  try {
    // stream: a multi-byte character cut by the size cap is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function charsetFromBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: "utf-8", length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: "utf-16be", length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: "utf-16le", length: 2 };
  return null;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return match?.[1] ?? null;
}

/** The HTML prescan, simplified: the first <meta> that names a charset wins. */
function charsetFromMeta(head: Uint8Array): string | null {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
  const metaTag = /<meta\b[^>]*>/gi;
  for (let match = metaTag.exec(text); match; match = metaTag.exec(text)) {
    const tag = match[0];
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct?.[1]) return direct[1];
  }
  return null;
}

// WHATWG Encoding labels whose decoder is a superset of what the label promises.
const SUPERSETS: Record<string, string> = {
  "iso-8859-1": "windows-1252",
  latin1: "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  "iso-8859-9": "windows-1254",
  gb2312: "gb18030",
  gbk: "gb18030",
  "x-gbk": "gb18030",
  big5: "big5hkscs",
  "x-sjis": "shift_jis",
  sjis: "shift_jis",
  "ks_c_5601-1987": "euc-kr",
  utf8: "utf-8",
  "unicode-1-1-utf-8": "utf-8",
};

function usableCharset(label: string | null): string | null {
  if (!label) return null;
  const lower = label.trim().toLowerCase();
  // A page that is being parsed as bytes cannot really be UTF-16 when it declares so in ASCII (HTML spec).
  if (lower.startsWith("utf-16")) return "utf-8";
  const name = SUPERSETS[lower] ?? lower;
  if (name === "utf-8") return name;
  return iconv.encodingExists(name) ? name : null;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === "utf-8") return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}
