// Stories: syndicated copies and lightly edited re-publications of one article are one story. Each article gets a
// MinHash signature of its text (word 3-shingles; the title is left out because syndicators rewrite it): one part
// over the whole text, one over its lead (first words), plus a few LSH band keys. assignStory looks the bands up in
// Redis (one hash per day, the last storyWindowDays days), verifies each candidate story by comparing signatures,
// and either joins the best verified story or starts one, all in one Lua script: atomic without any lock, one round
// trip, no Elasticsearch request. Thresholds were chosen on labelled pairs (bench/stories.ts prints them).
import { Buffer } from "node:buffer";
import type { Redis } from "ioredis";

/** Serialised signature (base64url), stored on the article document; see storySignature. */
export type StorySignature = string;

/** Words per shingle: 3 keeps word order (a reworded sentence changes) without one edit changing too much. */
const shingleWords = 3;
/** MinHash values over the whole text; stored as their low 8 bits (b-bit MinHash). */
const textHashes = 64;
/** MinHash values over the lead: a truncated copy keeps the lead, two reports on one event rarely share it. */
const leadHashes = 32;
/** The lead: the first words of the text. */
const leadWords = 80;
/**
 * LSH bands looked up in Redis: textBands bands of textRows text values each, and leadBands of leadRows lead values.
 * Two values per band: a single shared common phrase rarely puts two unrelated articles in one bucket.
 */
const textBands = 4;
const textRows = 2;
const leadBands = 3;
const leadRows = 2;
/**
 * Stories a band bucket remembers: a bucket shared by unrelated stories (a common phrase's hash) must not hide a
 * later story's copies; beyond this many the bucket is a common phrase and adds no new stories.
 */
const maxStoriesPerBucket = 4;
/** Texts with fewer shingles are too short to tell copies from look-alikes: each stays its own story. */
const minShingles = 12;

/**
 * Same story when the estimated Jaccard similarity of the texts reaches sameText, or when the leads are near
 * identical (sameLead) and the texts still share a good part (sharedText): a truncated or extended copy. Chosen on
 * the labelled pairs of bench/stories.ts: the closest different stories there (two days' football standings)
 * share 56% of their shingles (estimated up to 0.62) and their leads up to 0.62; 0.7 and 0.75 stay clear of both.
 */
export const storyThresholds = { sameText: 0.7, sameLead: 0.75, sharedText: 0.3 } as const;

/**
 * How long a story can be joined: copies of an article arrive within hours to a few days (wire pick-ups, weekly
 * re-publications); 3 days covers them, and keeps Redis at 3 to 4 days of stories.
 */
export const storyWindowDays = 3;

const version = 1;
const flagTooShort = 1;
const headerBytes = 2;
const bandBytes = 4;
const bandCount = textBands + leadBands;
const signatureBytes = headerBytes + bandCount * bandBytes + textHashes + leadHashes;

/**
 * Words: runs of letters and digits; in scripts written without spaces (Chinese, Japanese, Thai) each character
 * is a word, so their shingles are character trigrams.
 */
const wordPattern =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}])[\p{L}\p{N}\p{M}])+/gu;

/** The signature of an article's text: deterministic, pure, 168 characters. */
export function storySignature(text: string): StorySignature {
  const words = (text.toLowerCase().match(wordPattern) ?? []).map(wordHash);
  const out = Buffer.alloc(signatureBytes);
  out[0] = version;
  const textShingles = shingleHashes(words);
  if (textShingles.length < minShingles) {
    out[1] = flagTooShort;
    return out.toString("base64url");
  }
  const textMins = minHashes(textShingles, textHashes, 0);
  const leadMins = minHashes(shingleHashes(words.slice(0, leadWords)), leadHashes, textHashes);
  const bands = [...bandValues(textMins, textBands, textRows), ...bandValues(leadMins, leadBands, leadRows)];
  bands.forEach((value, band) => {
    // Field: band number, then 24 bits of the band's value.
    const offset = headerBytes + band * bandBytes;
    out[offset] = band;
    out.writeUIntBE(fmix32(value ^ 0x5bd1e995) >>> 8, offset + 1, 3);
  });
  const hashesAt = headerBytes + bandCount * bandBytes;
  textMins.forEach((value, i) => {
    out[hashesAt + i] = value & 0xff;
  });
  leadMins.forEach((value, i) => {
    out[hashesAt + textHashes + i] = value & 0xff;
  });
  return out.toString("base64url");
}

/**
 * The story of an article: the best verified story among the candidates of its bands in the last storyWindowDays
 * days; else the story it already has (`current`, from a previous revision); else its own id (it starts a story,
 * which is recorded so that later copies find it). A re-indexed revision keeps `current` when that story still
 * verifies, and moves only when it verifies against another story and not its own. Re-assigning the same article
 * gives the same answer; two copies assigned at once by two processes end in one story (the script is atomic).
 */
export async function assignStory(
  redis: Redis,
  keyPrefix: string,
  article: { articleId: string; signature: StorySignature },
  current: string | null,
  now: number = Date.now(),
): Promise<string> {
  const signature = decodeSignature(article.signature);
  if (signature[1] === flagTooShort) return current ?? article.articleId;
  for (const id of [article.articleId, current ?? ""]) {
    if (Buffer.byteLength(id) > 255)
      throw new Error(`story ids are at most 255 bytes: "${id.slice(0, 40)}…"`);
  }
  const day = Math.floor(now / 86_400_000);
  const keys = Array.from({ length: storyWindowDays + 1 }, (_, back) => `${keyPrefix}:stories:${day - back}`);
  const bands = Array.from({ length: bandCount }, (_, band) =>
    signature.subarray(headerBytes + band * bandBytes, headerBytes + (band + 1) * bandBytes),
  );
  const hashes = signature.subarray(headerBytes + bandCount * bandBytes);
  const expireAt = (day + storyWindowDays + 1) * 86_400;
  return storyCommand(redis).newsmonAssignStory(
    ...keys,
    article.articleId,
    current ?? "",
    hashes,
    minMatches(storyThresholds.sameText, textHashes),
    minMatches(storyThresholds.sameLead, leadHashes),
    minMatches(storyThresholds.sharedText, textHashes),
    textHashes,
    leadHashes,
    expireAt,
    fmix32(wordHash(article.articleId)) >>> 8,
    maxStoriesPerBucket,
    ...bands,
  );
}

/** Estimated Jaccard similarity of two signatures' texts and leads (b-bit MinHash, corrected for chance). */
export function storySimilarity(a: StorySignature, b: StorySignature): { text: number; lead: number } {
  const { text, lead } = matchCounts(a, b);
  return { text: fromMatches(text, textHashes), lead: fromMatches(lead, leadHashes) };
}

/** Whether two signatures are the same story by storyThresholds: the test assignStory applies to candidates. */
export function sameStory(a: StorySignature, b: StorySignature): boolean {
  if (decodeSignature(a)[1] === flagTooShort || decodeSignature(b)[1] === flagTooShort) return false;
  const { text, lead } = matchCounts(a, b);
  return (
    text >= minMatches(storyThresholds.sameText, textHashes) ||
    (lead >= minMatches(storyThresholds.sameLead, leadHashes) &&
      text >= minMatches(storyThresholds.sharedText, textHashes))
  );
}

/** How many of the text and lead hashes agree. */
function matchCounts(a: StorySignature, b: StorySignature): { text: number; lead: number } {
  const [x, y] = [decodeSignature(a), decodeSignature(b)];
  const at = headerBytes + bandCount * bandBytes;
  let text = 0;
  let lead = 0;
  for (let i = 0; i < textHashes + leadHashes; i++) {
    if (x[at + i] !== y[at + i]) continue;
    if (i < textHashes) text++;
    else lead++;
  }
  return { text, lead };
}

function decodeSignature(signature: StorySignature): Buffer {
  const bytes = Buffer.from(signature, "base64url");
  if (bytes.length !== signatureBytes || bytes[0] !== version) {
    throw new Error(`not a story signature (version ${version}, ${signatureBytes} bytes): "${signature}"`);
  }
  return bytes;
}

/** b-bit values of unrelated texts agree by chance 1 time in 256: matches = hashes * (J + (1 - J) / 256). */
function minMatches(jaccard: number, hashes: number): number {
  return Math.ceil(hashes * (jaccard + (1 - jaccard) / 256) - 1e-9);
}

function fromMatches(matches: number, hashes: number): number {
  return Math.max(0, (matches / hashes - 1 / 256) / (1 - 1 / 256));
}

/** One value per band: its rows' MinHash values combined. */
function bandValues(mins: Uint32Array, bands: number, rows: number): number[] {
  return Array.from({ length: bands }, (_, band) => {
    let value = 0;
    for (let row = 0; row < rows; row++) value = fmix32(value ^ (mins[band * rows + row] ?? 0));
    return value;
  });
}

function shingleHashes(words: number[]): Uint32Array {
  const count = Math.max(0, words.length - shingleWords + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = fmix32(
      (words[i] ?? 0) ^ Math.imul(words[i + 1] ?? 0, 0x9e3779b1) ^ Math.imul(words[i + 2] ?? 0, 0x85ebca77),
    );
  }
  return out;
}

/** `count` MinHash values; value i is the least of fmix32(shingle ^ seed i) over the shingles. */
function minHashes(shingles: Uint32Array, count: number, firstSeed: number): Uint32Array {
  const mins = new Uint32Array(count).fill(0xffffffff);
  for (let s = 0; s < count; s++) {
    const seed = seeds[firstSeed + s] ?? 0;
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      const value = fmix32((shingles[i] ?? 0) ^ seed);
      if (value < min) min = value;
    }
    mins[s] = min;
  }
  return mins;
}

/** Fixed seeds (a splitmix-style sequence), so signatures are the same in every process and release. */
const seeds = Uint32Array.from({ length: textHashes + leadHashes }, (_, i) =>
  fmix32(Math.imul(i + 1, 0x9e3779b9)),
);

function wordHash(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: a fast full-avalanche 32-bit mix. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * KEYS: the day hashes, today first. ARGV: article id, current story ('' if none), the b-bit hashes (text then
 * lead), the match counts for sameText, sameLead and sharedText, the text and lead hash counts, today's expiry
 * (unix seconds), the article's preferred record number (24 bits), the stories a bucket keeps, then the band
 * fields. A day hash holds band buckets (band number + 24 bits -> record numbers, 3 bytes each) and records (255 +
 * record number -> story id length, story id, hashes). Candidates come from every day; a new story is recorded in
 * today's hash only, and appended to each of its buckets there that is not full.
 */
const assignStoryScript = `
local articleId, current, hashes = ARGV[1], ARGV[2], ARGV[3]
local sameText, sameLead, sharedText = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local textCount, leadCount = tonumber(ARGV[7]), tonumber(ARGV[8])
local expireAt, preferred, maxRefs = ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11])
local bands = {}
for i = 12, #ARGV do bands[#bands + 1] = ARGV[i] end
local function matches(stored, from, to)
  local n = 0
  for i = from, to do
    if string.byte(stored, i) == string.byte(hashes, i) then n = n + 1 end
  end
  return n
end
local best, bestScore, currentVerified = nil, -1, false
local open, seen = {}, {}
for k = 1, #KEYS do
  local buckets = redis.call('HMGET', KEYS[k], unpack(bands))
  for i = 1, #bands do
    local bucket = buckets[i] or ''
    for at = 1, #bucket, 3 do
      local ref = string.sub(bucket, at, at + 2)
      if not seen[k .. ':' .. ref] then
        seen[k .. ':' .. ref] = true
        local record = redis.call('HGET', KEYS[k], string.char(255) .. ref)
        if record then
          local idLength = string.byte(record, 1)
          local storyId = string.sub(record, 2, 1 + idLength)
          local stored = string.sub(record, 2 + idLength)
          local text = matches(stored, 1, textCount)
          local lead = matches(stored, textCount + 1, textCount + leadCount)
          if text >= sameText or (lead >= sameLead and text >= sharedText) then
            if storyId == current then currentVerified = true end
            local score = 2 * text + lead
            if score > bestScore then best, bestScore = storyId, score end
          end
        end
      end
    end
    if k == 1 and #bucket < 3 * maxRefs then
      open[#open + 1] = {bands[i], bucket}
    end
  end
end
if currentVerified then return current end
if best then return best end
local story = articleId
if current ~= '' then story = current end
if story ~= articleId then return story end
local ref
for attempt = 0, 63 do
  local number = (preferred + attempt) % 16777216
  local candidate = string.char(math.floor(number / 65536), math.floor(number / 256) % 256, number % 256)
  if redis.call('HSETNX', KEYS[1], string.char(255) .. candidate, string.char(#story) .. story .. hashes) == 1 then
    ref = candidate
    break
  end
end
if not ref then return redis.error_reply('no free story record number in ' .. KEYS[1]) end
if #open > 0 then
  local fields = {}
  for _, band in ipairs(open) do
    fields[#fields + 1] = band[1]
    fields[#fields + 1] = band[2] .. ref
  end
  redis.call('HSET', KEYS[1], unpack(fields))
end
redis.call('EXPIREAT', KEYS[1], expireAt)
return story
`;

interface StoryCommand {
  newsmonAssignStory(...args: Array<string | number | Buffer>): Promise<string>;
}

function storyCommand(redis: Redis): StoryCommand {
  const commands = redis as unknown as Partial<StoryCommand>;
  if (typeof commands.newsmonAssignStory !== "function") {
    redis.defineCommand("newsmonAssignStory", { numberOfKeys: storyWindowDays + 1, lua: assignStoryScript });
  }
  return redis as unknown as StoryCommand;
}
