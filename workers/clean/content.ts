// Main-text selection: which blocks of the page are the article. Each block gets a quality from its own text
// (prose, short fragment, junk: link lists and furniture wording) and from the markup around it (furniture: nav,
// header, sidebar, comments, share bars, by tag, class, id or role). The article's container is the element whose
// blocks weigh most in total (a maximum-weight subtree): prose counts for it, links and junk against, so menus and
// teaser lists pull a wrapper down. Then, inside the container: junk and furniture are dropped, short fragments
// before the first and after the last paragraph are trimmed (dates, bylines, tags), what follows the story's body
// element is cut (author boxes, "more on this"), empty sections lose their label; and a lead set apart before
// the container (in a header or hero area) is added.

import { isTimestampLine } from "./dates.ts";
import type { Block, ElementInfo, Mark, PageModel } from "./dom.ts";
import { collapseWhitespace } from "./text.ts";
import { endsArticle, isCaptionWording, isFurnitureWording, isRelatedHeading } from "./wording.ts";

export interface MainText {
  /** Indices into model.blocks, in document order. */
  blocks: number[];
  /** First block of the chosen container: where the article starts (datelines sit just before). */
  start: number;
}

/** good: prose; short: a fragment (heading, list item, date); junk: links or furniture wording; furniture: inside
 * an element marked as page furniture. */
type Quality = "good" | "short" | "junk" | "furniture";

/** Share of the page's prose above which a strongly marked element ("comments") is kept anyway. */
const STRONG_MARK_OVERRIDE = 0.8;
/** The same for a weakly marked one ("above-footer", "main-sidebar-layout" wrapping the story). */
const WEAK_MARK_OVERRIDE = 0.5;
/** Strong marks of furniture that holds prose of its own (comment threads, cookie notices) keep the higher bar;
 * the other strong marks (share bars, "related") name furniture without prose, so one over most of a page's
 * prose is a template's class on the story's own wrapper ("entry share"): it gets the weak marks' bar. */
const PROSE_FURNITURE_HINT = /comment|disqus|respond|cookie|consent|gdpr/;
const FURNITURE_WEIGHT = 0.1;
const SHORT_WEIGHT = 0.2;
const JUNK_WEIGHT = 1;
/** Share of the article's prose its body element must hold before what follows that element is cut. */
const CORE_SHARE = 0.5;
/** When honouring weak marks leaves less than this share of the article found without them, the marks are wrong. */
const WEAK_MARKS_TRUSTED = 0.5;

interface Range {
  first: number;
  end: number;
}

/** Quality from the block's own text, before any markup around it is considered. */
function intrinsicQuality(block: Block): Quality {
  const length = block.text.length;
  if (block.linkChars / length > (length > 200 ? 0.7 : 0.5)) return "junk";
  // A caption is dropped, but it sits between the story's paragraphs: it must not split their container.
  if (isCaptionWording(block.text)) return "furniture";
  if (isFurnitureWording(block.text) || isTimestampLine(block.text)) return "junk";
  const ownText = length - block.linkChars;
  if (ownText >= 80) return "good";
  if (ownText >= 40 && /[.!?:;"“”»)…。！？]$/.test(block.text)) return "good";
  return "short";
}

/** Characters a paragraph set line by line (hard line breaks) needs in all to count as prose. */
const LINED_PROSE_CHARS = 160;

/**
 * A paragraph set line by line with <br> (hand-wrapped posts, letters) arrives as one short block per line, each
 * of which alone would count against its container: lines of one element that together are long enough and end a
 * sentence at a line's end are prose. An address set line by line ends no line with a full stop.
 */
function linedProse(blocks: Block[], qualities: Quality[]): Quality[] {
  let i = 0;
  while (i < blocks.length) {
    const owner = (blocks[i] as Block).owner;
    let j = i;
    let chars = 0;
    let sentence = false;
    while (
      j < blocks.length &&
      (blocks[j] as Block).owner === owner &&
      qualities[j] !== "junk" &&
      qualities[j] !== "furniture"
    ) {
      const block = blocks[j] as Block;
      chars += block.text.length - block.linkChars;
      if (/[.!?…]["”»)]?$/.test(block.text)) sentence = true;
      j++;
    }
    if (j - i >= 2 && chars >= LINED_PROSE_CHARS && sentence)
      for (let k = i; k < j; k++) if (qualities[k] === "short") qualities[k] = "good";
    i = Math.max(j, i + 1);
  }
  return qualities;
}

// Furniture weighs little: it is dropped from the output anyway, so a container may hold some. Junk that markup
// did not flag (link lists, unmarked menus) is what must keep a container from growing past the article.
function weight(block: Block, q: Quality): number {
  const length = block.text.length;
  switch (q) {
    case "good":
      return length - block.linkChars;
    case "junk":
      return -JUNK_WEIGHT * length;
    case "furniture":
      return -FURNITURE_WEIGHT * length;
    case "short":
      return -SHORT_WEIGHT * Math.min(length, 40);
  }
}

/**
 * Which elements are furniture. Strong marks (comments, share bars) count unless the element holds nearly all the
 * page's prose. Weak marks (header, nav, sidebar...) count unless the element encloses `enclosed` ("all": every
 * weak mark counts, "none": none does): templates wrap whole articles in such classes.
 */
function furniture(
  elements: ElementInfo[],
  goodPrefix: Float64Array,
  enclosed: Range | "all" | "none",
): Mark[] {
  const total = goodPrefix[goodPrefix.length - 1] as number;
  const result = new Array<Mark>(elements.length).fill("none");
  for (const element of elements) {
    const inherited = element.parent ? (result[element.parent.index] as Mark) : "none";
    let own: Mark = "none";
    if (element.mark === "strong") {
      const good = spanOf(goodPrefix, element);
      const override = PROSE_FURNITURE_HINT.test(element.hints) ? STRONG_MARK_OVERRIDE : WEAK_MARK_OVERRIDE;
      if (total === 0 || good / total < override) own = "strong";
    } else if (element.mark === "weak" && enclosed !== "none") {
      const good = spanOf(goodPrefix, element);
      const enclosing =
        enclosed !== "all" && element.firstBlock <= enclosed.first && element.endBlock >= enclosed.end;
      if (!enclosing && (total === 0 || good / total < WEAK_MARK_OVERRIDE)) own = "weak";
    }
    result[element.index] =
      inherited === "strong" || own === "strong" ? "strong" : inherited === "weak" ? "weak" : own;
  }
  return result;
}

interface Candidate {
  element: ElementInfo;
  range: Range;
  value: number;
  qualities: Quality[];
  marks: Mark[];
}

/** The element whose blocks weigh most, with the weights its furniture gives (among those `eligible` says). */
function heaviest(
  model: PageModel,
  intrinsic: Quality[],
  furnitureMarks: Mark[],
  eligible: (element: ElementInfo) => boolean = () => true,
): Candidate | null {
  const { blocks, elements } = model;
  const qualities = blocks.map((block, i) =>
    furnitureMarks[block.owner.index] === "none" ? (intrinsic[i] as Quality) : "furniture",
  );
  const prefix = new Float64Array(blocks.length + 1);
  for (let i = 0; i < blocks.length; i++) {
    prefix[i + 1] = (prefix[i] as number) + weight(blocks[i] as Block, qualities[i] as Quality);
  }
  let best: Candidate | null = null;
  for (const element of elements) {
    if (furnitureMarks[element.index] !== "none" || element.endBlock <= element.firstBlock) continue;
    if (!eligible(element)) continue;
    const value = (prefix[element.endBlock] as number) - (prefix[element.firstBlock] as number);
    if (value > (best?.value ?? 0)) {
      const range = { first: element.firstBlock, end: element.endBlock };
      best = { element, range, value, qualities, marks: furnitureMarks };
    }
  }
  return best;
}

/** Whether the element spanning `range` is, or lies inside, a weakly marked element. */
function insideWeakMark(elements: ElementInfo[], range: Range): boolean {
  for (const element of elements) {
    if (element.mark === "weak" && element.firstBlock <= range.first && element.endBlock >= range.end)
      return true;
  }
  return false;
}

/** Prefix sums of the unlinked text of the blocks that count: an element's share is then spanOf(prefix, element). */
function unlinkedTextPrefix(blocks: Block[], counts: (i: number) => boolean): Float64Array {
  const prefix = new Float64Array(blocks.length + 1);
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    prefix[i + 1] = (prefix[i] as number) + (counts(i) ? block.text.length - block.linkChars : 0);
  }
  return prefix;
}

function spanOf(prefix: Float64Array, element: ElementInfo): number {
  return (prefix[element.endBlock] as number) - (prefix[element.firstBlock] as number);
}

export function selectMainText(model: PageModel): MainText {
  const { blocks, elements } = model;
  const intrinsic = linedProse(blocks, blocks.map(intrinsicQuality));
  const goodPrefix = unlinkedTextPrefix(blocks, (i) => intrinsic[i] === "good");
  const headline = pageHeadline(model);
  const strictMarks = furniture(elements, goodPrefix, "all");
  const strict = heaviest(model, intrinsic, strictMarks);
  const loose = heaviest(model, intrinsic, furniture(elements, goodPrefix, "none"));
  let found = strict;
  // Marks that hide the article are wrong only if what they hide is the article under the headline, not a sidebar.
  const hiddenByMarks =
    loose !== null && insideWeakMark(elements, loose.range) && atHeadline(loose.element, headline);
  if (loose && (!strict || (hiddenByMarks && strict.value < WEAK_MARKS_TRUSTED * loose.value))) {
    found = heaviest(model, intrinsic, furniture(elements, goodPrefix, loose.range)) ?? loose;
  }
  if (found) found = nearHeadline(model, intrinsic, found, headline);
  if (!found) return fragmentArticle(model, intrinsic, strictMarks, 0) ?? { blocks: [], start: 0 };
  const chosen = proseArticle(model, found, intrinsic);
  return fragmentArticle(model, intrinsic, strictMarks, proseChars(blocks, chosen.blocks)) ?? chosen;
}

/** How many blocks after the headline the article's container may start. */
const HEADLINE_REACH = 30;
/** Share of the heaviest container's weight that a container right under the headline needs to be taken instead. */
const HEADLINE_SHARE = 0.25;

/**
 * The article follows its headline. A heavier container elsewhere on the page (a footer's "about us", a hidden
 * shipping notice, a sidebar's teasers with summaries) beats a short article on weight alone: when the heaviest
 * container lies away from the page's headline, the heaviest one that starts just under it is the article,
 * provided it weighs a fair share of the other.
 */
function nearHeadline(model: PageModel, intrinsic: Quality[], found: Candidate, headline: number): Candidate {
  if (headline < 0 || atHeadline(found.element, headline)) return found;
  const near = heaviest(
    model,
    intrinsic,
    found.marks,
    (e) => e.firstBlock > headline && e.firstBlock <= headline + HEADLINE_REACH,
  );
  return near && near.value >= HEADLINE_SHARE * found.value ? near : found;
}

/** Whether the element holds the headline or starts just under it (always true when no headline is known). */
function atHeadline(element: ElementInfo, headline: number): boolean {
  if (headline < 0) return true;
  const { firstBlock: first, endBlock: end } = element;
  return (first > headline && first <= headline + HEADLINE_REACH) || (first <= headline && end > headline);
}

/** The page's headline: the longest unlinked <h1> whose text the <title> holds (a site name's <h1> is a link
 * home), or -1. */
function pageHeadline(model: PageModel): number {
  const title = collapseWhitespace(model.facts.title ?? "").toLowerCase();
  let headline = -1;
  let longest = MIN_HEADLINE_CHARS - 1;
  for (let i = 0; i < model.blocks.length; i++) {
    const block = model.blocks[i] as Block;
    if (block.owner.tag !== "h1" || block.linkChars * 2 >= block.text.length) continue;
    if (block.text.length > longest && title.includes(block.text.toLowerCase())) {
      headline = i;
      longest = block.text.length;
    }
  }
  return headline;
}

function proseArticle(model: PageModel, found: Candidate, intrinsic: Quality[]): MainText {
  const { blocks } = model;
  const container = widenToArticleBody(widenSingleBlock(found));
  const { range, qualities } = container;

  const collected: number[] = [];
  const linkedItems = new Set<number>();
  let proseBefore: Block | null = null;
  let proseCharsBefore = 0;
  for (let i = range.first; i < range.end; i++) {
    const block = blocks[i] as Block;
    if (proseBefore && qualities[i] !== "furniture") {
      if (endsArticle(block.text)) break;
      if (isRelatedHeading(block.text) && block.linkChars * 2 < block.text.length) {
        // A "Read also" box set inside the story is skipped; the story goes on after it. Otherwise the
        // section of other stories ends the article.
        const resume = storyResumes(blocks, qualities, i, range.end, proseBefore, proseCharsBefore);
        if (resume < 0) break;
        i = resume - 1;
        continue;
      }
    }
    // The headline above the story is metadata, also when its <h1> lies inside the container.
    if (!proseBefore && block.owner.tag === "h1" && repeatsTitle(model, block)) continue;
    if (qualities[i] === "good" || qualities[i] === "short") collected.push(i);
    else if (
      qualities[i] === "junk" &&
      proseBefore &&
      isLinkedItem(block) &&
      introduced(blocks, collected, linkedItems)
    ) {
      collected.push(i);
      linkedItems.add(i);
    }
    if (qualities[i] === "good") {
      proseBefore = block;
      proseCharsBefore += block.text.length - block.linkChars;
    }
  }
  const kept = withoutTeasers(
    blocks,
    range,
    withinStoryLists(blocks, collected, linkedItems, qualities),
    qualities,
  );
  // Short fragments before the first and after the last paragraph of prose are bylines, dates and share bars.
  const firstGood = kept.findIndex((i) => qualities[i] === "good");
  let lastGood = -1;
  for (let k = kept.length - 1; k >= 0; k--) {
    if (qualities[kept[k] as number] === "good") {
      lastGood = k;
      break;
    }
  }
  if (firstGood < 0) return { blocks: [], start: range.first };
  // ...unless they are paragraphs of the same run as the prose next to them (a greeting, a signature, a list
  // of ingredients set as paragraphs).
  const firstProse = blocks[kept[firstGood] as number] as Block;
  const lastProse = blocks[kept[lastGood] as number] as Block;
  let from = firstGood;
  let to = lastGood;
  while (from > 0 && sameRun(blocks[kept[from - 1] as number] as Block, firstProse)) from--;
  // A subheading right above the first paragraph opens the story (the headline itself is metadata).
  if (from > 0 && isSubheading(blocks[kept[from - 1] as number] as Block)) from--;
  while (to < kept.length - 1) {
    const next = blocks[kept[to + 1] as number] as Block;
    if (sameRun(next, lastProse)) to++;
    // A subheading beside the paragraphs opens more of the run ("Test results:" over one line per score).
    else if (
      to < kept.length - 2 &&
      isSubheading(next) &&
      next.owner.parent === lastProse.owner.parent &&
      sameRun(blocks[kept[to + 2] as number] as Block, lastProse)
    )
      to += 2;
    else break;
  }
  const body = dropEmptySections(
    blocks,
    withoutOtherArticles(model, cutAfterCore(blocks, kept.slice(from, to + 1), qualities), qualities),
  );
  const lead = leadBefore(model, container, intrinsic);
  return { blocks: [...lead, ...body], start: lead[0] ?? range.first };
}

/** A list item that is mostly a link, not furniture by its wording: a source, a step, a title in a list. */
function isLinkedItem(block: Block): boolean {
  return block.kind === "item" && !isFurnitureWording(block.text) && !isTimestampLine(block.text);
}

/** The list the item belongs to was introduced: by a line that ends in a colon ("Sources:") or a subheading. */
function introduced(blocks: Block[], collected: number[], linkedItems: Set<number>): boolean {
  const previous = collected[collected.length - 1];
  if (previous === undefined) return false;
  if (linkedItems.has(previous)) return true;
  const block = blocks[previous] as Block;
  return block.kind === "heading" || /:\s*$/.test(block.text);
}

/**
 * A list of links set between the story's paragraphs, in their run (sources, the titles a review covers), is part
 * of the story; one after its last paragraph is not (more links, other stories).
 */
function withinStoryLists(
  blocks: Block[],
  collected: number[],
  linkedItems: Set<number>,
  qualities: Quality[],
): number[] {
  if (linkedItems.size === 0) return collected;
  const keep = new Array<boolean>(collected.length).fill(true);
  let nextGood = -1;
  for (let k = collected.length - 1; k >= 0; k--) {
    const i = collected[k] as number;
    if (qualities[i] === "good") nextGood = i;
    else if (linkedItems.has(i))
      keep[k] = nextGood >= 0 && sameRun(blocks[i] as Block, blocks[nextGood] as Block);
  }
  return collected.filter((_, k) => keep[k]);
}

/**
 * Where the story goes on after a "related" heading inside the container, or -1 when the heading opens a section
 * of other stories. The story goes on when a paragraph of prose follows in the same run as the prose before the
 * heading, or inside the story's body element around a box nested in it, or when more prose follows outside the
 * heading's box than came before it (a "Read also" box between the standfirst and the body).
 */
function storyResumes(
  blocks: Block[],
  qualities: Quality[],
  heading: number,
  end: number,
  prose: Block,
  proseCharsBefore: number,
): number {
  const parent = runParent(prose.owner);
  // Templates that wrap each paragraph in a wrapper of its own repeat the wrapper's tag and classes.
  const sameRun = (owner: ElementInfo) => {
    const other = runParent(owner);
    return other === parent || (other !== null && parent !== null && signature(other) === signature(parent));
  };
  const box = (blocks[heading] as Block).owner.parent;
  // A box nested inside the story's body element, with the body going on after it.
  const boxInBody = box !== null && parent !== null && box !== parent && within(box, parent);
  let firstOutside = -1;
  let charsAfter = 0;
  for (let i = heading + 1; i < Math.min(end, heading + 1 + STORY_RESUME_BLOCKS); i++) {
    const block = blocks[i] as Block;
    if (qualities[i] !== "good") continue;
    if (block.owner.tag === prose.owner.tag && sameRun(block.owner)) return i;
    if (box && i >= box.firstBlock && i < box.endBlock) continue;
    if (boxInBody && block.owner.tag === prose.owner.tag && within(block.owner, parent)) return i;
    if (firstOutside < 0) firstOutside = i;
    charsAfter += block.text.length - block.linkChars;
    if (charsAfter > proseCharsBefore) return firstOutside;
  }
  return -1;
}

/** Whether `element` is `ancestor` or lies inside it. */
function within(element: ElementInfo | null, ancestor: ElementInfo): boolean {
  for (let e = element; e; e = e.parent) if (e === ancestor) return true;
  return false;
}

/** How far after a "related" heading the story is looked for (bounds the work on pages full of such headings). */
const STORY_RESUME_BLOCKS = 200;

/**
 * A container of one block is a paragraph that outweighs its own body element only because that element also
 * holds a link list ("see also" under the story): the body element is the container; its junk is dropped below.
 */
function widenSingleBlock(found: Candidate): Candidate {
  const { element } = found;
  const parent = element.parent;
  if (
    element.endBlock - element.firstBlock !== 1 ||
    !parent ||
    parent.tag === "body" ||
    parent.tag === "html"
  )
    return found;
  return found.marks[parent.index] === "none" ? containerAt(found, parent) : found;
}

/** How far above the container its body element is looked for. */
const BODY_ANCESTOR_STEPS = 4;

/**
 * A container below the element named as the story's body ("entry-content", itemprop=articleBody) is part of the
 * story: a lead or closing paragraph set directly in the body element, beside the wrapper that holds the rest,
 * belongs to it. `<article>` does not count here: it holds the headline, meta lines and author boxes as well.
 */
function widenToArticleBody(found: Candidate): Candidate {
  let e: ElementInfo | null = found.element.parent;
  for (let steps = 0; e && steps < BODY_ANCESTOR_STEPS; e = e.parent, steps++) {
    if (found.marks[e.index] !== "none" || e.tag === "body") return found;
    if (e.articleBody && e.tag !== "article") return containerAt(found, e);
  }
  return found;
}

function containerAt(found: Candidate, element: ElementInfo): Candidate {
  return { ...found, element, range: { first: element.firstBlock, end: element.endBlock } };
}

/** Below this many characters of prose, the chosen text may be a stray paragraph beside an article of fragments. */
const FRAGMENT_CHECK_CHARS = 300;
/** An article of fragments wins when its text outweighs the prose found by this factor... */
const FRAGMENT_ARTICLE_FACTOR = 3;
/** ...and holds at least this many characters. */
const FRAGMENT_ARTICLE_MIN_CHARS = 150;
/** Among nested article bodies, the innermost that holds this share of the text is the body itself. */
const INNERMOST_SHARE = 0.8;

/** Text of the article: prose and fragments, not junk and not captions. */
const isText = (q: Quality | undefined) => q === "good" || q === "short";

function proseChars(blocks: Block[], chosen: number[]): number {
  let chars = 0;
  for (const i of chosen) {
    const block = blocks[i] as Block;
    chars += block.text.length - block.linkChars;
  }
  return chars;
}

/**
 * Articles made of fragments (verse and lyrics set line by line, photo posts with one-line captions, results
 * tables) have little prose, so the weighing above picks a stray paragraph elsewhere (a comment form's note, a
 * sidebar blurb) or nothing. When the prose found is that thin, an element named as the article's body
 * (`<article>`, "entry-content", itemprop=articleBody) whose own unlinked text is several times longer is the
 * article: all its text that is neither furniture nor junk.
 */
function fragmentArticle(
  model: PageModel,
  intrinsic: Quality[],
  marks: Mark[],
  foundChars: number,
): MainText | null {
  if (foundChars >= FRAGMENT_CHECK_CHARS) return null;
  const { blocks, elements } = model;
  const textPrefix = unlinkedTextPrefix(
    blocks,
    (i) => isText(intrinsic[i]) && marks[(blocks[i] as Block).owner.index] === "none",
  );
  const textOf = (e: ElementInfo) => spanOf(textPrefix, e);
  let best: ElementInfo | null = null;
  for (const element of elements) {
    if (element.articleBody && marks[element.index] === "none" && textOf(element) > (best ? textOf(best) : 0))
      best = element;
  }
  if (!best) return null;
  const bestText = textOf(best);
  if (bestText < FRAGMENT_ARTICLE_MIN_CHARS || bestText < FRAGMENT_ARTICLE_FACTOR * foundChars) return null;
  for (const element of elements) {
    const inside = element.firstBlock >= best.firstBlock && element.endBlock <= best.endBlock;
    if (
      element.articleBody &&
      inside &&
      element.depth > best.depth &&
      marks[element.index] === "none" &&
      textOf(element) >= INNERMOST_SHARE * bestText
    ) {
      best = element;
    }
  }
  const kept: number[] = [];
  for (let i = best.firstBlock; i < best.endBlock; i++) {
    const block = blocks[i] as Block;
    if (isText(intrinsic[i]) && marks[block.owner.index] === "none") kept.push(i);
  }
  return { blocks: dropEmptySections(blocks, kept), start: best.firstBlock };
}

/**
 * The article's own paragraphs share a parent (the body element of the story). What the container holds after
 * that element ends (author boxes, "more on this" teasers, newsletter boxes) is dropped, and so are teaser boxes
 * set among its paragraphs.
 */
function cutAfterCore(blocks: Block[], body: number[], qualities: Quality[]): number[] {
  const goodByParent = new Map<ElementInfo, number>();
  for (const i of body) {
    const block = blocks[i] as Block;
    let parent = runParent(block.owner);
    // Templates that set each paragraph in a wrapper of its own: the wrappers' parent is the body element.
    if (parent?.parent && parent.endBlock - parent.firstBlock === 1) parent = parent.parent;
    if (qualities[i] !== "good" || !parent) continue;
    goodByParent.set(parent, (goodByParent.get(parent) ?? 0) + block.text.length - block.linkChars);
  }
  let core: ElementInfo | null = null;
  for (const [parent, chars] of goodByParent)
    if (!core || chars > (goodByParent.get(core) ?? 0)) core = parent;
  if (!core) return body;
  let total = 0;
  for (const chars of goodByParent.values()) total += chars;
  if ((goodByParent.get(core) ?? 0) < CORE_SHARE * total) return body;
  const end = core.endBlock;
  const coreSignature = signature(core);
  // Stories split into sections repeat the body element's tag and classes; furniture after the story does not.
  const inSection = (i: number) => {
    for (let e: ElementInfo | null = (blocks[i] as Block).owner; e; e = e.parent) {
      if (signature(e) === coreSignature) return true;
    }
    return false;
  };
  // A small box among the story's paragraphs that holds a linked headline is a teaser for another story.
  const inTeaserBox = (i: number) => {
    const owner = (blocks[i] as Block).owner;
    let box: ElementInfo | null = owner;
    while (box && box.parent !== core) box = box.parent;
    if (
      !box ||
      box === owner ||
      RUN_STRUCTURE.has(box.tag) ||
      box.endBlock - box.firstBlock > TEASER_MAX_BLOCKS
    )
      return false;
    for (let k = box.firstBlock; k < box.endBlock; k++) if (isLinkedHeading(blocks[k] as Block)) return true;
    return false;
  };
  return body.filter((i) => (i < end || inSection(i)) && !inTeaserBox(i));
}

/** A heading that is mostly a link: another story's headline. */
function isLinkedHeading(block: Block): boolean {
  return block.kind === "heading" && block.linkChars * 2 > block.text.length;
}

function signature(element: ElementInfo | null): string {
  return element ? `${element.tag} ${element.hints}` : "";
}

/** Paragraphs of prose that make the headline's `<article>` the story rather than its header. */
const STORY_PARAGRAPHS = 3;

/** A teaser is a linked headline with a summary: this many blocks at most. */
const TEASER_MAX_BLOCKS = 6;
/** How far above its headline a teaser's wrapper is looked for. */
const TEASER_WRAPPER_STEPS = 3;

/** Class words that tell alike teasers apart by position or state: "post-123", "firstsection", "odd", "active". */
const POSITION_WORD = /\d|^(first|last)|(first|last)$|^(odd|even|active|current|selected)$/;

/** Tag and class words of a teaser's wrapper, without those of its position. */
function teaserSignature(e: ElementInfo): string {
  return `${e.tag} ${e.hints
    .split(" ")
    .filter((word) => !POSITION_WORD.test(word))
    .join(" ")}`;
}

/**
 * Teasers around the story: a list of headlines (linked, or followed by a "read more" link) with summaries, each
 * in a wrapper of its own, the wrappers alike (same tag and classes but for those of position, two or more side by
 * side). Their summaries are prose, so the container takes them in with a short story and they would outweigh it.
 * Those before the story's first paragraph or after its last are dropped.
 */
function withoutTeasers(blocks: Block[], range: Range, kept: number[], qualities: Quality[]): number[] {
  const wrappers = new Map<string, Set<ElementInfo>>();
  // A teaser's headline is a link, or it is followed by a "read more" link before the next heading.
  const readMoreAfter = (i: number) => {
    for (let k = i + 1; k < Math.min(range.end, i + TEASER_MAX_BLOCKS); k++) {
      const block = blocks[k] as Block;
      if (block.kind === "heading") return false;
      if (block.linkChars * 2 > block.text.length && isFurnitureWording(block.text)) return true;
    }
    return false;
  };
  const isHeadline = new Uint8Array(range.end - range.first);
  for (let i = range.first; i < range.end; i++) {
    const block = blocks[i] as Block;
    if (block.kind === "heading" && (isLinkedHeading(block) || readMoreAfter(i)))
      isHeadline[i - range.first] = 1;
  }
  const teaserHeadline = (i: number) =>
    i >= range.first && i < range.end && isHeadline[i - range.first] === 1;
  const size = (e: ElementInfo) => e.endBlock - e.firstBlock;
  for (let i = range.first; i < range.end; i++) {
    if (!teaserHeadline(i)) continue;
    let e: ElementInfo | null = (blocks[i] as Block).owner.parent;
    for (let steps = 0; e && steps < TEASER_WRAPPER_STEPS && size(e) < 2; steps++) e = e.parent;
    if (!e?.parent || size(e) < 2 || size(e) > TEASER_MAX_BLOCKS) continue;
    // The teaser's wrapper is the outermost that holds no other headline: a card around its text column and
    // its picture or date.
    let parent: ElementInfo = e.parent;
    for (
      let steps = 0;
      steps < TEASER_WRAPPER_STEPS && parent.parent && size(parent) <= TEASER_MAX_BLOCKS;
      steps++
    ) {
      let count = 0;
      for (let k = parent.firstBlock; k < parent.endBlock; k++) if (teaserHeadline(k)) count++;
      if (count > 1) break;
      e = parent;
      parent = parent.parent;
    }
    const key = `${parent.index} ${teaserSignature(e)}`;
    const alike = wrappers.get(key) ?? new Set<ElementInfo>();
    alike.add(e);
    wrappers.set(key, alike);
  }
  const teasers = new Set<ElementInfo>();
  for (const alike of wrappers.values()) if (alike.size >= 2) for (const e of alike) teasers.add(e);
  if (teasers.size === 0) return kept;
  let shallowest = Number.POSITIVE_INFINITY;
  for (const e of teasers) shallowest = Math.min(shallowest, e.depth);
  const inTeaser = (i: number) => {
    for (let e: ElementInfo | null = (blocks[i] as Block).owner; e && e.depth >= shallowest; e = e.parent)
      if (teasers.has(e)) return true;
    return false;
  };
  let storyStart = -1;
  let storyEnd = -1;
  for (const i of kept) {
    if (qualities[i] !== "good" || inTeaser(i)) continue;
    if (storyStart < 0) storyStart = i;
    storyEnd = i;
  }
  return kept.filter((i) => (i >= storyStart && i <= storyEnd) || !inTeaser(i));
}

/** The nearest `<article>` element around a block, or null. */
function articleOf(block: Block): ElementInfo | null {
  for (let e: ElementInfo | null = block.owner; e; e = e.parent) if (e.tag === "article") return e;
  return null;
}

/**
 * Other stories set in `<article>` elements of their own beside or inside the story's: teasers with a linked
 * headline and a summary, or the next story appended under the first with its own <h1>. The story is the
 * `<article>` that holds the page's headline and a few paragraphs, else the one that holds most prose; another is
 * dropped when it follows the story's prose and has a linked or top-level headline (a live blog's entries, one
 * `<article>` each, have neither, and stay).
 */
function withoutOtherArticles(model: PageModel, body: number[], qualities: Quality[]): number[] {
  const { blocks } = model;
  const chars = new Map<ElementInfo, number>();
  const paragraphs = new Map<ElementInfo, number>();
  for (const i of body) {
    const article = articleOf(blocks[i] as Block);
    const block = blocks[i] as Block;
    if (!article || qualities[i] !== "good") continue;
    chars.set(article, (chars.get(article) ?? 0) + block.text.length - block.linkChars);
    paragraphs.set(article, (paragraphs.get(article) ?? 0) + 1);
  }
  if (chars.size < 2) return body;
  let story: ElementInfo | null = null;
  for (const [article, n] of chars) if (!story || n > (chars.get(story) ?? 0)) story = article;
  if (!story) return body;
  // The page's headline names the story, unless its <article> holds only the headline and a lead.
  const headline = pageHeadline(model);
  const headlineArticle = headline < 0 ? null : articleOf(blocks[headline] as Block);
  if (headlineArticle && (paragraphs.get(headlineArticle) ?? 0) >= STORY_PARAGRAPHS) story = headlineArticle;
  const storyBlocks = body.filter((i) => articleOf(blocks[i] as Block) === story);
  const last = storyBlocks[storyBlocks.length - 1] ?? 0;
  // Beside a story that holds the page's headline, an <article> of its own with a headline of its own is the next
  // story, whatever the heading's level (live-blog entries lie inside the story's <article>, not beside it).
  const storyHoldsHeadline = headlineArticle !== null && story === headlineArticle;
  const other = (article: ElementInfo) => {
    if (article === story || article === headlineArticle || article.firstBlock <= last) return false;
    const beside = storyHoldsHeadline && article.firstBlock >= (story as ElementInfo).endBlock;
    for (let i = article.firstBlock; i < article.endBlock; i++) {
      const block = blocks[i] as Block;
      if (block.kind !== "heading") continue;
      if (block.owner.tag === "h1" || block.linkChars * 2 > block.text.length) return true;
      if (beside && block.text.length >= MIN_HEADLINE_CHARS && !isTimestampLine(block.text)) return true;
    }
    return false;
  };
  const verdicts = new Map<ElementInfo, boolean>();
  return body.filter((i) => {
    const article = articleOf(blocks[i] as Block);
    if (!article) return true;
    let dropped = verdicts.get(article);
    if (dropped === undefined) {
      dropped = other(article);
      verdicts.set(article, dropped);
    }
    return !dropped;
  });
}

/** Headings shorter than this are section labels ("More on this", "Contact"); longer ones are subtitles. */
const SECTION_LABEL_CHARS = 40;

/** A section label whose section kept nothing ("More on this" over a dropped link list) goes too. */
function dropEmptySections(blocks: Block[], body: number[]): number[] {
  const isHeading = (k: number) => (blocks[body[k] as number] as Block).kind === "heading";
  const isLabel = (k: number) =>
    isHeading(k) && (blocks[body[k] as number] as Block).text.length < SECTION_LABEL_CHARS;
  return body.filter((_, k) => !isLabel(k) || (k + 1 < body.length && !isHeading(k + 1)));
}

function repeatsTitle(model: PageModel, block: Block): boolean {
  const title = collapseWhitespace(model.facts.title ?? "").toLowerCase();
  return block.text.length >= MIN_HEADLINE_CHARS && title.includes(block.text.toLowerCase());
}

function isSubheading(block: Block): boolean {
  return block.kind === "heading" && block.owner.tag !== "h1" && /^h[2-6]$/.test(block.owner.tag);
}

/** Paragraphs and list items beside paragraphs of prose, in the same parent element. */
function sameRun(fragment: Block, prose: Block): boolean {
  // Prose set in list items: the list's other items belong to it.
  if (/^(li|dt|dd)$/.test(prose.owner.tag)) return fragment.owner.parent === prose.owner.parent;
  if (prose.owner.tag !== "p") return false;
  const parent = prose.owner.parent;
  // A list, table or quote set in the same parent as the prose (a results table, an embedded post's byline line)
  // belongs to the run, from whichever of its cells or lines the fragment comes.
  let e: ElementInfo | null = fragment.owner;
  let structure = false;
  for (let steps = 0; e && e.parent !== parent; e = e.parent, steps++) {
    if (steps >= RUN_STRUCTURE_DEPTH) return false;
    // A table or list may sit in one wrapper of its own (a scrolling box, a <figure>) directly in the parent.
    if (!RUN_STRUCTURE.has(e.tag) && !(structure && e.parent === parent && STRUCTURE_WRAPPERS.has(e.tag)))
      return false;
    if (e.tag === "table" || e.tag === "ul" || e.tag === "ol" || e.tag === "dl") structure = true;
  }
  return e !== null && parent !== null && (e.tag === "p" || RUN_STRUCTURE.has(e.tag) || structure);
}

/** Elements that wrap a table or list inside a story's run. */
const STRUCTURE_WRAPPERS = new Set(["div", "figure", "section"]);

/** Elements of lists, tables and quotes, through which a fragment still belongs to the prose's run. */
const RUN_STRUCTURE = new Set([
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
  "blockquote",
  "p",
]);
const RUN_STRUCTURE_DEPTH = 6;

/** The element a block's run of paragraphs belongs to: a list item's is the list's parent, so a story's
 * paragraphs and its bullet points are one run. */
function runParent(owner: ElementInfo): ElementInfo | null {
  return /^(li|dt|dd)$/.test(owner.tag) ? (owner.parent?.parent ?? null) : owner.parent;
}

/** How far before the container a lead is looked for, in blocks and in link text. */
const LEAD_BLOCKS = 60;
const LEAD_LINK_CHARS = 600;
const LEAD_ANCESTOR_STEPS = 8;

/**
 * Prose just before the container that belongs to the article: the lead, set in the page's header or hero area
 * apart from the body. Walks back over short fragments, stops at the headline or when too many links lie in
 * between; a paragraph qualifies when it is prose, unmarked (or marked as a header only), and shares a close
 * ancestor with the container.
 */
function leadBefore(model: PageModel, found: Candidate, intrinsic: Quality[]): number[] {
  const { blocks } = model;
  const ancestors = new Set<ElementInfo>();
  for (
    let e: ElementInfo | null = found.element, steps = 0;
    e && steps <= LEAD_ANCESTOR_STEPS;
    e = e.parent, steps++
  ) {
    ancestors.add(e);
  }
  const taken: number[] = [];
  let linkChars = 0;
  for (let i = found.range.first - 1; i >= 0 && i >= found.range.first - LEAD_BLOCKS; i--) {
    const block = blocks[i] as Block;
    linkChars += block.linkChars;
    if (linkChars > LEAD_LINK_CHARS || block.owner.tag === "h1") break;
    if (intrinsic[i] === "good" && mayLead(found, block.owner) && sharesAncestor(block.owner, ancestors))
      taken.push(i);
  }
  taken.reverse();
  if (taken.length === 0) {
    const first = standfirst(model, found, intrinsic);
    return first === null ? [] : [first];
  }
  // Fragments between the lead's first paragraph and the container that continue its run (a list of
  // ingredients set as paragraphs under "Zutaten:").
  const first = taken[0];
  if (first === undefined) return taken;
  const anchor = blocks[first] as Block;
  const run: number[] = [];
  for (let i = first; i < found.range.first; i++) {
    const block = blocks[i] as Block;
    if (taken.includes(i) || (intrinsic[i] === "short" && sameRun(block, anchor))) run.push(i);
  }
  return run;
}

/** How many blocks after the headline its standfirst may start (a date and a byline between). */
const STANDFIRST_BLOCKS = 4;
const MIN_HEADLINE_CHARS = 10;
/** Shorter prose under the headline is a date line or a site's tagline, not a standfirst. */
const MIN_STANDFIRST_CHARS = 80;

/**
 * The standfirst: the paragraph of prose right after the page's headline (the last <h1> before the container,
 * whose text the <title> holds), with only short fragments between. Templates set it in a page-wide header or
 * hero area, apart from the body and often with "most read" lists in between, out of reach of the walk back.
 */
function standfirst(model: PageModel, found: Candidate, intrinsic: Quality[]): number | null {
  const { blocks } = model;
  const title = collapseWhitespace(model.facts.title ?? "").toLowerCase();
  let headline = -1;
  for (let i = found.range.first - 1; i >= 0 && i >= found.range.first - LEAD_BLOCKS; i--) {
    if ((blocks[i] as Block).owner.tag === "h1") {
      headline = i;
      break;
    }
  }
  const headlineText = headline < 0 ? "" : (blocks[headline] as Block).text.toLowerCase();
  if (headlineText.length < MIN_HEADLINE_CHARS || !title.includes(headlineText)) return null;
  const end = Math.min(found.range.first, headline + 1 + STANDFIRST_BLOCKS);
  for (let i = headline + 1; i < end; i++) {
    const block = blocks[i] as Block;
    if (intrinsic[i] === "good" && block.text.length >= MIN_STANDFIRST_CHARS) {
      return mayLead(found, block.owner) ? i : null;
    }
    // A date line may read as a sentence ("Wednesday, 4 May 2022 at 07:46."): fragments only in between.
    if (intrinsic[i] === "junk" && !isTimestampLine(block.text)) return null;
  }
  return null;
}

/** A lead is unmarked, or marked by header elements only. */
function mayLead(found: Candidate, owner: ElementInfo): boolean {
  return found.marks[owner.index] === "none" || onlyHeaderMarks(owner);
}

/** Leads often sit in the article's header: furniture marks from header elements do not disqualify them. */
function onlyHeaderMarks(element: ElementInfo): boolean {
  for (let e: ElementInfo | null = element; e; e = e.parent) {
    if (e.mark !== "none" && e.tag !== "header" && !/(^|[^a-z])header([^a-z]|$)/.test(e.hints)) return false;
  }
  return true;
}

function sharesAncestor(element: ElementInfo, ancestors: Set<ElementInfo>): boolean {
  for (let e: ElementInfo | null = element; e; e = e.parent)
    if (ancestors.has(e)) return e.tag !== "body" && e.tag !== "html";
  return false;
}
