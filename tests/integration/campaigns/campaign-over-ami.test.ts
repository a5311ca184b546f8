import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { seedCampaign, seedCustomer } from '../../factories/campaign.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';

// The progressive dialer end to end against the PBX simulator over AMI: a free agent gets the next customer
// dialled through Originate (agent leg first, then the customer), the outcome comes from the PBX's events or
// the operator's wrap-up, and an accepted offer becomes a purchase.
let stack: FullStack;
let op: TestUser;
let manager: TestUser;
let managerSocket: RecordingSocket;

beforeAll(async () => {
  stack = await startFullStack({ sim: { agents: ['1001'], queues: { support: ['1001'] }, timing: { agentAnswerMs: 30, customerAnswerMs: 60, ringTimeoutMs: 2000 } } });
  op = await createUser(stack.services, stack.app, { role: 'operator', extension: '1001' });
  manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
  await stack.waitConnected();
  managerSocket = await connectSocket(stack.url, manager.token);
});
afterAll(async () => {
  managerSocket?.close();
  await stack?.close();
});

const attempt = (campaignId: number) => stack.db.db.selectFrom('campaign_attempts').selectAll().where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();

describe('progressive campaign over AMI', () => {
  it('dials a customer when the agent is ready, records the answered call, and turns an accepted offer into a purchase', async () => {
    const tag = `ami-${process.pid}`;
    const customer = await seedCustomer(stack.services, { tags: [tag], timezone: 'UTC' });
    const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'progressive', agentIds: [op.id], start: true });

    await stack.services.agents.login(op.id);
    await stack.services.agents.setState(op.id, 'ready', null);

    // The dialer originates from the agent's extension to the customer's number, tagged with the attempt.
    const first = await attempt(campaign.id);
    const call = await until(() => stack.db.db.selectFrom('calls').selectAll().where('campaign_attempt_id', '=', first.id).executeTakeFirst(), 15_000, 'campaign call');
    expect(call).toMatchObject({ direction: 'outbound', campaign_attempt_id: expect.any(Number) });
    const answered = await until(async () => {
      const row = await stack.services.callsRepo.findById(call!.id);
      return row?.answered_at ? row : undefined;
    }, 10_000, 'customer answered');
    expect(answered.called_number).toBe(customer.phone);
    expect(answered.agent_user_id).toBe(op.id);

    // The customer accepts; the call ends; the operator wraps up with the offer result.
    const live = stack.sim.liveCalls.find((c) => c.linkedid === answered.linkedid);
    expect(live).toBeDefined();
    stack.sim.hangup({ linkedid: answered.linkedid, by: 'caller' });
    await until(async () => (await stack.services.agents.view(op.id)).state === 'wrapup', 10_000, 'wrap-up');
    const product = (await stack.db.db.selectFrom('campaigns').select('offer_product_id').where('id', '=', campaign.id).executeTakeFirstOrThrow()).offer_product_id;
    const res = await stack.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(op), payload: {
      callId: answered.id, customerId: customer.id, dispositionCode: 'sale', notes: 'Took the upgrade', offer: { productId: product, result: 'accepted' }, clientKey: `campaign-wrapup-${answered.id}`,
    } });
    expect(res.statusCode, res.body).toBe(200);
    const done = await until(async () => {
      const a = await attempt(campaign.id);
      return a.outcome ? a : undefined;
    }, 10_000, 'attempt outcome');
    expect(done).toMatchObject({ outcome: 'accepted', status: 'done' });
    const purchase = await stack.db.db.selectFrom('purchases').selectAll().where('customer_id', '=', customer.id).where('campaign_id', '=', campaign.id).execute();
    expect(purchase).toHaveLength(1);
    expect(purchase[0]!.amount).toBe('49.90');
    const progress = (await stack.app.inject({ method: 'GET', url: `/api/campaigns/${campaign.id}/progress`, headers: authHeader(manager) })).json();
    expect(progress).toMatchObject({ accepted: 1, total: 1 });
    await managerSocket.waitFor<{ campaignId: number }>('campaign:progress', (p) => p.campaignId === campaign.id);
    // Dialled exactly once.
    const calls = await stack.db.db.selectFrom('calls').select('id').where('campaign_attempt_id', '=', done.id).execute();
    expect(calls).toHaveLength(1);
  });

  it('a busy customer ends the attempt as busy with a retry later, without a wrap-up sale and without a second dial now', async () => {
    const tag = `ami-busy-${process.pid}`;
    const customer = await seedCustomer(stack.services, { tags: [tag], timezone: 'UTC' });
    stack.sim.options.originateOutcome = 'customer_busy';
    const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'progressive', agentIds: [op.id], start: true, maxAttempts: 3 });
    await until(async () => ['ready', 'wrapup'].includes((await stack.services.agents.view(op.id)).state), 10_000, 'agent free');
    if ((await stack.services.agents.view(op.id)).state === 'wrapup') await stack.services.agents.endWrapup(op.id, null, 'submitted');
    const a = await until(async () => {
      const row = await attempt(campaign.id);
      return row.outcome ? row : undefined;
    }, 15_000, 'busy outcome');
    expect(a).toMatchObject({ outcome: 'busy', status: 'queued', dial_count: 1 });
    expect(a.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const call = await stack.db.db.selectFrom('calls').selectAll().where('campaign_attempt_id', '=', a.id).executeTakeFirstOrThrow();
    expect(call).toMatchObject({ direction: 'outbound', called_number: customer.phone });
    await until(async () => (await stack.services.callsRepo.findById(call.id))?.status === 'ended', 10_000, 'call ended');
    expect((await stack.services.callsRepo.findById(call.id))?.outcome).toBe('busy');
    expect(await stack.db.db.selectFrom('purchases').select('id').where('campaign_id', '=', campaign.id).execute()).toEqual([]);
  });
});
