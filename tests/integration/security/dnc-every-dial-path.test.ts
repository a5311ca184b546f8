import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { FakePbxPort, seedCampaign, seedCustomer, setAgentReady } from '../../factories/campaign.factory';

// Issue #26 point 1: every path that dials refuses a number on the do-not-call list, a customer flagged
// do-not-call and a customer without outbound consent, and the PBX never sees the number. Paths: click-to-dial
// (POST /api/calls/originate), a campaign's preview card dialled after the number was listed (claimReserved),
// and the progressive dialer (claimNextFor). Mutations caught, one per assertion group:
// - CallsRepository.isDoNotCall ignoring dnc_numbers, or the customer's do_not_call / consent_outbound;
// - AttemptClaimsRepository dropping the `blocked` check in claimReserved or in claimNextFor.

let ctx: TestContext;
const pbx = new FakePbxPort();
const now = new Date('2025-01-06T12:00:00Z'); // a Monday, inside the default calling window
let operator: TestUser;
let manager: TestUser;
let seq = 0;
const region = () => `dnc-${process.pid}-${++seq}`;
const dialled = () => pbx.originated.map((o) => o.toNumber);
const listNumber = async (number: string) => {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/dnc-numbers', headers: authHeader(manager), payload: { number, reason: 'asked' } });
  expect(res.statusCode, res.body).toBe(201);
};

beforeAll(async () => {
  ctx = await createTestContext({ deps: { clock: () => now, pbx: new Map([['main', pbx]]) } });
  operator = await createUser(ctx.services, ctx.app, { role: 'operator' });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
});
afterAll(async () => { await ctx?.close(); });

describe('click-to-dial', () => {
  const originate = (payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/calls/originate', headers: authHeader(operator), payload });

  it('refuses a number on the do-not-call list', async () => {
    const c = await seedCustomer(ctx.services, {});
    await listNumber(c.phone!);
    for (const payload of [{ number: c.phone }, { number: c.phone, customerId: c.id }]) {
      const res = await originate(payload);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.code).toBe('do-not-call');
    }
    expect(dialled()).not.toContain(c.phone);
  });

  it("refuses a customer's number when the customer is flagged do-not-call or has no outbound consent", async () => {
    const flagged = await seedCustomer(ctx.services, { doNotCall: true });
    const noConsent = await seedCustomer(ctx.services, { consent: false });
    for (const c of [flagged, noConsent]) {
      expect((await originate({ number: c.phone })).statusCode).toBe(409);
      expect((await originate({ number: c.phone, customerId: c.id })).statusCode).toBe(409);
    }
    // dialling any number "for" a customer who asked not to be called is refused too
    const other = await seedCustomer(ctx.services, {});
    expect((await originate({ number: other.phone, customerId: flagged.id })).statusCode).toBe(409);
    expect(dialled()).not.toContain(flagged.phone);
    expect(dialled()).not.toContain(noConsent.phone);
    expect(dialled()).not.toContain(other.phone);
  });

  it('still dials a number nobody objected to', async () => {
    const c = await seedCustomer(ctx.services, {});
    const res = await originate({ number: c.phone, customerId: c.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(dialled()).toContain(c.phone);
  });
});

describe('campaign, preview mode', () => {
  it('a card shown before the number was listed, or the customer flagged, is refused when dialled', async () => {
    for (const block of ['list', 'flag', 'consent'] as const) {
      const r = region();
      const c = await seedCustomer(ctx.services, { region: r });
      const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true, agentIds: [operator.id] });
      const next = await ctx.app.inject({ method: 'GET', url: `/api/campaigns/preview/next?campaignId=${campaign.id}`, headers: authHeader(operator) });
      const card = next.json().card as { attemptId: number; customer: { id: number } } | null;
      expect(card?.customer.id, next.body).toBe(c.id);
      if (block === 'list') await listNumber(c.phone!);
      if (block === 'flag') await ctx.services.db.updateTable('customers').set({ do_not_call: true }).where('id', '=', c.id).execute();
      if (block === 'consent') await ctx.services.db.updateTable('customers').set({ consent_outbound: false }).where('id', '=', c.id).execute();
      const res = await ctx.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${card!.attemptId}/dial`, headers: authHeader(operator) });
      expect(res.statusCode, `${block}: ${res.body}`).toBe(409);
      expect(res.json().error.code).toBe(block === 'consent' ? 'dial-refused-no-consent' : 'dial-refused-do-not-call');
      expect(dialled()).not.toContain(c.phone);
    }
  });
});

describe('campaign, progressive mode', () => {
  it('never originates a listed number or a flagged customer, and dials the rest', async () => {
    const r = region();
    const listed = await seedCustomer(ctx.services, { region: r });
    const flagged = await seedCustomer(ctx.services, { region: r });
    const noConsent = await seedCustomer(ctx.services, { region: r });
    const ok = await seedCustomer(ctx.services, { region: r });
    const agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
    await setAgentReady(ctx.services, agent.id);
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true, mode: 'progressive', agentIds: [agent.id] });
    // blocked after the segment snapshot, so only the claim can stop them
    await listNumber(listed.phone!);
    await ctx.services.db.updateTable('customers').set({ do_not_call: true }).where('id', '=', flagged.id).execute();
    await ctx.services.db.updateTable('customers').set({ consent_outbound: false }).where('id', '=', noConsent.id).execute();

    const claim = await ctx.services.dialer.dialNextFor(agent.id, campaign.id);
    expect(claim).not.toBeNull();
    for (const c of [listed, flagged, noConsent]) expect(dialled()).not.toContain(c.phone);
    expect(dialled()).toContain(ok.phone);
  });
});

// Issue #19 point 11: the number-type policy (DIAL_BLOCKED_NUMBER_TYPES, default premium-rate) holds on the
// campaign paths as on click-to-dial. Mutation caught: AttemptClaimsRepository.refusal ignoring the number type
// (the +1 900 number is originated and the attempt stays live).
describe('campaigns and premium-rate numbers', () => {
  const premium = () => `+1900234${String(5000 + (++seq % 5000)).padStart(4, '0')}`;
  const outcomeOf = async (customerId: number, campaignId: number) => (await ctx.services.db.selectFrom('campaign_attempts')
    .select(['status', 'outcome']).where('customer_id', '=', customerId).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow());

  it('a preview card with a premium-rate number is refused when dialled and ends as number_type', async () => {
    const r = region();
    const c = await seedCustomer(ctx.services, { region: r, phone: premium() });
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true, agentIds: [operator.id] });
    const next = await ctx.app.inject({ method: 'GET', url: `/api/campaigns/preview/next?campaignId=${campaign.id}`, headers: authHeader(operator) });
    const card = next.json().card as { attemptId: number; customer: { id: number } } | null;
    expect(card?.customer.id, next.body).toBe(c.id);
    const res = await ctx.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${card!.attemptId}/dial`, headers: authHeader(operator) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('dial-refused-number-type');
    expect(dialled()).not.toContain(c.phone);
    expect(await outcomeOf(c.id, campaign.id)).toEqual({ status: 'done', outcome: 'number_type' });
  });

  it('the progressive dialer skips a premium-rate number and dials the next customer', async () => {
    const r = region();
    const paid = await seedCustomer(ctx.services, { region: r, phone: premium() });
    const ok = await seedCustomer(ctx.services, { region: r });
    const agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
    await setAgentReady(ctx.services, agent.id);
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true, mode: 'progressive', agentIds: [agent.id] });
    const claim = await ctx.services.dialer.dialNextFor(agent.id, campaign.id);
    expect(claim?.customerId).toBe(ok.id);
    expect(dialled()).not.toContain(paid.phone);
    expect(await outcomeOf(paid.id, campaign.id)).toEqual({ status: 'done', outcome: 'number_type' });
  });
});
