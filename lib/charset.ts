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

// EBCDIC (IBM037), which iconv-lite lacks: the XML spec's appendix F names it among the encodings a reader
// tells by its first four bytes. Byte b decodes to ebcdic037[b].
const ebcdic037 =
  "\u0000\u0001\u0002\u0003\u009c\u0009\u0086\u007f\u0097\u008d\u008e\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u009d\u0085\u0008\u0087\u0018\u0019\u0092\u008f\u001c\u001d\u001e\u001f\u0080\u0081\u0082\u0083\u0084\u000a\u0017\u001b\u0088\u0089\u008a\u008b\u008c\u0005\u0006\u0007\u0090\u0091\u0016\u0093\u0094\u0095\u0096\u0004\u0098\u0099\u009a\u009b\u0014\u0015\u009e\u001a \u00a0\u00e2\u00e4\u00e0\u00e1\u00e3\u00e5\u00e7\u00f1\u00a2.<(+|&\u00e9\u00ea\u00eb\u00e8\u00ed\u00ee\u00ef\u00ec\u00df!$*);\u00ac-/\u00c2\u00c4\u00c0\u00c1\u00c3\u00c5\u00c7\u00d1\u00a6,%_>?\u00f8\u00c9\u00ca\u00cb\u00c8\u00cd\u00ce\u00cf\u00cc`:#@'=\"\u00d8abcdefghi\u00ab\u00bb\u00f0\u00fd\u00fe\u00b1\u00b0jklmnopqr\u00aa\u00ba\u00e6\u00b8\u00c6\u00a4\u00b5~stuvwxyz\u00a1\u00bf\u00d0\u00dd\u00de\u00ae^\u00a3\u00a5\u00b7\u00a9\u00a7\u00b6\u00bc\u00bd\u00be[]\u00af\u00a8\u00b4\u00d7{ABCDEFGHI\u00ad\u00f4\u00f6\u00f2\u00f3\u00f5}JKLMNOPQR\u00b9\u00fb\u00fc\u00f9\u00fa\u00ff\\\u00f7STUVWXYZ\u00b2\u00d4\u00d6\u00d2\u00d3\u00d50123456789\u00b3\u00db\u00dc\u00d9\u00da\u009f";
const ebcdicLabels = new Set([
  "cp037",
  "ibm037",
  "ibm-037",
  "ibm37",
  "cp37",
  "csibm037",
  "ebcdic-cp-us",
  "ebcdic-cp-ca",
  "ebcdic-cp-wt",
  "ebcdic-cp-nl",
]);

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
  if (ebcdicLabels.has(name)) return "cp037";
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
  if (encoding === "cp037") {
    // Each byte's UTF-16 code unit, little-endian, for one TextDecoder pass.
    const units = new Uint8Array(bytes.length * 2);
    for (let i = 0; i < bytes.length; i++) {
      const unit = ebcdic037.charCodeAt(bytes[i] ?? 0x40);
      units[2 * i] = unit & 0xff;
      units[2 * i + 1] = unit >> 8;
    }
    // EBCDIC's NEL ends lines (XML 1.1 reads it as a line feed).
    return new TextDecoder("utf-16le").decode(units).replace(/\u0085/g, "\n");
  }
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}
