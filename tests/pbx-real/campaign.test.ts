import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { CARRIER_PORT, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { answerScenario, runSipp } from './support/sipp';
import { busyScenario } from './support/sipp-carrier';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';

// Campaign preview dials through a real Asterisk: the operator takes their preview card and dials it; Warmline
// originates the operator's phone, then the customer's E.164 number through [from-agents] -> [dial-out] -> the
// trunk, where the carrier (sipp at 127.0.0.2) answers or is busy. The call is linked to the attempt and to its
// customer, and the attempt's outcome is stored: the offer result from the wrap-up when answered, busy (with a
// retry later) when the line was busy. Issue #18 defect 1 (every campaign dial was originate_failed) and 5.

realPbxDescribe('real Asterisk: campaign preview dials through the trunk', () => {
  let stack: RealStack;
  let agent: Agent;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '60' });
    agent = await stack.addUser('rp-cmp-op', 'operator', '1001');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await stack.phone(agent, { ringMs: 300, talkMs: null });
  });
  afterAll(async () => stack?.close());

  const auth = () => ({ authorization: `Bearer ${agent.token}` });
  const attemptOf = (id: number) => stack.db.db.selectFrom('campaign_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function previewCampaign(phone: string, tag: string) {
    const customer = await seedCustomer(stack.server.services, { phone, tags: [tag], timezone: 'UTC' });
    const { campaign } = await seedCampaign(stack.server.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
      { mode: 'preview', agentIds: [agent.id], start: true, maxAttempts: 3 });
    const next = await stack.app.inject({ method: 'GET', url: `/api/campaigns/preview/next?campaignId=${campaign.id}`, headers: auth() });
    expect(next.statusCode, next.body).toBe(200);
    const card = (next.json() as { card: { attemptId: number; customer: { id: number } } | null }).card;
    expect(card?.customer.id).toBe(customer.id);
    return { customer, campaign, attemptId: card!.attemptId };
  }

  it('answered: the call goes out through the trunk, is linked to the attempt and the customer, and the wrap-up stores the outcome', async () => {
    const { customer, campaign, attemptId } = await previewCampaign('+12122050077', `rp-cmp-${process.pid}-a`);
    const carrier = runSipp(answerScenario({ ringMs: 600, talkMs: 3000 }, 'carrier'), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort: 16500, service: '+12122050077', timeoutS: 60,
    });
    const dial = await stack.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${attemptId}/dial`, headers: auth() });
    expect(dial.statusCode, dial.body).toBe(200);
    const done = await carrier.done;
    expect(done.code, done.output).toBe(0);

    const call = await waitFor('the campaign call to end', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('campaign_attempt_id', '=', attemptId).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    }, 20_000, async () => JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().execute()));
    expect(call).toMatchObject({ direction: 'outbound', outcome: 'answered', called_number: customer.phone, customer_id: customer.id,
      agent_user_id: agent.id, hung_up_by: 'customer' });
    expect(call.answered_at).not.toBeNull();
    expect(call.recording_path).toMatch(/out-.*\.wav$/);
    expect(await stack.db.db.selectFrom('calls').select('id').where('campaign_attempt_id', '=', attemptId).execute()).toHaveLength(1);
    const connected = await waitFor('the attempt connected to the call', async () => {
      const a = await attemptOf(attemptId);
      return a.last_call_id === call.id ? a : null;
    }, 10_000, async () => JSON.stringify(await attemptOf(attemptId)));
    expect(connected.status).toBe('connected');

    const product = (await stack.db.db.selectFrom('campaigns').select('offer_product_id').where('id', '=', campaign.id).executeTakeFirstOrThrow()).offer_product_id!;
    const wrap = await stack.app.inject({ method: 'POST', url: '/api/wrapups', headers: auth(), payload: {
      callId: call.id, customerId: customer.id, dispositionCode: 'offer_refused', notes: 'Not this year',
      offer: { productId: product, result: 'refused', refusalReason: 'price' }, clientKey: `rp-campaign-${call.id}`,
    } });
    expect(wrap.statusCode, wrap.body).toBe(200);
    const ended = await waitFor('the attempt outcome', async () => {
      const a = await attemptOf(attemptId);
      return a.outcome ? a : null;
    }, 10_000, async () => JSON.stringify(await attemptOf(attemptId)));
    expect(ended).toMatchObject({ status: 'done', outcome: 'refused', last_call_id: call.id, dial_count: 1 });
  });

  it('busy: the carrier\'s 486 ends the attempt as busy with a retry later, on a call linked to the customer', async () => {
    await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
    const { customer, attemptId } = await previewCampaign('+12122050078', `rp-cmp-${process.pid}-b`);
    const carrier = runSipp(busyScenario(), { remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, timeoutS: 60 });
    const dial = await stack.app.inject({ method: 'POST', url: `/api/campaigns/attempts/${attemptId}/dial`, headers: auth() });
    expect(dial.statusCode, dial.body).toBe(200);
    const done = await carrier.done;
    expect(done.code, done.output).toBe(0);

    const a = await waitFor('the busy outcome', async () => {
      const row = await attemptOf(attemptId);
      return row.outcome ? row : null;
    }, 20_000, async () => `${JSON.stringify(await attemptOf(attemptId))}\n${JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().execute())}`);
    expect(a).toMatchObject({ outcome: 'busy', status: 'queued', dial_count: 1 });
    expect(a.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const call = await waitFor('the busy call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('campaign_attempt_id', '=', attemptId).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    expect(call).toMatchObject({ direction: 'outbound', outcome: 'busy', called_number: customer.phone, customer_id: customer.id });
  });
});
