// clean: an article id in (its raw page in the raw store), the cleaned article out (title, main text,
// published time, authors, language (detected from the text where the page's declaration is missing or wrong),
// canonical URL, content hash) as an artifact for the entities stage.
// Decoding happens here, not in fetch, so a decoder fix applies to `replay` too; decoding and extraction run on
// a worker thread (clean-thread.ts). Fails: no raw page or no article text -> dead letter.
import { PermanentError } from "../../lib/errors.ts";
import { canonicalizeUrl, jobId, sha256 } from "../../lib/ids.ts";
import type { CleanedArticle } from "../../queues/articles.ts";
import type { Stage } from "../stage.ts";
import type extractPage from "./clean-thread.ts";
import { publishedTime } from "./dates.ts";
import { articleLanguage } from "./language.ts";

const cleanThread = new URL("./clean-thread.ts", import.meta.url);

export const cleanStage: Stage<"clean"> = {
  name: "clean",
  async run({ articleId, replay }, deps) {
    const page = await deps.raw.get(articleId);
    // The bytes move to the thread rather than being copied; a view into a larger buffer is copied first, as
    // moving that buffer would take the rest of it along.
    const body = page.body.byteLength === page.body.buffer.byteLength ? page.body : new Uint8Array(page.body);
    const extracted = await deps.threads.run<typeof extractPage>(
      cleanThread,
      { body, contentType: page.contentType, url: page.finalUrl },
      [body.buffer as ArrayBuffer],
    );
    if (extracted.text.trim() === "") throw new PermanentError(`no article text found in ${page.url}`);
    const title = (extracted.title ?? page.item.title)?.normalize("NFC").replace(/\s+/g, " ").trim() || null;
    const text = extracted.text.normalize("NFC");
    const contentHash = sha256(`${title ?? ""}\n\n${text}`);
    const article: CleanedArticle = {
      articleId,
      url: page.url,
      canonicalUrl: canonicalUrlOf(extracted.canonicalUrl, page.url, page.finalUrl),
      feedId: page.feedId,
      title,
      text,
      // The page's exact date, else the feed item's (also when the page's lacks the zone or time the feed's has
      // for the same day), and a modification time last.
      publishedAt:
        publishedTime(extracted.publishedAt, extracted.publishedPrecision, page.item.published) ??
        extracted.modifiedAt,
      authors: extracted.authors,
      lang: await articleLanguage(text, extracted.lang),
      fetchedAt: page.fetchedAt,
      contentHash,
    };
    await deps.artifacts.put("cleaned", articleId, contentHash, article);
    const data = replay ? { articleId, contentHash, replay } : { articleId, contentHash };
    return {
      next: [
        { jobId: jobId("entities", articleId, contentHash.slice(0, 16), ...(replay ? [replay] : [])), data },
      ],
    };
  },
};

/**
 * The article's canonical URL: the page's declared one when it is on the site that served the page, else the URL
 * fetched. A page may not claim another outlet's address: the canonical URL is what `source` (the outlet in
 * Kibana, in alerts and in rules' `sources`) is read from.
 */
export function canonicalUrlOf(declared: string | null, feedUrl: string, servedUrl: string): string {
  const served = safeCanonical(servedUrl, servedUrl) ?? feedUrl;
  if (!declared) return served;
  const claimed = safeCanonical(declared, servedUrl);
  return claimed && sameSite(new URL(claimed).hostname, new URL(served).hostname) ? claimed : served;
}

function safeCanonical(url: string, base: string): string | null {
  try {
    return canonicalizeUrl(url, base);
  } catch {
    return null;
  }
}

/** One host is the other, or below it (`m.news.az`, `news.az`; `edition.cnn.com`, `www.cnn.com`). */
function sameSite(a: string, b: string): boolean {
  const [x, y] = [a, b].map((host) => host.toLowerCase().replace(/^www\./, ""));
  if (!x || !y) return false;
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}
