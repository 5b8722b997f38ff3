/**
 * Seeded pseudo-random numbers for the benchmarks' generated data, so two runs build the same store.
 *
 * The generator first written for them, `seed = (seed * 1103515245 + 12345) & 0x7fffffff`, multiplied
 * in doubles: the product passes 2^53, its low bits are lost before the mask, and from seed 42 the
 * sequence fell into a cycle of 10,466 values after 5,358 draws. A store of 1,000,000 reports then
 * repeated the shape of about 300 documents (their dates, words, places and actors) hundreds of
 * times, which no real store does.
 */

/**
 * A generator of floats in [0, 1) from a 32-bit seed: a Weyl sequence (period 2^32) passed through
 * the 32-bit finaliser of MurmurHash3, with every product taken modulo 2^32 by `Math.imul`, so no
 * precision is lost.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}
