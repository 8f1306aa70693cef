// The alert's snippet: the sentence of the article that made the rule match, with the match marked **like
// this**, so an analyst sees why it fired without opening the article. For entity rules the sentence comes
// from the first mention the entity matcher recorded; query rules take Elasticsearch's highlight instead.
import type { ArticleDocument } from "../../queues/articles.ts";

const maxLength = 300;

export function entitySnippet(article: ArticleDocument, entityId: string): string | null {
  const entity = article.entityMentions.find((candidate) => candidate.id === entityId);
  const mention =
    entity?.mentions.find((candidate) => candidate.field === "text") ??
    entity?.mentions.find((candidate) => candidate.field === "title");
  if (!mention) return null;
  const field = mention.field === "title" ? (article.title ?? "") : article.text;
  return markedSentence(field, mention.start, mention.end);
}

/** The sentence around `[start, end)` of `text`, at most ~300 characters, with that span marked. */
export function markedSentence(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - maxLength / 2), start);
  const after = text.slice(end, end + maxLength / 2);
  // A sentence starts after the last full stop (or line break) before the match and ends at the next one.
  const opening = before.search(/(?:[.!?。！？]["'”’»)]?\s+|\n)(?!.*(?:[.!?。！？]["'”’»)]?\s+|\n))/su);
  const head = opening < 0 ? before : before.slice(opening).replace(/^[.!?。！？"'”’»)]*\s+/u, "");
  const closing = after.search(/[.!?。！？](?=["'”’»)]?(?:\s|$))|\n/u);
  const tail = closing < 0 ? after : after.slice(0, closing + (after[closing] === "\n" ? 0 : 1));
  const cutHead = opening < 0 && start - maxLength / 2 > 0;
  const cutTail = closing < 0 && end + maxLength / 2 < text.length;
  return `${cutHead ? "…" : ""}${head.trimStart()}**${text.slice(start, end)}**${tail.trimEnd()}${cutTail ? "…" : ""}`;
}
