// A linear guard in front of htmlparser2 for markup nested deeper than any real feed or summary: htmlparser2
// keeps its open-element stack with Array.unshift, so each level costs as much as the levels above it and
// 200,000 nested tags take tens of seconds. Tags past the depth cap are replaced by a space (their text stays),
// in one regular-expression pass, before any parser sees the markup.

/** Deeper than any feed or article markup; the tags below it are noise or an attack. */
export const maxMarkupDepth = 200;

// Start and end tags (comments, CDATA and declarations are not counted: they do not nest).
// Quoted values stop at "<" and ">" too, so a failed match never scans past the next tag: the pass stays linear.
const tagPattern = /<(\/?)([A-Za-z][\w:.-]*)(?:[^<>"']|"[^"<>]*"|'[^'<>]*')*?(\/?)>/g;

const voidElements = new Set([
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
]);

/**
 * The markup with every tag nested deeper than `limit` replaced by a space. Returns the input itself when no tag
 * is that deep (the common case: one scan, no copy). Void elements and self-closed tags do not nest.
 */
export function capNesting(markup: string, limit = maxMarkupDepth, voidTags = true): string {
  if (!markupDeeperThan(markup, limit, voidTags)) return markup;
  let depth = 0;
  return markup.replace(tagPattern, (tag, closing: string, name: string, selfClosing: string) => {
    if (closing) {
      const keep = depth <= limit;
      depth = Math.max(0, depth - 1);
      return keep ? tag : " ";
    }
    if (selfClosing || (voidTags && voidElements.has(name.toLowerCase()))) return depth < limit ? tag : " ";
    depth++;
    return depth <= limit ? tag : " ";
  });
}

function markupDeeperThan(markup: string, limit: number, voidTags: boolean): boolean {
  // Fewer tags than the limit cannot nest past it.
  if (markup.length < limit * 3) return false;
  let depth = 0;
  tagPattern.lastIndex = 0;
  for (let match = tagPattern.exec(markup); match; match = tagPattern.exec(markup)) {
    const [, closing, name = "", selfClosing] = match;
    if (closing) depth = Math.max(0, depth - 1);
    else if (!selfClosing && !(voidTags && voidElements.has(name.toLowerCase())) && ++depth > limit) {
      tagPattern.lastIndex = 0;
      return true;
    }
  }
  return false;
}
