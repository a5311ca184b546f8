import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { seedCampaign, seedCustomer } from '../../factories/campaign.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';

// Predictive dialing (issue #24) on the real dialer code: real Postgres, the PBX simulator at the AMI wire playing
// pbx-config's [campaign-predictive] (AMD result, 2 s for a Redirect to an agent, else the abandon message).
// The pacer is stepped by the test (DIALER_PACING_MS=0) so each burst is deliberate: every ringing customer answers
// at once while no agent is free, and the period's abandon rate must still be <= the cap. Every customer answering
// while the measured answer rate is 3 % is the worst case, which the default worst-case guard bounds (the issue's
// "never above the cap"); the opt-in statistical guard (DIALER_ABANDON_GUARD=statistical) bounds only the chance of
// overdrawing the budget at the measured rate, and ends this burst at 5.6 % (tests/unit/campaigns/abandon-guard.test.ts,
// docs/CAMPAIGNS.md "Abandon guard").
let stack: FullStack;
let ops: TestUser[];
let manager: TestUser;
let managerSocket: RecordingSocket;

beforeAll(async () => {
  stack = await startFullStack({ env: { DIALER_PACING_MS: '0' }, sim: { agents: ['1001', '1002'], queues: { support: ['1001', '1002'] } } });
  // The dialplan's Wait(1.8) as shipped: the server has 1.8 s to redirect a live answer to a free agent.
  stack.sim.predictive.timing = { amdMs: 0, waitMs: 1_800, messageMs: 20, agentAnswerMs: 20 };
  ops = [await createUser(stack.services, stack.app, { role: 'operator', extension: '1001' }), await createUser(stack.services, stack.app, { role: 'operator', extension: '1002' })];
  manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
  await stack.waitConnected();
  managerSocket = await connectSocket(stack.url, manager.token);
});
afterAll(async () => {
  managerSocket?.close();
  await stack?.close();
});

const db = () => stack.db.db;

async function periodCounts(campaignId: number) {
  const rows = await db().selectFrom('campaign_dials').select(['disposition']).where('campaign_id', '=', campaignId).where('predictive', '=', true)
    .where('disposition', 'in', ['connected', 'abandoned']).execute();
  return { answered: rows.length, abandoned: rows.filter((r) => r.disposition === 'abandoned').length };
}

/**
 * History of the campaign: `answered` live answers an hour ago (inside the 24 h period, so the cap leaves room to
 * overdial) and `unanswered` dials of the last minutes (the measured answer rate is low, so the pacer wants more lines).
 */
async function seedHistory(campaignId: number, answered: number, unanswered: number) {
  const a = await db().selectFrom('campaign_attempts').select('id').where('campaign_id', '=', campaignId).orderBy('id').executeTakeFirstOrThrow();
  const at = new Date(Date.now() - 3_600_000);
  for (let i = 0; i < answered; i++) {
    await db().insertInto('campaign_dials').values({ attempt_id: a.id, n: 1000 + i, crm_call_id: `hist-${campaignId}-${i}`, dial_token: crypto.randomUUID(),
      claimed_at: at, status: 'ended', campaign_id: campaignId, predictive: true, answered_at: at, amd_status: 'HUMAN', disposition: 'connected',
      connected_at: at, disposed_at: at, ended_at: at }).execute();
  }
  const recent = new Date(Date.now() - 5 * 60_000);
  for (let i = 0; i < unanswered; i++) {
    await db().insertInto('campaign_dials').values({ attempt_id: a.id, n: 5000 + i, crm_call_id: `hist-na-${campaignId}-${i}`, dial_token: crypto.randomUUID(),
      claimed_at: recent, status: 'ended', outcome: 'no_answer', campaign_id: campaignId, predictive: true, ended_at: recent }).execute();
  }
}

async function readyAgents() {
  for (const op of ops) {
    await stack.services.agents.login(op.id).catch(() => undefined);
    await stack.services.agents.setState(op.id, 'ready', null);
  }
}

describe('predictive dialing under the abandon cap', () => {
  it('a burst of answers with no agent free never pushes the period\'s abandon rate above the cap', async () => {
    const tag = `pred-${process.pid}`;
    for (let i = 0; i < 30; i++) await seedCustomer(stack.services, { tags: [tag], timezone: 'UTC' });
    const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'predictive', agentIds: ops.map((o) => o.id), start: true });
    expect(campaign).toMatchObject({ mode: 'predictive', abandonCapPct: 3, abandonPeriodHours: 24, amdAction: 'hangup' });
    await seedHistory(campaign.id, 100, 200);
    let abandonedSeen = 0;

    for (let round = 0; round < 3; round++) {
      await readyAgents();
      // Several pacing steps in a row: the calls already ringing count against the cap's worst case.
      for (let i = 0; i < 4; i++) await stack.services.predictive.paceNow(campaign.id);
      const placed = await db().selectFrom('campaign_dials').select('crm_call_id').where('campaign_id', '=', campaign.id)
        .where('predictive', '=', true).where('answered_at', 'is', null).where('ended_at', 'is', null).execute();
      expect(placed.length).toBeGreaterThan(0);
      const ringing = await until(async () => { const r = stack.sim.predictive.ringing(); return r.length >= placed.length ? r : undefined; }, 10_000, 'dials ringing');
      // Round 1 places more calls than there are free agents: that is predictive dialing.
      if (round === 0) expect(ringing.length).toBeGreaterThan(ops.length);

      // The burst: every customer answers at once (a human, per AMD); only two agents exist.
      for (const id of ringing) stack.sim.predictive.answer(id, 'HUMAN');
      await until(async () => {
        const open = await db().selectFrom('campaign_dials').select('id').where('crm_call_id', 'in', ringing).where('disposition', 'is', null).execute();
        return open.length === 0;
      }, 15_000, 'every answered dial connected or abandoned');

      const counts = await periodCounts(campaign.id);
      expect(counts.abandoned / counts.answered).toBeLessThanOrEqual(0.03);
      abandonedSeen = counts.abandoned;
      const view = (await stack.app.inject({ method: 'GET', url: `/api/campaigns/${campaign.id}/pacing`, headers: authHeader(manager) })).json();
      expect(view).toMatchObject({ campaignId: campaign.id, answered: counts.answered, abandoned: counts.abandoned, abandonCap: 0.03 });
      expect(view.abandonRate).toBeLessThanOrEqual(0.03);

      // The connected customers talk to the agents, hang up; the agents record a result and are free again.
      const connected = await db().selectFrom('campaign_dials as d').innerJoin('campaign_attempts as a', 'a.id', 'd.attempt_id')
        .select(['a.id', 'd.user_id']).where('d.crm_call_id', 'in', ringing).where('d.disposition', '=', 'connected').execute();
      expect(connected.length).toBeLessThanOrEqual(ops.length);
      for (const c of connected) {
        const op = ops.find((o) => o.id === c.user_id)!;
        const call = await until(() => db().selectFrom('calls').select(['id', 'customer_id']).where('campaign_attempt_id', '=', c.id).orderBy('id', 'desc').executeTakeFirst(), 10_000, 'campaign call row');
        for (const live of stack.sim.liveCalls.filter((x) => x.agent?.endpoint === op.extension)) stack.sim.hangup({ linkedid: live.linkedid, by: 'caller' });
        await until(async () => (await stack.services.agents.view(op.id)).state === 'wrapup', 10_000, 'wrap-up');
        const product = (await db().selectFrom('campaigns').select('offer_product_id').where('id', '=', campaign.id).executeTakeFirstOrThrow()).offer_product_id;
        const res = await stack.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(op), payload: { callId: call.id, customerId: call.customer_id,
          dispositionCode: 'offer_refused', notes: '', offer: { productId: product, result: 'refused', refusalCode: 'not_interested' }, clientKey: `pred-${c.id}-${round}` } });
        expect(res.statusCode, res.body).toBe(200);
        await until(async () => (await db().selectFrom('campaign_attempts').select('status').where('id', '=', c.id).executeTakeFirstOrThrow()).status !== 'connected', 10_000, 'outcome recorded');
      }
    }
    // The bursts did overflow (the test is not vacuous), and never past the cap.
    expect(abandonedSeen).toBeGreaterThan(0);
    await managerSocket.waitFor<{ campaignId: number }>('campaign:pacing', (p) => p.campaignId === campaign.id);
  }, 120_000);

  it('answering machines are dropped or get the message per campaign and are not counted as live answers', async () => {
    const tag = `pred-amd-${process.pid}`;
    for (let i = 0; i < 3; i++) await seedCustomer(stack.services, { tags: [tag], timezone: 'UTC' });
    const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'predictive', agentIds: ops.map((o) => o.id), amdAction: 'message', start: true });
    await stack.services.predictive.paceNow(campaign.id);
    const mine = (await db().selectFrom('campaign_dials').select('crm_call_id').where('campaign_id', '=', campaign.id).execute()).map((d) => d.crm_call_id);
    const ringing = await until(async () => { const r = stack.sim.predictive.ringing().filter((id) => mine.includes(id)); return r.length >= 1 ? r : undefined; }, 10_000, 'a dial');
    const [first, second] = ringing;
    stack.sim.predictive.answer(first!, 'MACHINE');
    if (second) stack.sim.predictive.answer(second, 'HANGUP');
    await until(async () => {
      const d = await db().selectFrom('campaign_dials').select(['disposition']).where('crm_call_id', '=', first!).executeTakeFirst();
      return d?.disposition ? d : undefined;
    }, 10_000, 'machine disposition');
    const machine = await db().selectFrom('campaign_dials').selectAll().where('crm_call_id', '=', first!).executeTakeFirstOrThrow();
    expect(machine).toMatchObject({ disposition: 'machine_message', amd_status: 'MACHINE', amd_cause: 'LONGGREETING-1600-1500', user_id: null });
    if (second) {
      const gone = await until(() => db().selectFrom('campaign_dials').selectAll().where('crm_call_id', '=', second).where('disposition', 'is not', null).executeTakeFirst(), 10_000, 'hangup');
      expect(gone).toMatchObject({ disposition: 'hangup', amd_status: 'HANGUP' });
    }
    expect(await periodCounts(campaign.id)).toEqual({ answered: 0, abandoned: 0 });
    // The attempt goes back to the queue for a later try (no agent ever talked to a person).
    const attempt = await db().selectFrom('campaign_attempts as a').innerJoin('campaign_dials as d', 'd.attempt_id', 'a.id').select(['a.status', 'a.outcome'])
      .where('d.crm_call_id', '=', first!).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ status: 'queued', outcome: 'no_answer' });
  }, 60_000);

  it('refuses bad predictive settings with a 400', async () => {
    for (const body of [{ abandonCapPct: 0 }, { abandonCapPct: 50 }, { abandonPeriodHours: 0 }, { amdAction: 'voicemail' }, { mode: 'robot' }]) {
      const res = await stack.app.inject({ method: 'POST', url: '/api/campaigns', headers: authHeader(manager), payload: { name: `bad-${JSON.stringify(body)}`, segmentId: 1, offer: { productId: 1 }, ...body } });
      expect(res.statusCode, res.body).toBe(400);
    }
  });
});
