import { describe, expect, it } from 'vitest';
import { fitLogistic, predict, similarRate } from '../../../server/offers/logistic-model';
import { auc, calibrationByDecile, calibrationError } from '../../../server/offers/offer-metrics';
import { rankOffers } from '../../../server/offers/offer-ranking';

/** Deterministic pseudo-random numbers, so the fit sees the same rows every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

const rows = (() => {
  const r = random(7);
  return Array.from({ length: 4000 }, () => {
    const x = { 'owns:A': r() < 0.5 ? 1 : 0, spend: 3 + 4 * r(), 'mood:negative': r() < 0.2 ? 1 : 0 };
    const z = -2 + 2 * x['owns:A'] + 0.5 * (x.spend - 5) - 1.5 * x['mood:negative'];
    return { x, y: (r() < 1 / (1 + Math.exp(-z)) ? 1 : 0) as 0 | 1 };
  });
})();

describe('L2 logistic regression', () => {
  const sut = fitLogistic(rows, { lambda: 1 });
  const weight = (name: string) => { const f = sut.features.find((m) => m.name === name)!; return f.weight / f.sd; };

  it('recovers the generating weights (per unit of the raw feature)', () => {
    expect(weight('owns:A')).toBeCloseTo(2, 0);
    expect(weight('spend')).toBeCloseTo(0.5, 0);
    expect(weight('mood:negative')).toBeCloseTo(-1.5, 0);
  });

  it('separates and is calibrated on its own rows', () => {
    const p = rows.map((r) => predict(sut, r.x));
    const y = rows.map((r) => r.y);
    expect(auc(p, y)!).toBeGreaterThan(0.75);
    expect(calibrationError(calibrationByDecile(p, y))!).toBeLessThan(3);
  });

  it('shrinks weights as the penalty grows', () => {
    const stiff = fitLogistic(rows, { lambda: 5000 });
    expect(Math.abs(stiff.features.find((f) => f.name === 'owns:A')!.weight)).toBeLessThan(Math.abs(sut.features.find((f) => f.name === 'owns:A')!.weight));
  });

  it('reports the observed acceptance of similarly scored rows', () => {
    const low = similarRate(sut, 0.01)!;
    const high = similarRate(sut, 0.99)!;
    expect(low.rate).toBeLessThan(high.rate);
  });
});

describe('auc', () => {
  it('is 1 for a perfect order, 0.5 for ties, null without both answers', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
  });
});

describe('rankOffers', () => {
  it('orders by probability x margin, keeps three, and explains with the features the customer has', () => {
    const model = fitLogistic(rows);
    const offers = [1, 2, 3, 4].map((id) => ({ id, margin: id * 10, model, modelId: id }));
    const sut = rankOffers(offers, { 'owns:A': 1, spend: 6 }, new Map([['A', 'Product A']]));
    expect(sut.map((o) => o.offerId)).toEqual([4, 3, 2]);
    expect(sut.map((o) => o.rank)).toEqual([1, 2, 3]);
    expect(sut[0]!.reasons[0]).toEqual({ kind: 'owns', product: 'Product A' });
    expect(sut[0]!.reasons.at(-1)!.kind).toBe('similar_accepted');
  });
});
