// The abandon-cap guard of the predictive pacer, pure (see docs/CAMPAIGNS.md, "Abandon guard", for the maths).
//
// Budget. Over a measurement window with A live answers and B abandons so far, the cap leaves
// S = cap x A - B abandons of slack; the answers still to come add cap x X more. S carries over within the window:
// answers that found an agent earn budget that later, busier moments may spend.
//
// Statistical guard (default). X = live answers still to come from the calls ringing plus the n new dials, a
// Poisson-binomial at the answer rate's upper confidence bound; Y = agents free by then (free now plus busy agents
// whose talk + wrap-up ends within the horizon, from the measured distribution). The guard takes the largest n with
//   P( max(0, X - Y) > max(0, S + cap x X) ) <= risk,
// i.e. the chance that this horizon's abandons overdraw the budget stays under `risk` (and once a window is over the
// cap, the chance of adding any abandon at all). Progressive dialing (ringing <= free agents) never overdraws.
//
// Worst-case guard (opt-in). Every ringing call answers at once and no busy agent frees:
//   ringing + n <= (S + F) / (1 - cap).
// No burst can then ever push the rate over the cap, whatever the estimates say; the price is that it dials like
// progressive until the window has built up answers, and that it scales with cap x A instead of with the agents.

export type GuardKind = 'statistical' | 'worst-case';

export interface Window { answered: number; abandoned: number }

/** Abandons the cap still allows in a window: cap x answered - abandoned (negative when over). */
export function slack(cap: number, w: Window): number {
  return cap * w.answered - w.abandoned;
}

/** The worst-case guard: most calls that may ring at once so that all of them answering keeps the rate <= cap. */
export function worstCaseLines(cap: number, w: Window, freeAgents: number): number {
  return Math.max(0, Math.floor((slack(cap, w) + freeAgents) / (1 - cap) + 1e-9));
}

/** Wilson score interval of a proportion (successes / trials, fractional allowed), z standard deviations. */
export function wilson(successes: number, trials: number, z: number): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = Math.min(1, Math.max(0, successes / trials));
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, (centre - spread) / (1 + z2 / trials)), high: Math.min(1, (centre + spread) / (1 + z2 / trials)) };
}

export function wilsonUpper(successes: number, trials: number, z: number): number {
  return wilson(successes, trials, z).high;
}

/** Cumulative sums of a distribution: cdf[k] = P(Y <= k). */
export function cumulative(dist: readonly number[]): number[] {
  const out: number[] = [];
  let s = 0;
  for (const v of dist) out.push((s += v));
  return out;
}

/**
 * P(the abandons of this horizon overdraw the budget): answers X ~ `answers`, agents Y with cdf `agentsCdf`,
 * abandons max(0, X - Y) against max(0, budget + cap x X).
 */
export function overdrawRisk(answers: readonly number[], agentsCdf: readonly number[], cap: number, budget: number): number {
  let risk = 0;
  for (let x = 0; x < answers.length; x++) {
    const px = answers[x]!;
    if (px === 0) continue;
    const allowed = Math.max(0, budget + cap * x);
    // Overdraw iff x - Y > allowed iff Y < x - allowed iff Y <= ceil(x - allowed) - 1.
    const k = Math.ceil(x - allowed - 1e-9) - 1;
    if (k < 0) continue;
    risk += px * Math.min(1, agentsCdf[Math.min(k, agentsCdf.length - 1)]!);
  }
  return risk;
}
