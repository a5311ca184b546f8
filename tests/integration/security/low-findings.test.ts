import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { FakePbxPort, seedCampaign, seedCustomer, seedProduct } from '../../factories/campaign.factory';
import { DEMO_PASSWORD, DEMO_USERS, seedUsers } from '../../../server/db/seed';
import { verifyPassword } from '../../../server/auth/password';

// Issue #19 point 11 (low findings), one test each; the mutation each catches is named in it.

let ctx: TestContext;
const pbx = new FakePbxPort();
let operator: TestUser;
let manager: TestUser;

beforeAll(async () => {
  ctx = await createTestContext({ deps: { pbx: new Map([['main', pbx]]) } });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
});
afterAll(async () => { await ctx?.close(); });

const patch = (user: TestUser, id: number, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/customers/${id}`, headers: authHeader(user), payload });
const auditOf = (id: number) => ctx.db.db.selectFrom('audit_log').select(['user_id', 'action', 'details']).where('target', '=', `customer:${id}`).orderBy('id').execute();

describe('do-not-call and consent flags', () => {
  it('every change is audited; an operator may set a block but only a manager may lift it', async () => {
    // Mutations caught: the audit rows in CustomersService.update removed (no rows), or the mayDo check removed
    // (the operator's 403s become 200 and the flags are lifted).
    const c = await seedCustomer(ctx.services, {});
    expect((await patch(operator, c.id, { doNotCall: true })).statusCode).toBe(200);
    expect((await patch(operator, c.id, { consentOutbound: false })).statusCode).toBe(200);

    const lift = await patch(operator, c.id, { doNotCall: false });
    expect(lift.statusCode).toBe(403);
    expect(lift.json().error.message).toMatch('callable again');
    expect((await patch(operator, c.id, { consentOutbound: true })).statusCode).toBe(403);
    expect((await patch(operator, c.id, { fullName: 'Renamed', doNotCall: true })).statusCode).toBe(200); // unchanged flag: no lift
    const still = (await ctx.app.inject({ method: 'GET', url: `/api/customers/${c.id}`, headers: authHeader(operator) })).json();
    expect(still).toMatchObject({ doNotCall: true, consentOutbound: false });

    expect((await patch(manager, c.id, { doNotCall: false, consentOutbound: true })).statusCode).toBe(200);
    expect(await auditOf(c.id)).toEqual([
      { user_id: operator.id, action: 'customer.do_not_call_changed', details: { from: false, to: true } },
      { user_id: operator.id, action: 'customer.consent_changed', details: { from: true, to: false } },
      { user_id: manager.id, action: 'customer.do_not_call_changed', details: { from: true, to: false } },
      { user_id: manager.id, action: 'customer.consent_changed', details: { from: false, to: true } },
    ]);
  });
});

describe('number-type policy for dialling', () => {
  it('click-to-dial refuses a premium-rate +1 900 number before the PBX sees it', async () => {
    // Mutation caught: assertDialable removed from ClickToDialService.dial (200 and an originate to +1 900).
    const res = await ctx.app.inject({ method: 'POST', url: '/api/calls/originate', headers: authHeader(operator), payload: { number: '+1 900 234 5678' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'number-type-refused', details: { type: 'PREMIUM_RATE' } });
    expect(pbx.originated.map((o) => o.toNumber)).not.toContain('+19002345678');
    const ordinary = await ctx.app.inject({ method: 'POST', url: '/api/calls/originate', headers: authHeader(operator), payload: { number: '+1 415 555 2671' } });
    expect(ordinary.statusCode, ordinary.body).toBe(200);
  });

  it('is configurable: DIAL_BLOCKED_NUMBER_TYPES=NONE dials it', async () => {
    const open = new FakePbxPort();
    const other = await createTestContext({ env: { DIAL_BLOCKED_NUMBER_TYPES: 'NONE' }, deps: { pbx: new Map([['main', open]]) } });
    try {
      const u = await createUser(other.services, other.app, { role: 'operator' });
      const res = await other.app.inject({ method: 'POST', url: '/api/calls/originate', headers: authHeader(u), payload: { number: '+1 900 234 5678' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(open.originated.map((o) => o.toNumber)).toContain('+19002345678');
    } finally {
      await other.close();
    }
  });
});

describe('campaign caller ID', () => {
  it('a CR/LF or other control character is refused at validation, on create and on update', async () => {
    // Mutation caught: the pattern on CampaignBody.callerId removed (201 and every originate later refused by AMI).
    const productId = await seedProduct(ctx.services, '10.00');
    const segment = await ctx.services.segments.create({ name: `callerid-${process.pid}`, rules: { type: 'do_not_call', value: false } }, null);
    const body = (callerId: string) => ({ name: `Caller ID ${callerId.length}-${Math.random()}`, segmentId: segment.id, offer: { productId, price: 10, terms: 'x' }, script: 'Hi', callerId });
    for (const bad of ['"Acme" <+14155550100>\r\nAction: Originate', 'Acme\n', 'Acme\u0007']) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/campaigns', headers: authHeader(manager), payload: body(bad) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch('callerId');
    }
    const good = await ctx.app.inject({ method: 'POST', url: '/api/campaigns', headers: authHeader(manager), payload: body('"Acme" <+14155550100>') });
    expect(good.statusCode, good.body).toBe(201);
    const { campaign } = await seedCampaign(ctx.services, { type: 'do_not_call', value: false });
    const upd = await ctx.app.inject({ method: 'PATCH', url: `/api/campaigns/${campaign.id}`, headers: authHeader(manager), payload: { callerId: 'Acme\r\n' } });
    expect(upd.statusCode, upd.body).toBe(400);
  });
});

describe('demo users', () => {
  it('each gets a salt and hash of its own', async () => {
    // Mutation caught: seedUsers hashing the demo password once for all users.
    await seedUsers(ctx.db.db);
    const rows = await ctx.db.db.selectFrom('users').select(['username', 'password_hash']).where('username', 'in', DEMO_USERS.map((u) => u.username)).execute();
    expect(rows).toHaveLength(DEMO_USERS.length);
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.password_hash.split('$')[4])).size).toBe(rows.length); // the salts
    for (const r of rows) expect(await verifyPassword(DEMO_PASSWORD, r.password_hash)).toBe(true);
  });
});
