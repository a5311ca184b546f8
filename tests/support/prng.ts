/**
 * A seeded pseudo-random source in [0, 1] (an LCG read as a fraction, so its high bits decide: its low bits repeat
 * with a short period), so that a fuzz test replays the same input on every run.
 */
export function prng(seed: number): () => number {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
}

/** An integer in [0, n) from `random`. */
export const below = (random: () => number, n: number): number => Math.min(n - 1, Math.floor(random() * n));
