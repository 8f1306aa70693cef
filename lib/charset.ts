// Character sets, one way for the whole project: the charset named by a Content-Type header, a byte-order mark,
// labels mapped to the decoder that reads what servers really send under them (WHATWG practice: latin1 is
// windows-1252, gb2312 is read as GB18030), UTF-8 validity, and decoding (TextDecoder for UTF-8, iconv-lite
// for the rest). Each stage keeps its own precedence rules: clean's HTML decoder (workers/clean/decode.ts)
// follows the HTML spec, poll's feed decoder (workers/poll/feed-decode.ts) RFC 7303 and the XML spec.
import iconv from "iconv-lite";

// Labels whose decoder is a superset of what the label promises, and spellings iconv-lite does not know.
const supersets: Record<string, string> = {
  "iso-8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  latin1: "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  "iso-8859-9": "windows-1254",
  gb2312: "gb18030",
  gbk: "gb18030",
  "x-gbk": "gb18030",
  big5: "big5hkscs",
  "x-x-big5": "big5hkscs",
  "cp-1251": "windows-1251",
  "win-1251": "windows-1251",
  "x-cp1251": "windows-1251",
  sjis: "shift_jis",
  "x-sjis": "shift_jis",
  "x-euc-jp": "euc-jp",
  "ks_c_5601-1987": "euc-kr",
  "x-euc-kr": "euc-kr",
  utf8: "utf-8",
  "unicode-1-1-utf-8": "utf-8",
  "x-mac-roman": "macintosh",
  "mac-latin2": "maccenteuro",
  maclatin2: "maccenteuro",
  maccentraleurope: "maccenteuro",
  cp_is: "cp861",
  // The remaining labels of the WHATWG Encoding Standard that iconv-lite spells otherwise.
  unicode20utf8: "utf-8",
  "x-unicode20utf8": "utf-8",
  "iso-8859-6-e": "iso-8859-6",
  "iso-8859-6-i": "iso-8859-6",
  csiso88596e: "iso-8859-6",
  csiso88596i: "iso-8859-6",
  sun_eu_greek: "iso-8859-7",
  csiso88598e: "iso-8859-8",
  visual: "iso-8859-8",
  csiso88598i: "iso-8859-8-i",
  logical: "iso-8859-8-i",
  csisolatin9: "iso-8859-15",
  koi: "koi8-r",
  koi8: "koi8-r",
  "dos-874": "windows-874",
  "x-cp1250": "windows-1250",
  "x-cp1252": "windows-1252",
  "x-cp1253": "windows-1253",
  "x-cp1254": "windows-1254",
  "x-cp1255": "windows-1255",
  "x-cp1256": "windows-1256",
  "x-cp1257": "windows-1257",
  "x-cp1258": "windows-1258",
  cseucpkdfmtjapanese: "euc-jp",
  "x-euc-cn": "gb18030",
  "x-mac-cyrillic": "maccyrillic",
  "x-mac-ukrainian": "macukraine",
  "x-mac-greek": "macgreek",
  "x-mac-turkish": "macturkish",
  "x-mac-croatian": "maccroatian",
  "x-mac-romanian": "macromania",
  "x-mac-ce": "maccenteuro",
  "x-mac-thai": "macthai",
};

/** The decoder name for a charset label, or null when the label is empty or names nothing that can decode. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const cleaned = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (cleaned === "") return null;
  const name = supersets[cleaned] ?? cleaned;
  if (name === "utf-8") return name;
  return iconv.encodingExists(name) ? name : null;
}

/** The charset parameter of a Content-Type header value, as written. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /charset\s*=\s*["']?([^"';,\s]+)/i.exec(contentType);
  return match?.[1] ?? null;
}

/** A byte-order mark: its encoding and length (UTF-32 is tested before UTF-16, whose mark it starts with). */
export function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0)
    return { encoding: "utf-32le", length: 4 };
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
    return { encoding: "utf-32be", length: 4 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/** True when the bytes are valid UTF-8; `truncated` lets a multi-byte character cut at the end pass. */
export function isValidUtf8(bytes: Uint8Array, truncated = false): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

export function hasHighBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

/** Decodes with a name normaliseCharset returned; invalid sequences become U+FFFD, nothing throws. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  if (encoding === "utf-8") return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}
