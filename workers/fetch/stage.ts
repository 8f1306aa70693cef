// fetch: an article URL in, its raw page stored (compressed, for replay) and one clean job out. The HTTP client
// enforces timeouts, the size and redirect caps, per-host concurrency, robots.txt and the private-address
// guard. Fails: network errors, 429 and 5xx retry; other 4xx, refusals and non-HTML bodies end in a dead letter.
import { PermanentError } from "../../lib/errors.ts";
import { jobId, sha256 } from "../../lib/ids.ts";
import type { Stage } from "../stage.ts";

const pageTypes = /^(text\/html|application\/xhtml\+xml|text\/plain|application\/xml|text\/xml)\b/i;

export const fetchStage: Stage<"fetch"> = {
  name: "fetch",
  async run({ articleId, url, feedId, item }, deps) {
    const response = await deps.http.get(url, {
      headers: { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5" },
    });
    if (response.status === 429 || response.status >= 500) {
      throw new Error(`${url} answered HTTP ${response.status}`);
    }
    if (response.status !== 200) {
      throw new PermanentError(`${url} answered HTTP ${response.status}`);
    }
    const contentType = response.headers["content-type"] ?? null;
    if (contentType && !pageTypes.test(contentType)) {
      throw new PermanentError(`${url} is not a web page (Content-Type: ${contentType})`);
    }
    await deps.raw.put({
      articleId,
      url,
      finalUrl: response.url,
      feedId,
      item,
      fetchedAt: new Date().toISOString(),
      contentType,
      body: response.body,
    });
    const bodyHash = sha256(response.body).slice(0, 16);
    return { next: [{ jobId: jobId("clean", articleId, bodyHash), data: { articleId } }] };
  },
};
