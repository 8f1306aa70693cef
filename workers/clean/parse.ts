// HTML string -> document tree (cheerio's htmlparser2 build, the fast one). Before parsing, the input is capped
// at MAX_HTML_CHARS and tags nested deeper than MAX_DEPTH are dropped (their text stays): htmlparser2 keeps its
// open-element stack with unshift/shift, so 100,000 nested tags would cost quadratic time. Browsers cap
// nesting depth as well.
import { load } from "cheerio/slim";
import type { Document } from "domhandler";

/** Characters of HTML parsed; matches decode.ts's byte cap for Latin text. */
export const MAX_HTML_CHARS = 5 * 1024 * 1024;
export const MAX_DEPTH = 512;

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "basefont",
  "frame",
  "keygen",
]);
// Tags a parser closes on its own (next <p>, next <li>...); unclosed, they do not nest.
const SELF_ENDING = new Set([
  "p",
  "li",
  "dt",
  "dd",
  "option",
  "optgroup",
  "tr",
  "td",
  "th",
  "thead",
  "tbody",
  "tfoot",
  "rb",
  "rt",
  "rp",
]);
const RAW_TEXT_END = new Map(
  ["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed"].map((name) => [
    name,
    new RegExp(`</${name}`, "gi"),
  ]),
);

const TAG_NAME = /[a-zA-Z][\w:-]*/y;

export function parseHtml(html: string): Document {
  const capped = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  return load(limitNesting(capped)).root()[0] as Document;
}

/**
 * The markup with tags beyond MAX_DEPTH removed; the same string when nothing is that deep. A linear scan from
 * "<" to the next ">" (quotes are not honoured: a miscounted tag only shifts the depth count a little).
 */
export function limitNesting(html: string): string {
  const kept: string[] = [];
  let keptUpTo = 0;
  let depth = 0;
  let at = 0;
  for (;;) {
    const open = html.indexOf("<", at);
    if (open < 0) break;
    if (html.startsWith("<!--", open)) {
      const end = html.indexOf("-->", open + 4);
      if (end < 0) break;
      at = end + 3;
      continue;
    }
    const close = html.indexOf(">", open + 1);
    if (close < 0) break;
    const closing = html[open + 1] === "/";
    TAG_NAME.lastIndex = closing ? open + 2 : open + 1;
    const name = TAG_NAME.exec(html)?.[0].toLowerCase();
    if (!name) {
      at = open + 1;
      continue;
    }
    at = close + 1;
    const rawTextEnd = closing ? undefined : RAW_TEXT_END.get(name);
    if (rawTextEnd) {
      // Markup-looking text inside a script is not markup; resume at its end tag.
      rawTextEnd.lastIndex = at;
      at = rawTextEnd.exec(html)?.index ?? html.length;
    }
    if (VOID.has(name) || SELF_ENDING.has(name) || (!closing && html[close - 1] === "/")) continue;
    const tooDeep = closing ? depth > MAX_DEPTH : depth >= MAX_DEPTH;
    depth = closing ? Math.max(0, depth - 1) : depth + 1;
    if (tooDeep) {
      kept.push(html.slice(keptUpTo, open));
      keptUpTo = close + 1;
    }
  }
  if (kept.length === 0) return html;
  kept.push(html.slice(keptUpTo));
  return kept.join("");
}
