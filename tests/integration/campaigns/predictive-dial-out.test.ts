import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { createUser, type TestUser } from '../../factories/user.factory';
import { seedCampaign, seedCustomer } from '../../factories/campaign.factory';
import type { Frame } from '../../../server/pbx/simulator/sim-model';

// Predictive dials reach the carrier through pbx-config's [dial-out] (issue #24): the pacer originates
// Local/<number>@dial-out/n, [dial-out] applies TRUNK_NUMBER_FORMAT and Dials the carrier, and Dial's G() hands the
// answered carrier channel to [campaign-predictive]. Real Postgres, the PBX simulator at the AMI wire playing the
// Local pair as Asterisk 20 does (server/pbx/simulator/sim-predictive-local.ts). What the server must still get
// right with the Local channels in between: the call linked to the attempt and the customer, recorded, the Redirect
// aimed at the carrier channel (not the Local half), and a carrier that rang and refused counted by its own cause.
let stack: FullStack;
let ops: TestUser[];
const frames: Frame[] = [];

beforeAll(async () => {
  stack = await startFullStack({ env: { DIALER_PACING_MS: '0' }, sim: { agents: ['1001', '1002', '1003'], queues: { support: ['1001', '1002', '1003'] } } });
  stack.sim.predictive.timing = { amdMs: 0, waitMs: 1_800, messageMs: 20, agentAnswerMs: 20 };
  stack.sim.onFrame((f) => { frames.push(f); });
  // One operator per test: each test's agent is free whatever the one before left behind.
  ops = [];
  for (const ext of ['1001', '1002', '1003']) ops.push(await createUser(stack.services, stack.app, { role: 'operator', extension: ext }));
  await stack.waitConnected();
});
afterAll(async () => { await stack?.close(); });

const db = () => stack.db.db;
const h = (f: Frame, name: string) => f.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

async function oneDial(op: TestUser, tag: string, phone: string, amdAction: 'off' | 'hangup' = 'hangup') {
  const customer = await seedCustomer(stack.services, { tags: [tag], timezone: 'UTC', phone });
  const { campaign } = await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] },
    { mode: 'predictive', agentIds: [op.id], amdAction, start: true });
  await stack.services.agents.login(op.id).catch(() => undefined);
  await stack.services.agents.setState(op.id, 'ready', null);
  const view = await stack.services.predictive.paceNow(campaign.id);
  expect(view).toMatchObject({ dialsNow: 1 });
  const dial = await db().selectFrom('campaign_dials').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
  await until(async () => stack.sim.predictive.ringing().includes(dial.crm_call_id), 10_000, 'the dial ringing');
  return { customer, campaign, dial };
}

describe('predictive dials through [dial-out]', () => {
  it('the customer is dialled by a Local channel into [dial-out]; the answered carrier channel is the call, linked and connected', async () => {
    const number = '+12122050081';
    const op = ops[0]!;
    const { customer, dial } = await oneDial(op, `pdo-a-${process.pid}`, number);
    // What the PBX was asked: the Local pair's ;1 and ;2, ;2 in [dial-out] with the number; the carrier dialled as E.164.
    const locals = frames.filter((f) => h(f, 'Event') === 'Newchannel' && (h(f, 'Channel') ?? '').startsWith(`Local/${number}@dial-out-`));
    expect(locals.map((f) => [h(f, 'Channel')!.slice(-2), h(f, 'Context'), h(f, 'Exten')])).toEqual([[';1', 'dial-out', number], [';2', 'dial-out', number]]);
    const dialApp = frames.find((f) => h(f, 'Event') === 'Newexten' && h(f, 'Application') === 'Dial' && (h(f, 'Channel') ?? '').startsWith(`Local/${number}@dial-out-`));
    expect(h(dialApp!, 'AppData')).toBe(`PJSIP/${number}@trunk,45,aG(campaign-answered^s^1)`);
    expect(stack.sim.predictive.carrierNumber(dial.crm_call_id)).toBe(number);

    stack.sim.predictive.answer(dial.crm_call_id, 'HUMAN');
    const done = await until(() => db().selectFrom('campaign_dials').selectAll().where('id', '=', dial.id).where('disposition', 'is not', null).executeTakeFirst(), 10_000, 'disposition');
    expect(done).toMatchObject({ disposition: 'connected', user_id: op.id, amd_status: 'HUMAN' });
    // The channel the server redirected to the agent is the carrier's, which ran [campaign-connect].
    expect(done.channel).toMatch(/^PJSIP\/trunk-/);
    expect(frames.some((f) => h(f, 'Event') === 'Newexten' && h(f, 'Channel') === done.channel && h(f, 'Context') === 'campaign-connect')).toBe(true);
    const call = await until(() => db().selectFrom('calls').selectAll().where('campaign_attempt_id', '=', dial.attempt_id).where('agent_user_id', '=', op.id).executeTakeFirst(), 10_000, 'the call answered by the agent');
    expect(call).toMatchObject({ direction: 'outbound', customer_id: customer.id, called_number: number });
    expect(call.recording_path).toMatch(/\/out-.*\.wav$/);
    // One call for the dial: the Local halves made none of their own.
    const calls = await db().selectFrom('calls').select('linkedid').where('campaign_attempt_id', '=', dial.attempt_id).execute();
    expect(calls).toHaveLength(1);
    for (const live of stack.sim.liveCalls.filter((x) => x.agent?.endpoint === '1001')) stack.sim.hangup({ linkedid: live.linkedid, by: 'caller' });
    await until(async () => (await db().selectFrom('calls').select('status').where('linkedid', '=', calls[0]!.linkedid).executeTakeFirstOrThrow()).status === 'ended', 10_000, 'call ended');
  });

  it('TRUNK_NUMBER_FORMAT=digits: the carrier is sent the number without the +, and the call is still the customer\'s', async () => {
    stack.sim.predictive.trunkNumberFormat = 'digits';
    try {
      const number = '+12122050082';
      const op = ops[1]!;
      const { customer, dial } = await oneDial(op, `pdo-b-${process.pid}`, number, 'off');
      expect(stack.sim.predictive.carrierNumber(dial.crm_call_id)).toBe('12122050082');
      const begin = frames.find((f) => h(f, 'Event') === 'DialBegin' && (h(f, 'Channel') ?? '').startsWith(`Local/${number}@dial-out-`));
      expect(h(begin!, 'DialString')).toBe('12122050082@trunk');
      stack.sim.predictive.answer(dial.crm_call_id, null);
      const done = await until(() => db().selectFrom('campaign_dials').selectAll().where('id', '=', dial.id).where('disposition', 'is not', null).executeTakeFirst(), 10_000, 'disposition');
      expect(done).toMatchObject({ disposition: 'connected', user_id: op.id, amd_status: null });
      // The number stays the customer's E.164 in Warmline (CRM_TO_NUMBER), only the carrier sees digits.
      const call = await until(() => db().selectFrom('calls').selectAll().where('campaign_attempt_id', '=', dial.attempt_id).where('agent_user_id', '=', op.id).executeTakeFirst(), 10_000, 'the call answered');
      expect(call).toMatchObject({ direction: 'outbound', customer_id: customer.id, called_number: number });
    } finally {
      stack.sim.predictive.trunkNumberFormat = 'e164';
    }
  });

  // As tests/pbx-real/predictive-ring-outcomes.test.ts saw on Asterisk 20.20.1: the carrier's phone rings, then says
  // 486 (busy) or 603 (a failed dial), or rings until the Originate's timeout (no answer, Reason 3); never answered,
  // never abandoned. The Local half's OriginateResponse said Reason 0 for both refusals: only the carrier leg's cause tells.
  it.each([
    ['busy', '+12122050083', 'busy', '0'],
    ['declined', '+12122050085', 'failed', '0'],
    ['no_answer', '+12122050084', 'no_answer', '3'],
  ] as const)('a customer\'s phone that rings, then %s: the dial and the attempt are %s, not abandoned', async (why, number, outcome, reason) => {
    const op = ops[2]!;
    const { dial } = await oneDial(op, `pdo-${why}-${process.pid}`, number);
    stack.sim.predictive.fail(dial.crm_call_id, why);
    const response = await until(async () => frames.find((f) => h(f, 'Event') === 'OriginateResponse' && (h(f, 'ActionID') ?? '').includes(dial.crm_call_id)), 5_000, 'response');
    expect([h(response, 'Response'), h(response, 'Reason'), h(response, 'Channel')]).toEqual(['Failure', reason, `Local/${number}@dial-out/n`]);
    const ended = await until(() => db().selectFrom('campaign_dials').selectAll().where('id', '=', dial.id).where('outcome', 'is not', null).executeTakeFirst(), 10_000, `${why} outcome`);
    expect(ended).toMatchObject({ outcome, disposition: null, answered_at: null, user_id: null });
    const attempt = await db().selectFrom('campaign_attempts').selectAll().where('id', '=', dial.attempt_id).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ outcome, last_user_id: null });
  });
});
