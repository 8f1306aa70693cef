// The load site of `npm run bench:pipeline`: N news articles of 30–80 KB on K loopback hosts (127.0.0.1 …
// 127.0.0.K, one HTTP server each), every host with an RSS feed of its published items. Feeds and pages answer
// conditional GETs (ETag, Last-Modified → 304). Everything is derived from a seed, so a run is reproducible.
// Story text comes from a word-bigram chain trained on CoNLL-2003 Reuters news (so unrelated stories really
// differ); some stories mention the watched entities of the watchlist's rules, some are traps (the acronym
// redefined as an orchestra, used as a company's share name, or present only in a related-links list), and some
// are syndicated: the same story on another host with its own headline and chrome and a light edit. The site
// knows the ground truth: each article's story, and which rules must fire once for that story.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { seededRandom } from "../lib/random.ts";

/** A watched entity as the site needs it to write mentions: names from the watchlist. */
export interface WatchedName {
  entity: string;
  name: string;
  /** The Latin-script acronym, if any (SCO, CPAFFC). */
  acronym: string | null;
  /** Latin-script context words from the watchlist (summit, Beijing, friendship …). */
  context: string[];
  /** Rules that must fire when the entity is mentioned. */
  rules: string[];
}

/** How an article names a watched entity: decides whether a correct newsmon must alert. */
export type MentionStyle =
  | "long-form" // "the Shanghai Cooperation Organization (SCO)", then "SCO" again
  | "acronym-with-context" // "SCO delegates …" with a context word of the watchlist in the same paragraph
  | "everyday-phrasing" // "Azerbaijan deepens SCO co-operation", "the SCO share of world trade"
  | "trap-redefined" // "the Scottish Chamber Orchestra (SCO)": must not fire
  | "trap-company" // "SCO Group Inc. shares": must not fire
  | "trap-related-only"; // the entity only in the related-links list: must not fire

export interface SiteArticle {
  /** Unique per page, e.g. "s00042-c1" (story 42, first syndicated copy). */
  key: string;
  /** Ground truth: pages with the same storyKey are one story. */
  storyKey: string;
  host: number;
  path: string;
  /** Absolute URL, set once the site listens (it is also the page's canonical link). */
  url: string;
  title: string;
  paragraphs: string[];
  related: string[];
  /** Ground truth: rules that must fire for this page's story (once per story). */
  rules: string[];
  mentions: Array<{ entity: string; style: MentionStyle }>;
  isCopy: boolean;
  /** A different story on the same subject that repeats a background paragraph of this earlier story. */
  followUpOf: string | null;
  /** Position in publication order. */
  order: number;
  /** Unix ms; Infinity until published. */
  publishedAt: number;
  /** Bytes the rendered page aims at (30–80 KB). */
  targetBytes: number;
  /** When a feed response first listed this item (Unix ms), for the latency split. */
  firstListedAt: number | null;
}

export interface SiteHost {
  index: number;
  name: string;
  origin: string;
  feedUrl: string;
  /** host:port, for fetch.allowPrivateHosts. */
  hostPort: string;
  feedRequests: number;
}

export interface LoadSite {
  hosts: SiteHost[];
  articles: SiteArticle[];
  byUrl: Map<string, SiteArticle>;
  /** Time of the first feed request on any host (the first poll), Unix ms. */
  firstFeedRequestAt(): number | null;
  /** Publishes every article now (publication times spread over the past, one second apart). */
  publishAll(now: number): void;
  /** Publishes the articles in order at `perSecond`, starting at `startAt`. */
  publishOverTime(startAt: number, perSecond: number): void;
  renderPage(article: SiteArticle): string;
  close(): Promise<void>;
}

export interface LoadSiteOptions {
  articles: number;
  hosts: number;
  seed: number;
  watched: WatchedName[];
  /** Where ner-dev.tar.gz is unpacked (git-ignored). */
  cacheDir: string;
  corpusArchive: string;
}

// ---------------------------------------------------------------- randomness

type Random = () => number;

function mix(...parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) hash = Math.imul(hash ^ part, 0x01000193) >>> 0;
  return hash;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

// ---------------------------------------------------------------- text from the CoNLL-2003 news

/** Word-bigram chain over CoNLL-2003 English sentences (Reuters, 1996). */
class NewsText {
  readonly #next = new Map<string, string[]>();
  readonly #starts: string[] = [];
  /** Ready-made headlines for page furniture, so that serving a page costs little CPU. */
  readonly #furniture: string[] = [];

  constructor(sentences: string[][]) {
    for (const words of sentences) {
      this.#starts.push(words[0] as string);
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as string;
        const following = words[i + 1] ?? ".";
        let list = this.#next.get(word);
        if (!list) {
          list = [];
          this.#next.set(word, list);
        }
        list.push(following);
      }
    }
    const random = seededRandom(7);
    for (let i = 0; i < 4000; i++) this.#furniture.push(this.headline(random));
  }

  furnitureHeadline(random: Random): string {
    return pick(random, this.#furniture);
  }

  sentence(random: Random, minWords = 10, maxWords = 32): string {
    const words = [pick(random, this.#starts)];
    while (words.length < maxWords) {
      const candidates = this.#next.get(words.at(-1) as string) ?? ["."];
      let word = pick(random, candidates);
      if (word === "." && words.length < minWords) word = pick(random, this.#starts).toLowerCase();
      if (word === ".") break;
      words.push(word);
    }
    const text = words.join(" ").replace(/ ([,;:%?!]|'s|n't|')/g, "$1");
    return `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}.`;
  }

  headline(random: Random): string {
    return this.sentence(random, 6, 12).replace(/[.,;:]$/, "");
  }

  paragraph(random: Random): string {
    return Array.from({ length: between(random, 2, 4) }, () => this.sentence(random)).join(" ");
  }
}

/** Unpacks the corpus into the cache once and reads its sentences; words that could mention a watched entity are left out. */
function loadNewsText(options: LoadSiteOptions): NewsText {
  const dir = path.join(options.cacheDir, "ner");
  const files = ["train.txt", "valid.txt"].map((file) => path.join(dir, "en-conll2003", file));
  if (!files.every((file) => existsSync(file))) {
    if (!existsSync(options.corpusArchive))
      throw new Error(
        `${options.corpusArchive} is missing: the load site draws its text from CoNLL-2003 (--corpus)`,
      );
    mkdirSync(options.cacheDir, { recursive: true });
    execFileSync("tar", ["-xzf", options.corpusArchive, "-C", options.cacheDir, "ner/en-conll2003"]);
  }
  const banned = new Set(options.watched.flatMap((watched) => (watched.acronym ? [watched.acronym] : [])));
  const sentences: string[][] = [];
  for (const file of files) {
    for (const block of readFileSync(file, "utf8").split(/\n\s*\n/)) {
      const words = block
        .split("\n")
        .map((line) => line.split(" ")[0] ?? "")
        .filter((word) => word !== "" && !/^["()[\]{}]|^--$|^``$|^''$/.test(word));
      if (words.length < 8 || words[0] === "-DOCSTART-") continue;
      const numeric = words.filter((word) => /\d/.test(word)).length;
      const shouting = words.filter((word) => word.length > 2 && word === word.toUpperCase()).length;
      if (numeric > words.length * 0.25 || shouting > words.length * 0.3) continue;
      if (words.some((word) => banned.has(word))) continue;
      sentences.push(words);
    }
  }
  return new NewsText(sentences);
}

// ---------------------------------------------------------------- stories and their ground truth

const places = ["Baku", "Ganja", "Sumgait", "Lankaran", "Shusha", "Sheki", "Nakhchivan", "Quba"];
const agencies = ["Caspian Wire", "Silk Road Press", "Eurasia Desk", "Capital Newswire", "Reuters"];
const reporters = ["Aysel Karimova", "Li Wei", "Orkhan Mammadov", "Zhang Lin", "Nigar Aliyeva", "Wang Fang"];
/** Arts words by initial, for an acronym redefined as an ensemble (S-C-O: Scottish Chamber Orchestra). */
const ensembleWords: Record<string, string> = {
  A: "Arts",
  B: "Baroque",
  C: "Chamber",
  D: "Dance",
  E: "Ensemble",
  F: "Festival",
  G: "Guild",
  H: "Heritage",
  I: "International",
  J: "Jazz",
  L: "Lyric",
  M: "Music",
  N: "National",
  O: "Orchestra",
  P: "Philharmonic",
  Q: "Quartet",
  R: "Royal",
  S: "Scottish",
  T: "Theatre",
  V: "Vocal",
  Y: "Youth",
};

interface StoryPlan {
  kind: "neutral" | MentionStyle;
  watched?: WatchedName;
  /** A second watched entity in the same story (both rules fire). */
  also?: WatchedName;
}

function planStory(random: Random, watched: WatchedName[]): StoryPlan {
  const roll = random();
  const named = pick(random, watched);
  // Traps need a short, ambiguous acronym (a six-letter one is distinctive on its own).
  const ambiguous = watched.filter((entry) => entry.acronym && entry.acronym.length < 5);
  if (roll < 0.12) return { kind: "long-form", watched: named };
  if (roll < 0.15) {
    const other = watched.find((entry) => entry !== named);
    return other ? { kind: "long-form", watched: named, also: other } : { kind: "long-form", watched: named };
  }
  if (roll < 0.19 && named.acronym) return { kind: "acronym-with-context", watched: named };
  if (roll < 0.22 && named.acronym) return { kind: "everyday-phrasing", watched: named };
  if (roll < 0.25 && ambiguous.length > 0)
    return { kind: "trap-redefined", watched: pick(random, ambiguous) };
  if (roll < 0.28 && ambiguous.length > 0) return { kind: "trap-company", watched: pick(random, ambiguous) };
  if (roll < 0.31) return { kind: "trap-related-only", watched: named };
  return { kind: "neutral" };
}

function latinContext(random: Random, watched: WatchedName): string {
  return watched.context.length > 0 ? pick(random, watched.context) : pick(random, places);
}

/** Sentences that name the entity the way `style` says. */
function mentionSentences(
  random: Random,
  watched: WatchedName,
  style: MentionStyle,
  text: NewsText,
): string[] {
  const acronym = watched.acronym ?? watched.name;
  const place = pick(random, places);
  const context = latinContext(random, watched);
  switch (style) {
    case "long-form":
      return [
        `The ${watched.name}${watched.acronym ? ` (${watched.acronym})` : ""} held talks with officials in ${place} on ${pick(random, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])}. ${text.sentence(random)}`,
        `A spokesperson for the ${acronym} said further meetings were planned. ${text.sentence(random)}`,
      ];
    case "acronym-with-context":
      return [
        `${acronym} delegates met their hosts in ${place} in talks that touched on ${context}, according to people familiar with the meeting. ${text.sentence(random)}`,
      ];
    case "everyday-phrasing":
      return [
        pick(random, [
          `${place} deepens ${acronym} co-operation, officials said after talks that touched on ${context}.`,
          `The ${acronym} share of world trade keeps rising, analysts in ${place} said, pointing to ${context}.`,
          `The ${acronym} group met the mayor of ${place} to discuss ${context}.`,
        ]),
      ];
    case "trap-redefined": {
      const ensemble = [...acronym].map((letter) => ensembleWords[letter] ?? "Arts").join(" ");
      return [
        `The ${ensemble} (${acronym}) will perform in ${place} for the first time, with a tour that also takes in ${context}. ${text.sentence(random)}`,
        `The ${acronym} last toured the region in 2019. ${text.sentence(random)}`,
      ];
    }
    case "trap-company":
      return [
        `Shares of ${acronym} Group Inc. fell 4 percent on Nasdaq after the company cut its forecast, citing weak demand from ${context}. ${text.sentence(random)}`,
        `${acronym} Group said its software licensing revenue would recover next year. ${text.sentence(random)}`,
      ];
    case "trap-related-only":
      return [];
  }
}

/** The syndicated copy: same story, an agency dateline, two words changed, a closing credit. */
function lightEdit(random: Random, paragraphs: string[]): string[] {
  let edits = 0;
  const edited = paragraphs.map((paragraph) => {
    if (edits >= 2 || !paragraph.includes(" said ")) return paragraph;
    edits += 1;
    return paragraph.replace(" said ", " stated ");
  });
  edited[0] = `${pick(random, places).toUpperCase()} (${pick(random, agencies)}) - ${edited[0] ?? ""}`;
  edited.push(`(Reporting by ${pick(random, reporters)}; editing by ${pick(random, reporters)})`);
  return edited;
}

function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

/** The site's articles in publication order; the same seed gives the same stories whatever N is. */
function buildArticles(options: LoadSiteOptions, text: NewsText): SiteArticle[] {
  const articles: SiteArticle[] = [];
  const slots: number[] = [];
  /** Each original's background paragraph (the second: no mention is ever put there). */
  const backgrounds: string[] = [];
  for (let story = 0; articles.length < options.articles; story++) {
    const random = seededRandom(mix(options.seed, story));
    const plan = planStory(random, options.watched);
    const storyKey = `s${String(story).padStart(5, "0")}`;
    const paragraphs = Array.from({ length: between(random, 6, 12) }, () => text.paragraph(random));
    backgrounds.push(paragraphs[1] as string);
    // Follow-ups: one story in ten is a new story that repeats the background paragraph of one of the last
    // fifty, as news on a running subject does: related, never the same story.
    let followUpOf: string | null = null;
    if (story > 0 && random() < 0.1) {
      const earlier = Math.max(0, story - between(random, 1, 50));
      paragraphs.splice(between(random, 2, paragraphs.length - 1), 0, backgrounds[earlier] as string);
      followUpOf = `s${String(earlier).padStart(5, "0")}`;
    }
    const mentions: SiteArticle["mentions"] = [];
    const related = Array.from({ length: between(random, 6, 12) }, () => text.headline(random));
    let title = text.headline(random);
    if (plan.kind !== "neutral" && plan.watched) {
      for (const watched of [plan.watched, ...(plan.also ? [plan.also] : [])]) {
        const sentences = mentionSentences(random, watched, plan.kind, text);
        // The first mention in the lead, a second one further down.
        if (sentences[0]) paragraphs[0] = `${sentences[0]} ${paragraphs[0]}`;
        if (sentences[1]) paragraphs[between(random, 2, paragraphs.length - 1)] += ` ${sentences[1]}`;
        mentions.push({ entity: watched.entity, style: plan.kind });
      }
      if (plan.kind === "trap-related-only") {
        const { name, acronym } = plan.watched;
        related.splice(2, 0, `${acronym ?? name} summit: ${name} leaders meet in ${pick(random, places)}`);
      }
      if (plan.kind === "long-form" && random() < 0.5) title = `${plan.watched.name}: ${title}`;
    }
    const fires =
      plan.kind === "long-form" || plan.kind === "acronym-with-context" || plan.kind === "everyday-phrasing";
    const rules = fires
      ? [
          ...new Set(
            plan.watched
              ? [plan.watched, ...(plan.also ? [plan.also] : [])].flatMap((watched) => watched.rules)
              : [],
          ),
        ]
      : [];
    const host = between(random, 0, options.hosts - 1);
    const copies = random() < 0.2 ? (random() < 0.25 ? 2 : 1) : 0;
    const make = (copy: number, onHost: number, headline: string, body: string[]): SiteArticle => {
      const key = copy === 0 ? storyKey : `${storyKey}-c${copy}`;
      const day = 1 + (story % 28);
      return {
        key,
        storyKey,
        host: onHost,
        path: `/${pick(random, sections).toLowerCase()}/2026/11/${String(day).padStart(2, "0")}/${slugOf(headline)}-${key}.html`,
        url: "",
        title: headline,
        paragraphs: body,
        related,
        rules,
        mentions,
        isCopy: copy > 0,
        followUpOf,
        order: 0,
        publishedAt: Number.POSITIVE_INFINITY,
        targetBytes: between(random, 30_000, 80_000),
        firstListedAt: null,
      };
    };
    articles.push(make(0, host, title, paragraphs));
    slots.push(story);
    for (let copy = 1; copy <= copies && articles.length < options.articles; copy++) {
      const onHost = (host + between(random, 1, Math.max(1, options.hosts - 1))) % options.hosts;
      articles.push(make(copy, onHost, text.headline(random), lightEdit(random, paragraphs)));
      // Copies come a little later: a few to sixty stories after the original.
      slots.push(story + between(random, 3, 60) + copy / 10);
    }
  }
  const order = articles.map((_, index) => index).sort((a, b) => (slots[a] as number) - (slots[b] as number));
  return order.map((index, position) => ({ ...(articles[index] as SiteArticle), order: position }));
}

// ---------------------------------------------------------------- pages

const sections = ["Politics", "Economy", "World", "Region", "Business", "Society", "Culture", "Sport"];
const outlets = ["Caspian Daily", "Eurasia Today", "The Silk Road Herald"];

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function navigation(random: Random): string {
  const menus = sections.map((section) => {
    const items = Array.from(
      { length: between(random, 8, 14) },
      (_, i) =>
        `<li><a href="/${section.toLowerCase()}/topic-${i}">${section} ${pick(random, ["news", "analysis", "opinion", "in depth", "live", "video"])} ${i + 1}</a></li>`,
    ).join("");
    return `<li class="menu-item has-children"><a href="/${section.toLowerCase()}">${section}</a><ul class="sub-menu">${items}</ul></li>`;
  });
  return `<nav class="main-navigation" aria-label="Main"><ul class="menu">${menus.join("\n")}</ul></nav>`;
}

function linkList(className: string, heading: string, headlines: string[], origin: string): string {
  const items = headlines
    .map(
      (headline) => `<li><a href="${origin}/news/${slugOf(headline)}.html">${escapeHtml(headline)}</a></li>`,
    )
    .join("\n");
  return `<section class="${className}"><h3>${heading}</h3><ul>\n${items}\n</ul></section>`;
}

function teasers(random: Random, text: NewsText, count: number, origin: string): string {
  return Array.from({ length: count }, () => {
    const headline = text.furnitureHeadline(random);
    return `<div class="teaser"><a class="teaser-link" href="${origin}/news/${slugOf(headline)}.html"><img src="/img/t/${between(random, 1000, 9999)}.jpg" alt="" loading="lazy"><span class="teaser-title">${escapeHtml(headline)}</span></a><span class="teaser-time">${between(random, 1, 23)}h ago</span></div>`;
  }).join("\n");
}

function footer(outlet: string): string {
  const links = [
    "About us",
    "Contacts",
    "Advertising",
    "Privacy policy",
    "Terms of use",
    "RSS",
    "Archive",
    "Careers",
  ]
    .map((label) => `<li><a href="/${slugOf(label)}">${label}</a></li>`)
    .join("");
  return `<footer class="site-footer"><ul class="footer-links">${links}</ul><p class="copyright">© 2026 ${outlet}. All rights reserved. Reproduction only with a hyperlink to the source.</p></footer>`;
}

const analytics = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-BENCH01"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag("js",new Date());gtag("config","G-BENCH01",{anonymize_ip:true});</script>`;

function renderPage(article: SiteArticle, host: SiteHost, text: NewsText): string {
  const random = seededRandom(mix(article.order, article.host, article.targetBytes));
  const outlet = outlets[host.index % outlets.length] as string;
  const published = new Date(Number.isFinite(article.publishedAt) ? article.publishedAt : 0).toISOString();
  const section = article.path.split("/")[1] ?? "news";
  const jsonLd = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    datePublished: published,
    dateModified: published,
    mainEntityOfPage: { "@type": "WebPage", "@id": article.url },
    author: { "@type": "Person", name: pick(random, reporters) },
    publisher: {
      "@type": "Organization",
      name: outlet,
      logo: { "@type": "ImageObject", url: `${host.origin}/logo.png` },
    },
    articleSection: section,
  }).replaceAll("</", "<\\/");
  const story = article.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join("\n");
  const layout = host.index % 3;
  const head = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.title)} | ${outlet}</title>
<meta name="description" content="${escapeHtml(article.paragraphs[0]?.slice(0, 160) ?? "")}">
<link rel="canonical" href="${article.url}">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(article.title)}">
<meta property="og:url" content="${article.url}">
<meta property="article:published_time" content="${published}">
<link rel="alternate" type="application/rss+xml" href="${host.feedUrl}">
<link rel="stylesheet" href="/static/site.css?v=${layout}.4.2">
<script type="application/ld+json">${jsonLd}</script>
${analytics}
</head>
<body class="layout-${layout} single-post">
<div class="top-bar"><span class="date">${published.slice(0, 10)}</span><a href="/login">Sign in</a><a href="/subscribe">Subscribe</a></div>
<header class="site-header"><a class="logo" href="/"><img src="/logo.png" alt="${outlet}"></a>${navigation(random)}</header>
<div class="ticker"><strong>Breaking:</strong> ${escapeHtml(text.furnitureHeadline(random))}</div>`;
  const body =
    layout === 1
      ? `<main id="content"><div class="breadcrumbs"><a href="/">Home</a> › <a href="/${section}">${section}</a></div>
<article class="post"><header><h1 class="entry-title">${escapeHtml(article.title)}</h1><div class="meta">By <span class="author">${pick(random, reporters)}</span> · <time datetime="${published}">${published.slice(0, 16).replace("T", " ")}</time></div></header>
<div class="entry-content" itemprop="articleBody">
${story}
</div>
<div class="share-buttons"><a href="https://www.facebook.com/sharer.php?u=${encodeURIComponent(article.url)}">Facebook</a> <a href="https://x.com/intent/tweet?url=${encodeURIComponent(article.url)}">X</a> <a href="https://t.me/share/url?url=${encodeURIComponent(article.url)}">Telegram</a></div>
</article>
${linkList("related-posts", "Related", article.related, host.origin)}
</main>`
      : `<div class="container"><main class="col-main">
<h1 class="headline">${escapeHtml(article.title)}</h1>
<div class="byline">${pick(random, reporters)} | ${published.slice(0, 10)}</div>
<figure class="lead-image"><img src="/img/${article.key}.jpg" alt="${escapeHtml(article.title)}"><figcaption>Photo: ${outlet}</figcaption></figure>
<div class="article-body">
${story}
</div>
<div class="tags">Tags: <a href="/tag/${section}">${section}</a> <a href="/tag/region">Region</a></div>
<aside class="related-news">${linkList("related", "Read also", article.related, host.origin)}</aside>
</main>
<aside class="col-side">${linkList(
          "most-read",
          "Most read",
          Array.from({ length: 10 }, () => text.furnitureHeadline(random)),
          host.origin,
        )}</aside></div>`;
  let page = `${head}\n${body}\n<section class="latest">${teasers(random, text, 12, host.origin)}</section>\n${footer(outlet)}\n`;
  // Sites ship their client state inline; it makes up the rest of the page's weight.
  const state: string[] = [];
  let bytes = page.length + 200;
  while (bytes < article.targetBytes) {
    const headline = text.furnitureHeadline(random);
    const item = JSON.stringify({
      id: between(random, 100_000, 999_999),
      title: headline,
      url: `/news/${slugOf(headline)}.html`,
      section: pick(random, sections),
      views: between(random, 10, 90_000),
    });
    state.push(item);
    bytes += item.length + 1;
  }
  page += `<script>window.__INITIAL_STATE__={"teasers":[${state.join(",").replaceAll("</", "<\\/")}]};</script>\n</body>\n</html>\n`;
  return page;
}

// ---------------------------------------------------------------- feeds and the HTTP side

function rssFeed(host: SiteHost, items: SiteArticle[]): string {
  const entries = items
    .map(
      (item) =>
        `<item><title>${escapeHtml(item.title)}</title><link>${item.url}</link><guid isPermaLink="true">${item.url}</guid><pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate><description>${escapeHtml(item.paragraphs[0]?.slice(0, 200) ?? "")}</description></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${host.name}</title><link>${host.origin}/</link><description>Latest news from ${host.name}</description>
${entries}
</channel></rss>
`;
}

function notModified(request: IncomingMessage, etag: string, lastModified: number): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(",").some((tag) => tag.trim() === etag);
  const since = request.headers["if-modified-since"];
  return since !== undefined && Math.floor(lastModified / 1000) <= Math.floor(Date.parse(since) / 1000);
}

export async function startLoadSite(options: LoadSiteOptions): Promise<LoadSite> {
  const text = loadNewsText(options);
  const articles = buildArticles(options, text);
  const byPath = new Map<string, SiteArticle>();
  const byUrl = new Map<string, SiteArticle>();
  const perHost: SiteArticle[][] = Array.from({ length: options.hosts }, () => []);
  let firstFeedRequestAt: number | null = null;
  const hosts: SiteHost[] = [];
  const servers: Server[] = [];

  const answer = (host: SiteHost, request: IncomingMessage, response: ServerResponse) => {
    const now = Date.now();
    const url = new URL(request.url ?? "/", host.origin);
    if (url.pathname === "/robots.txt") {
      response.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      return;
    }
    if (url.pathname === "/feed.xml") {
      host.feedRequests += 1;
      firstFeedRequestAt ??= now;
      const visible = (perHost[host.index] as SiteArticle[]).filter((item) => item.publishedAt <= now);
      visible.sort((a, b) => b.publishedAt - a.publishedAt);
      const latest = visible[0]?.publishedAt ?? 0;
      const etag = `"${visible.length}-${latest}"`;
      const headers = { etag, "last-modified": new Date(latest).toUTCString() };
      if (notModified(request, etag, latest)) {
        response.writeHead(304, headers).end();
        return;
      }
      for (const item of visible) item.firstListedAt ??= now;
      response.writeHead(200, { ...headers, "content-type": "application/rss+xml; charset=utf-8" });
      response.end(rssFeed(host, visible));
      return;
    }
    const article = byPath.get(`${host.index} ${url.pathname}`);
    if (!article || article.publishedAt > now) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const etag = `"${article.key}-1"`;
    const headers = { etag, "last-modified": new Date(article.publishedAt).toUTCString() };
    if (notModified(request, etag, article.publishedAt)) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, "content-type": "text/html; charset=utf-8" });
    response.end(renderPage(article, host, text));
  };

  for (let index = 0; index < options.hosts; index++) {
    const address = `127.0.0.${index + 1}`;
    const server = createServer((request, response) => answer(hosts[index] as SiteHost, request, response));
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, address, resolve);
    });
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    const origin = `http://${address}:${port}`;
    hosts.push({
      index,
      name: `${outlets[index % outlets.length]} ${index + 1}`,
      origin,
      feedUrl: `${origin}/feed.xml`,
      hostPort: `${address}:${port}`,
      feedRequests: 0,
    });
  }
  for (const article of articles) {
    const host = hosts[article.host] as SiteHost;
    article.url = host.origin + article.path;
    byPath.set(`${article.host} ${article.path}`, article);
    byUrl.set(article.url, article);
    perHost[article.host]?.push(article);
  }

  return {
    hosts,
    articles,
    byUrl,
    firstFeedRequestAt: () => firstFeedRequestAt,
    publishAll(now) {
      for (const article of articles) article.publishedAt = now - (articles.length - article.order) * 1000;
    },
    publishOverTime(startAt, perSecond) {
      for (const article of articles)
        article.publishedAt = startAt + Math.round((article.order * 1000) / perSecond);
    },
    renderPage: (article) => renderPage(article, hosts[article.host] as SiteHost, text),
    async close() {
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      );
    },
  };
}
