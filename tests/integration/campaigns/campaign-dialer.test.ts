import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { attemptsOf, campaignCall, FakePbxPort, seedCampaign, seedCustomer, setAgentReady } from '../../factories/campaign.factory';
import { AttemptClaimsRepository } from '../../../server/campaigns/attempt-claims.repository';

let ctx: TestContext;
let now = new Date('2025-01-06T12:00:00Z'); // a Monday
const pbx = new FakePbxPort();
let manager: TestUser;
let op1: TestUser;
let op2: TestUser;
let regionSeq = 0;
const region = () => `r${process.pid}-${++regionSeq}`;
const MIN = 60_000;

beforeAll(async () => {
  ctx = await createTestContext({ deps: { clock: () => now, pbx: new Map([['main', pbx]]) } });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
  op1 = await createUser(ctx.services, ctx.app, { role: 'operator' });
  op2 = await createUser(ctx.services, ctx.app, { role: 'operator' });
});
afterAll(async () => { await ctx.close(); });

const nextCard = async (user: TestUser) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/campaigns/preview/next', headers: authHeader(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().card as null | { attemptId: number; phone: string; customer: { id: number }; campaign: { script: string; offer: { price: string } } };
};
const dial = (user: TestUser, attemptId: number) => ctx.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${attemptId}/dial`, headers: authHeader(user) });
const outcome = (user: TestUser, attemptId: number, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${attemptId}/outcome`, headers: authHeader(user), payload });
const progress = async (id: number) => (await ctx.app.inject({ method: 'GET', url: `/api/campaigns/${id}/progress`, headers: authHeader(manager) })).json();
const dialledNumbers = () => pbx.originated.map((o) => o.toNumber);

/** Preview flow up to an answered call: card, dial, PBX answers. */
async function answeredCard(user: TestUser) {
  const card = await nextCard(user);
  expect(card).not.toBeNull();
  expect((await dial(user, card!.attemptId)).statusCode).toBe(200);
  await ctx.services.dialer.onCallAnswered(await campaignCall(ctx.services, card!.attemptId, 'answered', user.id));
  return card!;
}

describe('start, DNC and consent', () => {
  it('snapshots the segment once, never dials DNC or non-consenting customers, even when DNC is added after start', async () => {
    const r = region();
    const ok = await seedCustomer(ctx.services, { region: r });
    const flagged = await seedCustomer(ctx.services, { region: r, doNotCall: true });
    const noConsent = await seedCustomer(ctx.services, { region: r, consent: false });
    const listed = await seedCustomer(ctx.services, { region: r });
    await ctx.services.dnc.add(listed.phone!, 'asked', null);
    const late = await seedCustomer(ctx.services, { region: r });
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { agentIds: [op1.id] });

    const started = await ctx.app.inject({ method: 'POST', url: `/api/campaigns/${campaign.id}/start`, headers: authHeader(manager) });
    expect(started.json().status).toBe('running');
    await ctx.services.campaigns.pause(campaign.id, null);
    await ctx.services.campaigns.start(campaign.id, null); // resume must not rebuild
    const built = await attemptsOf(ctx.services, campaign.id);
    expect(built.map((a) => a.customer_id).sort()).toEqual([ok.id, late.id].sort());

    // Revoked after the snapshot: the claim checks again.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/dnc-numbers', headers: authHeader(manager), payload: { number: late.phone, reason: 'complaint' } })).statusCode).toBe(201);
    const cards: number[] = [];
    for (let card = await nextCard(op1); card; card = await nextCard(op1)) {
      cards.push(card.customer.id);
      expect((await dial(op1, card.attemptId)).statusCode).toBe(200);
      await ctx.services.dialer.onCallEnded(await campaignCall(ctx.services, card.attemptId, 'no_answer'));
      now = new Date(now.getTime() + 0); // same instant: the no_answer retry is not due yet
    }
    expect(cards).toEqual([ok.id]);
    for (const c of [flagged, noConsent, listed, late]) expect(dialledNumbers()).not.toContain(c.phone);
    expect((await progress(campaign.id)).byOutcome).toMatchObject({ dnc: 1, no_answer: 1 });
  });

  it('consent revoked after start is respected at claim time', async () => {
    const r = region();
    const c = await seedCustomer(ctx.services, { region: r });
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true });
    await ctx.services.db.updateTable('customers').set({ consent_outbound: false }).where('id', '=', c.id).execute();
    expect(await ctx.services.campaigns.previewNext(op1.id, campaign.id)).toBeNull();
    expect((await attemptsOf(ctx.services, campaign.id))[0]).toMatchObject({ status: 'done', outcome: 'no_consent', dial_count: 0 });
  });
});

describe('outcomes', () => {
  it('accepted becomes a purchase at the offer price; refusals are ranked; resubmits are idempotent', async () => {
    const r = region();
    for (let i = 0; i < 4; i++) await seedCustomer(ctx.services, { region: r });
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true });
    const results = [{ result: 'accepted' }, { result: 'refused', refusalReason: 'too expensive' }, { result: 'refused', refusalReason: ' Too expensive ' }, { result: 'refused', refusalReason: 'has competitor' }];
    let acceptedAttempt = 0;
    for (const body of results) {
      const card = await answeredCard(op1);
      expect(card.campaign.offer.price).toBe('49.90');
      expect((await outcome(op2, card.attemptId, body)).statusCode).toBe(403); // not op2's call
      const res = await outcome(op1, card.attemptId, body);
      expect(res.statusCode, res.body).toBe(200);
      if (body.result === 'accepted') {
        acceptedAttempt = card.attemptId;
        expect((await outcome(op1, card.attemptId, body)).statusCode).toBe(200);
      }
    }
    const purchases = await ctx.services.db.selectFrom('purchases').selectAll().where('campaign_id', '=', campaign.id).execute();
    expect(purchases).toHaveLength(1);
    expect(purchases[0]).toMatchObject({ amount: '49.90', product_id: campaign.offer.productId, source: 'campaign' });
    const attempt = (await attemptsOf(ctx.services, campaign.id)).find((a) => a.id === acceptedAttempt)!;
    expect(attempt).toMatchObject({ status: 'done', outcome: 'accepted', purchase_id: purchases[0]!.id });
    const p = await progress(campaign.id);
    expect(p).toMatchObject({ total: 4, completed: 4, pending: 0, accepted: 1, refused: 3, revenue: '49.90', conversionRate: 0.25 });
    expect(p.refusalReasons).toEqual([{ code: 'too_expensive', reason: 'Too expensive', count: 2 }, { code: 'has_competitor', reason: 'Has a competitor', count: 1 }]);
    expect((await outcome(op1, acceptedAttempt, { result: 'refused' })).statusCode).toBe(400); // a refusal needs a reason
  });

  // Issue #20.8. On the old code campaign progress grouped by lower(btrim(text)) and the analytical report by
  // btrim(text), so "Too expensive" and "too expensive " were one reason on one screen and two on the other; a code
  // did not exist. Catches: either report grouping by anything but the shared refusalGroups, a code being ignored.
  it('refusal reasons are codes: text variants and the code count as one reason in progress and in the report', async () => {
    const r = region();
    for (let i = 0; i < 4; i++) await seedCustomer(ctx.services, { region: r });
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true });
    const list = await ctx.app.inject({ method: 'GET', url: '/api/refusal-reasons', headers: authHeader(op1) });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['too_expensive', 'other']));
    const bodies = [{ result: 'refused', refusalReason: 'Too expensive' }, { result: 'refused', refusalReason: 'too expensive ' },
      { result: 'refused', refusalCode: 'too_expensive', refusalReason: 'wants 10% off' }, { result: 'refused', refusalReason: 'His dog said no' }];
    const ids: number[] = [];
    for (const body of bodies) {
      const card = await answeredCard(op1);
      if (ids.length === 0) expect((await outcome(op1, card.attemptId, { result: 'refused', refusalCode: 'no_such_reason' })).statusCode).toBe(400);
      const res = await outcome(op1, card.attemptId, body);
      expect(res.statusCode, res.body).toBe(200);
      ids.push(card.attemptId);
    }
    const rows = await ctx.services.db.selectFrom('campaign_attempts').select(['id', 'refusal_code', 'refusal_reason']).where('id', 'in', ids).orderBy('id').execute();
    expect(rows.map((x) => [x.refusal_code, x.refusal_reason])).toEqual([['too_expensive', null], ['too_expensive', null], ['too_expensive', 'wants 10% off'], ['other', 'His dog said no']]);
    const expected = [{ code: 'too_expensive', reason: 'Too expensive', count: 3 }, { code: 'other', reason: 'Other', count: 1 }];
    expect((await progress(campaign.id)).refusalReasons).toEqual(expected);
    const report = await ctx.app.inject({ method: 'GET', url: `/api/reports/analytical/campaigns?campaignId=${campaign.id}`, headers: authHeader(manager) });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().refusalReasons.map((x: { code: string; reason: string; count: number }) => ({ code: x.code, reason: x.reason, count: x.count }))).toEqual(expected);
  });

  it('a callback comes back to the same operator with a task, and others get it only after the grace', async () => {
    const r = region();
    await seedCustomer(ctx.services, { region: r });
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true });
    const card = await answeredCard(op1);
    const callbackAt = new Date(now.getTime() + 120 * MIN);
    const res = await outcome(op1, card.attemptId, { result: 'callback', callbackAt: callbackAt.toISOString() });
    expect(res.json()).toMatchObject({ status: 'queued', outcome: 'callback' });
    const task = await ctx.services.db.selectFrom('tasks').selectAll().where('id', '=', res.json().taskId).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ assignee_id: op1.id, kind: 'callback', campaign_id: campaign.id, due_at: callbackAt });
    expect(await ctx.services.campaigns.previewNext(op1.id, campaign.id)).toBeNull(); // not due yet
    now = new Date(callbackAt.getTime() + MIN);
    expect(await ctx.services.campaigns.previewNext(op2.id, campaign.id)).toBeNull();
    expect((await ctx.services.campaigns.previewNext(op1.id, campaign.id))?.attemptId).toBe(card.attemptId);
  });
});

describe('calling windows in the customer local time', () => {
  it('only customers whose local clock is inside Mon-Fri 09:00-20:00 are offered', async () => {
    now = new Date('2025-01-06T12:00:00Z');
    const r = region();
    const tokyo = await seedCustomer(ctx.services, { region: r, timezone: 'Asia/Tokyo' }); // 21:00 local
    const ny = await seedCustomer(ctx.services, { region: r, timezone: 'America/New_York' }); // 07:00 local
    const london = await seedCustomer(ctx.services, { region: r, timezone: 'Europe/London' }); // 12:00 local
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] },
      { start: true, callingWindows: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }] });
    const take = async () => {
      const card = await ctx.services.campaigns.previewNext(op2.id, campaign.id);
      if (card) await ctx.services.db.updateTable('campaign_attempts').set({ status: 'done', outcome: 'refused' }).where('id', '=', card.attemptId).execute();
      return card?.customer.id ?? null;
    };
    expect(await take()).toBe(london.id);
    expect(await take()).toBeNull();
    now = new Date('2025-01-06T14:30:00Z'); // NY 09:30, Tokyo 23:30
    expect(await take()).toBe(ny.id);
    expect(await take()).toBeNull();
    now = new Date('2025-01-11T01:00:00Z'); // Saturday 10:00 in Tokyo, Friday 20:00 in NY (window closed)
    expect(await take()).toBeNull();
    now = new Date('2025-01-13T01:00:00Z'); // Monday 10:00 in Tokyo
    expect(await take()).toBe(tokyo.id);
  });
});

describe('progressive dialling', () => {
  it('retries per outcome after the configured interval, up to max attempts', async () => {
    now = new Date('2025-01-07T12:00:00Z');
    const r = region();
    const c = await seedCustomer(ctx.services, { region: r });
    const agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
    await setAgentReady(ctx.services, agent.id);
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] },
      { start: true, mode: 'progressive', agentIds: [agent.id], maxAttempts: 3, retryMinutes: { no_answer: 30, busy: 10, failed: 5 } });
    const sut = ctx.services.dialer;
    const dialNow = async () => (await sut.dialNextFor(agent.id))?.crmCallId ?? null;
    const end = async (attemptId: number, o: 'no_answer' | 'busy') => sut.onCallEnded(await campaignCall(ctx.services, attemptId, o));

    const first = await dialNow();
    const attemptId = Number(first!.split('-')[1]);
    expect(first).toBe(`att-${attemptId}-1`);
    expect(await dialNow()).toBeNull(); // agent has a campaign call in flight
    await end(attemptId, 'no_answer');
    expect(await dialNow()).toBeNull(); // retry not due
    now = new Date(now.getTime() + 31 * MIN);
    pbx.failNext = 1; // the PBX refuses the originate: dial 2 fails, retried after 'failed' minutes
    expect(await dialNow()).toBe(`att-${attemptId}-2`);
    expect((await attemptsOf(ctx.services, campaign.id))[0]).toMatchObject({ status: 'queued', outcome: 'failed', dial_count: 2 });
    now = new Date(now.getTime() + 6 * MIN);
    expect(await dialNow()).toBe(`att-${attemptId}-3`);
    await end(attemptId, 'busy');
    now = new Date(now.getTime() + 60 * MIN);
    expect(await dialNow()).toBeNull();
    expect((await attemptsOf(ctx.services, campaign.id))[0]).toMatchObject({ status: 'done', outcome: 'busy', dial_count: 3 });
    const dials = pbx.originated.filter((o) => o.toNumber === c.phone);
    expect(dials.map((d) => d.crmCallId)).toEqual([`att-${attemptId}-1`, `att-${attemptId}-3`]);
    expect(dials[0]!.fromExtension).toBe(agent.extension);
  });

  it('pause halts dialling at once; resume continues; stop cancels the rest', async () => {
    const r = region();
    for (let i = 0; i < 3; i++) await seedCustomer(ctx.services, { region: r });
    const agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
    await setAgentReady(ctx.services, agent.id);
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] }, { start: true, mode: 'progressive', agentIds: [agent.id] });
    const sut = ctx.services.dialer;
    const first = await sut.dialNextFor(agent.id);
    await sut.onCallEnded(await campaignCall(ctx.services, first!.attemptId, 'no_answer'));
    expect((await ctx.app.inject({ method: 'POST', url: `/api/campaigns/${campaign.id}/pause`, headers: authHeader(manager) })).json().status).toBe('paused');
    const before = pbx.originated.length;
    expect(await sut.dialNextFor(agent.id)).toBeNull();
    await ctx.services.campaigns.start(campaign.id, null);
    expect(await sut.dialNextFor(agent.id)).not.toBeNull();
    expect(pbx.originated.length).toBe(before + 1);
    await ctx.services.campaigns.stop(campaign.id, null);
    expect(await sut.dialNextFor(agent.id)).toBeNull();
    const p = await progress(campaign.id);
    expect(p).toMatchObject({ status: 'stopped', total: 3, dialing: 1, byOutcome: { cancelled: 1 } });
  });

  it('after a crash between claim and originate, the stuck dial is resolved as failed_unknown, not redialled', async () => {
    const r = region();
    const c = await seedCustomer(ctx.services, { region: r });
    const agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
    await setAgentReady(ctx.services, agent.id);
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] },
      { start: true, mode: 'progressive', agentIds: [agent.id], retryMinutes: { failed: 90 } });
    // The "crashed node": it committed its claim, then died before originating.
    const claim = await new AttemptClaimsRepository(ctx.services.db).claimNextFor(campaign.id, agent.id, now);
    expect(typeof claim).toBe('object');
    const sut = ctx.services.dialer;
    expect(await sut.dialNextFor(agent.id)).toBeNull(); // no double dial while the claim is held
    expect(await sut.recover()).toBe(0); // not stuck yet
    now = new Date(now.getTime() + 4 * MIN);
    await sut.recover();
    const [a] = await attemptsOf(ctx.services, campaign.id);
    expect(a).toMatchObject({ status: 'queued', outcome: 'failed_unknown', dial_count: 1 });
    expect(a!.next_attempt_at).toEqual(new Date(now.getTime() + 90 * MIN));
    expect(dialledNumbers()).not.toContain(c.phone);
    const dialRow = await ctx.services.db.selectFrom('campaign_dials').selectAll().where('attempt_id', '=', a!.id).executeTakeFirstOrThrow();
    expect(dialRow).toMatchObject({ status: 'unknown', outcome: 'failed_unknown' });
  });
});
