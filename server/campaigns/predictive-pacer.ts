import { kaplanMeier } from './kaplan-meier';
import { addTrial, convolve, expectedOverflow, poissonBinomial } from './pacer-distributions';
import { phaseFreeChancesAt } from './agent-free-time';
import { answerSlots, freeSlots, slotBounds, timedOverflow, withNewDials, type TimedModel } from './answer-timing';
import { cumulative, overdrawRisk, slack, wilson, wilsonUpper, worstCaseLines, type GuardKind } from './abandon-guard';

export { expectedOverflow, poissonBinomial } from './pacer-distributions';

// Predictive pacing, pure (no I/O, no clock): given what the dialer measured and what is happening now, how many
// customers to dial at this instant. The I/O side (predictive-dialer.service.ts) gathers the input from the database
// and applies the decision; the bench (bench/dialer.bench.ts) drives the same function with a virtual clock.
//
// Two limits, the smaller wins:
// 1. Expected overflow. Answers are a Poisson-binomial over the calls ringing (each answers with the probability left
//    given how long it has rung) plus the new dials, per 2 s time slot (when each would answer, from the measured
//    answer times); agents freeing per slot are a Poisson-binomial over the busy ones (from the measured talk and
//    wrap-up distributions, by phase). An answer takes an agent idle by then or freeing in its slot, else it is
//    abandoned: a customer waits 1.8 s, so an agent freeing later in the horizon cannot take them (answer-timing.ts).
//    Expected abandons must stay within `target x E[answers]`, where the target backs off as the running abandon
//    rate nears the cap. (`slotMs: 0`: one horizon, every answer against every agent free within it.)
// 2. The abandon guard (abandon-guard.ts): by default a bound on the chance that this horizon's abandons overdraw
//    the budget the cap leaves in the period and in the last 30 minutes, at the answer rate's upper confidence bound;
//    or, opt-in, the worst case (every ringing call answers at once, no busy agent frees) never exceeding the cap.
// Machine-detected answers (AMD) never need an agent: `answerRate` is the rate of answers that do (human or
// not sure), and only those count in A and B (what regulators count as live answers).

export interface PacerSettings {
  /** Highest abandoned / answered over the period, e.g. 0.03. */
  abandonCap: number;
  /** Share of the cap the pacing aims at when the period has no abandons yet (0..1). */
  targetFraction: number;
  /** Most lines per logged-in agent (ringing + talking), a safety valve against bad estimates. */
  maxLinesPerAgent: number;
  /** Prior for the answer rate until there are enough dials: rate and weight (in dials). */
  priorAnswerRate: number;
  priorWeight: number;
  /** Which abandon guard bounds the lines (abandon-guard.ts). */
  guard: GuardKind;
  /** Statistical guard: most chance that one pacing step's abandons overdraw the cap's budget. */
  guardRisk: number;
  /** Statistical guard: the answer rate is taken at its Wilson upper bound, this many standard deviations. */
  answerRateZ: number;
  /**
   * Worst-case guard: the last 30 minutes' budget is guarded too, statistically (`guardRisk`), at this multiple of the
   * answer rate's upper bound, so that a list whose answer rate jumps cannot spend in one burst what the period
   * saved; 0 turns it off.
   */
  windowStress: number;
  /**
   * Expected abandons over time slots of this length (about a customer's patience: the abandon message starts 1.8 s
   * after the answer), so that an agent freeing after an answer's slot does not count for it (answer-timing.ts);
   * 0 compares every answer with every agent free within one horizon instead.
   */
  slotMs: number;
  /** Slots every `slotMs` until this long after now, then one slot for the rest. */
  slotsUntilMs: number;
}

export const DEFAULT_PACER_SETTINGS: PacerSettings = { abandonCap: 0.03, targetFraction: 0.9, maxLinesPerAgent: 4, priorAnswerRate: 0.25, priorWeight: 30,
  guard: 'statistical', guardRisk: 0.01, answerRateZ: 1.645, windowStress: 1.5, slotMs: 2_000, slotsUntilMs: 24_000 };

export interface PacerStats {
  /** Dials placed and live answers among them (same window as the samples, e.g. this campaign's current hour). */
  dials: number;
  answers: number;
  /** Dials too young to have settled: live answers among them and their expected share of answers so far. */
  fresh?: { answers: number; exposure: number };
  /** Time from dial to a live answer (ms), samples. */
  answerTimesMs: readonly number[];
  /** Talk + wrap-up per connected call (ms), samples. */
  handleTimesMs: readonly number[];
  /** The same split: talk (connect to wrap-up) and wrap-up (to free) per call, where the wrap-up's start is known. */
  talkTimesMs?: readonly number[];
  wrapUpTimesMs?: readonly number[];
  /** How long an unanswered dial rings before it gives up (ms). */
  ringTimeoutMs: number;
  /** Time from answer to knowing whether an agent is needed (AMD analysis, ms); 0 without AMD. */
  detectMs: number;
}

export interface PacerInput {
  /** Agents ready and without a call. */
  freeAgents: number;
  /** Agents talking or in wrap-up: ms since their current call connected. */
  busyAgentsElapsedMs: readonly number[];
  /** Per busy agent (same order): ms since its wrap-up started, null while on the call; absent when unknown. */
  busyAgentsWrapUpMs?: readonly (number | null)[];
  /** Dials ringing (not answered yet): ms since placed. */
  inFlightElapsedMs: readonly number[];
  /** Live answers and abandons over the configured period so far. */
  period: { answered: number; abandoned: number };
  /** The same over a short recent window (e.g. 30 minutes): the back-off follows the worse of the two rates. */
  recent?: { answered: number; abandoned: number };
  stats: PacerStats;
  settings?: Partial<PacerSettings>;
}

export type PacerReason = 'no-agents' | 'paced' | 'cap-guard' | 'line-limit' | 'over-cap';

export interface PacerDecision {
  dials: number;
  reason: PacerReason;
  /** Lines (ringing + new + busy) per logged-in agent after this decision. */
  dialLevel: number;
  answerRate: number;
  horizonMs: number;
  runningAbandonRate: number;
  /** The abandon ratio this decision aimed at (after back-off). */
  target: number;
  expectedAnswers: number;
  expectedAbandons: number;
  /** Most calls that may be ringing at once under the abandon guard. */
  guardLines: number;
}

/** Smoothed answer rate: the prior counts as `priorWeight` dials. */
export function answerRate(stats: Pick<PacerStats, 'dials' | 'answers'>, s: PacerSettings = DEFAULT_PACER_SETTINGS): number {
  return (stats.answers + s.priorAnswerRate * s.priorWeight) / (stats.dials + s.priorWeight);
}

/**
 * The answer rate the pacer uses (`rate`) and its upper confidence bound (`high`, for the guard): the settled dials'
 * smoothed rate, unless the fresh dials show with confidence that the rate has risen; then theirs.
 */
export function answerRateBounds(stats: Pick<PacerStats, 'dials' | 'answers' | 'fresh'>, s: PacerSettings = DEFAULT_PACER_SETTINGS): { rate: number; high: number } {
  const rate = answerRate(stats, s);
  const high = wilsonUpper(stats.answers + s.priorAnswerRate * s.priorWeight, stats.dials + s.priorWeight, s.answerRateZ);
  const f = stats.fresh;
  if (!f || f.exposure < 5) return { rate, high };
  const fresh = wilson(f.answers, Math.max(f.exposure, f.answers), s.answerRateZ);
  if (fresh.low <= rate) return { rate, high };
  return { rate: Math.min(1, f.answers / f.exposure), high: Math.max(high, fresh.high) };
}

/** P(sample > x) from samples; `fallback` without samples. */
export function survival(samples: readonly number[], x: number, fallback: number): number {
  if (samples.length === 0) return fallback;
  let above = 0;
  for (const v of samples) if (v > x) above++;
  return above / samples.length;
}

export function median(samples: readonly number[], fallback: number): number {
  if (samples.length === 0) return fallback;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Probability that a dial ringing for `elapsedMs` is still going to be answered live. */
export function stillAnswers(p: number, answerTimesMs: readonly number[], ringTimeoutMs: number, elapsedMs: number): number {
  if (elapsedMs >= ringTimeoutMs) return 0;
  const sa = survival(answerTimesMs, elapsedMs, 1);
  const live = p * sa;
  // Unanswered dials keep ringing until the timeout (busy/failed end early, which only makes this conservative).
  return live + (1 - p) > 0 ? live / (live + (1 - p)) : 0;
}

/**
 * Probability that an agent busy for `elapsedMs` is free within `horizonMs`, from the finished handle times and the
 * ones still running (`runningMs`, Kaplan-Meier).
 */
export function freesWithin(handleTimesMs: readonly number[], elapsedMs: number, horizonMs: number, runningMs: readonly number[] = []): number {
  return freesWithinBy(handleTimesMs.length === 0 ? null : kaplanMeier(handleTimesMs, runningMs), elapsedMs, horizonMs);
}

function freesWithinBy(surv: ((x: number) => number) | null, elapsedMs: number, horizonMs: number): number {
  if (!surv) return 0;
  const alive = surv(elapsedMs);
  // Past every measured call: no information, call it even.
  if (alive === 0) return 0.5;
  return (alive - surv(elapsedMs + horizonMs)) / alive;
}

/**
 * The statistical guard: most new dials (<= limit) whose chance of overdrawing `budget` stays <= settings' risk, the
 * answer rate taken at its upper bound times `stress`.
 */
export function statisticalLines(input: PacerInput, s: PacerSettings, budget: number, freeDist: readonly number[], limit: number, stress = 1): number {
  const { stats } = input;
  const pHigh = Math.min(1, answerRateBounds(stats, s).high * stress);
  const agentsCdf = cumulative(freeDist);
  let dist = poissonBinomial(input.inFlightElapsedMs.map((e) => stillAnswers(pHigh, stats.answerTimesMs, stats.ringTimeoutMs, e)));
  let n = 0;
  while (n < limit) {
    const next = addTrial(dist, pHigh);
    if (overdrawRisk(next, agentsCdf, s.abandonCap, budget) > s.guardRisk) break;
    dist = next;
    n++;
  }
  return n;
}

/** Each busy agent's chance of being free within each of `horizons`: by its phase when known and measured. */
function chancesAt(input: PacerInput, stats: PacerStats, handleSurvival: ((x: number) => number) | null, horizons: number[]): number[][] {
  const wrap = input.busyAgentsWrapUpMs;
  if (wrap && wrap.length === input.busyAgentsElapsedMs.length && stats.talkTimesMs && stats.wrapUpTimesMs) {
    const by = phaseFreeChancesAt(input.busyAgentsElapsedMs.map((e, i) => ({ elapsedMs: e, wrapUpMs: wrap[i] ?? null })),
      { talkTimesMs: stats.talkTimesMs, wrapUpTimesMs: stats.wrapUpTimesMs }, horizons);
    if (by) return by;
  }
  return horizons.map((h) => input.busyAgentsElapsedMs.map((e) => freesWithinBy(handleSurvival, e, h)));
}

/**
 * The worst-case guard's new dials: within the period's worst case, and within the last 30 minutes' budget at a stressed
 * answer rate. The period's worst case alone let a window spend in one burst the budget earlier windows saved: at a
 * cold start the first hour dials within it and abandons nothing, and when the answer rate then doubled (bench,
 * 20 % -> 40 %) the lines ringing for 20 % left one 30-minute window at 3.24 % (docs/CAMPAIGNS.md, "Window guard").
 */
function worstCaseGuard(input: PacerInput, s: PacerSettings, freeDist: readonly number[], lineLimit: number): number {
  const periodLines = Math.max(0, worstCaseLines(s.abandonCap, input.period, input.freeAgents) - input.inFlightElapsedMs.length);
  if (!input.recent || s.windowStress <= 0) return periodLines;
  return statisticalLines(input, s, slack(s.abandonCap, input.recent), freeDist, Math.min(lineLimit, periodLines), s.windowStress);
}

/** The calls ringing and the busy agents by time slot, for timedOverflow. */
function timedModel(input: PacerInput, s: PacerSettings, p: number, handleSurvival: ((x: number) => number) | null): TimedModel {
  const { stats } = input;
  const bounds = slotBounds(s.slotMs, s.slotsUntilMs);
  const ringing = input.inFlightElapsedMs.map((e) => answerSlots(p, stats.answerTimesMs, stats.ringTimeoutMs, stats.detectMs, e, bounds));
  return {
    ringing: [...bounds, Infinity].map((_, k) => poissonBinomial(ringing.map((r) => r[k]!))),
    newDial: answerSlots(p, stats.answerTimesMs, stats.ringTimeoutMs, stats.detectMs, 0, bounds),
    // The open last slot ends when the last dial ringing now could be answered and detected.
    frees: freeSlots(chancesAt(input, stats, handleSurvival, [...bounds, stats.ringTimeoutMs + stats.detectMs])),
    free: input.freeAgents,
  };
}

/** Aimed-at abandon ratio: a share of the cap, shrinking quadratically as the running rate approaches the cap. */
export function backoffTarget(cap: number, fraction: number, runningRate: number): number {
  const x = Math.min(1, Math.max(0, runningRate / cap));
  return cap * fraction * (1 - x * x);
}

export function decideDials(raw: PacerInput): PacerDecision {
  const input = { ...raw, freeAgents: Math.max(0, Math.floor(raw.freeAgents)) };
  const s = { ...DEFAULT_PACER_SETTINGS, ...input.settings };
  const { stats, period } = input;
  const p = answerRateBounds(stats, s).rate;
  const agents = input.freeAgents + input.busyAgentsElapsedMs.length;
  const horizonMs = median(stats.answerTimesMs, Math.min(15_000, stats.ringTimeoutMs)) + stats.detectMs;
  const rateOf = (w: { answered: number; abandoned: number }) => (w.answered > 0 ? w.abandoned / w.answered : 0);
  const running = rateOf(period);
  const target = backoffTarget(s.abandonCap, s.targetFraction, Math.max(running, input.recent ? rateOf(input.recent) : 0));
  const inFlight = input.inFlightElapsedMs.length;
  const level = (n: number) => (agents > 0 ? (inFlight + n + input.busyAgentsElapsedMs.length) / agents : 0);
  const base = { answerRate: p, horizonMs, runningAbandonRate: running, target };
  if (agents === 0) return { ...base, guardLines: 0, dials: 0, reason: 'no-agents', dialLevel: 0, expectedAnswers: 0, expectedAbandons: 0 };

  const handleSurvival = stats.handleTimesMs.length === 0 ? null : kaplanMeier(stats.handleTimesMs, input.busyAgentsElapsedMs);
  const answersNow = poissonBinomial(input.inFlightElapsedMs.map((e) => stillAnswers(p, stats.answerTimesMs, stats.ringTimeoutMs, e)));
  const freeDist = convolve([...new Array<number>(input.freeAgents).fill(0), 1],
    poissonBinomial(chancesAt(input, stats, handleSurvival, [horizonMs])[0]!));
  const lineLimit = Math.max(0, Math.floor(s.maxLinesPerAgent * agents) - inFlight - input.busyAgentsElapsedMs.length);
  // The budget of the statistical guard: the tighter of the period's and the last 30 minutes' (regulators count both ways).
  const budget = Math.min(slack(s.abandonCap, period), input.recent ? slack(s.abandonCap, input.recent) : Infinity);
  const guardLimit = s.guard === 'worst-case' ? worstCaseGuard(input, s, freeDist, lineLimit)
    : statisticalLines(input, s, budget, freeDist, lineLimit);
  const limit = Math.min(lineLimit, guardLimit);

  let best = 0;
  let bestEval = expectedOverflow(answersNow, freeDist);
  // Over the cap: the worst-case guard falls back to progressive; the statistical guard's budget is negative then,
  // so it already allows only lines whose chance of any further abandon is within the risk.
  let reason: PacerReason = running > s.abandonCap ? 'over-cap' : 'paced';
  const pace = reason === 'paced' || s.guard === 'statistical';
  let dist = answersNow;
  const dists = [answersNow];
  // The timed model (slotMs > 0): answers and agents freeing per slot, idle agents carried over (answer-timing.ts).
  const timed = pace && s.slotMs > 0 ? timedModel(input, s, p, handleSurvival) : null;
  let slots = timed ? timed.ringing : [];
  if (timed) bestEval = timedOverflow(timed, slots);
  if (pace) {
    for (let n = 1; n <= limit; n++) {
      dist = addTrial(dist, p);
      dists.push(dist);
      if (timed) slots = withNewDials(timed, slots);
      const e = timed ? timedOverflow(timed, slots) : expectedOverflow(dist, freeDist);
      // Each further dial must keep the expected overflow within the aimed-at share of the answers.
      if (e.abandons > target * e.answers) break;
      best = n;
      bestEval = e;
    }
    if (best === limit && limit < s.maxLinesPerAgent * agents) reason = guardLimit <= lineLimit ? 'cap-guard' : 'line-limit';
  }
  // Never fewer than progressive would dial: one per free agent not already covered by a ringing call, within the guard.
  const progressive = Math.min(guardLimit, Math.max(0, input.freeAgents - inFlight));
  if (best < progressive) {
    for (let n = dists.length; n <= progressive; n++) dists.push(addTrial(dists[n - 1]!, p));
    best = progressive;
    bestEval = expectedOverflow(dists[best]!, freeDist);
  }
  return { ...base, guardLines: inFlight + guardLimit, dials: best, reason, dialLevel: level(best), expectedAnswers: bestEval.answers, expectedAbandons: bestEval.abandons };
}
