// `npm run train:ner [en ru zh]`: rebuilds the name tagger's models (models/<lang>.bin.gz) and the gazetteer
// they use (models/places.tsv.gz) from the public corpora under .cache/corpora/ner (corpora.ts unpacks them
// there from ../shared/corpora/ner-dev.tar.gz on first use; elsewhere, unpack the archive there). An averaged
// structured perceptron over the features of tagger.ts, with Viterbi decoding in training as in use; sentences
// visited in an order drawn from a fixed seed, so the same data gives the same model byte for byte. English
// learns from CoNLL's training split only; Russian and Chinese, whose sets are small, from all their documents.
// Prints each language's development figures (heldOutScores), tagged exactly as articles are.
import { writeFileSync } from "node:fs";
import { seededRandom } from "../../lib/random.ts";
import {
  type CorpusDocument,
  type CorpusSentence,
  type CorpusSplit,
  type Counts,
  developmentScores,
  f1,
  micro,
  readCorpus,
} from "./corpora.ts";
import { gazetteerPath, writeGazetteer } from "./gazetteer.ts";
import {
  decodeModel,
  documentContext,
  encodeModel,
  type Model,
  modelPath,
  type NameType,
  type Sentence,
  segmentWords,
  sentenceFeatures,
  type TaggerLanguage,
  taggerLanguages,
  tagList,
  viterbi,
} from "./tagger.ts";

interface Settings {
  types: NameType[];
  epochs: number;
}

// Epochs chosen on the development splits (English and Russian gain nothing past 10, Chinese up to 20).
const settings: Record<TaggerLanguage, Settings> = {
  en: { types: ["PER", "ORG", "LOC", "MISC"], epochs: 10 },
  ru: { types: ["PER", "ORG", "LOC"], epochs: 10 },
  zh: { types: ["PER", "ORG", "LOC"], epochs: 20 },
};
const seed = 13;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The watchlist's part in training: the corpora have no watchlist, so some names are marked known as the
 * watchlist would mark them (a fifth of the distinct names in full, and for longer non-person names a fifth
 * their first words, as "Heydar Aliyev" in "Heydar Aliyev International Airport"), chosen by a hash of the name.
 */
function simulatedKnown(sentence: CorpusSentence): Sentence["known"] {
  const known: Sentence["known"] = new Array(sentence.words.length);
  for (let i = 0; i < sentence.tags.length; i++) {
    const tag = sentence.tags[i] as string;
    if (!tag.startsWith("B-")) continue;
    let end = i + 1;
    while (sentence.tags[end] === `I-${tag.slice(2)}`) end++;
    const h = hash(sentence.words.slice(i, end).join(" ")) % 5;
    const length = end - i;
    const marked = h === 0 ? length : h === 1 && length >= 3 && tag !== "B-PER" ? Math.floor(length / 2) : 0;
    for (let k = 0; k < marked; k++) known[i + k] = k === 0 ? "B" : "I";
  }
  return known;
}

/** Head words of places, organisations and other names that are often named after a person. */
const namedAfter: [string[], NameType][] = [
  [["International", "Airport"], "LOC"],
  [["Airport"], "LOC"],
  [["Avenue"], "LOC"],
  [["Street"], "LOC"],
  [["Square"], "LOC"],
  [["Park"], "LOC"],
  [["Bridge"], "LOC"],
  [["Stadium"], "LOC"],
  [["Sports", "Complex"], "LOC"],
  [["Concert", "Hall"], "LOC"],
  [["Foundation"], "ORG"],
  [["University"], "ORG"],
  [["Institute"], "ORG"],
  [["Center"], "ORG"],
  [["Museum"], "ORG"],
  [["Fund"], "ORG"],
  [["School"], "ORG"],
  [["Prize"], "MISC"],
  [["Award"], "MISC"],
  [["Cup"], "MISC"],
];

/**
 * Training sentences for names that begin with a person's name ("Heydar Aliyev International Airport",
 * "Nobel Prize"), which news writes often and the corpora rarely: for one person name in eight (two words or
 * more, chosen by hash), a copy of its sentence with a head word after it, labelled as the longer name, the
 * person's words marked known as the watchlist marks them.
 */
function namedAfterPeople(sentences: CorpusSentence[]): TrainingSentence[] {
  const out: TrainingSentence[] = [];
  for (const sentence of sentences) {
    for (let i = 0; i < sentence.tags.length; i++) {
      if (sentence.tags[i] !== "B-PER") continue;
      let end = i + 1;
      while (sentence.tags[end] === "I-PER") end++;
      const h = hash(sentence.words.slice(i, end).join(" "));
      if (end - i < 2 || h % 8 !== 0) continue;
      const [head, type] = namedAfter[(h >>> 3) % namedAfter.length] as [string[], NameType];
      const words = [...sentence.words.slice(0, end), ...head, ...sentence.words.slice(end)];
      const tags = [
        ...sentence.tags.slice(0, i),
        ...words.slice(i, end + head.length).map((_, k) => `${k === 0 ? "B" : "I"}-${type}`),
        ...sentence.tags.slice(end),
      ];
      const known: Sentence["known"] = new Array(words.length);
      for (let k = i; k < end; k++) known[k] = k === i ? "B" : "I";
      out.push({ words, tags, known: (h >>> 8) % 2 === 0 ? known : undefined });
    }
  }
  return out;
}

/** A corpus sentence, or a made one with the known marks it was made with. */
interface TrainingSentence extends CorpusSentence {
  known?: Sentence["known"];
}

interface Encoded {
  /** Per token, its feature ids (offsets into ids). */
  ids: Int32Array;
  starts: Int32Array;
  gold: number[];
}

function encodeDocuments(
  docs: CorpusDocument[],
  language: TaggerLanguage,
  tags: string[],
  featureId: (feature: number) => number,
): Encoded[] {
  const out: Encoded[] = [];
  for (const doc of docs) {
    const context = documentContext(doc.sentences.map((s) => s.words));
    const sentences: TrainingSentence[] =
      language === "en" ? [...doc.sentences, ...namedAfterPeople(doc.sentences)] : doc.sentences;
    // Chinese words are read from the whole document's text, as tagDocument reads an article's.
    const words = language === "zh" ? segmentWords(doc.text) : undefined;
    sentences.forEach((sentence, s) => {
      const perToken: number[][] = sentence.words.map(() => []);
      const offsets = doc.offsets[s];
      const input: Sentence = {
        tokens: sentence.words.map((text, i) => {
          const [start, end] = offsets?.[i] ?? [0, 0];
          return { text, start, end };
        }),
        known: sentence.known ?? simulatedKnown(sentence),
        words,
      };
      sentenceFeatures(input, language, context, (i, feature) => {
        (perToken[i] as number[]).push(featureId(feature));
      });
      const starts = new Int32Array(perToken.length + 1);
      perToken.forEach((list, i) => {
        starts[i + 1] = (starts[i] as number) + list.length;
      });
      out.push({
        ids: Int32Array.from(perToken.flat()),
        starts,
        gold: sentence.tags.map((tag) => {
          const index = tags.indexOf(tag);
          if (index < 0) throw new Error(`${language}: unknown tag ${tag}`);
          return index;
        }),
      });
    });
  }
  return out;
}

function add(array: Float64Array, index: number, by: number): void {
  array[index] = (array[index] as number) + by;
}

/** A perceptron update of one weight, and of its step-weighted sum for the average. */
function update(
  weights: Float64Array,
  weighted: Float64Array,
  index: number,
  by: number,
  step: number,
): void {
  add(weights, index, by);
  add(weighted, index, by * step);
}

/** A model learned from the documents (see the file's head). */
export function trainModel(
  language: TaggerLanguage,
  docs: CorpusDocument[],
  log: (line: string) => void,
): Model {
  const { types, epochs } = settings[language];
  const tags = tagList(types);
  const T = tags.length;
  const keys: number[] = [];
  const ids = new Map<number, number>();
  const featureId = (feature: number): number => {
    let id = ids.get(feature);
    if (id === undefined) {
      id = keys.length;
      ids.set(feature, id);
      keys.push(feature);
    }
    return id;
  };
  const trainSet = encodeDocuments(docs, language, tags, featureId);
  log(`${language}: ${trainSet.length} training sentences, ${keys.length} features`);

  const F = keys.length;
  const weights = new Float64Array(F * T);
  const weighted = new Float64Array(F * T); // sum of step × update, for the average
  const transitions = new Float64Array((T + 1) * T);
  const transitionsWeighted = new Float64Array((T + 1) * T);
  let step = 1;
  const next = seededRandom(seed);
  const order = trainSet.map((_, i) => i);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let wrong = 0;
    for (const index of order) {
      const s = trainSet[index] as Encoded;
      const n = s.gold.length;
      const emissions = new Float64Array(n * T);
      for (let i = 0; i < n; i++) {
        for (let k = s.starts[i] as number; k < (s.starts[i + 1] as number); k++) {
          const row = (s.ids[k] as number) * T;
          for (let t = 0; t < T; t++) add(emissions, i * T + t, weights[row + t] as number);
        }
      }
      const path = viterbi(emissions, n, transitions, tags);
      for (let i = 0; i < n; i++) {
        const gold = s.gold[i] as number;
        const guess = path[i] as number;
        const goldFrom = i === 0 ? 0 : (s.gold[i - 1] as number) + 1;
        const guessFrom = i === 0 ? 0 : (path[i - 1] as number) + 1;
        if (gold === guess && goldFrom === guessFrom) continue;
        if (gold !== guess) {
          wrong++;
          for (let k = s.starts[i] as number; k < (s.starts[i + 1] as number); k++) {
            const row = (s.ids[k] as number) * T;
            update(weights, weighted, row + gold, 1, step);
            update(weights, weighted, row + guess, -1, step);
          }
        }
        update(transitions, transitionsWeighted, goldFrom * T + gold, 1, step);
        update(transitions, transitionsWeighted, guessFrom * T + guess, -1, step);
      }
      step++;
    }
    log(`${language}: epoch ${epoch}, ${wrong} tokens mistagged`);
  }
  // Averaged weights: w - (sum of step × update) / steps.
  const averaged = new Float32Array(F * T);
  for (let i = 0; i < F * T; i++) averaged[i] = (weights[i] as number) - (weighted[i] as number) / step;
  const averagedTransitions = new Float64Array((T + 1) * T);
  for (let i = 0; i < averagedTransitions.length; i++) {
    averagedTransitions[i] = (transitions[i] as number) - (transitionsWeighted[i] as number) / step;
  }
  return prune(language, tags, Uint32Array.from(keys), averaged, averagedTransitions);
}

/**
 * Quantises the weights to int16 with one scale per model (what the model file stores and tagging sums), and
 * drops the features whose weights all round to zero.
 */
function prune(
  language: TaggerLanguage,
  tags: string[],
  keys: Uint32Array,
  weights: Float32Array,
  transitions: Float64Array,
): Model {
  const T = tags.length;
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const half = max / 32767 / 2;
  const scale = max / 32767 || 1;
  const kept: number[] = [];
  keys.forEach((_, row) => {
    for (let t = 0; t < T; t++) {
      if (Math.abs(weights[row * T + t] as number) >= half) {
        kept.push(row);
        return;
      }
    }
  });
  const quantised = new Int16Array(kept.length * T);
  kept.forEach((row, i) => {
    for (let t = 0; t < T; t++) quantised[i * T + t] = Math.round((weights[row * T + t] as number) / scale);
  });
  return {
    language,
    tags,
    keys: Uint32Array.from(kept, (row) => keys[row] as number),
    weights: quantised,
    scale,
    transitions,
  };
}

/** The documents the repository's model of a language learns from: never English's development split. */
function finalTraining(language: TaggerLanguage, corpus: CorpusSplit): CorpusDocument[] {
  return language === "en" ? corpus.train : [...corpus.train, ...corpus.dev];
}

/**
 * Development figures of a language: English's model file on CoNLL's development split; for Russian and
 * Chinese, whose model files learned from the held-out part too, a model trained here without it (seconds),
 * read back through the model file format, on the held-out part.
 */
export function heldOutScores(
  language: TaggerLanguage,
  log: (line: string) => void = () => {},
): Map<NameType, Counts> {
  const corpus = readCorpus(language);
  if (language === "en") return developmentScores(language, corpus.dev);
  const model = decodeModel(encodeModel(trainModel(language, corpus.train, log)));
  return developmentScores(language, corpus.dev, model);
}

function main(): void {
  const requested = process.argv.slice(2).filter((a) => taggerLanguages.includes(a as TaggerLanguage));
  const languages = requested.length > 0 ? (requested as TaggerLanguage[]) : [...taggerLanguages];
  const log = (line: string): void => console.log(line);
  // The gazetteer first: the models learn its content as features.
  writeGazetteer();
  log(`wrote ${gazetteerPath.pathname}`);
  for (const language of languages) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const model = trainModel(language, finalTraining(language, readCorpus(language)), log);
    const file = encodeModel(model);
    writeFileSync(modelPath(language), file);
    const used = process.cpuUsage(cpu);
    log(
      `${language}: wrote ${modelPath(language).pathname} (${(file.length / 1e6).toFixed(2)} MB, ${model.keys.length} features) in ${((performance.now() - started) / 1000).toFixed(1)} s, ${((used.user + used.system) / 1e6).toFixed(1)} CPU-s`,
    );
    const table = heldOutScores(language);
    log(
      `${language}: development figures${language === "en" ? "" : " (a model trained without the held-out part)"}`,
    );
    for (const [type, c] of [...table].sort()) {
      const r = f1(c);
      log(`  ${type}  P ${r.precision.toFixed(3)}  R ${r.recall.toFixed(3)}  F1 ${r.f1.toFixed(3)}`);
    }
    const all = f1(micro(table, ["PER", "ORG", "LOC"]));
    log(
      `  micro (PER ORG LOC)  P ${all.precision.toFixed(3)}  R ${all.recall.toFixed(3)}  F1 ${all.f1.toFixed(3)}`,
    );
  }
}

if (import.meta.main) main();
