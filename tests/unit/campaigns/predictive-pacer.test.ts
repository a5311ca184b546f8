import { describe, expect, it } from 'vitest';
import { answerRate, backoffTarget, decideDials, expectedOverflow, freesWithin, poissonBinomial, stillAnswers, type PacerInput } from '../../../server/campaigns/predictive-pacer';
import { worstCaseLines } from '../../../server/campaigns/abandon-guard';
import { measure, type DialSample } from '../../../server/campaigns/pacer-measurements';

const handle = Array.from({ length: 100 }, (_, i) => 30_000 + i * 1_000); // 30..129 s
const answers = Array.from({ length: 100 }, (_, i) => 4_000 + i * 100); // 4..13.9 s
const stats = (p: number) => ({ dials: 1000, answers: Math.round(1000 * p), answerTimesMs: answers, handleTimesMs: handle, ringTimeoutMs: 30_000, detectMs: 2_500 });
const base = (over: Partial<PacerInput> = {}): PacerInput => ({
  freeAgents: 5, busyAgentsElapsedMs: Array.from({ length: 45 }, (_, i) => i * 2_000), inFlightElapsedMs: [],
  period: { answered: 5000, abandoned: 0 }, stats: stats(0.3), ...over,
});

describe('predictive pacer (pure)', () => {
  it('dials nothing without agents', () => {
    const sut = decideDials(base({ freeAgents: 0, busyAgentsElapsedMs: [] }));
    expect(sut).toMatchObject({ dials: 0, reason: 'no-agents' });
  });

  it('places more calls than free agents from the measured rates, more when fewer calls answer', () => {
    const at30 = decideDials(base());
    const at20 = decideDials(base({ stats: stats(0.2) }));
    expect(at30.dials).toBeGreaterThan(5);
    expect(at20.dials).toBeGreaterThan(at30.dials);
    expect(at30.expectedAbandons).toBeLessThanOrEqual(at30.target * at30.expectedAnswers + 1e-9);
  });

  it('backs off as the running abandon rate nears the cap, and dials only within the guard over it', () => {
    const fresh = decideDials(base());
    const near = decideDials(base({ period: { answered: 5000, abandoned: 140 } }));
    const over = decideDials(base({ period: { answered: 5000, abandoned: 160 } }));
    expect(near.target).toBeLessThan(fresh.target);
    expect(near.dials).toBeLessThan(fresh.dials);
    expect(over.reason).toBe('over-cap');
    expect(over.dials).toBeLessThan(near.dials);
    expect(decideDials(base({ period: { answered: 5000, abandoned: 160 }, settings: { guard: 'worst-case' } })).dials).toBeLessThanOrEqual(5);
  });

  it('the worst-case guard: the worst case never passes the cap: every ringing call answering with no agent freeing keeps B/A <= cap', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const answered = Math.floor(rand() * 3000);
      const abandoned = Math.floor(rand() * answered * 0.035);
      const free = Math.floor(rand() * 10);
      const input = base({ freeAgents: free, period: { answered, abandoned }, stats: stats(0.15 + rand() * 0.3), settings: { guard: 'worst-case' },
        inFlightElapsedMs: Array.from({ length: Math.floor(rand() * 40) }, () => rand() * 30_000) });
      const sut = decideDials(input);
      const lines = input.inFlightElapsedMs.length + sut.dials;
      if (sut.dials === 0) continue; // nothing placed: whatever rings was allowed by an earlier decision
      const worst = (abandoned + Math.max(0, lines - free)) / (answered + lines);
      // Over the cap already (the abandons happened): no dial may make it worse.
      expect(worst).toBeLessThanOrEqual(Math.max(0.03, abandoned / Math.max(1, answered)) + 1e-12);
    }
  });

  it('at the start of a period the worst-case guard dials like progressive; the statistical one counts agents freeing', () => {
    const start = { period: { answered: 0, abandoned: 0 }, inFlightElapsedMs: [1_000, 2_000] };
    expect(decideDials(base({ ...start, settings: { guard: 'worst-case' } })).dials).toBe(3);
    expect(decideDials(base(start)).dials).toBeGreaterThan(3);
    expect(worstCaseLines(0.03, { answered: 0, abandoned: 0 }, 5)).toBe(5);
    expect(worstCaseLines(0.03, { answered: 1000, abandoned: 10 }, 0)).toBe(20);
  });

  it('keeps the abandon cap configurable', () => {
    const tight = decideDials(base({ settings: { abandonCap: 0.01 } }));
    const loose = decideDials(base({ settings: { abandonCap: 0.05 } }));
    expect(tight.dials).toBeLessThan(loose.dials);
  });
});

describe('pacer building blocks', () => {
  it('smooths the answer rate with a prior', () => {
    expect(answerRate({ dials: 0, answers: 0 })).toBeCloseTo(0.25);
    expect(answerRate({ dials: 10_000, answers: 4000 })).toBeCloseTo(0.4, 2);
  });

  it('a ringing call is less likely to answer the longer it rings, and not at all past the timeout', () => {
    const early = stillAnswers(0.3, answers, 30_000, 1_000);
    const late = stillAnswers(0.3, answers, 30_000, 12_000);
    expect(early).toBeCloseTo(0.3);
    expect(late).toBeLessThan(early);
    expect(stillAnswers(0.3, answers, 30_000, 30_000)).toBe(0);
  });

  it('an agent deep into a call is more likely to be free soon', () => {
    expect(freesWithin(handle, 0, 10_000)).toBe(0);
    expect(freesWithin(handle, 100_000, 10_000)).toBeGreaterThan(freesWithin(handle, 40_000, 10_000));
  });

  it('calls still running lengthen the measured handle times (a cold start has only the short ones finished)', () => {
    const finished = [10_000, 12_000, 14_000];
    const running = Array.from({ length: 30 }, () => 20_000);
    expect(freesWithin(finished, 13_000, 5_000)).toBe(1);
    expect(freesWithin(finished, 13_000, 5_000, running)).toBeLessThan(0.1);
    expect(freesWithin([], 13_000, 5_000, running)).toBe(0);
  });

  it('expected overflow of answers over agents', () => {
    expect(poissonBinomial([0.5, 0.5])).toEqual([0.25, 0.5, 0.25]);
    // 2 answers for sure, 1 agent for sure: 1 abandon.
    expect(expectedOverflow([0, 0, 1], [0, 1])).toEqual({ abandons: 1, answers: 2 });
    expect(expectedOverflow([0.5, 0.5], [1]).abandons).toBeCloseTo(0.5);
  });

  it('backs off quadratically', () => {
    expect(backoffTarget(0.03, 0.6, 0)).toBeCloseTo(0.018);
    expect(backoffTarget(0.03, 0.6, 0.015)).toBeCloseTo(0.0135);
    expect(backoffTarget(0.03, 0.6, 0.04)).toBe(0);
  });

  it('measures only resolved dials of the window, newest first up to maxDials', () => {
    const d = (placed: number, answered: number | null, live: boolean | null, ended: number | null): DialSample => ({ placedAtMs: placed, answeredAtMs: answered, live, endedAtMs: ended });
    const dials = [d(0, 5_000, true, null), d(100_000, 105_000, true, null), d(110_000, 118_000, false, null), d(120_000, null, null, 150_000), d(170_000, null, null, null)];
    const sut = measure(dials, [{ connectedAtMs: 0, freedAtMs: 60_000 }], { nowMs: 180_000, windowMs: 100_000, ringTimeoutMs: 30_000, detectMs: 0 });
    expect(sut).toMatchObject({ dials: 3, answers: 1, answerTimesMs: [5_000], handleTimesMs: [60_000] });
    // A dial ended busy 10 s ago but placed within the ring timeout does not count yet (its fate is known, but
    // counting early endings first biases the rate low).
    expect(measure([...dials, d(160_000, null, null, 163_000)], [], { nowMs: 180_000, windowMs: 100_000, ringTimeoutMs: 30_000, detectMs: 0 }).dials).toBe(3);
    expect(measure(dials, [], { nowMs: 180_000, windowMs: 1e9, ringTimeoutMs: 30_000, detectMs: 0, maxDials: 2 }).dials).toBe(2);
  });
});
