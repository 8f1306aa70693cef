// One seeded pseudo-random generator (mulberry32) for everything that must repeat exactly: the name tagger's
// training order (so `npm run train:ner` rebuilds the same model bytes), the benchmarks' load sites and the tests'
// synthetic articles. Small and fast; not for anything secret.

/** Numbers in [0, 1), the same sequence for the same seed on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
