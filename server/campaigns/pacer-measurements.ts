import type { PacerStats } from './predictive-pacer';

// Live measurements for the pacer, pure: from the campaign's recent dials and connected calls (the service reads them
// from campaign_dials / predictive_calls, the bench keeps them in memory), the numbers decideDials needs.

export interface DialSample {
  placedAtMs: number;
  /** When the customer answered (human or machine), null if not (yet). */
  answeredAtMs: number | null;
  /** The answer needed an agent (AMD said HUMAN or NOTSURE, or no AMD); null while unknown. */
  live: boolean | null;
  /** When the dial was over without an answer (busy, no answer, failed), null otherwise. */
  endedAtMs: number | null;
}

/** One handled call: connected, wrap-up started (the call ended; absent when not known), agent free again. */
export interface HandleSample { connectedAtMs: number; freedAtMs: number; wrapUpAtMs?: number }

export interface MeasureOptions {
  nowMs: number;
  /** Only dials placed within this window count (e.g. the last 30 minutes), so the rate follows the hour. */
  windowMs: number;
  ringTimeoutMs: number;
  detectMs: number;
  /** Most samples kept for the time distributions (the newest). */
  maxSamples?: number;
  /** The answer rate is taken over at most this many of the newest resolved dials, so it follows a change fast. */
  maxDials?: number;
}

/** `dials` in the order they were placed (oldest first). */
export function measure(dials: readonly DialSample[], handles: readonly HandleSample[], o: MeasureOptions): PacerStats {
  const since = o.nowMs - o.windowMs;
  const max = o.maxSamples ?? 500;
  const maxDials = o.maxDials ?? 300;
  const settledBefore = o.nowMs - o.ringTimeoutMs - o.detectMs;
  let resolved = 0;
  let answers = 0;
  const answerTimesMs: number[] = [];
  for (let i = dials.length - 1; i >= 0 && resolved < maxDials; i--) {
    const d = dials[i]!;
    if (d.placedAtMs < since) break;
    // A dial counts once it is older than the ring timeout and AMD: its fate is known then, whatever it was. Counting
    // ringing ones as failures would bias the rate down, and so would counting each as soon as it ends: busy and
    // failed dials end within seconds, answers take longer, so the newest ended dials are mostly failures.
    if (d.placedAtMs > settledBefore) continue;
    const answered = d.answeredAtMs !== null && d.live !== null;
    if (!answered && d.endedAtMs === null) continue;
    resolved++;
    if (answered && d.live) {
      answers++;
      answerTimesMs.push(d.answeredAtMs! - d.placedAtMs);
    }
  }
  // The newest, unsettled dials say sooner when the answer rate rises: each would-be answer placed e ago has answered
  // (and passed AMD) by now with probability G(e - detect), G the answer-time distribution; answers / sum of G
  // estimates the rate without waiting for the ring timeout.
  let freshAnswers = 0;
  let freshExposure = 0;
  if (answerTimesMs.length >= 20) {
    const sorted = [...answerTimesMs].sort((a, b) => a - b);
    const cdf = (t: number) => { let lo = 0, hi = sorted.length; while (lo < hi) { const m = (lo + hi) >> 1; if (sorted[m]! <= t) lo = m + 1; else hi = m; } return lo / sorted.length; };
    for (let i = dials.length - 1; i >= 0 && dials[i]!.placedAtMs > settledBefore; i--) {
      const d = dials[i]!;
      freshExposure += cdf(o.nowMs - d.placedAtMs - o.detectMs);
      if (d.answeredAtMs !== null && d.live === true) freshAnswers++;
    }
  }
  answerTimesMs.reverse();
  return {
    dials: resolved,
    answers,
    fresh: { answers: freshAnswers, exposure: freshExposure },
    answerTimesMs: answerTimesMs.slice(-max),
    // Talk times need a longer memory than answer rates: the newest `max`, whatever the window (the caller bounds their
    // age). Only the newest of a new shift would be the shortest calls of its first minutes: a campaign starting
    // again in the morning keeps yesterday's calls until today's replace them.
    handleTimesMs: handles.map((h) => h.freedAtMs - h.connectedAtMs).slice(-max),
    ...phaseTimes(handles, max),
    ringTimeoutMs: o.ringTimeoutMs,
    detectMs: o.detectMs,
  };
}

/** Talk and wrap-up times of the newest `max` calls whose wrap-up start is known. */
function phaseTimes(handles: readonly HandleSample[], max: number): { talkTimesMs: number[]; wrapUpTimesMs: number[] } {
  const split = handles.filter((h) => h.wrapUpAtMs !== undefined).slice(-max);
  return { talkTimesMs: split.map((h) => h.wrapUpAtMs! - h.connectedAtMs), wrapUpTimesMs: split.map((h) => h.freedAtMs - h.wrapUpAtMs!) };
}
