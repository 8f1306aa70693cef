// HTML from feeds in, safe HTML or plain text out. Every summary and content passes through sanitize-html with
// an allow-list: no scripts, frames, forms or embedded objects, no event handlers, only http(s)/mailto/ftp/tel
// URLs (no javascript:, vbscript:, data:), inline styles limited to typographic properties (nothing that can
// hide, move or overlay content). Relative URLs are made absolute against the element's base.
import { decodeHTML } from "entities";
import { Parser } from "htmlparser2";
import sanitizeHtml from "sanitize-html";
import { capNesting } from "../../lib/markup-depth.ts";
import { maxMarkupDepth } from "./feed-xml.ts";

const allowedTags = [
  "a",
  "abbr",
  "acronym",
  "address",
  "article",
  "aside",
  "b",
  "bdi",
  "bdo",
  "big",
  "blockquote",
  "br",
  "caption",
  "center",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "details",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "fieldset",
  "figcaption",
  "figure",
  "font",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "footer",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "legend",
  "li",
  "main",
  "mark",
  "ol",
  "p",
  "pre",
  "q",
  "rp",
  "rt",
  "ruby",
  "s",
  "samp",
  "section",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "tt",
  "u",
  "ul",
  "var",
  "wbr",
  "audio",
  "video",
  "source",
  "picture",
  "nav",
  "label",
  "map",
  "area",
  "dir",
  "menu",
  "meter",
  "progress",
];

// The reference parser's acceptable attributes that only describe or lay out content. No id or name: page
// scripts look elements up by them (DOM clobbering); no form attributes (forms are not kept).
const commonAttributes = [
  "title",
  "lang",
  "xml:lang",
  "dir",
  "align",
  "valign",
  "char",
  "charoff",
  "class",
  "width",
  "height",
];

const allowedAttributes: Record<string, string[]> = {
  "*": [...commonAttributes, "style"],
  a: ["href", "hreflang", "rel", "rev", "target", "type"],
  img: ["src", "alt", "border", "hspace", "vspace", "longdesc", "usemap", "ismap"],
  hr: ["noshade", "size"],
  br: ["clear"],
  dl: ["compact"],
  meter: ["value", "min", "max", "low", "high", "optimum"],
  progress: ["value", "max"],
  blockquote: ["cite"],
  q: ["cite"],
  del: ["cite", "datetime"],
  ins: ["cite", "datetime"],
  time: ["datetime"],
  td: ["colspan", "rowspan", "headers", "abbr", "axis", "scope", "nowrap", "bgcolor"],
  th: ["colspan", "rowspan", "headers", "abbr", "axis", "scope", "nowrap", "bgcolor"],
  table: ["border", "cellpadding", "cellspacing", "summary", "bgcolor", "frame", "rules"],
  col: ["span"],
  colgroup: ["span"],
  font: ["color", "face", "size"],
  ol: ["start", "type", "reversed", "compact"],
  ul: ["type", "compact"],
  li: ["value", "type"],
  audio: ["src", "controls", "preload"],
  video: ["src", "controls", "preload", "poster"],
  source: ["src", "type", "media"],
  area: ["href", "alt", "shape", "coords", "nohref"],
  details: ["open"],
  abbr: ["title"],
  acronym: ["title"],
  pre: ["xml:space"],
};

// Typographic styles only: colour, font face and weight, alignment, decoration, borders, padding. Nothing that
// positions, hides, shrinks or overlays (position, display, visibility, opacity, z-index, transform, margins,
// sizes, font-size, text-indent), and no url() or expression() in any value.
const safeValue = /^(?!.*(?:url\s*\(|expression|javascript|@import|\\|transparent))[-#%,.()\w\s"']{1,100}$/i;
const allowedStyles: Record<string, Record<string, RegExp[]>> = {
  "*": Object.fromEntries(
    [
      "color",
      "background-color",
      "font-weight",
      "font-style",
      "font-family",
      "font-variant",
      "text-align",
      "text-decoration",
      "text-transform",
      "vertical-align",
      "white-space",
      "border",
      "border-color",
      "border-style",
      "border-width",
      "border-collapse",
      "padding",
      "padding-left",
      "padding-right",
      "padding-top",
      "padding-bottom",
      "list-style-type",
      "direction",
      "clear",
    ].map((property) => [property, [safeValue]]),
  ),
};

const urlAttributes = new Set(["href", "src", "cite", "longdesc", "poster", "usemap"]);

function absoluteUrl(value: string, base: string | null): string {
  const trimmed = value.trim();
  // Fragments resolve too ("#anchor2" names a place in the entry's page, not in the reader showing it).
  if (!base || trimmed === "" || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

function optionsFor(base: string | null): sanitizeHtml.IOptions {
  return {
    allowedTags,
    allowedAttributes,
    // HTML's void elements among the allowed ones, written without an end tag.
    selfClosing: ["img", "br", "hr", "area", "col", "source", "wbr"],
    allowedStyles,
    allowedSchemes: [
      "http",
      "https",
      "mailto",
      "ftp",
      "tel",
      "news",
      "nntp",
      "feed",
      "irc",
      "ircs",
      "magnet",
    ],
    allowedSchemesAppliedToAttributes: [...urlAttributes],
    allowProtocolRelative: true,
    disallowedTagsMode: "discard",
    nonTextTags: [
      "script",
      "style",
      "textarea",
      "option",
      "noscript",
      "template",
      "iframe",
      "frame",
      "frameset",
      "object",
      "embed",
      "applet",
      "svg",
      "math",
      "title",
      "head",
      "select",
      "noembed",
      "noframes",
      "xml",
      "button",
    ],
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
    transformTags: {
      "*": (tagName, attribs) => {
        const fixed: Record<string, string> = {};
        for (const [name, value] of Object.entries(attribs)) {
          // A usemap names a <map> in the same fragment ("#m"): resolved elsewhere it would point at nothing.
          const inPage = name === "usemap" && value.trim().startsWith("#");
          fixed[name] = urlAttributes.has(name) && !inPage ? absoluteUrl(value, base) : value;
        }
        // A link opening a new window must not get a handle on this one.
        if (tagName === "a" && fixed.target) fixed.rel = "noopener noreferrer";
        return { tagName, attribs: fixed };
      },
    },
  };
}

/** Sanitises feed HTML; relative URLs resolve against base when it is absolute. */
export function sanitizeFeedHtml(html: string, base: string | null): string {
  const absoluteBase = base && /^[a-z][a-z0-9+.-]*:/i.test(base) ? base : null;
  return sanitizeHtml(capNesting(html, maxMarkupDepth, "html"), optionsFor(absoluteBase)).trim();
}

/** True when a text field seems to hold markup rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return (
    /<\/?(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?\/?>/i.test(text) || /&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i.test(text)
  );
}

/**
 * Undoes one level of escaping when HTML was escaped twice: text with no real tags but escaped ones
 * ("&lt;p&gt;Hello&lt;/p&gt;" as HTML source).
 */
export function undoDoubleEncoding(html: string): string {
  if (/<[a-z!/]/i.test(html)) return html;
  if (!/&lt;\/?[a-z][a-z0-9]*(?:\s[^&]*?)?\/?&gt;/i.test(html)) return html;
  return decodeHTML(html);
}

const skippedForText = new Set(["script", "style", "noscript", "template", "head", "title"]);
const blockTags = new Set([
  "p",
  "div",
  "br",
  "li",
  "tr",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
]);

/** Visible text of an HTML fragment, whitespace collapsed. */
export function htmlToText(html: string): string {
  let text = "";
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (skippedForText.has(name)) skipping++;
        else if (blockTags.has(name)) text += " ";
      },
      ontext(chunk) {
        if (skipping === 0) text += chunk;
      },
      onclosetag(name) {
        if (skippedForText.has(name)) skipping = Math.max(0, skipping - 1);
        else if (blockTags.has(name)) text += " ";
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(capNesting(html, maxMarkupDepth, "html"));
  parser.end();
  return collapseWhitespace(text);
}

// File types that a link in an entry's HTML offers as a download (the rel-enclosure microformat).
const downloadTypes =
  "7z|avi|bin|bz2|deb|dmg|exe|gz|hqx|img|iso|jar|m4a|m4v|mp2|mp3|mp4|msi|ogg|ogm|rar|rpm|sit|sitx|tar|tbz2|tgz|wma|wmv|z|zip";
const enclosureExtension = new RegExp(`\\.(?:${downloadTypes})$`, "i");
// Most entries mark nothing: only HTML with a rel or type attribute or a link to such a file is parsed.
const mayMark = new RegExp(`\\b(?:rel|type)\\s*=|\\.(?:${downloadTypes})(?=["'?#\\s>])`, "i");

export interface HtmlMicroformats {
  /** rel="tag" links: the tag is the last segment of the link's path (microformats.org rel-tag). */
  tags: string[];
  /** Links marked rel="enclosure", or to audio, video, application (non-XML) types or download files. */
  enclosures: Array<{ url: string; type: string | null }>;
}

/** A path segment as text ("New+York", "S%C3%A3o_Paulo"); as written when its escapes are broken. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/\+/g, " "));
  } catch {
    return segment;
  }
}

/** The tags and enclosures an entry's (sanitised, absolute-linked) HTML declares with rel-tag and rel-enclosure. */
export function htmlMicroformats(html: string): HtmlMicroformats {
  const found: HtmlMicroformats = { tags: [], enclosures: [] };
  if (!mayMark.test(html)) return found;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name !== "a" || !attrs.href) return;
        const rels = (attrs.rel ?? "").toLowerCase().split(/\s+/);
        const type = attrs.type?.trim().toLowerCase() ?? "";
        let path = "";
        try {
          path = new URL(attrs.href).pathname;
        } catch {
          return;
        }
        if (rels.includes("tag")) {
          const tag = decodedSegment(path.replace(/\/+$/, "").split("/").pop() ?? "").trim();
          if (tag !== "" && !found.tags.includes(tag)) found.tags.push(tag);
        }
        if (
          rels.includes("enclosure") ||
          /^(?:audio|video)\//.test(type) ||
          (type.startsWith("application/") && !type.endsWith("xml")) ||
          enclosureExtension.test(path)
        ) {
          found.enclosures.push({ url: attrs.href, type: attrs.type?.trim() || null });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

// Markup that would run code or load content if a consumer printed a text field unescaped.
const activeMarkup =
  /<\s*\/?\s*(?:script|iframe|frame|object|embed|applet|style|svg|math|form|meta|link|base|img|video|audio|input|button|textarea)\b|<[^>]*\son[a-z]+\s*=|javascript\s*:/i;

/**
 * Plain text for a field that is text by definition (titles, names, categories). HTML is rendered once, so
 * escaped markup in it ("the &lt;blink&gt; tag") keeps its words; text stays as written ("History of the <blink>
 * tag"). Only markup that would be active if a careless consumer printed the field unescaped is rendered away.
 */
export function plainText(raw: string, html: boolean): string {
  let text = html ? htmlToText(raw) : collapseWhitespace(raw);
  for (let pass = 0; pass < 2 && activeMarkup.test(text); pass++) text = htmlToText(text);
  return text;
}

export function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f\v]+/g, " ").replace(/^ | $/g, "");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
