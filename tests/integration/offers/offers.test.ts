import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createCustomer, createProduct, insertCall } from '../../factories/customer.factory';
import { JOBS } from '../../../server/jobs/job-queue';
import { seedReferenceData } from '../../../server/db/seed-reference';
import type { OfferView, PopOffer } from '@contract/offers.schemas';

// Next best offer (issue #23) on a real database: the catalogue API, the refit job and its versions, eligibility
// and the hard exclusions of the ranking, outcomes from the wrap-up (with the purchase an acceptance becomes),
// the pop carrying the ranking, and the report.
let ctx: TestContext;
let manager: TestUser;
let operator: TestUser;
const products: Record<string, { id: number; sku: string; name: string }> = {};
const offers: Record<string, OfferView> = {};

async function createOffer(body: Record<string, unknown>): Promise<OfferView> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/offers', headers: authHeader(manager), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as OfferView;
}

async function ranked(customerId: number): Promise<PopOffer[]> {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/customers/${customerId}/offers`, headers: authHeader(operator) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PopOffer[];
}

/** Labelled history: owners of the base product accept the router 80% of the time, others 10%. */
async function history(offerId: number, customerId: number, n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const owns = i % 2 === 0;
    const accepted = owns ? i % 10 !== 0 : i % 10 === 1;
    return {
      offer_id: offerId, customer_id: customerId, result: accepted ? 'accepted' : 'refused', refusal_code: accepted ? null : 'not_interested',
      features: (owns ? { [`owns:${products.base!.sku}`]: 1, spend: 4 + (i % 3) } : { spend: 4 + (i % 3) }) as never,
      occurred_at: new Date(Date.now() - (200 + i) * 86_400_000),
    };
  });
  await ctx.db.db.insertInto('offer_outcomes').values(rows).execute();
}

beforeAll(async () => {
  ctx = await createTestContext();
  await seedReferenceData(ctx.db.db);
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
  products.base = await createProduct(ctx.services, { name: 'Base internet', kind: 'service', price: '30.00' });
  products.router = await createProduct(ctx.services, { name: 'Router', price: '120.00' });
  products.tv = await createProduct(ctx.services, { name: 'TV', kind: 'service', price: '15.00' });
  products.west = await createProduct(ctx.services, { name: 'West coast promo', price: '5.00' });
  offers.router = await createOffer({ productId: products.router.id, name: 'Router for internet owners', price: 120, margin: 40, script: 'A faster router',
    eligibility: { type: 'owns_products', productIds: [products.base.id] } });
  offers.tv = await createOffer({ productId: products.tv.id, name: 'TV for everyone', price: 15, margin: 5, eligibility: { all: [{ type: 'do_not_call', value: false }] } });
  offers.west = await createOffer({ productId: products.west.id, name: 'West only', price: 5, margin: 50, eligibility: { type: 'region_in', regions: ['US-CA'] } });
});
afterAll(async () => {
  await ctx?.close();
});

describe('offer catalogue', () => {
  it('refuses a bad rule, a taken name, an unknown product, and an operator', async () => {
    const post = (payload: unknown, user = manager) => ctx.app.inject({ method: 'POST', url: '/api/offers', headers: authHeader(user), payload: payload as Record<string, unknown> });
    const base = { productId: products.tv!.id, name: 'Another', price: 1, margin: 1, eligibility: { all: [{ type: 'do_not_call', value: false }] } };
    expect((await post({ ...base, eligibility: { type: 'no_such_condition' } })).statusCode).toBe(400);
    expect((await post({ ...base, eligibility: { all: Array.from({ length: 8 }, () => ({ not: { not: { not: { not: { not: { not: { type: 'do_not_call', value: false } } } } } } })) } })).statusCode).toBe(400);
    expect((await post({ ...base, margin: -1 })).statusCode).toBe(400);
    const taken = await post({ ...base, name: offers.tv!.name });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('offer-name-taken');
    expect((await post({ ...base, productId: 999_999 })).statusCode).toBe(404);
    expect((await post(base, operator)).statusCode).toBe(403);
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/offers/${offers.tv!.id}`, headers: authHeader(manager), payload: { script: 'Eighty channels' } });
    expect(patched.json()).toMatchObject({ id: offers.tv!.id, script: 'Eighty channels', margin: '5.00' });
  });
});

describe('fit job and ranking', () => {
  let owner: number;
  let plain: number;
  it('refits from the outcomes table in a background job and keeps every version', async () => {
    const sample = await createCustomer(ctx.services, { fullName: 'History holder' });
    await history(offers.router!.id, sample.id, 200);
    await history(offers.tv!.id, sample.id, 60);
    const stop = ctx.services.offerModels.start();
    try {
      await ctx.services.jobs.add(JOBS.offersRefit, {}, { jobId: 'test-refit-1' });
      await expect.poll(async () => (await ctx.db.db.selectFrom('offer_models').select('version').where('offer_id', '=', offers.router!.id).execute()).length, { timeout: 20_000 }).toBe(1);
    } finally {
      stop();
    }
    await ctx.services.offerModels.refit();
    const versions = await ctx.db.db.selectFrom('offer_models').select(['version', 'model', 'trained_on']).where('offer_id', '=', offers.router!.id).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]!.trained_on).toBe(200);
    const weight = (versions[1]!.model as { features: Array<{ name: string; weight: number }> }).features.find((f) => f.name === `owns:${products.base!.sku}`)!.weight;
    expect(weight).toBeGreaterThan(0.5);
    // West only has no answers yet: no model, so it is ranked on the rule alone.
    expect(await ctx.db.db.selectFrom('offer_models').select('id').where('offer_id', '=', offers.west!.id).execute()).toHaveLength(0);
  });

  it('runs two refits asked at once one after the other: each stores its own version', async () => {
    // The background job and a direct refit overlapping both took the same next version (unique violation, seen in
    // this file under load). Mutation caught: refit() without its chain fails here.
    const before = (await ctx.db.db.selectFrom('offer_models').select('version').where('offer_id', '=', offers.router!.id).execute()).length;
    const [a, b] = await Promise.all([ctx.services.offerModels.refit(), ctx.services.offerModels.refit()]);
    const mine = (s: typeof a) => s.models.find((m) => m.offerId === offers.router!.id)!.version;
    expect([mine(a), mine(b)]).toEqual([before + 1, before + 2]);
  });

  it('ranks only eligible offers, by expected value, with reasons', async () => {
    const a = await createCustomer(ctx.services, { fullName: 'Owner', region: 'US-NY' });
    const b = await createCustomer(ctx.services, { fullName: 'West', region: 'US-CA' });
    owner = a.id;
    plain = b.id;
    await ctx.db.db.insertInto('purchases').values({ customer_id: a.id, product_id: products.base!.id, amount: '30.00' }).execute();
    await ctx.services.offerModels.rescoreAll();
    const forOwner = await ranked(a.id);
    expect(forOwner.map((o) => o.offerId)).toEqual([offers.router!.id, offers.tv!.id]);
    expect(forOwner.map((o) => o.rank)).toEqual([1, 2]);
    expect(Number(forOwner[0]!.expectedValue)).toBeCloseTo(forOwner[0]!.probability * 40, 1);
    expect(forOwner[0]!.probability).toBeGreaterThan(0.6);
    expect(forOwner[0]!.reasons).toContainEqual({ kind: 'owns', product: 'Base internet' });
    expect(forOwner[0]!.reasons.some((r) => r.kind === 'similar_accepted')).toBe(true);
    const forWest = await ranked(b.id);
    expect(forWest.map((o) => o.offerId)).toEqual([offers.west!.id, offers.tv!.id]);
  });

  it('targets "customers whose best offer is X with expected value above V" as a segment condition', async () => {
    const preview = (rules: unknown) => ctx.app.inject({ method: 'POST', url: '/api/segments/preview', headers: authHeader(manager), payload: { rules, sampleSize: 10 } });
    const best = await preview({ type: 'best_offer', offerId: offers.router!.id, minExpectedValue: 20 });
    expect(best.statusCode, best.body).toBe(200);
    expect(best.json().sample.map((m: { id: number }) => m.id)).toEqual([owner]);
    expect((await preview({ type: 'best_offer', offerId: offers.router!.id, minExpectedValue: 39 })).json().size).toBe(0);
    expect((await preview({ type: 'best_offer', offerId: offers.west!.id })).json().sample.map((m: { id: number }) => m.id)).toEqual([plain]);
    expect((await preview({ type: 'best_offer', offerId: 0 })).statusCode).toBe(400);
  });

  it('never offers to do-not-call, an open complaint, or after a recent refusal of that offer', async () => {
    const dnc = await createCustomer(ctx.services, { fullName: 'Do not call', doNotCall: true });
    const angry = await createCustomer(ctx.services, { fullName: 'Angry' });
    await ctx.db.db.insertInto('cases').values({ customer_id: angry.id, kind: 'complaint', subject: 'Outage' }).execute();
    await ctx.services.offerModels.rescoreAll();
    expect(await ranked(dnc.id)).toEqual([]);
    expect(await ranked(angry.id)).toEqual([]);
    await ctx.db.db.insertInto('offer_outcomes').values({ offer_id: offers.tv!.id, customer_id: plain, result: 'refused', refusal_code: 'no_need', occurred_at: new Date(Date.now() - 5 * 86_400_000) }).execute();
    // Checked again at read time: no refit needed for the refusal to count.
    expect((await ranked(plain)).map((o) => o.offerId)).toEqual([offers.west!.id]);
    // A refusal older than the cool-down does not block.
    expect((await ranked(owner)).map((o) => o.offerId)).toContain(offers.tv!.id);
  });

  it('pops the ranked offers in the pop, and the wrap-up records outcomes and the purchase once', async () => {
    const call = await insertCall(ctx.services, { callerNumber: null, customerId: owner, agentUserId: operator.id });
    const pop = await ctx.services.screenPop.build(call.callId, operator.id);
    expect(pop!.offers.map((o) => o.offerId)).toEqual([offers.router!.id, offers.tv!.id]);
    const predicted = pop!.offers[0]!.probability;

    const submit = (payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(operator), payload });
    const body = {
      callId: call.callId, dispositionCode: 'resolved', notes: '', clientKey: 'offer-wrapup-1',
      offers: [{ offerId: offers.router!.id, result: 'accepted', predicted }, { offerId: offers.tv!.id, result: 'refused', refusalCode: 'too_expensive' }],
    };
    const noReason = await submit({ ...body, clientKey: 'offer-wrapup-bad', offers: [{ offerId: offers.tv!.id, result: 'refused' }] });
    expect(noReason.statusCode).toBe(400);
    const badCode = await submit({ ...body, clientKey: 'offer-wrapup-bad2', offers: [{ offerId: offers.tv!.id, result: 'refused', refusalCode: 'nope' }] });
    expect(badCode.statusCode).toBe(400);
    const unknown = await submit({ ...body, clientKey: 'offer-wrapup-bad3', offers: [{ offerId: 999_999, result: 'accepted' }] });
    expect(unknown.statusCode, unknown.body).toBe(404);

    expect((await submit(body)).statusCode).toBe(200);
    expect((await submit(body)).json().duplicate).toBe(true);
    const outcomes = await ctx.db.db.selectFrom('offer_outcomes').selectAll().where('customer_id', '=', owner).orderBy('offer_id').execute();
    expect(outcomes.map((o) => [o.offer_id, o.result, o.refusal_code])).toEqual([[offers.router!.id, 'accepted', null], [offers.tv!.id, 'refused', 'too_expensive']]);
    expect(outcomes[0]!.predicted).toBeCloseTo(predicted, 6);
    expect(outcomes[0]!.features).toMatchObject({ [`owns:${products.base!.sku}`]: 1 });
    const bought = await ctx.db.db.selectFrom('purchases').select(['id', 'amount', 'source']).where('customer_id', '=', owner).where('product_id', '=', products.router!.id).execute();
    expect(bought).toEqual([{ id: outcomes[0]!.purchase_id, amount: '120.00', source: 'offer' }]);
    // Owned now, refused now: neither is offered again.
    expect(await ranked(owner)).toEqual([]);
  });

  it('reports per offer: counts, conversion, revenue, calibration and uplift', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/reports/analytical/offers', headers: authHeader(manager) });
    expect(res.statusCode, res.body).toBe(200);
    const router = (res.json() as { rows: Array<Record<string, unknown>> }).rows.find((r) => r.offerId === offers.router!.id)!;
    expect(router).toMatchObject({ offered: 201, accepted: 101, refused: 100, revenue: "12120.00" });
    expect((router.calibration as unknown[]).length).toBe(10);
    expect(router.uplift as number).toBeGreaterThan(0);
    const csv = await ctx.app.inject({ method: 'GET', url: '/api/reports/analytical/offers?format=csv&table=calibration', headers: authHeader(manager) });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('offer,decile,n,predicted,actual');
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/reports/analytical/offers?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', headers: authHeader(manager) });
    expect(bad.statusCode).toBe(400);
  });
});
