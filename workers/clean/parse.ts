// HTML string -> document tree (cheerio's htmlparser2 build, the fast one). Before parsing, the input is capped
// at MAX_HTML_CHARS and tags nested deeper than MAX_DEPTH are dropped (their text stays, lib/markup-depth.ts):
// htmlparser2 keeps its open-element stack with unshift/shift, so 100,000 nested tags would cost quadratic time.
// Browsers cap nesting depth as well.
import { load } from "cheerio/slim";
import type { Document } from "domhandler";
import { capNesting } from "../../lib/markup-depth.ts";

/** Characters of HTML parsed; matches decode.ts's byte cap for Latin text. */
export const MAX_HTML_CHARS = 5 * 1024 * 1024;
export const MAX_DEPTH = 512;

export function parseHtml(html: string): Document {
  const capped = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  return load(capNesting(capped, MAX_DEPTH, "html")).root()[0] as Document;
}
