import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { seedCustomer, seedProduct, seedPurchase } from '../../factories/campaign.factory';
import type { SegmentRule } from '@contract/segment-rules';

let ctx: TestContext;
let manager: TestUser;
let operator: TestUser;
const ids: Record<string, number> = {};
let serviceY: number;
let productX: number;
let source: number;
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await createTestContext();
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
  const s = ctx.services;
  serviceY = await seedProduct(s, '30.00', 'service');
  productX = await seedProduct(s, '99.00', 'product');
  source = (await s.db.insertInto('lead_sources').values({ code: `seg-src-${process.pid}`, name: 'Fair' }).returning('id').executeTakeFirstOrThrow()).id;
  // alice: uses Y, spends 500, VIP, north, contacted recently, birthday in March, open complaint
  ids.alice = (await seedCustomer(s, { region: 'north', tags: ['vip', 'newsletter'], birthday: '1980-03-14', lastContactAt: new Date(Date.now() - 2 * DAY), leadSourceId: source })).id;
  await seedPurchase(s, ids.alice, serviceY, '500.00');
  await s.db.insertInto('cases').values({ customer_id: ids.alice, kind: 'complaint', subject: 'Slow' }).execute();
  // bob: uses Y, spends 60 (cancelled 1000 does not count), south
  ids.bob = (await seedCustomer(s, { region: 'south', tags: ['newsletter'], lastContactAt: new Date(Date.now() - 90 * DAY) })).id;
  await seedPurchase(s, ids.bob, serviceY, '60.00', { at: new Date(Date.now() - 200 * DAY) });
  await seedPurchase(s, ids.bob, productX, '1000.00', { status: 'cancelled' });
  // carol: owns X and Y, big spender, do-not-call
  ids.carol = (await seedCustomer(s, { region: 'north', tags: ['vip'], doNotCall: true })).id;
  await seedPurchase(s, ids.carol, serviceY, '300.00');
  await seedPurchase(s, ids.carol, productX, '400.00');
  // dave: owns nothing, never contacted, resolved complaint only
  ids.dave = (await seedCustomer(s, { region: 'east', birthday: '1990-03-01' })).id;
  await s.db.insertInto('cases').values({ customer_id: ids.dave, kind: 'complaint', subject: 'Old', status: 'resolved' }).execute();
});
afterAll(async () => { await ctx.close(); });

async function preview(rules: SegmentRule) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/segments/preview', headers: authHeader(manager), payload: { rules, sampleSize: 50 } });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { size: number; sample: Array<{ id: number }> };
  return { size: body.size, members: body.sample.map((m) => m.id).sort((a, b) => a - b) };
}
const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort((a, b) => a - b);

describe('segment rules compiled to SQL', () => {
  it('"uses service Y and spends above Z" selects exactly those customers', async () => {
    const sut = await preview({ all: [{ type: 'owns_products', productIds: [serviceY] }, { type: 'total_spend', op: 'gte', value: 250 }] });
    expect(sut).toEqual({ size: 2, members: sorted('alice', 'carol') });
  });

  it('does-not-own, any groups and not', async () => {
    expect((await preview({ type: 'not_owns_products', productIds: [productX] })).members).toEqual(sorted('alice', 'bob', 'dave'));
    expect((await preview({ type: 'owns_products', productIds: [productX, serviceY], match: 'all' })).members).toEqual(sorted('carol'));
    expect((await preview({ any: [{ type: 'region_in', regions: ['south'] }, { type: 'tags', match: 'all', tags: ['vip', 'newsletter'] }] })).members).toEqual(sorted('alice', 'bob'));
    expect((await preview({ not: { type: 'region_in', regions: ['north'] } })).members).toEqual(sorted('bob', 'dave'));
  });

  it('spend, contact recency, tags, birthday month, complaints, lead source, flags', async () => {
    expect((await preview({ type: 'total_spend', op: 'lte', value: 60 })).members).toEqual(sorted('bob', 'dave'));
    expect((await preview({ type: 'recent_spend', days: 30, op: 'gte', value: 100 })).members).toEqual(sorted('alice', 'carol'));
    expect((await preview({ type: 'last_contact_within', days: 7 })).members).toEqual(sorted('alice'));
    expect((await preview({ type: 'last_contact_within', days: 7, negate: true })).members).toEqual(sorted('bob', 'carol', 'dave'));
    expect((await preview({ type: 'last_contact', op: 'before', at: new Date(Date.now() - 30 * DAY).toISOString() })).members).toEqual(sorted('bob'));
    expect((await preview({ type: 'tags', match: 'none', tags: ['vip'] })).members).toEqual(sorted('bob', 'dave'));
    expect((await preview({ type: 'tags', match: 'any', tags: ['newsletter'] })).members).toEqual(sorted('alice', 'bob'));
    expect((await preview({ type: 'birthday_month', months: [3] })).members).toEqual(sorted('alice', 'dave'));
    expect((await preview({ type: 'has_open_complaint', value: true })).members).toEqual(sorted('alice'));
    expect((await preview({ type: 'lead_source_in', leadSourceIds: [source] })).members).toEqual(sorted('alice'));
    expect((await preview({ type: 'do_not_call', value: false })).members).toEqual(sorted('alice', 'bob', 'dave'));
  });

  it('user input is bound, never spliced into SQL', async () => {
    const sut = await preview({ any: [{ type: 'region_in', regions: ["north' OR 1=1 --"] }, { type: 'tags', match: 'any', tags: ["x'); DROP TABLE customers; --"] }] });
    expect(sut.size).toBe(0);
    expect(Number((await ctx.services.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThanOrEqual(4);
  });

  it('refuses malformed rule trees with a 400', async () => {
    for (const rules of [{ type: 'total_spend', op: 'gt', value: 1 }, { all: [] }, { type: 'region_in', regions: ['a'], extra: 1 }, { type: 'nope' }]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/segments/preview', headers: authHeader(manager), payload: { rules } });
      expect(res.statusCode).toBe(400);
    }
    let deep: SegmentRule = { type: 'region_in', regions: ['x'] };
    for (let i = 0; i < 8; i++) deep = { all: [deep] };
    const res = await ctx.app.inject({ method: 'POST', url: '/api/segments/preview', headers: authHeader(manager), payload: { rules: deep } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('segment-rules-invalid');
  });
});

describe('saved segments', () => {
  it('CRUD, preview of a saved segment, unique names, and only campaign managers', async () => {
    const rules: SegmentRule = { type: 'region_in', regions: ['north'] };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/segments', headers: authHeader(manager), payload: { name: 'North', rules } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect(created.json().rules).toEqual(rules);
    const dup = await ctx.app.inject({ method: 'POST', url: '/api/segments', headers: authHeader(manager), payload: { name: 'North', rules } });
    expect(dup.statusCode).toBe(409);
    const pv = await ctx.app.inject({ method: 'GET', url: `/api/segments/${id}/preview?sampleSize=1`, headers: authHeader(manager) });
    expect(pv.json()).toMatchObject({ size: 2, sample: [{ id: Math.min(ids.alice!, ids.carol!) }] });
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/segments/${id}`, headers: authHeader(manager), payload: { rules: { type: 'region_in', regions: ['east'] } } });
    expect(patched.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/segments/${id}/preview`, headers: authHeader(manager) })).json().size).toBe(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/segments', headers: authHeader(operator) })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/segments/${id}`, headers: authHeader(manager) })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/segments/${id}`, headers: authHeader(manager) })).statusCode).toBe(404);
  });
});
