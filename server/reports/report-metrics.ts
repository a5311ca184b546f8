// Pure derivation of call-center KPIs from the additive sums kept in the rollups. Definitions: docs/REPORTS.md.
import type { CallMetricsView, StateMetricsView } from '@contract/reports.schemas';

export const FACT_COLUMNS = [
  'calls', 'offered', 'answered', 'abandoned', 'unanswered', 'answered_in_sl', 'abandoned_after_sl',
  'wait_answered_s', 'wait_abandoned_s', 'ab_lt5', 'ab_5_15', 'ab_15_30', 'ab_30_60', 'ab_60_120', 'ab_120p',
  'handled', 'talk_s', 'hold_s', 'wrapups', 'wrap_s', 'repeat_base', 'repeat_24h', 'repeat_7d', 'fcr_eligible', 'fcr',
] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];
export type FactSums = Record<FactColumn, number>;

/** Abandons faster than this are "short abandons" (caller changed their mind; often excluded from abandon rate). */
export const SHORT_ABANDON_SECONDS = 5;
export const ABANDON_BUCKETS = ['lt5', '5to15', '15to30', '30to60', '60to120', 'ge120'] as const;

export interface StateSums { ready: number; ringing: number; onCall: number; wrapup: number; paused: number; pauseByReason: Record<string, number> }

// The reply's shape is the contract's (server/contract/reports.schemas.ts): what is derived here is what is sent.
export type CallMetrics = CallMetricsView;
export type StateMetrics = StateMetricsView;

export function emptySums(): FactSums {
  return Object.fromEntries(FACT_COLUMNS.map((c) => [c, 0])) as FactSums;
}

export function addSums(into: FactSums, row: Partial<Record<FactColumn, unknown>>): FactSums {
  for (const c of FACT_COLUMNS) into[c] += Number(row[c] ?? 0);
  return into;
}

const ratio = (n: number, d: number, digits = 4): number | null => (d > 0 ? round(n / d, digits) : null);
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function deriveCallMetrics(s: FactSums): CallMetrics {
  const short = s.ab_lt5;
  return {
    calls: s.calls,
    offered: s.offered,
    answered: s.answered,
    abandoned: s.abandoned,
    shortAbandoned: short,
    unansweredOther: s.unanswered,
    abandonRate: ratio(s.abandoned, s.offered),
    abandonRateExShort: ratio(s.abandoned - short, s.offered - short),
    avgTimeToAbandon: ratio(s.wait_abandoned_s, s.abandoned, 1),
    abandonHistogram: {
      lt5: s.ab_lt5, '5to15': s.ab_5_15, '15to30': s.ab_15_30, '30to60': s.ab_30_60, '60to120': s.ab_60_120, ge120: s.ab_120p,
    },
    answeredWithinSl: s.answered_in_sl,
    abandonedAfterSl: s.abandoned_after_sl,
    // Headline: abandons within the threshold neither help nor hurt. Strict: every abandon counts against.
    serviceLevel: ratio(s.answered_in_sl, s.answered + s.abandoned_after_sl),
    serviceLevelStrict: ratio(s.answered_in_sl, s.answered + s.abandoned),
    asa: ratio(s.wait_answered_s, s.answered, 1),
    handled: s.handled,
    aht: ratio(s.talk_s + s.hold_s + s.wrap_s, s.handled, 1),
    avgTalk: ratio(s.talk_s, s.handled, 1),
    avgHold: ratio(s.hold_s, s.handled, 1),
    wrapups: s.wrapups,
    avgWrapup: ratio(s.wrap_s, s.wrapups, 1),
    repeatBase: s.repeat_base,
    repeatCalls24h: s.repeat_24h,
    repeatCalls7d: s.repeat_7d,
    repeatRate24h: ratio(s.repeat_24h, s.repeat_base),
    repeatRate7d: ratio(s.repeat_7d, s.repeat_base),
    fcrEligible: s.fcr_eligible,
    fcr: s.fcr,
    fcrRate: ratio(s.fcr, s.fcr_eligible),
  };
}

export function emptyStateSums(): StateSums {
  return { ready: 0, ringing: 0, onCall: 0, wrapup: 0, paused: 0, pauseByReason: {} };
}

export function addState(into: StateSums, state: string, reason: string, seconds: number): StateSums {
  if (state === 'ready') into.ready += seconds;
  else if (state === 'ringing') into.ringing += seconds;
  else if (state === 'on_call') into.onCall += seconds;
  else if (state === 'wrapup') into.wrapup += seconds;
  else if (state === 'paused') {
    into.paused += seconds;
    const key = reason || 'unspecified';
    into.pauseByReason[key] = (into.pauseByReason[key] ?? 0) + seconds;
  }
  return into;
}

// Occupancy = handle / (handle + available): time on calls and in wrap-up over that plus ready/ringing time.
// Paused and offline time are in neither.
export function deriveStateMetrics(s: StateSums): StateMetrics {
  const handle = s.onCall + s.wrapup;
  const available = s.ready + s.ringing;
  const pauseByReason: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.pauseByReason).sort()) pauseByReason[k] = round(v, 1);
  return {
    occupancy: ratio(handle, handle + available),
    handleStateSeconds: round(handle, 1),
    availableSeconds: round(available, 1),
    pauseSeconds: round(s.paused, 1),
    pauseByReason,
  };
}
