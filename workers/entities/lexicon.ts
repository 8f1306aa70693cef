// Word lists of the watchlist matcher and of the grouping of other names: person titles, event words (which of
// the tagger's other names are events), Chinese surnames (for surname-first names), Azerbaijani case suffixes,
// and capitalised words that are not names on their own. All lowercase, folded the way fold.ts folds text.

/** Titles and roles that precede (or follow, after a comma) a person's name. */
export const personTitles = new Set([
  "president",
  "vice president",
  "vice",
  "senior",
  "prime",
  "premier",
  "minister",
  "chairman",
  "chairwoman",
  "chairperson",
  "chair",
  "secretary",
  "director",
  "executive",
  "deputy",
  "assistant",
  "aide",
  "adviser",
  "advisor",
  "ambassador",
  "envoy",
  "consul",
  "governor",
  "mayor",
  "senator",
  "king",
  "queen",
  "prince",
  "princess",
  "sheikh",
  "emir",
  "sultan",
  "chancellor",
  "spokesman",
  "spokeswoman",
  "spokesperson",
  "commissioner",
  "head",
  "leader",
  "rector",
  "professor",
  "prof",
  "dr",
  "mr",
  "mrs",
  "ms",
  "miss",
  "sir",
  "lord",
  "lady",
  "colonel",
  "major",
  "captain",
  "admiral",
  "marshal",
  "lieutenant",
  "judge",
  "justice",
  "pope",
  "cardinal",
  "bishop",
  "patriarch",
  "imam",
  "rabbi",
  "father",
  "chief",
  "founder",
  "ceo",
  "cfo",
  "coo",
  "chairman's",
  "representative",
  "attache",
  "counsellor",
  "counselor",
  "officer",
  "composer",
  "conductor",
  "coach",
  "player",
  "author",
  "writer",
  "poet",
  "artist",
  "singer",
  "actor",
  "actress",
  "journalist",
  "correspondent",
  "economist",
  "analyst",
  "expert",
  "scholar",
  "researcher",
  "mp",
  "deputy minister",
  "speaker",
]);

/** Words that make one of the tagger's other names (CoNLL's MISC) an event. */
export const eventWords = new Set([
  "summit",
  "forum",
  "conference",
  "congress",
  "convention",
  "meeting",
  "session",
  "games",
  "olympics",
  "olympiad",
  "championship",
  "championships",
  "cup",
  "initiative",
  "tournament",
  "festival",
  "expo",
  "exhibition",
  "fair",
  "biennale",
  "week",
  "day",
  "days",
  "year",
  "anniversary",
  "war",
  "revolution",
  "election",
  "elections",
  "referendum",
  "talks",
  "dialogue",
  "symposium",
  "award",
  "awards",
  "prize",
  "order",
  "medal",
  "marathon",
  "rally",
  "grand prix",
  "cop",
]);

/**
 * Capitalised words that open sentences or headlines but never start a name: function words, sentence adverbs,
 * months and days, page furniture. Trimmed from the front of a capitalised run; never a name alone.
 */
export const openers = new Set(
  `a an the this that these those there here it its it's he she his her him they them their we our us you your i my
  me mine one two three four five six seven eight nine ten many most more some any all each every both either
  neither no not nor none other another such same own only also even just still yet however therefore thus meanwhile
  moreover furthermore besides nevertheless nonetheless although though while whereas because since as if unless
  until when whenever where wherever why how what which who whom whose whether so then now today yesterday tomorrow
  tonight currently recently earlier later finally firstly secondly lastly overall according accordingly
  additionally and but or for of in on at by to from with without within into onto over under above below between
  among amid during before after about against along around across through throughout toward towards upon via per
  despite except beyond behind near off out up down ago
  january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday mon tue thu fri
  mondays tuesdays wednesdays thursdays fridays saturdays sundays
  mr mrs ms dr prof sir madam
  photo video source sources update breaking live exclusive opinion editorial analysis interview comment read more
  see share tweet email print subscribe login sign home page copyright rights reserved contact privacy terms
  cookies cookie policy advertisement sponsored related tags tag category categories section sections search menu
  top latest popular submit distribution channels just
  utc gmt cet cest est edt pst msk am pm bc ad
  emphasizing emphasising stressing noting adding saying stating recalling praising describing touching speaking
  following welcoming highlighting underlining underscoring expressing addressing discussing referring commenting
  dear thank thanks please yes ok welcome congratulations`.split(/\s+/),
);

/**
 * Generic words that are often part of a name ("State Customs Committee", "Great Hall of the People") but never
 * a name on their own or together: kept inside names, dropped when a run has nothing else.
 */
export const genericWords = new Set(
  `first second third last next new old
  president vice prime minister ministers chairman chairwoman chair secretary general director executive deputy
  assistant aide adviser advisor ambassador envoy governor mayor head leader leaders spokesman spokeswoman officials
  official representative representatives delegation delegations chief founder king queen prince national leader
  leadership state states government governments country countries nation nations people peoples republic kingdom
  federation union organization organisation association foundation center centre ministry committee council agency
  bank company group institute university secretariat initiative summit forum conference meeting session year day
  week month news press release releases report reports
  east west north south eastern western northern southern central middle upper lower greater international global
  world regional local public private joint special social economic political cultural humanitarian strategic
  mutual bilateral multilateral great high higher low big small major minor key
  city region province district capital airport port sea river
  mou ceo cfo gdp ngo ngos faq pdf url`.split(/\s+/),
);

/** Words that are never a name by themselves: openers and generic words. */
export function notAName(folded: string): boolean {
  return openers.has(folded) || genericWords.has(folded);
}

/**
 * Common Chinese surnames in pinyin: a two-word Latin name starting with one of these is written surname first
 * (Xi Jinping, Zhang Ming), so its short form is the first word.
 */
export const chineseSurnames = new Set(
  `wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han
  feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin cui
  fan fu zou qin xiong meng qiu bai jia hou duan lei shi long wan gu kong mao qian tan xi hao kang xue dai
  yan zhong wen ou mo gong hong geng zhan`.split(/\s+/),
);

/** Whether a two-word Latin name is a Chinese name written surname first. */
export function surnameFirst(name: string): boolean {
  const words = name.trim().split(/\s+/);
  if (words.length !== 2) return false;
  const first = (words[0] as string).toLowerCase();
  const second = (words[1] as string).toLowerCase();
  // A Chinese given name is one or two syllables written as one word, so longer than the surname usually.
  return (
    chineseSurnames.has(first) && !chineseSurnames.has(second.replace(/[^a-z]/g, "")) && second.length >= 3
  );
}

/** Folded Azerbaijani case and plural suffixes, as they follow a name written in Azerbaijani. */
export const azerbaijaniSuffixes = new Set(
  "in nin un nun a ya na da nda dan ndan i ni yi u nu yu la dir dur lar larin lari laria larda lardan daki ndaki nin da".split(
    " ",
  ),
);
