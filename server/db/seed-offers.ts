import pino from 'pino';
import type { Database } from './database';
import type { SegmentRule } from '@contract/segment-rules';
import { InProcessJobQueue } from '../jobs/in-process-queue';
import { OffersRepository } from '../offers/offers.repository';
import { OfferScoresRepository } from '../offers/offer-scores.repository';
import { OfferModelService } from '../offers/offer-model.service';
import type { FeatureMap } from '../offers/logistic-model';
import { jsonb } from '../segments/segments.repository';

// Demo offers (issue #23): a catalogue and six months of offers made by rule only, whose answers follow a pattern a
// model can learn (who owns what, spend, segment tags, lead source, region, complaints, last mood), then a first fit
// and ranking so the pop shows ranked offers at once. The pattern is written below as each offer's true log-odds;
// bench:offers measures how well the fit recovers it on a held-out month.

interface DemoOffer {
  sku: string; name: string; margin: number; script: string; eligibility: (ids: Map<string, number>) => SegmentRule;
  logit: (x: FeatureMap) => number;
}

const f = (x: FeatureMap, k: string) => x[k] ?? 0;
const negative = (x: FeatureMap) => f(x, 'mood:negative');

export const DEMO_OFFERS: DemoOffer[] = [
  {
    sku: 'NET-500', name: 'Upgrade to Internet 500', margin: 20,
    script: 'Since you stream a lot, Internet 500 is five times faster for 20 more a month.',
    eligibility: (p) => ({ all: [{ type: 'owns_products', productIds: [p.get('NET-100')!] }, { type: 'do_not_call', value: false }] }),
    logit: (x) => -1.6 + 1.8 * f(x, 'owns:TV-PREMIUM') + 1.3 * f(x, 'tag:business') + 0.7 * (f(x, 'spend') - 5) - 1.8 * negative(x) - 0.9 * f(x, 'complaints_recent'),
  },
  {
    sku: 'TV-PREMIUM', name: 'TV Premium upgrade', margin: 18,
    script: 'TV Premium adds 80 channels and sports; the first month is free.',
    eligibility: () => ({ all: [{ type: 'do_not_call', value: false }] }),
    logit: (x) => -2.2 + 2.0 * f(x, 'owns:TV-BASIC') + 1.2 * f(x, 'tag:vip') + 0.9 * f(x, 'lead:referral') - 1.8 * negative(x),
  },
  {
    sku: 'ROUTER-X', name: 'Wi-Fi 6 router', margin: 45,
    script: 'The Wi-Fi 6 router covers the whole home; we ship it tomorrow.',
    eligibility: (p) => ({ any: [{ type: 'owns_products', productIds: [p.get('NET-100')!, p.get('NET-500')!] }] }),
    logit: (x) => -2.4 + 2.0 * f(x, 'owns:NET-500') + 1.3 * f(x, 'tag:business') + 0.8 * (f(x, 'tenure_years') - 1.4) - 1.6 * negative(x),
  },
  {
    sku: 'CAM-KIT', name: 'Home camera kit', margin: 70,
    script: 'Our camera kit installs in ten minutes and streams to your phone.',
    eligibility: () => ({ all: [{ type: 'total_spend', op: 'gte', value: 50 }, { type: 'do_not_call', value: false }] }),
    logit: (x) => -3.2 + 1.0 * (f(x, 'spend') - 5) + 1.9 * f(x, 'tag:vip') + 1.1 * f(x, 'region:US-CA') - 1.5 * negative(x),
  },
  {
    sku: 'SUPPORT-PLUS', name: 'Priority support', margin: 6,
    script: 'Priority support answers in under a minute, day and night.',
    eligibility: () => ({ all: [{ type: 'do_not_call', value: false }] }),
    logit: (x) => -1.9 + 1.1 * f(x, 'complaints_recent') + 1.4 * f(x, 'tag:business') + 0.9 * f(x, 'owns:ROUTER-X') + 0.6 * negative(x),
  },
  {
    sku: 'MOB-5G', name: 'Mobile 5G plan', margin: 12,
    script: 'Add a 5G mobile line to your bill and save 10%.',
    eligibility: () => ({ all: [{ type: 'do_not_call', value: false }] }),
    logit: (x) => -1.8 + 2.0 * f(x, 'tag:student') + 1.0 * f(x, 'lead:facebook') + 0.6 * f(x, 'lead:google_ads') - 0.7 * (f(x, 'tenure_years') - 1.4),
  },
];

/** Deterministic pseudo-random numbers (mulberry32): the same demo every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REFUSALS: Record<string, Array<[string, number]>> = {
  default: [['not_interested', 0.4], ['no_need', 0.3], ['too_expensive', 0.2], ['has_competitor', 0.1]],
  'CAM-KIT': [['too_expensive', 0.5], ['not_interested', 0.3], ['no_need', 0.2]],
  'MOB-5G': [['has_competitor', 0.5], ['not_interested', 0.3], ['no_need', 0.2]],
};

function pick(r: () => number, weighted: Array<[string, number]>): string {
  let u = r();
  for (const [v, w] of weighted) if ((u -= w) <= 0) return v;
  return weighted[weighted.length - 1]![0];
}

const DAY_MS = 86_400_000;

export async function seedOffers(db: Database, options: { history?: number; days?: number; now?: Date } = {}): Promise<void> {
  if (await db.selectFrom('offers').select('id').limit(1).executeTakeFirst()) return;
  const products = new Map((await db.selectFrom('products').select(['id', 'sku', 'price']).execute()).map((p) => [p.sku, p]));
  const offers = DEMO_OFFERS.filter((o) => products.has(o.sku));
  if (offers.length === 0) return;
  const manager = await db.selectFrom('users').select('id').where('role', '=', 'campaign_manager').executeTakeFirst();
  const ids = new Map([...products].map(([sku, p]) => [sku, p.id]));
  const created = await db.insertInto('offers').values(offers.map((o) => ({
    product_id: ids.get(o.sku)!, name: o.name, eligibility: jsonb(o.eligibility(ids)), price: products.get(o.sku)!.price,
    margin: o.margin.toFixed(2), script: o.script, created_by: manager?.id ?? null,
  }))).returning(['id', 'product_id']).execute();

  const repo = new OffersRepository(db);
  const scores = new OfferScoresRepository(db);
  const now = options.now ?? new Date();
  // A sample of the book (the history does not need every customer of a million-customer bench).
  const sample = await scores.customerIdsAfter(0, 6000);
  if (sample.length === 0) return;
  const features = await repo.features(sample);
  const eligible = await Promise.all(offers.map((o) => scores.eligible(o.eligibility(ids), sample, now)));
  const blocked = await scores.blocked(sample);
  // An offer is made to a customer, never before they became one (issue #22.7: "customer since" after their history).
  const since = new Map<number, number>();
  for (let i = 0; i < sample.length; i += 5000) {
    const rows = await db.selectFrom('customers').select(['id', 'acquired_at']).where('id', 'in', sample.slice(i, i + 5000)).execute();
    for (const row of rows) since.set(row.id, new Date(row.acquired_at).getTime());
  }
  const r = random(20261205);
  const total = options.history ?? 12_000;
  const days = options.days ?? 180;
  const outcomes = [];
  const purchases = [];
  for (let i = 0; i < total; i++) {
    const customerId = sample[Math.floor(r() * sample.length)]!;
    const c = features.get(customerId);
    const k = Math.floor(r() * offers.length);
    const offer = offers[k]!;
    const productId = ids.get(offer.sku)!;
    if (!c || c.doNotCall || !eligible[k]!.has(customerId) || blocked.owns.has(`${customerId}:${productId}`)) continue;
    const window = Math.max(0, Math.min(days * DAY_MS, now.getTime() - (since.get(customerId) ?? 0)));
    const at = new Date(now.getTime() - r() * window);
    const u = r();
    const p = 1 / (1 + Math.exp(-offer.logit(c.features)));
    const result = u < 0.08 ? 'not_offered' : u < 0.1 ? 'offered' : r() < p ? 'accepted' : 'refused';
    outcomes.push({
      offer_id: created[k]!.id, customer_id: customerId, result, direction: r() < 0.7 ? 'inbound' : 'outbound', occurred_at: at,
      refusal_code: result === 'refused' ? pick(r, REFUSALS[offer.sku] ?? REFUSALS.default!) : null, features: jsonb(c.features),
    });
    if (result === 'accepted') purchases.push({ customer_id: customerId, product_id: productId, amount: products.get(offer.sku)!.price, purchased_at: at, source: 'offer' });
  }
  for (let i = 0; i < outcomes.length; i += 1000) await db.insertInto('offer_outcomes').values(outcomes.slice(i, i + 1000)).execute();
  // Accepted offers became purchases (after the features were snapshotted: the answer must not leak into them).
  for (let i = 0; i < purchases.length; i += 1000) await db.insertInto('purchases').values(purchases.slice(i, i + 1000)).execute();
  const models = new OfferModelService(repo, scores, new InProcessJobQueue(), pino({ level: 'silent' }), { refitEveryMs: 0, clock: () => now });
  await models.refit();
}
