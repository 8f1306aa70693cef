// Feed bytes in, text out, with the encoding chosen in the order HTTP header, BOM, XML declaration, sniffing
// (chardet). Labels, BOMs and decoding are the project's one charset module (lib/charset.ts).
// A declared encoding that the bytes contradict (invalid UTF-8, an unknown name) is not trusted: the next
// source decides. Legacy encodings (windows-1251, GB2312, KOI8-R, Shift_JIS...) go through iconv-lite.
import chardet from "chardet";
import iconv from "iconv-lite";
import {
  bomEncoding,
  charsetFromContentType,
  decodeBytes,
  hasHighBytes,
  isValidUtf8,
  normaliseCharset,
} from "../../lib/charset.ts";

export interface DecodedFeed {
  text: string;
  encoding: string;
  /** Where the encoding came from: "http", "bom", "declaration", "sniffed". */
  source: string;
}

// UTF-16/32 without a BOM still starts with "<" as wide characters, and EBCDIC with "<?xm" in its own bytes
// (the XML spec's appendix F).
function wideEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x4c && bytes[1] === 0x6f && bytes[2] === 0xa7 && bytes[3] === 0x94) return "cp037";
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0) return "utf-32le";
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0x3c) return "utf-32be";
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0) return "utf-16le";
  if (bytes[0] === 0 && bytes[1] === 0x3c) return "utf-16be";
  return null;
}

function declaredEncoding(head: string): string | null {
  const declaration = /^\s*<\?xml[^>]*?encoding\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  if (declaration) return declaration[1] ?? null;
  // Feeds served as HTML-ish documents sometimes carry only a meta charset.
  const meta = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

const multiByte = new Set(["Big5", "GB18030", "EUC-KR", "EUC-JP", "Shift_JIS"]);
// chardet's single-byte detectors for scripts whose words are all high bytes.
const nonLatin = new Set([
  "ISO-8859-5",
  "windows-1251",
  "KOI8-R",
  "ISO-8859-6",
  "windows-1256",
  "ISO-8859-7",
  "windows-1253",
  "ISO-8859-8",
  "ISO-8859-8-I",
  "windows-1255",
]);
const latinDecoder: Record<string, string> = {
  "ISO-8859-1": "windows-1252",
  "ISO-8859-2": "windows-1250",
  "ISO-8859-9": "windows-1254",
  "ISO-8859-8-I": "windows-1255",
};

/** Share of high-byte runs that are a single byte: high for accented Latin, low for words in another script. */
function isolatedHighBytes(bytes: Uint8Array): number {
  let runs = 0;
  let isolated = 0;
  let i = 0;
  while (i < bytes.length) {
    if ((bytes[i] ?? 0) < 0x80) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && (bytes[j] ?? 0) >= 0x80) j++;
    runs++;
    if (j - i === 1) isolated++;
    i = j;
  }
  return runs === 0 ? 1 : isolated / runs;
}

/**
 * Guesses a legacy encoding with chardet's statistical detectors. Feeds are mostly ASCII markup, which makes
 * ISO-8859-1 look plausible for anything; so a non-Latin single-byte candidate wins when the high bytes come as
 * words (runs), and a Latin one when they come alone between ASCII letters.
 */
function sniffLegacy(bytes: Uint8Array): string {
  const matches = chardet.analyse(bytes);
  const top = matches[0];
  if (top && multiByte.has(top.name) && top.confidence >= 50) return top.name.toLowerCase();
  const wantLatin = isolatedHighBytes(bytes) > 0.6;
  for (const match of matches) {
    if (multiByte.has(match.name) || match.name.startsWith("UTF") || match.name.startsWith("ISO-2022"))
      continue;
    if (nonLatin.has(match.name) === wantLatin) continue;
    const name = latinDecoder[match.name] ?? match.name.toLowerCase();
    if (iconv.encodingExists(name)) return name;
  }
  return wantLatin ? "windows-1252" : "windows-1251";
}

/** Decodes feed bytes; never throws for lack of an encoding (the sniffer always answers). */
export function decodeFeed(bytes: Uint8Array, contentType?: string | null): DecodedFeed {
  const bom = bomEncoding(bytes);
  const body = bom ? bytes.subarray(bom.length) : bytes;
  const wide = bom ? null : wideEncoding(bytes);
  const fromHeader = normaliseCharset(charsetFromContentType(contentType));

  const acceptable = (encoding: string): boolean => {
    if (encoding === "utf-8") return isValidUtf8(body);
    // Wide text writes its ASCII markup with zero bytes; a UTF-16/32 label on bytes without any is wrong.
    if (encoding.startsWith("utf-16") || encoding.startsWith("utf-32"))
      return body.subarray(0, 64).includes(0);
    // EBCDIC markup opens with its own "<" (0x4C); ASCII markup under an EBCDIC label is mislabelled.
    if (encoding === "cp037") return body[0] === 0x4c;
    // A single-byte or CJK label on bytes that are pure ASCII or valid multi-byte UTF-8 is usually a lie
    // left over from a template; the UTF-8 reading wins then.
    return !hasHighBytes(body) || !isValidUtf8(body);
  };

  if (fromHeader && !(bom || wide) && acceptable(fromHeader)) {
    return { text: decodeBytes(body, fromHeader), encoding: fromHeader, source: "http" };
  }
  if (bom) return { text: decodeBytes(body, bom.encoding), encoding: bom.encoding, source: "bom" };
  if (wide) return { text: decodeBytes(body, wide), encoding: wide, source: "bom" };

  const head = new TextDecoder("latin1").decode(body.subarray(0, 2048));
  const declared = normaliseCharset(declaredEncoding(head));
  if (declared && !declared.startsWith("utf-16") && !declared.startsWith("utf-32") && acceptable(declared)) {
    return { text: decodeBytes(body, declared), encoding: declared, source: "declaration" };
  }
  if (isValidUtf8(body)) return { text: decodeBytes(body, "utf-8"), encoding: "utf-8", source: "sniffed" };
  const guessed = sniffLegacy(body);
  return { text: decodeBytes(body, guessed), encoding: guessed, source: "sniffed" };
}
