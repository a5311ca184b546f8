import { describe, expect, it } from 'vitest';
import { answerSlots, freeSlots, slotBounds, timedOverflow, withNewDials, type TimedModel } from '../../../server/campaigns/answer-timing';
import { phaseFreeChances, phaseFreeChancesAt } from '../../../server/campaigns/agent-free-time';
import { expectedOverflow, poissonBinomial } from '../../../server/campaigns/pacer-distributions';

// The pacer's timed expected overflow: an answer waits ~2 s, so only agents idle by then or freeing in its slot take it.

const certain = (k: number, slots: number): number[][] => Array.from({ length: slots }, (_, i) => (i === k ? [0, 1] : [1]));

describe('timed expected overflow', () => {
  it('an agent freeing after the answer\'s slot cannot take it; the horizon model counted it', () => {
    const early: TimedModel = { ringing: certain(0, 4), newDial: [0, 0, 0, 0], frees: certain(2, 4), free: 0 };
    expect(timedOverflow(early, early.ringing)).toEqual({ abandons: 1, answers: 1 });
    // One answer, one agent free within the horizon: the horizon model sees no overflow.
    expect(expectedOverflow([0, 1], [0, 1]).abandons).toBe(0);
    const late: TimedModel = { ...early, ringing: certain(2, 4) };
    expect(timedOverflow(late, late.ringing).abandons).toBe(0);
  });

  it('an idle agent waits for a later answer; two answers in one slot need two agents', () => {
    const idle: TimedModel = { ringing: certain(3, 4), newDial: [0, 0, 0, 0], frees: [[1], [1], [1], [1]], free: 1 };
    expect(timedOverflow(idle, idle.ringing).abandons).toBe(0);
    const two: TimedModel = { ringing: [[0, 0, 1], [1]], newDial: [0, 0], frees: [[0, 1], [1]], free: 0 };
    expect(timedOverflow(two, two.ringing)).toEqual({ abandons: 1, answers: 2 });
  });

  it('matches the horizon model when everything happens in one slot', () => {
    const answers = poissonBinomial([0.3, 0.5, 0.9, 0.2]);
    const frees = poissonBinomial([0.6, 0.1]);
    const sut = timedOverflow({ ringing: [answers], newDial: [0], frees: [frees], free: 1 }, [answers]);
    const horizon = expectedOverflow(answers, [0, ...frees]);
    expect(sut.abandons).toBeCloseTo(horizon.abandons, 12);
    expect(sut.answers).toBeCloseTo(horizon.answers, 12);
  });

  it('new dials add their chance per slot; a dial answers at most once over the slots', () => {
    const bounds = slotBounds(2_000, 24_000);
    const answerTimes = Array.from({ length: 100 }, (_, i) => 3_000 + i * 150);
    const fresh = answerSlots(0.3, answerTimes, 30_000, 2_500, 0, bounds);
    expect(fresh).toHaveLength(bounds.length + 1);
    expect(fresh.reduce((a, b) => a + b, 0)).toBeCloseTo(0.3, 12);
    // Answers are known 5.5-20.4 s after the dial (answer + AMD): nothing in the first two slots.
    expect(fresh[0]! + fresh[1]!).toBe(0);
    // A call ringing 15 s: only the later answers are left, and fewer of them.
    const old = answerSlots(0.3, answerTimes, 30_000, 2_500, 15_000, bounds);
    expect(old.reduce((a, b) => a + b, 0)).toBeLessThan(0.3);
    expect(old.slice(3).every((v) => v === 0)).toBe(true);
    expect(answerSlots(0.3, answerTimes, 30_000, 2_500, 33_000, bounds).every((v) => v === 0)).toBe(true);
    const model: TimedModel = { ringing: bounds.concat([0]).map(() => [1]), newDial: fresh, frees: bounds.concat([0]).map(() => [1]), free: 0 };
    const one = withNewDials(model, model.ringing);
    expect(timedOverflow(model, one).answers).toBeCloseTo(0.3, 12);
  });

  it('agents free by slot from their chances at the slot ends', () => {
    const sut = freeSlots([[0.2, 0.5], [0.6, 0.5], [1, 1]]);
    expect(sut[0]).toEqual(poissonBinomial([0.2, 0.5]));
    expect(sut[1]![1]).toBeCloseTo(0.4, 12);
    expect(sut[2]![1]).toBeCloseTo(0.4 * 0.5 + 0.6 * 0.5, 12);
  });

  it('phase chances at several horizons equal those computed one horizon at a time', () => {
    const talk = Array.from({ length: 40 }, (_, i) => 20_000 + i * 1_700);
    const wrap = Array.from({ length: 30 }, (_, i) => 3_000 + i * 400);
    const busy = Array.from({ length: 12 }, (_, i) => ({ elapsedMs: 5_000 + i * 6_000, wrapUpMs: i % 3 === 0 ? i * 700 : null }));
    const horizons = [2_000, 4_000, 10_437, 24_000, 32_500, 33_210];
    const one = phaseFreeChances(busy, { talkTimesMs: talk, wrapUpTimesMs: wrap })!;
    const sut = phaseFreeChancesAt(busy, { talkTimesMs: talk, wrapUpTimesMs: wrap }, horizons)!;
    horizons.forEach((h, k) => one(h).forEach((v, i) => expect(sut[k]![i]).toBeCloseTo(v, 12)));
  });
});
