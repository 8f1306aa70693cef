// The clean stage's CPU work, run on a worker thread (lib/thread-pool.ts): a raw page's bytes, content type and
// URL in, the article extracted from the decoded page out.
import { decodeHtml } from "./decode.ts";
import { type ExtractedArticle, extractArticle } from "./extract.ts";

export interface CleanTask {
  body: Uint8Array;
  contentType: string | null;
  url: string;
}

export default function extractPage({ body, contentType, url }: CleanTask): ExtractedArticle {
  return extractArticle(decodeHtml(body, contentType).html, url);
}
