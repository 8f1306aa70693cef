// A linear guard in front of htmlparser2 for markup nested deeper than any real page, feed or summary:
// htmlparser2 keeps its open-element stack with Array.unshift/shift, so each level costs as much as the levels
// above it and 200,000 nested tags take tens of seconds (browsers cap nesting depth as well). Tags nested past
// the cap are dropped (their text stays) before any parser sees the markup.
//
// The guard only works if it counts depth the way the parser will: a tag it misses, or an end tag it believes
// the parser honours when the parser ignores it, lets hostile markup through. So this scan follows
// htmlparser2's tokenizer (comments, including "<!-->"; CDATA; declarations; quoted attribute values; the
// raw text of script, style, title, textarea and xmp) and models its element stack (void elements, the tags
// an opening tag closes, end tags without an open element ignored, "/>" closing only in SVG/MathML or XML).
import { htmlVoidElements } from "./html-void-elements.ts";

export type MarkupMode = "html" | "xml";

// htmlparser2's openImpliesClose: an opening tag closes these elements while they are the current element.
const pOnly = ["p"];
const formTags = ["input", "option", "optgroup", "select", "button", "datalist", "textarea"];
const impliedCloses = new Map<string, ReadonlySet<string>>(
  (
    [
      ["tr", ["tr", "th", "td"]],
      ["th", ["th"]],
      ["td", ["thead", "th", "td"]],
      ["body", ["head", "link", "script"]],
      ["li", ["li"]],
      ["option", ["option"]],
      ["optgroup", ["optgroup", "option"]],
      ["dd", ["dd", "dt"]],
      ["dt", ["dd", "dt"]],
      ["rt", ["rt", "rp"]],
      ["rp", ["rt", "rp"]],
      ["tbody", ["thead", "tbody"]],
      ["tfoot", ["thead", "tbody"]],
      ...["select", "input", "output", "button", "datalist", "textarea"].map((name) => [name, formTags]),
      ...[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "pre",
        "section",
        "table",
        "ul",
      ].map((name) => [name, pOnly]),
    ] as [string, string[]][]
  ).map(([name, closed]) => [name, new Set(closed)]),
);
const foreignRoots = new Set(["svg", "math"]);
const integrationPoints = new Set([
  "mi",
  "mo",
  "mn",
  "ms",
  "mtext",
  "annotation-xml",
  "foreignobject",
  "desc",
  "title",
]);
// Elements whose content htmlparser2 reads as text up to "</name" followed by whitespace or ">".
const rawTextEnds = new Map(
  ["script", "style", "title", "textarea", "xmp"].map((name) => [
    name,
    new RegExp(`</${name}[\\t\\n\\f\\r >]`, "gi"),
  ]),
);

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
const isAsciiLetter = (code: number) => (code | 0x20) >= 97 && (code | 0x20) <= 122;
/** Whitespace, "/" or ">": what ends a tag name (htmlparser2's isEndOfTagSection). */
const endsName = (code: number) => isSpace(code) || code === 47 || code === 62;

/** The index of the ">" of the first `close` at or after `from`; -1 when there is none. */
function sectionEnd(markup: string, close: string, from: number): number {
  const found = markup.indexOf(close, from);
  return found < 0 ? -1 : found + close.length - 1;
}

/** Where a start tag's attributes end (the index of its ">", quotes honoured) and whether it ends with "/>"; -1 when the markup ends first. */
function startTagEnd(markup: string, from: number): [end: number, selfClosing: boolean] {
  let selfClosing = false;
  let at = from;
  while (at < markup.length) {
    const code = markup.charCodeAt(at);
    if (code === 62) return [at, selfClosing];
    if (code === 47) {
      selfClosing = true;
      at++;
      continue;
    }
    if (isSpace(code)) {
      at++;
      continue;
    }
    selfClosing = false;
    // An attribute name (its first character may be "="), then perhaps "=" and a value.
    at++;
    while (at < markup.length && !endsName(markup.charCodeAt(at)) && markup.charCodeAt(at) !== 61) at++;
    let next = at;
    while (next < markup.length && isSpace(markup.charCodeAt(next))) next++;
    if (markup.charCodeAt(next) !== 61) continue;
    next++;
    while (next < markup.length && isSpace(markup.charCodeAt(next))) next++;
    const quote = markup.charCodeAt(next);
    if (quote === 34 || quote === 39) {
      const close = markup.indexOf(quote === 34 ? '"' : "'", next + 1);
      if (close < 0) return [-1, false];
      at = close + 1;
    } else {
      at = next;
      while (at < markup.length && !isSpace(markup.charCodeAt(at)) && markup.charCodeAt(at) !== 62) at++;
    }
  }
  return [-1, false];
}

/**
 * The markup with every tag nested deeper than `limit` replaced by a space; the input itself (no copy) when no
 * tag is that deep. A space, not nothing: the words on either side of a dropped tag stay apart in the text
 * extracted from it, and no new markup can form where the tag was ("<" + dropped tag + "!--").
 * `mode` is how the markup will be parsed: "html", or "xml" (htmlparser2's xmlMode: no void or raw-text
 * elements, "/>" always closes, names are case-sensitive).
 */
export function capNesting(markup: string, limit: number, mode: MarkupMode): string {
  const html = mode === "html";
  // Fewer tags than the limit cannot nest past it.
  if (markup.length < limit * 3) return markup;
  const stack: string[] = [];
  const open = new Map<string, number>();
  // htmlparser2's foreignContext, which it updates on every svg/math/integration-point tag it sees (kept tags).
  const foreign: boolean[] = [!html];
  const kept: string[] = [];
  let keptUpTo = 0;
  const drop = (start: number, end: number) => {
    kept.push(markup.slice(keptUpTo, start), " ");
    keptUpTo = end + 1;
  };
  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
  };
  const pop = () => {
    const name = stack.pop() as string;
    open.set(name, (open.get(name) ?? 1) - 1);
  };

  let at = 0;
  for (;;) {
    const lt = markup.indexOf("<", at);
    if (lt < 0) break;
    const code = markup.charCodeAt(lt + 1);
    if (code === 33) {
      // "<!": a comment (whose "-->" may reuse its opening dashes: "<!-->" is one), CDATA, or a declaration
      // up to ">" (the tokenizer has consumed "<!x" or "<!-x" before it looks for that ">").
      let end: number;
      if (markup.startsWith("<!--", lt)) end = sectionEnd(markup, "-->", lt + 2);
      else if (markup.startsWith("<![CDATA[", lt)) end = sectionEnd(markup, "]]>", lt + 9);
      else if (markup.startsWith("<![", lt)) end = markup.indexOf(">", lt + 3);
      else end = markup.indexOf(">", markup.startsWith("<!-", lt) ? lt + 4 : lt + 3);
      if (end < 0) break;
      at = end + 1;
      continue;
    }
    if (code === 63) {
      // "<?": a processing instruction, up to ">".
      const end = markup.indexOf(">", lt + 2);
      if (end < 0) break;
      at = end + 1;
      continue;
    }
    if (code === 47) {
      // An end tag: "</", whitespace, a name up to whitespace or ">", then anything up to ">".
      let from = lt + 2;
      while (from < markup.length && isSpace(markup.charCodeAt(from))) from++;
      const end = markup.indexOf(">", from);
      if (end < 0) break;
      at = end + 1;
      const first = markup.charCodeAt(from);
      if (from === end || !(html ? isAsciiLetter(first) : !endsName(first))) continue;
      let nameEnd = from;
      while (nameEnd < end && !isSpace(markup.charCodeAt(nameEnd))) nameEnd++;
      const raw = markup.slice(from, nameEnd);
      const name = html ? raw.toLowerCase() : raw;
      if (html && htmlVoidElements.has(name)) continue;
      // The parser ignores an end tag with no open element of its name (or, for </p>, makes an empty one).
      if (!open.get(name)) {
        if (html && (foreignRoots.has(name) || integrationPoints.has(name))) foreign.pop();
        continue;
      }
      // It closes the innermost open element of that name, and every element opened after it.
      let index = stack.lastIndexOf(name);
      if (index >= limit) drop(lt, end);
      else if (html && (foreignRoots.has(name) || integrationPoints.has(name))) foreign.pop();
      for (index = stack.length - index; index > 0; index--) pop();
      continue;
    }
    if (!(html ? isAsciiLetter(code) : !Number.isNaN(code) && !endsName(code))) {
      at = lt + 1;
      continue;
    }
    let nameEnd = lt + 1;
    while (nameEnd < markup.length && !endsName(markup.charCodeAt(nameEnd))) nameEnd++;
    const [end, selfClosing] = startTagEnd(markup, nameEnd);
    if (end < 0) break;
    at = end + 1;
    const raw = markup.slice(lt + 1, nameEnd);
    const name = html ? raw.toLowerCase() : raw;
    if (html) {
      const closes = impliedCloses.get(name);
      if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1] as string)) pop();
    }
    if (html && htmlVoidElements.has(name)) {
      if (stack.length >= limit) drop(lt, end);
      continue;
    }
    const deep = stack.length >= limit;
    if (deep) drop(lt, end);
    else if (html && foreignRoots.has(name)) foreign.push(true);
    else if (html && integrationPoints.has(name)) foreign.push(false);
    // "/>" closes the element at once in XML, and in HTML only within SVG or MathML.
    if (selfClosing && (foreign[foreign.length - 1] ?? false)) continue;
    push(name);
    // (A dropped script's text is markup to the parser, which never sees the script: it is scanned as such.)
    const rawTextEnd = html && !selfClosing && !deep ? rawTextEnds.get(name) : undefined;
    if (rawTextEnd) {
      // Markup-looking text in a script is not markup: resume at its end tag.
      rawTextEnd.lastIndex = at;
      at = rawTextEnd.exec(markup)?.index ?? markup.length;
    }
  }
  if (kept.length === 0) return markup;
  kept.push(markup.slice(keptUpTo));
  return kept.join("");
}
