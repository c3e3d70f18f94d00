/**
 * Deterministic PRNG (mulberry32): fast, 32-bit state, good enough for sampling
 * demo geometry. The same seed always yields the same sequence in [0, 1).
 */
export function createRng(seed: number): () => number {
  // Fold non-integer / large seeds into 32 bits so any finite number is a valid seed.
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
