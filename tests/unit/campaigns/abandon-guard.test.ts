import { describe, expect, it } from 'vitest';
import { answerRateBounds, decideDials, stillAnswers, type PacerInput } from '../../../server/campaigns/predictive-pacer';
import { overdrawRisk, cumulative, slack, wilson, worstCaseLines } from '../../../server/campaigns/abandon-guard';
import { simulateCampaign } from '../../../bench/support/dialer-sim';

// The statistical abandon guard's promise (docs/CAMPAIGNS.md, "Abandon guard"): the chance that one pacing step's
// abandons overdraw the budget the cap leaves stays under `guardRisk`. Checked here by drawing outcomes, not by
// re-deriving the formula, over many random situations; and end to end on the bench's simulated campaign.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const handle = Array.from({ length: 200 }, (_, i) => 8_000 + i * 600); // 8..127 s
const answerTimes = Array.from({ length: 200 }, (_, i) => 3_000 + i * 60); // 3..15 s

function situation(rand: () => number): { input: PacerInput; p: number } {
  const p = 0.15 + rand() * 0.3;
  const dials = 100 + Math.floor(rand() * 900);
  const answered = Math.floor(rand() * 2000);
  const agents = 10 + Math.floor(rand() * 50);
  const free = Math.floor(rand() * Math.min(8, agents));
  return {
    p,
    input: {
      freeAgents: free,
      busyAgentsElapsedMs: Array.from({ length: agents - free }, () => rand() * 120_000),
      inFlightElapsedMs: Array.from({ length: Math.floor(rand() * agents) }, () => rand() * 30_000),
      period: { answered, abandoned: Math.floor(rand() * answered * 0.035) },
      stats: { dials, answers: Math.round(dials * p), answerTimesMs: answerTimes, handleTimesMs: handle, ringTimeoutMs: 30_000, detectMs: 2_500 },
    },
  };
}

describe('statistical abandon guard', () => {
  it('over seeds, the drawn chance of overdrawing the cap\'s budget stays within the risk', () => {
    const rand = rng(2024);
    const risk = 0.01;
    const draws = 3_000;
    let overdialled = 0;
    for (let i = 0; i < 40; i++) {
      const { input, p } = situation(rand);
      const sut = decideDials(input);
      if (sut.dials > Math.max(0, input.freeAgents - input.inFlightElapsedMs.length)) overdialled++;
      const budget = slack(0.03, input.period);
      // The remaining talk + wrap-up of a call already e long: a handle time longer than e, drawn.
      const longer = input.busyAgentsElapsedMs.map((e) => handle.filter((h) => h > e));
      let over = 0;
      for (let k = 0; k < draws; k++) {
        let x = 0;
        for (const e of input.inFlightElapsedMs) if (rand() < stillAnswers(p, answerTimes, 30_000, e)) x++;
        for (let n = 0; n < sut.dials; n++) if (rand() < p) x++;
        let y = input.freeAgents;
        input.busyAgentsElapsedMs.forEach((e, j) => {
          const l = longer[j]!;
          const h = l.length > 0 ? l[Math.floor(rand() * l.length)]! : e + 1e9;
          if (h <= e + sut.horizonMs) y++;
        });
        if (Math.max(0, x - y) > Math.max(0, budget + 0.03 * x)) over++;
      }
      const sd = Math.sqrt((risk * (1 - risk)) / draws);
      expect(over / draws, `situation ${i}: ${JSON.stringify({ dials: sut.dials, reason: sut.reason })}`).toBeLessThanOrEqual(risk + 4 * sd);
    }
    // Not vacuous: most situations dial more than progressive would.
    expect(overdialled).toBeGreaterThan(20);
  }, 60_000);

  it('the overdraw risk is exact on small cases', () => {
    // 2 answers for sure, 1 agent for sure, no budget: one abandon, over whatever the cap allows of 2 answers.
    expect(overdrawRisk([0, 0, 1], cumulative([0, 1]), 0.03, 0)).toBe(1);
    // A budget of 1 abandon covers it.
    expect(overdrawRisk([0, 0, 1], cumulative([0, 1]), 0.03, 1)).toBe(0);
    // Half a chance of a second answer, one agent: overdraw iff both answer.
    expect(overdrawRisk([0, 0.5, 0.5], cumulative([0, 1]), 0.03, 0)).toBeCloseTo(0.5);
  });

  it('takes the answer rate at its upper bound, and follows a rise seen on the newest dials before they settle', () => {
    const settled = { dials: 300, answers: 60 };
    const b = answerRateBounds(settled);
    expect(b.high).toBeGreaterThan(b.rate);
    expect(wilson(60 + 0.25 * 30, 330, 1.645).high).toBeCloseTo(b.high);
    const risen = answerRateBounds({ ...settled, fresh: { answers: 40, exposure: 100 } });
    expect(risen.rate).toBeCloseTo(0.4);
    expect(risen.high).toBeGreaterThan(0.4);
    // A fresh figure within the noise does not move it.
    expect(answerRateBounds({ ...settled, fresh: { answers: 3, exposure: 10 } })).toEqual(b);
  });

  it('the budget carries over: answers connected earlier in the period let later steps dial more', () => {
    const { input } = situation(rng(5));
    const fresh = decideDials({ ...input, period: { answered: 0, abandoned: 0 } });
    const earned = decideDials({ ...input, period: { answered: 3_000, abandoned: 0 } });
    expect(earned.guardLines).toBeGreaterThan(fresh.guardLines);
  });
});

describe('the pacer on a simulated campaign (bench/support/dialer-sim.ts, virtual time)', () => {
  it('over seeds and answer rates, a cold 30 minutes with 50 agents stays within the cap and beats progressive', () => {
    for (const seed of [11, 12]) {
      for (const rate of [0.2, 0.4]) {
        const o = { agents: 50, durationMs: 30 * 60_000, seed, answerRates: [rate], talk: { medianS: 35, sigma: 0.9, wrapMedianS: 8 } };
        const predictive = simulateCampaign({ ...o, mode: 'predictive' });
        const progressive = simulateCampaign({ ...o, mode: 'progressive' });
        expect(predictive.abandonRate, `seed ${seed} rate ${rate}`).toBeLessThanOrEqual(0.03);
        expect(predictive.connectsPerAgentHour, `seed ${seed} rate ${rate}`).toBeGreaterThan(1.5 * progressive.connectsPerAgentHour);
      }
    }
  }, 60_000);
});

describe('the worst-case guard is the most a hard guarantee allows (docs/CAMPAIGNS.md, "Cold start")', () => {
  it('one line more than it allows, all answering at once with the free agents only, passes the cap', () => {
    const rand = rng(21);
    for (let i = 0; i < 200; i++) {
      const cap = 0.03;
      const w = { answered: Math.floor(rand() * 5_000), abandoned: 0 };
      w.abandoned = Math.floor(rand() * cap * w.answered);
      const free = Math.floor(rand() * 20);
      const sut = worstCaseLines(cap, w, free);
      const rateIfAllAnswer = (lines: number) => (w.abandoned + Math.max(0, lines - free)) / (w.answered + lines);
      expect(rateIfAllAnswer(sut)).toBeLessThanOrEqual(cap + 1e-12);
      expect(rateIfAllAnswer(sut + 1)).toBeGreaterThan(cap);
    }
  });

  it('the window guard: a jump of the answer rate cannot spend in one 30-minute window what the period saved', () => {
    // Long calls from a cold start: the first hour abandons nothing (the period's worst case binds), then the answer
    // rate doubles (20 % -> 40 %) with the lines ringing for 20 %. Without the window guard that window ended at 3.24 %
    // (seed 5; seed 7 3.23 %, left out for time). The pacing of then (one horizon, target 0.6 of the cap): the timed
    // model dials this seed so that even without the window guard its windows stay within 3 % (2.51 %).
    const pacing = { slotMs: 0, targetFraction: 0.6 };
    for (const seed of [5]) {
      const o = { mode: 'predictive' as const, agents: 50, durationMs: 90 * 60_000, seed, answerRates: [0.3, 0.2, 0.4], talk: { medianS: 60, sigma: 0.7, wrapMedianS: 12 } };
      const sut = simulateCampaign({ ...o, pacer: { guard: 'worst-case', ...pacing } });
      const periodOnly = simulateCampaign({ ...o, pacer: { guard: 'worst-case', windowStress: 0, ...pacing } });
      expect(periodOnly.maxWindowAbandonRate, `seed ${seed}: the scenario must stress the window`).toBeGreaterThan(0.03);
      expect(sut.maxWindowAbandonRate, `seed ${seed}`).toBeLessThanOrEqual(0.03);
      expect(sut.connects, `seed ${seed}: the window guard costs next to no connects`).toBeGreaterThan(0.95 * periodOnly.connects);
    }
  }, 60_000);

  it('the window guard holds lines back when the last 30 minutes near the cap, never below progressive', () => {
    const { input } = situation(rng(9));
    const warm = { ...input, settings: { guard: 'worst-case' as const }, period: { answered: 6_000, abandoned: 80 }, freeAgents: 3, inFlightElapsedMs: [] };
    const calm = decideDials({ ...warm, recent: { answered: 1_000, abandoned: 5 } });
    const hot = decideDials({ ...warm, recent: { answered: 1_000, abandoned: 29 } });
    const off = decideDials({ ...warm, recent: { answered: 1_000, abandoned: 29 }, settings: { guard: 'worst-case', windowStress: 0 } });
    expect(hot.guardLines).toBeLessThan(calm.guardLines);
    expect(hot.guardLines).toBeLessThan(off.guardLines);
    expect(hot.dials).toBeGreaterThanOrEqual(3);
  });

  it('a second day, whose rolling period holds the first day\'s answers, dials ahead from its first minute', () => {
    const o = { agents: 50, durationMs: 30 * 60_000, seed: 13, answerRates: [0.25], talk: { medianS: 35, sigma: 0.9, wrapMedianS: 8 }, pacer: { guard: 'worst-case' as const } };
    const day1 = simulateCampaign({ ...o, mode: 'predictive' });
    const sut = simulateCampaign({ ...o, mode: 'predictive', warmPeriod: { answered: 4_500, abandoned: 60 } });
    const progressive = simulateCampaign({ ...o, mode: 'progressive' });
    expect(day1.abandoned).toBe(0);
    expect(sut.maxWindowAbandonRate).toBeLessThanOrEqual(0.03);
    expect(sut.connectsPerAgentHour).toBeGreaterThan(1.25 * day1.connectsPerAgentHour);
    expect(sut.connectsPerAgentHour).toBeGreaterThan(1.7 * progressive.connectsPerAgentHour);
  }, 60_000);
});
