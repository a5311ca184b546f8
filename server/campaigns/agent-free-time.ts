import { kaplanMeier } from './kaplan-meier';

// When a busy agent frees up, by phase, pure (used by predictive-pacer.ts). Counting from the connect alone, an agent
// 40 s into a call may be talking (likely another half-minute) or 5 s into a wrap-up (free within seconds): the
// pacer sees one blurred chance for both. Knowing the phase separates them: a wrap-up is short and regular, so an
// agent who has just started one frees within the time a new dial takes to answer almost surely, one still talking
// seldom. Talk and wrap-up are each a Kaplan-Meier estimate (the calls and wrap-ups under way count as censored).

export interface BusyPhase {
  /** Ms since the call connected. */
  elapsedMs: number;
  /** Ms since the agent's wrap-up started; null while still on the call. */
  wrapUpMs: number | null;
}

export interface PhaseSamples {
  talkTimesMs: readonly number[];
  wrapUpTimesMs: readonly number[];
}

/** Step of the grid over which a talk ending is convolved with the wrap-up after it. */
const STEP_MS = 500;

/**
 * For each busy agent, the chance of being free within `withinMs`; null when the samples are too few to tell the
 * phases apart (the caller then uses talk + wrap-up together).
 */
export function phaseFreeChances(busy: readonly BusyPhase[], samples: PhaseSamples, minSamples = 20): ((withinMs: number) => number[]) | null {
  if (samples.talkTimesMs.length < minSamples || samples.wrapUpTimesMs.length < minSamples) return null;
  const talking = busy.filter((b) => b.wrapUpMs === null).map((b) => b.elapsedMs);
  const wrapping = busy.filter((b) => b.wrapUpMs !== null).map((b) => b.wrapUpMs!);
  const talk = kaplanMeier(samples.talkTimesMs, talking);
  const wrap = kaplanMeier(samples.wrapUpTimesMs, wrapping);
  return (withinMs) => busy.map((b) => (b.wrapUpMs === null ? talkThenWrapWithin(talk, wrap, b.elapsedMs, withinMs) : endsWithin(wrap, b.wrapUpMs, withinMs)));
}

/** P(T <= e + w | T > e) for survival `s`; past every measured one, even. */
export function endsWithin(s: (x: number) => number, elapsedMs: number, withinMs: number): number {
  const alive = s(elapsedMs);
  if (alive === 0) return 0.5;
  return (alive - s(elapsedMs + withinMs)) / alive;
}

/** P(talk ends and its wrap-up ends within `withinMs` | talking for `elapsedMs`): talk's end over a grid, then W. */
export function talkThenWrapWithin(talk: (x: number) => number, wrap: (x: number) => number, elapsedMs: number, withinMs: number): number {
  const alive = talk(elapsedMs);
  if (alive === 0) return endsWithin(wrap, 0, withinMs) * 0.5;
  let p = 0;
  for (let u = 0; u < withinMs; u += STEP_MS) {
    const end = Math.min(withinMs, u + STEP_MS);
    const dies = talk(elapsedMs + u) - talk(elapsedMs + end);
    if (dies > 0) p += dies * (1 - wrap(withinMs - (u + end) / 2));
  }
  return p / alive;
}

/**
 * The same chances at several horizons at once: per horizon, each busy agent's chance of being free within it. One
 * pass per agent over the talk's end (talkThenWrapWithin's grid); null as phaseFreeChances.
 */
export function phaseFreeChancesAt(busy: readonly BusyPhase[], samples: PhaseSamples, horizonsMs: readonly number[], minSamples = 20): number[][] | null {
  if (samples.talkTimesMs.length < minSamples || samples.wrapUpTimesMs.length < minSamples) return null;
  const talk = kaplanMeier(samples.talkTimesMs, busy.filter((b) => b.wrapUpMs === null).map((b) => b.elapsedMs));
  const wrap = kaplanMeier(samples.wrapUpTimesMs, busy.filter((b) => b.wrapUpMs !== null).map((b) => b.wrapUpMs!));
  const steps = Math.ceil(Math.max(0, ...horizonsMs) / STEP_MS);
  // Per horizon h: a talk ending in the whole step j leaves h - (j + 0.5) x STEP for the wrap-up; one ending in the
  // last, partial step (from n x STEP to h) leaves half of it.
  const grids = horizonsMs.map((h) => {
    const n = Math.floor(h / STEP_MS);
    return { h, n, done: Array.from({ length: n }, (_, j) => 1 - wrap(h - (j + 0.5) * STEP_MS)), partial: 1 - wrap((h - n * STEP_MS) / 2) };
  });
  const out = horizonsMs.map(() => new Array<number>(busy.length).fill(0));
  busy.forEach((b, i) => {
    const alive = b.wrapUpMs === null ? talk(b.elapsedMs) : 0;
    if (b.wrapUpMs !== null || alive === 0) {
      grids.forEach(({ h }, k) => { out[k]![i] = b.wrapUpMs !== null ? endsWithin(wrap, b.wrapUpMs, h) : endsWithin(wrap, 0, h) * 0.5; });
      return;
    }
    const at = Array.from({ length: steps + 1 }, (_, j) => talk(b.elapsedMs + j * STEP_MS));
    grids.forEach(({ h, n, done, partial }, k) => {
      let p = 0;
      for (let j = 0; j < n; j++) p += (at[j]! - at[j + 1]!) * done[j]!;
      if (h > n * STEP_MS) p += (at[n]! - talk(b.elapsedMs + h)) * partial;
      out[k]![i] = p / alive;
    });
  });
  return out;
}
