import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';

// Issue #24: the predictive campaign reports on a real migrated Postgres: abandon rate per local hour of day and
// the AMD outcomes. The dials are rows as the dialer writes them (campaign_dials, migration 0100); the SQL under
// test is the reports repository's.

let ctx: TestContext;
let cm: TestUser;
let op: TestUser;
let campaignId: number;
let otherId: number;

type Dial = { at: string; amd: 'HUMAN' | 'MACHINE' | 'NOTSURE' | 'HANGUP' | null; disposition: 'connected' | 'abandoned' | 'machine_hangup' | 'machine_message' | 'hangup' | null; placed?: string };

beforeAll(async () => {
  ctx = await createTestContext();
  cm = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  op = await createUser(ctx.services, ctx.app, { role: 'operator' });
  const db = ctx.db.db;
  const product = await db.insertInto('products').values({ sku: 'pr1', name: 'P', kind: 'service', price: '10' }).returning('id').executeTakeFirstOrThrow();
  const seg = await db.insertInto('segments').values({ name: 'All', rules: JSON.stringify({ all: [] }) }).returning('id').executeTakeFirstOrThrow();
  const camp = (name: string) => db.insertInto('campaigns').values({ name, segment_id: seg.id, offer_product_id: product.id, offer_price: '10', mode: 'predictive', abandon_cap_pct: '3.00' })
    .returning('id').executeTakeFirstOrThrow();
  campaignId = (await camp('Predictive upsell')).id;
  otherId = (await camp('Other')).id;
  const customer = await db.insertInto('customers').values({ full_name: 'Dial target' }).returning('id').executeTakeFirstOrThrow();
  let n = 0;
  const seed = async (campaign: number, dials: Dial[]) => {
    const attempt = await db.insertInto('campaign_attempts').values({ campaign_id: campaign, customer_id: customer.id, phone_e164: '+15550000002', status: 'done' })
      .returning('id').executeTakeFirstOrThrow();
    for (const d of dials) {
      n++;
      const at = new Date(d.at);
      await db.insertInto('campaign_dials').values({ attempt_id: attempt.id, n, crm_call_id: `rep-${n}`, dial_token: crypto.randomUUID(), status: 'ended',
        campaign_id: campaign, predictive: true, claimed_at: new Date(d.placed ?? new Date(at.getTime() - 8_000).toISOString()), answered_at: at,
        amd_status: d.amd, disposition: d.disposition, ended_at: at }).execute();
    }
  };
  const times = (k: number, iso: string, d: Omit<Dial, 'at'>) => Array.from({ length: k }, (): Dial => ({ at: iso, ...d }));
  await seed(campaignId, [
    // 09:xx UTC (= 10:xx in Europe/Paris in March): 30 live answers, 3 abandoned -> 10 %, over the 3 % cap.
    ...times(27, '2026-03-02T09:15:00Z', { amd: 'HUMAN', disposition: 'connected' }),
    ...times(2, '2026-03-02T09:40:00Z', { amd: 'HUMAN', disposition: 'abandoned' }),
    ...times(1, '2026-03-02T09:50:00Z', { amd: 'NOTSURE', disposition: 'abandoned' }),
    // 14:xx UTC: 50 connected (one of them NOTSURE), no abandon; machines and hang-ups are not live answers.
    ...times(49, '2026-03-02T14:05:00Z', { amd: 'HUMAN', disposition: 'connected' }),
    ...times(1, '2026-03-02T14:06:00Z', { amd: 'NOTSURE', disposition: 'connected' }),
    ...times(6, '2026-03-02T14:07:00Z', { amd: 'MACHINE', disposition: 'machine_hangup' }),
    ...times(4, '2026-03-02T14:08:00Z', { amd: 'MACHINE', disposition: 'machine_message' }),
    ...times(2, '2026-03-02T14:09:00Z', { amd: 'HANGUP', disposition: 'hangup' }),
    // A dial placed at 08:59:58 and answered at 09:00:05: counted as a dial of 08:00, an answer of 09:00.
    { at: '2026-03-02T09:00:05Z', placed: '2026-03-02T08:59:58Z', amd: 'HUMAN', disposition: 'connected' },
    // Outside the range (the day before), and AMD off on the last day of the range.
    ...times(5, '2026-03-01T09:00:00Z', { amd: 'HUMAN', disposition: 'abandoned' }),
    ...times(3, '2026-03-03T23:30:00Z', { amd: null, disposition: 'connected' }),
  ]);
  await seed(otherId, times(7, '2026-03-02T09:15:00Z', { amd: 'HUMAN', disposition: 'abandoned' }));
});
afterAll(async () => { await ctx?.close(); });

const get = (path: string, user: TestUser = cm) => ctx.app.inject({ method: 'GET', url: path, headers: authHeader(user) });

describe('abandon rate per hour of day', () => {
  it('counts live answers and abandons by the local hour they were answered, dials by the hour placed', async () => {
    const res = await get(`/api/reports/analytical/campaign-abandons?campaignId=${campaignId}&from=2026-03-02&to=2026-03-03&tz=UTC`);
    expect(res.statusCode).toBe(200);
    const sut = res.json();
    expect(sut).toMatchObject({ campaignId, name: 'Predictive upsell', from: '2026-03-02', to: '2026-03-03', tz: 'UTC', abandonCap: 0.03 });
    expect(sut.rows).toHaveLength(24);
    const hour = (h: string) => sut.rows.find((r: { hourOfDay: string }) => r.hourOfDay === h);
    expect(hour('09:00')).toEqual({ hourOfDay: '09:00', dials: 30, liveAnswers: 31, connected: 28, abandoned: 3, abandonRate: 0.0968, overCap: true });
    expect(hour('08:00')).toMatchObject({ dials: 1, liveAnswers: 0, abandonRate: null, overCap: false });
    expect(hour('14:00')).toEqual({ hourOfDay: '14:00', dials: 62, liveAnswers: 50, connected: 50, abandoned: 0, abandonRate: 0, overCap: false });
    expect(hour('23:00')).toMatchObject({ liveAnswers: 3, connected: 3, abandoned: 0 });
    expect(sut.totals).toEqual({ dials: 96, liveAnswers: 84, connected: 81, abandoned: 3, abandonRate: 0.0357 });
  });

  it('shifts the hours to the time zone asked for and leaves other days and campaigns out', async () => {
    const sut = (await get(`/api/reports/analytical/campaign-abandons?campaignId=${campaignId}&from=2026-03-02&to=2026-03-02&tz=Europe/Paris`)).json();
    const hour = (h: string) => sut.rows.find((r: { hourOfDay: string }) => r.hourOfDay === h);
    expect(hour('10:00')).toMatchObject({ liveAnswers: 31, abandoned: 3 });
    expect(hour('09:00')).toMatchObject({ liveAnswers: 0, abandoned: 0, dials: 1 });
    expect(hour('15:00')).toMatchObject({ liveAnswers: 50 });
    // 2026-03-03T23:30Z is 2026-03-04 00:30 in Paris: outside the range.
    expect(sut.totals).toMatchObject({ liveAnswers: 81, abandoned: 3 });
  });

  it('exports the hours as CSV', async () => {
    const res = await get(`/api/reports/analytical/campaign-abandons?campaignId=${campaignId}&from=2026-03-02&to=2026-03-02&tz=UTC&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`warmline-campaign-${campaignId}-abandons-2026-03-02_2026-03-02.csv`);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('hourOfDay,dials,liveAnswers,connected,abandoned,abandonRate,overCap');
    expect(lines).toContain('09:00,30,31,28,3,0.0968,true');
  });
});

describe('AMD outcomes', () => {
  it('splits the answered dials by AMD result and what became of them', async () => {
    const res = await get(`/api/reports/analytical/campaign-amd?campaignId=${campaignId}&from=2026-03-02&to=2026-03-03&tz=UTC`);
    expect(res.statusCode).toBe(200);
    const sut = res.json();
    const row = (r: string) => sut.rows.find((x: { amdResult: string }) => x.amdResult === r);
    expect(sut.rows.map((r: { amdResult: string }) => r.amdResult)).toEqual(['human', 'notsure', 'machine', 'hangup', 'none']);
    expect(row('human')).toEqual({ amdResult: 'human', answers: 79, share: 0.8229, connected: 77, abandoned: 2, machineDropped: 0, machineMessage: 0, hungUp: 0, undecided: 0 });
    expect(row('notsure')).toMatchObject({ answers: 2, connected: 1, abandoned: 1 });
    expect(row('machine')).toMatchObject({ answers: 10, machineDropped: 6, machineMessage: 4, connected: 0 });
    expect(row('hangup')).toMatchObject({ answers: 2, hungUp: 2 });
    expect(row('none')).toMatchObject({ answers: 3, connected: 3 });
    expect(sut.totals).toEqual({ answers: 96, connected: 81, abandoned: 3, machineDropped: 6, machineMessage: 4, hungUp: 2, undecided: 0 });
    expect(sut.amdAction).toBe('hangup');
  });

  it('an empty range has zero rows of every result, not an error', async () => {
    const sut = (await get(`/api/reports/analytical/campaign-amd?campaignId=${campaignId}&from=2025-01-01&to=2025-01-31&tz=UTC`)).json();
    expect(sut.rows.every((r: { answers: number; share: number | null }) => r.answers === 0 && r.share === null)).toBe(true);
  });
});

describe('bad input and roles', () => {
  it('refuses an unknown campaign, a missing campaign, a bad range or zone with clear errors', async () => {
    for (const name of ['campaign-abandons', 'campaign-amd']) {
      const unknown = await get(`/api/reports/analytical/${name}?campaignId=999999&from=2026-03-02&to=2026-03-02`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('campaign-not-found');
      expect((await get(`/api/reports/analytical/${name}?from=2026-03-02&to=2026-03-02`)).statusCode).toBe(400);
      const reversed = await get(`/api/reports/analytical/${name}?campaignId=${campaignId}&from=2026-03-05&to=2026-03-02`);
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.message).toContain('must not be after');
      const zone = await get(`/api/reports/analytical/${name}?campaignId=${campaignId}&from=2026-03-02&to=2026-03-02&tz=Mars/Olympus`);
      expect(zone.json().error).toMatchObject({ code: 'validation-failed', details: { tz: 'Mars/Olympus' } });
    }
  });

  it('operators may not read them', async () => {
    expect((await get(`/api/reports/analytical/campaign-amd?campaignId=${campaignId}&from=2026-03-02&to=2026-03-02`, op)).statusCode).toBe(403);
  });
});
