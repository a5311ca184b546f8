// Distributions the predictive pacer computes with (predictive-pacer.ts, answer-timing.ts), pure. Index = count.

/** Distribution of the number of successes of independent Bernoulli trials (index = count). */
export function poissonBinomial(ps: readonly number[]): number[] {
  let dist = [1];
  for (const p of ps) {
    const next = new Array<number>(dist.length + 1).fill(0);
    for (let k = 0; k < dist.length; k++) {
      next[k]! += dist[k]! * (1 - p);
      next[k + 1]! += dist[k]! * p;
    }
    dist = next;
  }
  return dist;
}

export function addTrial(dist: readonly number[], p: number): number[] {
  const next = new Array<number>(dist.length + 1).fill(0);
  for (let k = 0; k < dist.length; k++) {
    next[k]! += dist[k]! * (1 - p);
    next[k + 1]! += dist[k]! * p;
  }
  return next;
}

export function convolve(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j]! += a[i]! * b[j]!;
  return out;
}

/** g(x) = E[max(0, x - Y)] for x = 0..size-1, Y distributed as `agents`: g(x+1) = g(x) + P(Y <= x). */
export function overflowByCount(agents: readonly number[], size: number): number[] {
  const g = [0];
  let cdf = 0;
  for (let x = 0; x + 1 < size; x++) {
    cdf += agents[x] ?? 0;
    g.push(g[x]! + Math.min(1, cdf));
  }
  return g;
}

/** E[max(0, X - Y)] and E[X] for independent X (answers) and Y (agents). */
export function expectedOverflow(answers: readonly number[], agents: readonly number[]): { abandons: number; answers: number } {
  const g = overflowByCount(agents, answers.length);
  let abandons = 0;
  let mean = 0;
  for (let x = 0; x < answers.length; x++) {
    mean += x * answers[x]!;
    abandons += g[x]! * answers[x]!;
  }
  return { abandons, answers: mean };
}
