import type { OfferReason } from '@contract/offers.schemas';
import { contributions, predict, similarRate, type FeatureMap, type LogisticModel } from './logistic-model';

// Ranking for one customer: P(accept) from the offer's model, expected value = P x margin, the top three, and a
// "why" the operator can read. Pure; the refit job applies it to every customer and stores the result.

export interface RankableOffer { id: number; margin: number; model: LogisticModel | null; modelId: number | null }
export interface RankedOffer { offerId: number; rank: number; probability: number; expectedValue: number; modelId: number | null; reasons: OfferReason[] }

export const MAX_RANKED_OFFERS = 3;
const MAX_FEATURE_REASONS = 2;

/** 1234 -> 1200, 87 -> 80: a threshold a person reads at a glance, never above the value itself. */
function roundDown(v: number): number {
  if (v < 10) return Math.floor(v);
  const magnitude = 10 ** (Math.floor(Math.log10(v)) - 1);
  return Math.floor(v / magnitude) * magnitude;
}

/** Why the model likes this offer for this customer: the features pushing it up most, in words the console renders. */
export function reasonsFor(model: LogisticModel, x: FeatureMap, p: number, productNames: Map<string, string>): OfferReason[] {
  const out: OfferReason[] = [];
  for (const c of contributions(model, x)) {
    if (out.length >= MAX_FEATURE_REASONS || c.contribution <= 0.05) break;
    const f = model.features.find((m) => m.name === c.name)!;
    const [kind, key = ''] = c.name.split(':', 2) as [string, string | undefined];
    if (c.value === 0) continue; // "does not own X" is not a reason a person would say
    if (kind === 'owns') out.push({ kind: 'owns', product: productNames.get(key) ?? key });
    else if (kind === 'spend' && c.value > f.mean) out.push({ kind: 'spend_above', amount: roundDown(Math.expm1(f.mean)) });
    else if (kind === 'tenure_years' && c.value > f.mean) out.push({ kind: 'tenure_above', years: Math.max(1, Math.floor(f.mean)) });
    else if (kind === 'tag') out.push({ kind: 'segment', tag: key });
    else if (kind === 'lead') out.push({ kind: 'lead_source', code: key });
    else if (kind === 'region') out.push({ kind: 'region', region: key });
    else if (kind === 'mood') out.push({ kind: 'mood', mood: key });
  }
  const similar = similarRate(model, p);
  if (similar) out.push({ kind: 'similar_accepted', percent: Math.round(100 * similar.rate), customers: similar.n });
  return out;
}

/** P(accept) with no model yet: nothing learnt, so every eligible offer is even (rule-only). */
const NO_MODEL_PROBABILITY = 0.1;

export function rankOffers(offers: RankableOffer[], x: FeatureMap, productNames: Map<string, string>): RankedOffer[] {
  return offers
    .map((o) => {
      const p = o.model ? predict(o.model, x) : NO_MODEL_PROBABILITY;
      return { o, p, ev: p * o.margin };
    })
    .sort((a, b) => b.ev - a.ev || a.o.id - b.o.id)
    .slice(0, MAX_RANKED_OFFERS)
    .map(({ o, p, ev }, i) => ({
      offerId: o.id, rank: i + 1, probability: p, expectedValue: Math.round(ev * 100) / 100, modelId: o.modelId,
      reasons: o.model ? reasonsFor(o.model, x, p, productNames) : [],
    }));
}
