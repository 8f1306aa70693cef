// One id function for the whole pipeline. An article is identified by its canonical URL (tracking parameters
// and fragment stripped), so the same story reached through rss, atom or a utm-tagged link is one article,
// one Elasticsearch document and one set of BullMQ job ids.
import { createHash } from "node:crypto";

const trackingParameter =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref_src|cmpid|ocid|at_medium|at_campaign|rss|from_rss)$/i;

/** Absolute URL without tracking parameters, fragment, default port; scheme and host lowercased. */
export function canonicalizeUrl(url: string, base?: string): string {
  const parsed = new URL(url, base);
  parsed.hash = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (trackingParameter.test(name)) parsed.searchParams.delete(name);
  }
  // URL already lowercases scheme and host and drops default ports; an emptied query leaves a bare "?".
  return parsed.toString().replace(/\?$/, "");
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** 24 hex characters (96 bits) of the canonical URL's hash: short enough for job ids, collision-safe for news. */
export function articleIdFor(canonicalUrl: string): string {
  return sha256(canonicalUrl).slice(0, 24);
}

/** BullMQ job ids may not contain ':'; ours are `<stage>-<article id>-<version>`. */
export function jobId(stage: string, ...parts: string[]): string {
  return [stage, ...parts].join("-").replaceAll(":", "_");
}
