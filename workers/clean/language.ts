// The article's language from its text, where the page declares none or declares the wrong one (a site-wide
// lang="en" on a Russian article is common), so the index's `lang` is right and the entities stage runs the
// right name model. eld (Nito-ELD, n-gram profiles of 60 languages, its small database) decides from the first
// 2,000 characters; the declaration stands when the detector is unsure. eld loads on first use (0.3 s), so
// commands that never clean an article do not pay for it.
type Detector = typeof import("eld/small")["eld"];

const sampleLength = 2000;
let detector: Promise<Detector> | undefined;

/** ISO 639-1 code of the text's language, or the declared one when the text does not tell clearly. */
export async function articleLanguage(text: string, declared: string | null): Promise<string | null> {
  const sample = text.slice(0, sampleLength);
  if (!/\p{L}/u.test(sample)) return declared;
  detector ??= import("eld/small").then((module) => module.eld);
  const result = (await detector).detect(sample);
  if (!result.language || !result.isReliable()) return declared;
  return result.language;
}
