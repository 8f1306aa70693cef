// One pass over the parsed document (iterative, so 100,000-deep nesting cannot overflow the stack). It yields
// the page as text blocks (paragraph-like runs of text, each owned by its nearest block-level element) with the
// element tree above them, plus the head facts the metadata readers need (meta, link, JSON-LD, <time>, ...).
import type { AnyNode, Element } from "domhandler";
import { collapseWhitespace } from "./text.ts";

export type Mark = "none" | "weak" | "strong";

export type BlockKind = "heading" | "paragraph" | "item" | "cell" | "quote" | "pre" | "caption" | "other";

export interface ElementInfo {
  /** Position in PageModel.elements (document order, parents before children). */
  index: number;
  node: Element;
  tag: string;
  parent: ElementInfo | null;
  depth: number;
  /** Class, id and role, lowercased, for boilerplate and content hints. */
  hints: string;
  /** What its own tag, class, id or role say: furniture ("weak": navigation, header, sidebar...; "strong":
   * comments, cookie notices, share bars), else "none". Whether it really is furniture is content.ts's call. */
  mark: Mark;
  /** This element or an ancestor carries a mark. */
  markedWithin: boolean;
  /** Its tag, class, id or itemprop name it as the article's body ("entry-content", itemprop=articleBody). */
  articleBody: boolean;
  /** This element or an ancestor is the article's body. */
  inArticleBody: boolean;
  /** Blocks of this subtree are blocks[firstBlock, endBlock). */
  firstBlock: number;
  endBlock: number;
}

export interface Block {
  text: string;
  /** Characters of text inside links. */
  linkChars: number;
  owner: ElementInfo;
  kind: BlockKind;
}

export interface MetaTag {
  key: string; // name, property, itemprop or http-equiv, lowercased
  content: string;
}

export interface PageFacts {
  title: string | null;
  htmlLang: string | null;
  metas: MetaTag[];
  links: { rel: string; href: string }[];
  jsonLd: string[];
  times: { datetime: string; text: string; inBoilerplate: boolean; blockIndex: number }[];
  /** Text of elements marked as author or byline (rel=author, itemprop=author, class/id "byline"/"author"). */
  bylines: { text: string; fromMarkup: boolean }[];
  /** Texts of the first <h1> and <h2> headings (the <title> is checked against them). */
  headings: { level: 1 | 2; text: string }[];
}

export interface PageModel {
  blocks: Block[];
  elements: ElementInfo[];
  facts: PageFacts;
}

const SKIPPED = new Set([
  "script",
  "style",
  "rt",
  "rp",
  "template",
  "svg",
  "math",
  "iframe",
  "title",
  "button",
  "select",
  "option",
  "input",
  "textarea",
  "canvas",
  "object",
  "embed",
  "audio",
  "video",
  "map",
  "dialog",
  "img",
  "picture",
  "source",
]);

const BLOCK_KIND: Record<string, BlockKind> = {
  p: "paragraph",
  h1: "heading",
  h2: "heading",
  h3: "heading",
  h4: "heading",
  h5: "heading",
  h6: "heading",
  li: "item",
  dt: "item",
  dd: "item",
  td: "cell",
  th: "cell",
  blockquote: "quote",
  pre: "pre",
  figcaption: "caption",
  caption: "caption",
};

const BLOCK_TAGS = new Set([
  ...Object.keys(BLOCK_KIND),
  "address",
  "article",
  "aside",
  "body",
  "center",
  "details",
  "dir",
  "div",
  "dl",
  "fieldset",
  "figure",
  "footer",
  "form",
  "header",
  "hgroup",
  "hr",
  "html",
  "legend",
  "main",
  "menu",
  "nav",
  "ol",
  "section",
  "summary",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "ul",
]);

/** Tags whose whole subtree is page furniture. */
const BOILERPLATE_TAGS = new Set(["nav", "aside", "footer", "menu", "figcaption", "form", "fieldset"]);

// Class/id words of page furniture; tested on the joined class, id and role of each element.
const BOILERPLATE_HINT =
  /(^|[^a-z])(author|authors|cta|affiliate|disclaimer|utility|teaser-list|teaser-item-list|post-list|postlist|listposts|news-list|more-posts|other-posts|nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|side-bar|socials|more-stories|read-more|readmore|subscribe|subscription|signup|promo|advert|advertisement|ads|ad-slot|sponsor|sponsored|banner|popup|modal|overlay|paywall|pagination|pager|tags|tag-list|tagcloud|taglist|categories|byline|author-box|authorbox|author-bio|meta|post-meta|entry-meta|postmetadata|dateline|masthead|toolbar|skip-link|skiplink|print|font-size|fontsize|rating|login|search|searchform|copyright|legal|imprint|impressum|sitemap|topbar|top-bar|header|site-header|jump-link|toc|caption|credit|credits|wp-caption-text|sr-only|screen-reader-text|visually-hidden)([^a-z]|$)/;

// Furniture that can hold much prose of its own (comment threads) or that sits inside the article (share bars,
// cookie notices): marked whatever the amount of text below it.
const STRONG_HINT =
  /(^|[^a-z])(comments?|comment-list|commentlist|disqus|respond|cookie|cookies|consent|gdpr|share|sharing|shariff|sharedaddy|addthis|social|newsletter|related|recommended|author-?(box|bio|info|description|card|profile|details)|about-?(the-)?author|contributor-?bio|saboxplugin-wrap)([^a-z]|$)/;

// Words that mark a container as the article itself; they protect it from BOILERPLATE_HINT ("article-header" stays
// a header, but "content" or "article-body" does not get dropped for also saying "main-nav-offset").
const CONTENT_HINT =
  /(^|[^a-z])(article|articlebody|article-body|story|story-body|entry-content|post-content|post-body|content|main|text|body)([^a-z]|$)/;

const SCREEN_READER_HINT = /(^|[^a-z])(sr-only|screen-reader-text|visually-hidden|visuallyhidden)([^a-z]|$)/;

const AUTHOR_HINT = /byline|(^|[^a-z])(author|authors|author-name|writer|autor|p-author)([^a-z]|$)/;

const MAX_CAPTURE = 300;
const MAX_HEADINGS = 30;

interface Frame {
  node: AnyNode;
  index: number; // next child to visit
  info: ElementInfo | null; // set for elements that open an ElementInfo
  linkDepthDelta: number;
  /** 1 for an element of text for screen readers only ("Author" before the name): kept out of captures. */
  screenReaderDepthDelta: number;
  capture: Capture | null;
  onExit: (() => void) | null;
}

interface Capture {
  parts: string[];
  length: number;
}

export function buildPageModel(root: AnyNode): PageModel {
  const blocks: Block[] = [];
  const elements: ElementInfo[] = [];
  const facts: PageFacts = {
    title: null,
    htmlLang: null,
    metas: [],
    links: [],
    jsonLd: [],
    times: [],
    bylines: [],
    headings: [],
  };

  let pending: string[] = [];
  let pendingLinkChars = 0;
  let linkDepth = 0;
  let screenReaderDepth = 0;
  const captures: Capture[] = [];
  const blockOwners: ElementInfo[] = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    const text = collapseWhitespace(pending.join(""));
    pending = [];
    const linkChars = Math.min(pendingLinkChars, text.length);
    pendingLinkChars = 0;
    if (text === "") return;
    const owner = blockOwners[blockOwners.length - 1];
    if (!owner) return;
    blocks.push({
      text,
      linkChars,
      owner,
      kind: BLOCK_KIND[owner.tag] ?? blockKindFromAncestors(owner),
    });
  };

  const stack: Frame[] = [
    {
      node: root,
      index: 0,
      info: null,
      linkDepthDelta: 0,
      screenReaderDepthDelta: 0,
      capture: null,
      onExit: null,
    },
  ];
  let current: ElementInfo | null = null;

  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const children = "children" in frame.node ? frame.node.children : [];
    if (frame.index >= children.length) {
      stack.pop();
      frame.onExit?.();
      if (frame.capture) captures.pop();
      linkDepth -= frame.linkDepthDelta;
      screenReaderDepth -= frame.screenReaderDepthDelta;
      if (frame.info) {
        if (BLOCK_TAGS.has(frame.info.tag)) {
          flush();
          blockOwners.pop();
        }
        frame.info.endBlock = blocks.length;
        current = frame.info.parent;
      }
      continue;
    }
    const child = children[frame.index] as AnyNode;
    frame.index++;

    if (child.type === "text") {
      const data = child.data;
      pending.push(data);
      if (linkDepth > 0) pendingLinkChars += collapseWhitespace(data).length;
      if (screenReaderDepth > 0) continue;
      appendToCaptures(captures, data);
      continue;
    }
    if (child.type !== "tag" && child.type !== "script" && child.type !== "style") continue;

    const element = child as Element;
    const tag = element.name.toLowerCase();
    const attribs = element.attribs;
    collectFact(tag, element, facts);

    if (tag === "br" || tag === "hr") {
      flush();
      appendToCaptures(captures, " ");
      continue;
    }
    if (SKIPPED.has(tag) || isHidden(attribs, current?.inArticleBody ?? false) || isRawNoscript(element))
      continue;

    const hints = hintWords(`${attribs.class ?? ""} ${attribs.id ?? ""} ${attribs.role ?? ""}`);
    const mark = markOf(tag, attribs, hints);
    const articleBody = isArticleBody(tag, attribs, hints);
    const info: ElementInfo = {
      index: elements.length,
      node: element,
      tag,
      parent: current,
      depth: current ? current.depth + 1 : 0,
      hints,
      mark,
      markedWithin: mark !== "none" || (current?.markedWithin ?? false),
      articleBody,
      inArticleBody: articleBody || (current?.inArticleBody ?? false),
      firstBlock: blocks.length,
      endBlock: blocks.length,
    };
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) {
      flush();
      // Text of separate blocks inside a captured element is separate words ("Author" over "Jane Doe").
      appendToCaptures(captures, " ");
      info.firstBlock = blocks.length;
      blockOwners.push(info);
    }
    elements.push(info);
    current = info;

    const frameOut: Frame = {
      node: element,
      index: 0,
      info,
      linkDepthDelta: tag === "a" ? 1 : 0,
      screenReaderDepthDelta: SCREEN_READER_HINT.test(hints) ? 1 : 0,
      capture: null,
      onExit: null,
    };
    linkDepth += frameOut.linkDepthDelta;
    screenReaderDepth += frameOut.screenReaderDepthDelta;

    const authorMarkup =
      attribs.rel === "author" ||
      (attribs.itemprop ?? "").toLowerCase().includes("author") ||
      AUTHOR_HINT.test(hints);
    if (
      authorMarkup ||
      tag === "time" ||
      ((tag === "h1" || tag === "h2") && facts.headings.length < MAX_HEADINGS)
    ) {
      const capture: Capture = { parts: [], length: 0 };
      captures.push(capture);
      frameOut.capture = capture;
      const blockIndex = blocks.length;
      const inBoilerplate = info.markedWithin;
      frameOut.onExit = () => {
        const text = collapseWhitespace(capture.parts.join(""));
        if (tag === "time") {
          const datetime = attribs.datetime ?? attribs.content ?? "";
          facts.times.push({ datetime, text, inBoilerplate, blockIndex });
        } else if ((tag === "h1" || tag === "h2") && text) {
          facts.headings.push({ level: tag === "h1" ? 1 : 2, text });
        }
        if (authorMarkup && text && capture.length < MAX_CAPTURE) {
          facts.bylines.push({ text, fromMarkup: attribs.rel === "author" || "itemprop" in attribs });
        }
      };
    }
    stack.push(frameOut);
  }
  flush();
  return { blocks, elements, facts };
}

/** Adds text to every open capture that has room left. */
function appendToCaptures(captures: Capture[], text: string): void {
  for (const capture of captures) {
    if (capture.length < MAX_CAPTURE) {
      capture.parts.push(text);
      capture.length += text.length;
    }
  }
}

/** Class/id/role words without BEM modifiers and state classes: "section--has-header" says nothing about the
 * section, "label-hidden" or "hidden-xs" nothing about its content. */
function hintWords(raw: string): string {
  const words: string[] = [];
  for (const token of raw.toLowerCase().split(/\s+/)) {
    // State classes, and the taxonomy classes CMSs add to posts ("category-social-media", "tag-comments").
    if (
      token === "" ||
      /^(has|with|no|is|show|hide|hidden|visible|without|category|tag|format|status|type)-/.test(token)
    ) {
      continue;
    }
    words.push(token.replace(/--.*$/, ""));
  }
  return words.join(" ");
}

function markOf(tag: string, attribs: Record<string, string>, hints: string): Mark {
  if (tag === "body" || tag === "html" || tag === "article" || tag === "main") return "none";
  if (STRONG_HINT.test(hints)) return "strong";
  if (BOILERPLATE_TAGS.has(tag) || attribs.role === "navigation" || attribs.role === "contentinfo")
    return "weak";
  return BOILERPLATE_HINT.test(hints) && !CONTENT_HINT.test(hints) ? "weak" : "none";
}

// Class/id words that name the story's own body, not a wrapper that merely holds it ("content", "main").
const ARTICLE_BODY_HINT =
  /(^|[^a-z])(entry-content|entry-body|entry-inner|post-content|post-body|post-entry|post-text|postcontent|article-body|articlebody|article-content|article-text|articletext|story-body|story-content|story-text|single-content|blog-content|text-content|news-text|item-page|page-content|node-content|rich-text|richtext|wysiwyg|user-content)([^a-z]|$)/;

function isArticleBody(tag: string, attribs: Record<string, string>, hints: string): boolean {
  if (tag === "article") return true;
  if (/articlebody|text/i.test(attribs.itemprop ?? "")) return true;
  return ARTICLE_BODY_HINT.test(hints);
}

function blockKindFromAncestors(owner: ElementInfo): BlockKind {
  for (
    let info: ElementInfo | null = owner.parent, steps = 0;
    info && steps < 4;
    info = info.parent, steps++
  ) {
    const kind = BLOCK_KIND[info.tag];
    if (kind) return kind;
  }
  return "other";
}

/**
 * Hidden elements are left out, except that inside the article's body an element hidden by style or the `hidden`
 * attribute is the rest of the story (a collapsed "read more", the other slides of a gallery), shown by a script.
 */
function isHidden(attribs: Record<string, string>, inArticleBody: boolean): boolean {
  if (attribs["aria-hidden"] === "true") return true;
  const style = attribs.style ?? "";
  if (/visibility\s*:\s*hidden/i.test(style)) return true;
  return !inArticleBody && ("hidden" in attribs || /display\s*:\s*none/i.test(style));
}

function collectFact(tag: string, element: Element, facts: PageFacts): void {
  const attribs = element.attribs;
  switch (tag) {
    case "html":
      if (facts.htmlLang === null && attribs.lang) facts.htmlLang = attribs.lang;
      else if (facts.htmlLang === null && attribs["xml:lang"]) facts.htmlLang = attribs["xml:lang"] ?? null;
      break;
    case "title":
      if (facts.title === null) facts.title = collapseWhitespace(textOf(element));
      break;
    case "meta": {
      const content = attribs.content;
      if (content === undefined) break;
      for (const keyAttr of ["name", "property", "itemprop", "http-equiv"]) {
        const keys = attribs[keyAttr];
        if (!keys) continue;
        // "og:title twitter:title" declares both at once.
        for (const key of keys.toLowerCase().split(/\s+/)) {
          if (key) facts.metas.push({ key: keyAttr === "name" ? key.replace(/\./g, ":") : key, content });
        }
      }
      break;
    }
    case "link":
      if (attribs.rel && attribs.href)
        facts.links.push({ rel: attribs.rel.toLowerCase(), href: attribs.href });
      break;
    case "script":
      if ((attribs.type ?? "").toLowerCase().includes("ld+json")) facts.jsonLd.push(textOf(element));
      break;
  }
}

/**
 * A <noscript> whose content a serializer escaped reads as HTML source ("<div class=alert>JavaScript is off");
 * a browser that runs scripts shows nothing of it. A <noscript> with real markup (a blog's post for readers
 * without JavaScript) is read as it is.
 */
function isRawNoscript(element: Element): boolean {
  if (element.name.toLowerCase() !== "noscript") return false;
  for (const child of element.children)
    if (child.type === "text" && /<\/?[a-z][^>]*>/i.test(child.data)) return true;
  return false;
}

/** Text of an element whose children are text only (title, script); deeper markup is not descended into. */
function textOf(element: Element): string {
  let text = "";
  for (const child of element.children) {
    if (child.type === "text") text += child.data;
  }
  return text;
}
