// Text normalisation shared by the extractor's modules: whitespace collapsing and Unicode NFC.

// Every kind of Unicode space, plus zero-width characters and soft hyphens that only break words for search.
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

export function collapseWhitespace(text: string): string {
  return text.replace(INVISIBLE, "").replace(SPACES, " ").trim();
}

/** A paragraph as it goes into the article text: NFC, single spaces. */
export function normaliseParagraph(text: string): string {
  return collapseWhitespace(text).normalize("NFC");
}
