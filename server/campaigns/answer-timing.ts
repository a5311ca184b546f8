import { addTrial, poissonBinomial } from './pacer-distributions';

// Expected abandons with timing, pure (used by predictive-pacer.ts). A customer who answers waits ~1.8 s for an agent;
// an agent who frees later cannot take them. The horizon model counts every agent free within the horizon against
// every answer; this one walks time slots of about the customer's patience: agents idle carry over, an answer takes an
// idle agent or an agent freeing in its slot, or is abandoned.

export interface TimedModel {
  /** Per slot: answers from the calls ringing now (distribution of the count). */
  ringing: number[][];
  /** Per slot: chance a new dial placed now answers live in that slot. */
  newDial: number[];
  /** Per slot: agents freeing in that slot (distribution of the count). */
  frees: number[][];
  /** Agents free now. */
  free: number;
}

function trim(d: number[]): number[] {
  let n = d.length;
  while (n > 1 && d[n - 1]! < 1e-12) n--;
  return n === d.length ? d : d.slice(0, n);
}

function convolveTrim(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 1) return [...a];
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    if (ai < 1e-14) continue;
    for (let j = 0; j < b.length; j++) out[i + j]! += ai * b[j]!;
  }
  return trim(out);
}

/** The per-slot answer distributions with one more new dial (start from the ringing ones, add one dial at a time). */
export function withNewDials(model: TimedModel, answers: number[][]): number[][] {
  return answers.map((d, k) => trim(addTrial(d, model.newDial[k]!)));
}

/** E[abandons] and E[answers] over the slots, given the per-slot answer distributions. */
export function timedOverflow(model: TimedModel, answers: readonly number[][]): { abandons: number; answers: number } {
  let idle: number[] = [...new Array<number>(model.free).fill(0), 1];
  let abandons = 0;
  let mean = 0;
  for (let k = 0; k < answers.length; k++) {
    idle = convolveTrim(idle, model.frees[k]!);
    const x = answers[k]!;
    const next = new Array<number>(idle.length).fill(0);
    for (let i = 0; i < idle.length; i++) {
      const pi = idle[i]!;
      if (pi < 1e-14) continue;
      for (let j = 0; j < x.length; j++) {
        const p = pi * x[j]!;
        if (j > i) { abandons += p * (j - i); next[0]! += p; } else next[i - j]! += p;
      }
    }
    for (let j = 0; j < x.length; j++) mean += j * x[j]!;
    idle = trim(next);
  }
  return { abandons, answers: mean };
}

/** Slot bounds (ms from now): every `stepMs` up to `lastMs`, then one open slot. */
export function slotBounds(stepMs: number, lastMs: number): number[] {
  const out: number[] = [];
  for (let t = stepMs; t <= lastMs; t += stepMs) out.push(t);
  return out;
}

/**
 * Per slot, a ringing call's chance of a live answer known then (placed `elapsedMs` ago), or a new dial's (elapsed 0):
 * live answers become known at answer time + detection; `p` the live answer rate.
 */
export function answerSlots(p: number, answerTimesMs: readonly number[], ringTimeoutMs: number, detectMs: number, elapsedMs: number, bounds: readonly number[]): number[] {
  const out = new Array<number>(bounds.length + 1).fill(0);
  if (elapsedMs >= ringTimeoutMs + detectMs || answerTimesMs.length === 0) {
    if (answerTimesMs.length === 0 && elapsedMs < ringTimeoutMs) out[out.length - 1] = p;
    return out;
  }
  let later = 0;
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const a of answerTimesMs) {
    const r = a + detectMs - elapsedMs;
    if (r <= 0) continue;
    later++;
    let k = 0;
    while (k < bounds.length && r > bounds[k]!) k++;
    counts[k]!++;
  }
  const sLive = later / answerTimesMs.length;
  const live = p * sLive;
  const notLive = elapsedMs < ringTimeoutMs ? 1 - p : 0;
  const q = live + notLive > 0 ? live / (live + notLive) : 0;
  if (later === 0) return out;
  for (let k = 0; k < counts.length; k++) out[k] = (q * counts[k]!) / later;
  return out;
}

/** Per slot, the distribution of agents freeing in it, from each busy agent's chance of being free by each slot's end. */
export function freeSlots(chances: readonly number[][]): number[][] {
  const out: number[][] = [];
  let prev: readonly number[] | null = null;
  for (const c of chances) {
    out.push(trim(poissonBinomial(c.map((v, i) => Math.max(0, Math.min(1, v - (prev ? prev[i]! : 0)))))));
    prev = c;
  }
  return out;
}
