// Feed text in, a namespace-resolved element tree out. First the text is repaired where repair is safe
// (junk before the root, control characters, HTML named entities XML does not define, bare ampersands,
// entities declared in the DOCTYPE, a missing RSS version); then htmlparser2 in XML mode builds the tree,
// which tolerates what stays broken (unclosed or mis-nested tags). Each element carries its xml:base,
// resolved against its ancestors, so relative links can be made absolute later. Hostile documents meet two
// limits: entity expansion is capped for the whole document (not per entity), and nesting past
// maxMarkupDepth is flattened before any parser sees it.
import { decodeHTML } from "entities";
import { Parser } from "htmlparser2";
import { htmlVoidElements } from "../../lib/html-void-elements.ts";
import { capNesting } from "../../lib/markup-depth.ts";

/** Deeper than any feed or summary markup; the tags below it are noise or an attack. */
export const maxMarkupDepth = 200;

export interface XmlElement {
  /** Qualified name as written ("dc:creator"). */
  name: string;
  /** Lower-cased local name ("creator"). */
  local: string;
  /** Canonical namespace key ("dc", "atom", "atom03", "rss", "rdf", "content", "xhtml"...); "" for none. */
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
  /** Effective xml:base (possibly relative when the document URL is unknown), or null. */
  base: string | null;
  /** True when the element or an ancestor carries an explicit xml:base. */
  explicitBase: boolean;
  /** True when the document ended before the element's end tag (a truncated feed). */
  truncated?: boolean;
}
export type XmlNode = XmlElement | string;

// Namespace URIs (lower-cased, without trailing "/" or "#") to the keys the extractor matches on.
const namespaceKeys: Record<string, string> = {
  "http://www.w3.org/2005/atom": "atom",
  "http://purl.org/atom/ns": "atom03",
  "http://purl.org/rss/1.0": "rss",
  "http://my.netscape.com/rdf/simple/0.9": "rss",
  "http://backend.userland.com/rss2": "rss",
  "http://backend.userland.com/rss": "rss",
  "http://purl.org/net/rss1.1": "rss",
  "http://purl.org/atom/ns#draft-ietf-atompub-format-08": "atom",
  "http://blogs.law.harvard.edu/tech/rss": "rss",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns": "rdf",
  "http://purl.org/dc/elements/1.1": "dc",
  "http://purl.org/dc/terms": "dcterms",
  "http://purl.org/rss/1.0/modules/content": "content",
  "http://www.w3.org/1999/xhtml": "xhtml",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  // An early iTunes namespace that feedparser's namespace list still maps to iTunes.
  "http://example.com/dtds/podcast-1.0.dtd": "itunes",
  "http://search.yahoo.com/mrss": "media",
  "http://search.yahoo.com/rss": "media",
  "http://www.w3.org/xml/1998/namespace": "xml",
  "http://purl.org/rss/1.0/modules/slash": "slash",
  "http://wellformedweb.org/commentapi": "wfw",
  "http://webns.net/mvcb": "admin",
  "http://purl.org/rss/1.0/modules/syndication": "sy",
  "http://purl.org/syndication/thread/1.0": "thr",
  "http://www.georss.org/georss": "georss",
  "http://madskills.com/public/xml/rss/module/pingback": "pingback",
  "http://purl.org/rss/1.0/modules/image": "image",
};

// Prefixes that feeds use without declaring them.
const conventionalPrefixes: Record<string, string> = {
  dc: "dc",
  dcterms: "dcterms",
  content: "content",
  atom: "atom",
  rdf: "rdf",
  itunes: "itunes",
  media: "media",
  xhtml: "xhtml",
  xml: "xml",
  slash: "slash",
  wfw: "wfw",
};

function namespaceKey(uri: string): string {
  const cleaned = uri
    .trim()
    .toLowerCase()
    .replace(/[/#]+$/, "");
  return namespaceKeys[cleaned] ?? `{${cleaned}}`;
}

const xmlEntities = new Set(["amp", "lt", "gt", "quot", "apos"]);

/** Replaces one entity reference with what XML accepts: numeric for HTML names, escaped "&" for unknowns. */
function repairEntity(name: string, declared: Map<string, string>): string {
  if (xmlEntities.has(name)) return `&${name};`;
  const own = declared.get(name);
  if (own !== undefined) return own;
  const decoded = decodeHTML(`&${name};`);
  if (decoded !== `&${name};`) {
    return Array.from(decoded)
      .map((char) => `&#${char.codePointAt(0)};`)
      .join("");
  }
  return `&amp;${name};`;
}

// Everything outside XML's Char production (control characters, lone surrogates, U+FFFE/U+FFFF).
const invalidXmlChars = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Refusal of a document that would not fit the limits once expanded (a "billion laughs"). */
export class XmlLimitError extends Error {
  override name = "XmlLimitError";
}

/** Characters that DTD entity references may add to a document: 10 times its size, within [64 KB, 4 MB]. */
export function expansionBudget(documentChars: number): number {
  return Math.min(4_000_000, Math.max(65_536, 10 * documentChars));
}

interface Expansion {
  declared: Map<string, string>;
  /** Characters that entity references may still add. */
  remaining: number;
}

function repairSegment(segment: string, expansion: Expansion): string {
  return segment.replace(
    /&(?:(#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};)|([A-Za-z][A-Za-z0-9]{0,31});)?/g,
    (whole, numeric: string | undefined, name: string | undefined) => {
      if (numeric) {
        const code =
          numeric[1] === "x" || numeric[1] === "X"
            ? Number.parseInt(numeric.slice(2, -1), 16)
            : Number.parseInt(numeric.slice(1, -1), 10);
        // Windows-1252 code points written as numeric references (&#146;) are what the author meant.
        if (code >= 0x80 && code <= 0x9f) {
          const fixed = new TextDecoder("windows-1252").decode(new Uint8Array([code]));
          return `&#${fixed.codePointAt(0)};`;
        }
        // As HTML does: NUL, surrogates and code points beyond Unicode become U+FFFD; other controls go.
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "&#65533;";
        if (code < 0x20 && code !== 9 && code !== 10 && code !== 13) return "";
        return whole;
      }
      if (name) {
        const value = repairEntity(name, expansion.declared);
        expansion.remaining -= value.length;
        if (expansion.remaining < 0) {
          throw new XmlLimitError(
            "its DTD entities expand past the document limit (an entity expansion attack or a broken DTD)",
          );
        }
        return value;
      }
      return "&amp;";
    },
  );
}

/** Entities declared in an internal DTD subset: `<!ENTITY name "value">`. */
function declaredEntities(text: string): Map<string, string> {
  const declared = new Map<string, string>();
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(text.slice(0, 20_000));
  if (!doctype) return declared;
  for (const match of (doctype[1] ?? "").matchAll(/<!ENTITY\s+([A-Za-z][\w.-]*)\s+(["'])([\s\S]*?)\2\s*>/g)) {
    const [, name = "", , value = ""] = match;
    // Entities built from earlier ones are expanded once, with a size cap (no "billion laughs").
    const expanded = value.replace(
      /&([A-Za-z][\w.-]*);/g,
      (whole, inner: string) => declared.get(inner) ?? whole,
    );
    declared.set(name, expanded.length > 10_000 ? "" : expanded);
  }
  return declared;
}

/** Repairs what can be repaired before parsing; returns XML text. */
export function repairXml(input: string): string {
  let text = input.replace(/^\uFEFF/, "");
  // Junk before the first tag (whitespace, stray bytes, PHP warnings) breaks XML parsers.
  const start = text.search(/<[?!A-Za-z]/);
  if (start > 0) text = text.slice(start);
  text = capNesting(text.replace(invalidXmlChars, ""), maxMarkupDepth, "xml");
  const expansion: Expansion = { declared: declaredEntities(text), remaining: expansionBudget(text.length) };
  // The DTD itself is dropped: its entities are expanded here and parsers would otherwise reject or fetch it.
  text = withoutDoctype(text);
  // Entity repair skips CDATA sections, comments and processing instructions, whose text is literal.
  let repaired = "";
  for (const [segment, literal] of literalSections(text))
    repaired += literal ? segment : repairSegment(segment, expansion);
  // rss-parser ignores an <rss> without a version; RSS 2.0 is what such feeds are. (Only the head is searched:
  // the root element is there, and a bounded search cannot be made slow by a hostile document.)
  const head = repaired.slice(0, 4096).replace(/<rss(?=[\s>])(?![^>]*\sversion\s*=)/, '<rss version="2.0"');
  return head + repaired.slice(4096);
}

/** Removes the first DOCTYPE declaration (with its internal subset), scanning with indexOf to stay linear. */
function withoutDoctype(text: string): string {
  const start = text.slice(0, 20_000).search(/<!DOCTYPE/i);
  if (start < 0) return text;
  const close = text.indexOf(">", start);
  const bracket = text.indexOf("[", start);
  let end = close;
  if (bracket >= 0 && (close < 0 || bracket < close)) {
    const subsetEnd = text.indexOf("]", bracket);
    end = subsetEnd < 0 ? -1 : text.indexOf(">", subsetEnd);
  }
  return end < 0 ? text : text.slice(0, start) + text.slice(end + 1);
}

const literalOpeners: Array<[string, string]> = [
  ["<![CDATA[", "]]>"],
  ["<!--", "-->"],
  ["<?", "?>"],
];

/** Splits text into [segment, isLiteral] pairs: CDATA sections, comments and processing instructions are literal. */
function* literalSections(text: string): Generator<[string, boolean]> {
  let position = 0;
  while (position < text.length) {
    let next = -1;
    let closer = "";
    for (const [opener, end] of literalOpeners) {
      const found = text.indexOf(opener, position);
      if (found >= 0 && (next < 0 || found < next)) {
        next = found;
        closer = end;
      }
    }
    if (next < 0) break;
    const end = text.indexOf(closer, next);
    if (next > position) yield [text.slice(position, next), false];
    // An unclosed section runs to the end of the document, as parsers read it.
    const stop = end < 0 ? text.length : end + closer.length;
    yield [text.slice(next, stop), true];
    position = stop;
  }
  if (position < text.length) yield [text.slice(position), false];
}

function resolveBase(value: string, parentBase: string | null): string {
  const trimmed = value.trim();
  if (!parentBase) return trimmed;
  try {
    return new URL(trimmed, parentBase).href;
  } catch {
    return joinRelative(trimmed, parentBase);
  }
}

/** Joins a reference to a base that is itself relative ("/blog/" + "post.html"). */
export function joinRelative(reference: string, base: string): string {
  try {
    const dummy = "http://relative.invalid";
    const joined = new URL(reference, new URL(base, `${dummy}/`));
    if (joined.origin !== dummy) return joined.href;
    return joined.href.slice(dummy.length);
  } catch {
    return reference;
  }
}

const maxDepth = 200;

/** Builds the element tree; lenient (htmlparser2 never rejects input). Returns the root elements' holder. */
export function buildTree(xml: string, documentUrl: string | null): XmlElement {
  const root: XmlElement = {
    name: "#document",
    local: "#document",
    ns: "",
    attrs: {},
    children: [],
    parent: null,
    base: documentUrl,
    explicitBase: false,
  };
  const scopes: Array<Map<string, string>> = [new Map()];
  let current = root;
  let depth = 0;
  // Tags nested deeper than any real feed are dropped (their text kept), so recursion stays bounded.
  let flattened = 0;
  let ending = false;

  const parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        if (depth >= maxDepth) {
          flattened++;
          return;
        }
        depth++;
        // Attribute names are matched case-insensitively: feeds write isPermaLink, ISPERMALINK, HREF...
        const attrs: Record<string, string> = {};
        for (const [attr, value] of Object.entries(rawAttrs)) attrs[attr.toLowerCase()] = value;
        const scope = new Map(scopes[scopes.length - 1]);
        for (const [attr, value] of Object.entries(attrs)) {
          if (attr === "xmlns") scope.set("", namespaceKey(value));
          else if (attr.startsWith("xmlns:")) scope.set(attr.slice(6), namespaceKey(value));
        }
        scopes.push(scope);
        const colon = name.indexOf(":");
        const prefix = colon >= 0 ? name.slice(0, colon) : "";
        const local = (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
        const ns =
          scope.get(prefix) ??
          conventionalPrefixes[prefix.toLowerCase()] ??
          (prefix ? `${prefix.toLowerCase()}:` : "");
        const xmlBase = attrs["xml:base"];
        const element: XmlElement = {
          name,
          local,
          ns,
          attrs,
          children: [],
          parent: current,
          base: xmlBase !== undefined ? resolveBase(xmlBase, current.base) : current.base,
          explicitBase: xmlBase !== undefined || current.explicitBase,
        };
        current.children.push(element);
        current = element;
      },
      ontext(text) {
        const last = current.children[current.children.length - 1];
        if (typeof last === "string") current.children[current.children.length - 1] = last + text;
        else current.children.push(text);
      },
      onclosetag() {
        if (ending && current !== root) current.truncated = true;
        if (flattened > 0) {
          flattened--;
          return;
        }
        depth--;
        scopes.pop();
        current = current.parent ?? root;
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(xml);
  ending = true;
  parser.end();
  return root;
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== "string");
}

export function textOf(element: XmlElement): string {
  let text = "";
  for (const child of element.children) text += typeof child === "string" ? child : textOf(child);
  return text;
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;");
}

/** Serialises an element's children back to markup (inline XHTML content, xml-mode content). */
export function innerXml(element: XmlElement): string {
  let out = "";
  for (const child of element.children) {
    if (typeof child === "string") {
      out += escapeText(child);
      continue;
    }
    const name = child.ns === "xhtml" ? child.local : child.name;
    const attrs = Object.entries(child.attrs)
      .filter(([attr]) => attr !== "xmlns" && !attr.startsWith("xmlns:"))
      .map(([attr, value]) => ` ${attr}="${escapeAttr(value)}"`)
      .join("");
    if (child.children.length === 0) out += `<${name}${attrs} />`;
    // An HTML void element left open in lenient XML (<br>) swallowed what follows it; put that back after it.
    else if (htmlVoidElements.has(child.local)) out += `<${name}${attrs} />${innerXml(child)}`;
    else out += `<${name}${attrs}>${innerXml(child)}</${name}>`;
  }
  return out;
}
