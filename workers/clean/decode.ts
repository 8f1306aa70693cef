// Fetched bytes -> HTML string. The charset comes from, in order: a byte-order mark, the Content-Type header,
// a <meta charset> / <meta http-equiv="Content-Type"> in the first bytes (unless the bytes are valid UTF-8),
// else UTF-8. Invalid sequences become
// U+FFFD; nothing here throws. Input is cut at MAX_HTML_BYTES first, so a 50 MB page costs what a 5 MB one does.
// Labels, BOMs and decoding are the project's one charset module (lib/charset.ts); the order is HTML's.
import {
  bomEncoding,
  charsetFromContentType,
  decodeBytes,
  hasHighBytes,
  isValidUtf8,
  normaliseCharset,
} from "../../lib/charset.ts";

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
  const bom = bomEncoding(capped);
  if (bom) return { html: decodeBytes(capped.subarray(bom.length), bom.encoding), charset: bom.encoding };
  const fromHeader = usableCharset(charsetFromContentType(contentType));
  if (fromHeader) return { html: decodeBytes(capped, fromHeader), charset: fromHeader };
  const fromMeta = usableCharset(charsetFromMeta(capped.subarray(0, META_PRESCAN_BYTES)));
  // Pages re-saved as UTF-8 keep their old <meta charset>; text in a legacy charset is practically never valid
  // UTF-8 once it has non-ASCII bytes, so valid UTF-8 wins over the meta tag.
  // (stream: a multi-byte character cut by the size cap is not an error.)
  if (fromMeta && fromMeta !== "utf-8" && !(hasHighBytes(capped) && isValidUtf8(capped, true))) {
    return { html: decodeBytes(capped, fromMeta), charset: fromMeta };
  }
  return { html: decodeBytes(capped, "utf-8"), charset: "utf-8" };
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

function usableCharset(label: string | null): string | null {
  if (!label) return null;
  const lower = label.trim().toLowerCase();
  // A page that is being parsed as bytes cannot really be UTF-16 when it declares so in ASCII (HTML spec).
  if (lower.startsWith("utf-16")) return "utf-8";
  return normaliseCharset(lower);
}
