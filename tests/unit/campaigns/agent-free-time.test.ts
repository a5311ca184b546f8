import { describe, expect, it } from 'vitest';
import { endsWithin, phaseFreeChances, talkThenWrapWithin } from '../../../server/campaigns/agent-free-time';
import { kaplanMeier } from '../../../server/campaigns/kaplan-meier';
import { decideDials, type PacerInput } from '../../../server/campaigns/predictive-pacer';
import { measure, type HandleSample } from '../../../server/campaigns/pacer-measurements';

// Which busy agents free up soon, by phase (talk or wrap-up). Deterministic samples; the decisions are asserted.

const talk = Array.from({ length: 20 }, (_, i) => 50_000 + i * 1_000); // 50..69 s
const wrap = Array.from({ length: 20 }, (_, i) => 6_000 + i * 200); // 6..9.8 s
const samples = { talkTimesMs: talk, wrapUpTimesMs: wrap };

describe('agent free time by phase', () => {
  it('an agent in wrap-up frees within the wrap-up left; one still talking needs the talk and the wrap-up', () => {
    const [inWrap, talking, lateTalk] = phaseFreeChances([{ elapsedMs: 63_000, wrapUpMs: 3_000 }, { elapsedMs: 63_000, wrapUpMs: null },
      { elapsedMs: 68_500, wrapUpMs: null }], samples)!(10_500);
    // 3 s into a wrap-up of 6-9.8 s: done within 10.5 s for sure.
    expect(inWrap).toBe(1);
    // 63 s into the talk: it ends at 64..69 s (6 samples left), then 6-9.8 s of wrap-up; within 10.5 s only when the
    // talk ends by 67 s and its wrap-up is short enough: 0 < p < 0.5.
    expect(talking).toBeGreaterThan(0);
    expect(talking).toBeLessThan(0.5);
    // 68.5 s in: the talk ends at 69 s, the wrap-up (<= 9.8 s) by 78.8 s, within 10.5 s.
    expect(lateTalk).toBeCloseTo(1, 5);
  });

  it('talk then wrap-up, exact on a single talk length', () => {
    const oneTalk = kaplanMeier([60_000], []);
    const wraps = kaplanMeier([5_000, 10_000], []);
    // Talk ends 5 s from now, then wrap-up 5 s (half) or 10 s (half): within 11 s only the 5 s one.
    expect(talkThenWrapWithin(oneTalk, wraps, 55_000, 11_000)).toBeCloseTo(0.5, 5);
    expect(talkThenWrapWithin(oneTalk, wraps, 55_000, 16_000)).toBeCloseTo(1, 5);
    expect(talkThenWrapWithin(oneTalk, wraps, 55_000, 9_000)).toBe(0);
    expect(endsWithin(wraps, 6_000, 4_000)).toBe(1);
  });

  it('tells nothing apart with too few samples (the pacer then counts from the connect)', () => {
    expect(phaseFreeChances([{ elapsedMs: 1, wrapUpMs: null }], { talkTimesMs: talk.slice(0, 19), wrapUpTimesMs: wrap })).toBeNull();
    expect(phaseFreeChances([{ elapsedMs: 1, wrapUpMs: null }], { talkTimesMs: talk, wrapUpTimesMs: [] })).toBeNull();
  });
});

describe('the pacer with phases', () => {
  const handle = talk.map((t, i) => t + wrap[i]!);
  const base = (wrapUp: PacerInput['busyAgentsWrapUpMs']): PacerInput => ({
    freeAgents: 2, busyAgentsElapsedMs: Array.from({ length: 48 }, () => 40_000), busyAgentsWrapUpMs: wrapUp, inFlightElapsedMs: [],
    period: { answered: 5000, abandoned: 50 },
    stats: { dials: 1000, answers: 300, answerTimesMs: Array.from({ length: 100 }, (_, i) => 4_000 + i * 100), handleTimesMs: handle,
      talkTimesMs: talk, wrapUpTimesMs: wrap, ringTimeoutMs: 30_000, detectMs: 2_500 },
    settings: { guard: 'worst-case' },
  });

  it('dials ahead for the agents in wrap-up, and less when the same agents are still talking', () => {
    // 48 agents 40 s after their connect: from the connect alone they look alike. 24 of them in wrap-up for 4 s free
    // within the horizon (~10.5 s); still talking (talk 50-69 s, then 6-9.8 s of wrap-up) none does.
    const half = decideDials(base(Array.from({ length: 48 }, (_, i) => (i < 24 ? 4_000 : null))));
    const talking = decideDials(base(Array.from({ length: 48 }, () => null)));
    const unknown = decideDials(base(undefined));
    expect(half.dials).toBeGreaterThan(talking.dials);
    expect(half.dials).toBeGreaterThanOrEqual(24);
    expect(talking.dials).toBeLessThan(24);
    expect(unknown.dials).toBe(talking.dials);
    for (const d of [half, talking, unknown]) expect(d.expectedAbandons).toBeLessThanOrEqual(d.target * d.expectedAnswers + 1e-9);
  });
});

describe('measurements for the phases', () => {
  it('splits talk and wrap-up only where the wrap-up start is known', () => {
    const h: HandleSample[] = [{ connectedAtMs: 0, wrapUpAtMs: 40_000, freedAtMs: 48_000 }, { connectedAtMs: 10_000, freedAtMs: 70_000 },
      { connectedAtMs: 20_000, wrapUpAtMs: 80_000, freedAtMs: 90_000 }];
    const sut = measure([], h, { nowMs: 100_000, windowMs: 30 * 60_000, ringTimeoutMs: 30_000, detectMs: 0 });
    expect(sut.handleTimesMs).toEqual([48_000, 60_000, 70_000]);
    expect(sut.talkTimesMs).toEqual([40_000, 60_000]);
    expect(sut.wrapUpTimesMs).toEqual([8_000, 10_000]);
  });

  it('keeps the newest handle times whatever their age: a shift\'s first short calls do not replace yesterday\'s', () => {
    const day = 24 * 3_600_000;
    const yesterday: HandleSample[] = Array.from({ length: 300 }, (_, i) => ({ connectedAtMs: -day + i * 10_000, freedAtMs: -day + i * 10_000 + 60_000 }));
    const today: HandleSample[] = Array.from({ length: 25 }, (_, i) => ({ connectedAtMs: i * 1_000, freedAtMs: i * 1_000 + 8_000 }));
    const sut = measure([], [...yesterday, ...today], { nowMs: 60_000, windowMs: 30 * 60_000, ringTimeoutMs: 30_000, detectMs: 2_500, maxSamples: 100 });
    expect(sut.handleTimesMs).toHaveLength(100);
    expect(sut.handleTimesMs.filter((x) => x === 8_000)).toHaveLength(25);
    expect(sut.handleTimesMs.filter((x) => x === 60_000)).toHaveLength(75);
  });
});
