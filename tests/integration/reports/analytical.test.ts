import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';

let ctx: TestContext;
let cm: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  cm = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  const db = ctx.db.db;
  const [web, tv] = await db.insertInto('lead_sources').values([{ code: 'web', name: 'Web' }, { code: 'tv', name: 'TV' }]).returning('id').execute();
  await db.insertInto('lead_source_costs').values([
    { lead_source_id: web!.id, month: '2024-01-01', amount: '100.00' }, { lead_source_id: web!.id, month: '2024-02-01', amount: '100.00' },
    { lead_source_id: tv!.id, month: '2024-01-01', amount: '1000.00' },
  ]).execute();
  const product = await db.insertInto('products').values({ sku: 'p1', name: 'P1', kind: 'product', price: '10' }).returning('id').executeTakeFirstOrThrow();
  const cust = async (name: string, ls: number | null, acquired: string, birthday: string | null, region = 'north', tags: string[] = []) =>
    (await db.insertInto('customers').values({ full_name: name, lead_source_id: ls, acquired_at: new Date(acquired), birthday, region, tags })
      .returning('id').executeTakeFirstOrThrow()).id;
  const a = await cust('Ann', web!.id, '2024-01-05T10:00:00Z', '1980-06-12', 'north', ['vip']);
  const b = await cust('Bob', web!.id, '2024-02-05T10:00:00Z', '1990-06-20', 'south', ['vip', 'b2b']);
  const c = await cust('Cid', tv!.id, '2024-01-07T10:00:00Z', null, 'south');
  const buy = (customer_id: number, amount: string, at: string, status = 'active', campaign_id: number | null = null) =>
    db.insertInto('purchases').values({ customer_id, product_id: product.id, amount, purchased_at: new Date(at), status, campaign_id }).execute();
  await buy(a, '300.00', '2024-01-10T00:00:00Z');
  await buy(b, '100.00', '2024-02-10T00:00:00Z');
  await buy(b, '999.00', '2024-02-11T00:00:00Z', 'cancelled');
  await buy(c, '500.00', '2023-01-10T00:00:00Z');
  // Cases: complaints resolved after 1 h, 2 h, 3 h and one still open; one service request.
  for (const [h, kind] of [[1, 'complaint'], [2, 'complaint'], [3, 'complaint'], [null, 'complaint'], [10, 'service_request']] as const) {
    const opened = new Date('2024-03-05T08:00:00Z');
    await db.insertInto('cases').values({ customer_id: a, kind, subject: 's', opened_at: opened, status: h === null ? 'open' : 'resolved',
      resolved_at: h === null ? null : new Date(opened.getTime() + h * 3600_000) }).execute();
  }
  const seg = await db.insertInto('segments').values({ name: 'VIPs', rules: JSON.stringify({ type: 'tags', match: 'any', tags: ['vip'] }) }).returning('id').executeTakeFirstOrThrow();
  const camp = await db.insertInto('campaigns').values({ name: 'Spring', segment_id: seg.id, offer_product_id: product.id, offer_price: '50' }).returning('id').executeTakeFirstOrThrow();
  const attempt = (customer_id: number, outcome: string | null, dial_count: number, refusal_reason: string | null = null) =>
    db.insertInto('campaign_attempts').values({ campaign_id: camp.id, customer_id, phone_e164: '+15550000001', outcome, dial_count, refusal_reason, status: 'done' }).execute();
  await attempt(a, 'accepted', 1);
  await attempt(b, 'refused', 2, 'too expensive');
  await attempt(c, 'no_answer', 3);
  await buy(a, '50.00', '2024-03-01T00:00:00Z', 'active', camp.id);
});
afterAll(async () => { await ctx.close(); });

const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: authHeader(cm) });

describe('analytical reports', () => {
  it('lead sources: cohort revenue, monthly cost, ROI, ranked', async () => {
    const res = await get('/api/reports/analytical/lead-sources?from=2024-01-01&to=2024-02-29&tz=UTC');
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows;
    // Web: Ann 300 + 50 (campaign) + Bob 100 (cancelled 999 excluded) = 450, cost 200 -> ROI 1.25.
    expect(rows[0]).toMatchObject({ rank: 1, code: 'web', customers: 2, revenue: '450.00', cost: '200.00', revenuePerCustomer: '225.00', roi: 1.25 });
    // TV: Cid's lifetime 500 against 1000 -> -0.5.
    expect(rows[1]).toMatchObject({ rank: 2, code: 'tv', customers: 1, revenue: '500.00', cost: '1000.00', roi: -0.5 });
  });

  it('segments by tag and per saved segment', async () => {
    const byTag = (await get('/api/reports/analytical/segments?by=tag')).json().rows;
    expect(byTag.find((r: { key: string }) => r.key === 'vip')).toMatchObject({ customers: 2, buyers: 2, totalSpend: '450.00', avgSpend: '225.00' });
    const saved = (await get('/api/reports/analytical/segments?by=saved')).json().rows;
    expect(saved).toEqual([expect.objectContaining({ label: 'VIPs', customers: 2, totalSpend: '450.00' })]);
    expect((await get('/api/reports/analytical/segments?by=shoe_size')).statusCode).toBe(400);
  });

  it('campaign conversion, revenue and refusal reasons', async () => {
    const body = (await get('/api/reports/analytical/campaigns')).json();
    expect(body.rows[0]).toMatchObject({ name: 'Spring', attempts: 3, attempted: 3, reached: 2, accepted: 1, conversionRate: 0.5, acceptedPerAttempted: 0.3333, purchases: 1, revenue: '50.00' });
    expect(body.refusalReasons).toEqual([{ rank: 1, code: 'too_expensive', reason: 'Too expensive', count: 1, share: 1 }]);
    const csv = await get('/api/reports/analytical/campaigns?format=csv&table=refusal_reasons');
    expect(csv.body.split('\n')[0]).toBe('rank,code,reason,count,share');
  });

  it('cases: volume and resolution-time median / p90 by kind and month', async () => {
    const rows = (await get('/api/reports/analytical/cases?from=2024-03-01&to=2024-03-31&tz=UTC&period=month')).json().rows;
    expect(rows.find((r: { kind: string }) => r.kind === 'complaint')).toEqual({
      period: '2024-03', kind: 'complaint', opened: 4, resolved: 3, open: 1, medianResolutionSeconds: 7200, p90ResolutionSeconds: 10080,
    });
  });

  it('due contacts: birthdays in the next N days and lapsed buyers', async () => {
    const bd = await ctx.services.reports.dueContacts({ kind: 'birthday', days: 10, tz: 'UTC' }, new Date('2024-06-11T12:00:00Z'));
    expect(bd.rows.map((r) => [r.fullName, (r as { nextBirthday?: string }).nextBirthday, (r as { daysUntil?: number }).daysUntil])).toEqual([['Ann', '2024-06-12', 1], ['Bob', '2024-06-20', 9]]);
    const lapsed = await ctx.services.reports.dueContacts({ kind: 'lapsed', lapsedDays: 365, minSpend: 200 }, new Date('2024-06-11T12:00:00Z'));
    expect(lapsed.rows.map((r) => r.fullName)).toEqual(['Cid']);
  });
});
