// A page's declared canonical URL is kept only on the site that served the page: `source` (the outlet shown in
// Kibana and alerts, and filtered by rules' `sources`) is read from it, and a page must not claim another outlet.
import { describe, expect, it } from "vitest";
import { canonicalUrlOf } from "./stage.ts";

describe("canonicalUrlOf", () => {
  const served = "https://news.example.az/2024/05/story?utm_source=rss";

  it("keeps a canonical URL on the same site, subdomains and www included", () => {
    expect(canonicalUrlOf("https://www.news.example.az/story", served, served)).toBe(
      "https://www.news.example.az/story",
    );
    expect(canonicalUrlOf("https://m.news.example.az/story", served, served)).toBe(
      "https://m.news.example.az/story",
    );
    expect(canonicalUrlOf("/2024/05/story", served, served)).toBe("https://news.example.az/2024/05/story");
  });

  it("refuses a canonical URL on another outlet's site and keeps the page's own address", () => {
    expect(canonicalUrlOf("https://www.bbc.co.uk/news/world", served, served)).toBe(
      "https://news.example.az/2024/05/story",
    );
    expect(canonicalUrlOf("https://example.az.evil.test/x", served, served)).toBe(
      "https://news.example.az/2024/05/story",
    );
  });

  it("falls back to the address that served the page (after redirects), tracking parameters stripped", () => {
    expect(canonicalUrlOf(null, "https://feeds.example/r/1", served)).toBe(
      "https://news.example.az/2024/05/story",
    );
    expect(canonicalUrlOf("http://[::1", "https://feeds.example/r/1", served)).toBe(
      "https://news.example.az/2024/05/story",
    );
  });
});
