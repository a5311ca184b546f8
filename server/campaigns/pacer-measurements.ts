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

export interface HandleSample { connectedAtMs: number; freedAtMs: number }

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
  let resolved = 0;
  let answers = 0;
  const answerTimesMs: number[] = [];
  for (let i = dials.length - 1; i >= 0 && resolved < maxDials; i--) {
    const d = dials[i]!;
    if (d.placedAtMs < since) break;
    // A dial counts once its fate is known; counting ringing ones as failures would bias the rate down.
    const answered = d.answeredAtMs !== null && d.live !== null;
    if (!answered && d.endedAtMs === null) continue;
    resolved++;
    if (answered && d.live) {
      answers++;
      answerTimesMs.push(d.answeredAtMs! - d.placedAtMs);
    }
  }
  const handleTimesMs = handles.filter((h) => h.freedAtMs >= since).map((h) => h.freedAtMs - h.connectedAtMs);
  answerTimesMs.reverse();
  return {
    dials: resolved,
    answers,
    answerTimesMs: answerTimesMs.slice(-max),
    // Talk times need a longer memory than answer rates: an hour's worth at most `max`, whatever the window.
    handleTimesMs: (handleTimesMs.length >= 20 ? handleTimesMs : handles.map((h) => h.freedAtMs - h.connectedAtMs)).slice(-max),
    ringTimeoutMs: o.ringTimeoutMs,
    detectMs: o.detectMs,
  };
}
