import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import type { Frame } from '../../../server/pbx/simulator/sim-model';

// Issue #20.2: a console restored after a reload has no leg of the call, so its Hang up goes through the server
// (POST /api/agents/me/call/hangup: AMI Hangup of the agent's leg). Asterisk reports that hangup as a
// SoftHangupRequest, which the translator read as the system's: the call must end hung_up_by 'agent', because the
// agent asked. The server says so on the channel first (Setvar WARMLINE_HANGUP_BY=agent, seen as VarSet).
let stack: FullStack;
let agent: TestUser;
const frames: Frame[] = [];
const header = (f: Frame, k: string) => f.find(([h]) => h === k)?.[1];

beforeAll(async () => {
  stack = await startFullStack({ sim: { agents: ['1002'], queues: { support: ['1002'] }, timing: { customerAnswerMs: 50 } } });
  stack.sim.onFrame((f) => frames.push(f));
  agent = await createUser(stack.services, stack.app, { role: 'operator', extension: '1002' });
  await stack.waitConnected();
  const ready = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: authHeader(agent), payload: { state: 'ready' } });
  expect(ready.statusCode, ready.body).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

async function onCall(linkedid: string): Promise<void> {
  await until(async () => {
    const view = await stack.services.agents.view(agent.id);
    const row = await stack.services.callsRepo.find('main', linkedid);
    return view.state === 'on_call' && row?.answered_at && view.callId === row.id;
  }, 8000, 'the agent on the call');
}

async function hangUpThroughServer(linkedid: string) {
  const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/call/hangup', headers: authHeader(agent) });
  expect(res.statusCode, res.body).toBe(200);
  return until(async () => {
    const r = await stack.services.callsRepo.find('main', linkedid);
    return r?.status === 'ended' ? r : undefined;
  }, 8000, 'ended');
}

async function wrapUp(callId: number): Promise<void> {
  await until(async () => (await stack.services.agents.view(agent.id)).state === 'wrapup', 5000, 'wrap-up');
  const res = await stack.app.inject({ method: 'POST', url: '/api/wrapups', headers: authHeader(agent),
    payload: { callId, dispositionCode: 'resolved', notes: '', clientKey: `hangup-${callId}` } });
  expect(res.statusCode, res.body).toBe(200);
  await until(async () => (await stack.services.agents.view(agent.id)).state === 'ready', 5000, 'ready again');
}

describe('Hang up asked through the server (restored console)', () => {
  it('ends an outbound call as the agent\'s, not the system\'s', async () => {
    // Mutation caught: without the VarSet the call ended hung_up_by 'system' (SoftHangupRequest on the agent's leg).
    const res = await stack.app.inject({ method: 'POST', url: '/api/calls/originate', headers: authHeader(agent), payload: { number: '+12125550148' } });
    expect(res.statusCode, res.body).toBe(200);
    const row = await until(async () => stack.db.db.selectFrom('calls').selectAll().where('called_number', '=', '+12125550148').executeTakeFirst(), 8000, 'call row');
    await onCall(row.linkedid);
    const ended = await hangUpThroughServer(row.linkedid);
    expect(ended).toMatchObject({ direction: 'outbound', outcome: 'answered', agent_user_id: agent.id, hung_up_by: 'agent' });
    expect(frames.some((f) => header(f, 'Event') === 'VarSet' && header(f, 'Variable') === 'WARMLINE_HANGUP_BY' && header(f, 'Value') === 'agent'
      && header(f, 'Linkedid') === row.linkedid)).toBe(true);
    await wrapUp(row.id);
  });

  it('ends an inbound queue call as the agent\'s', async () => {
    await until(async () => stack.sim.model.membersOf('1002').every(({ member }) => !member.paused), 5000, 'member unpaused');
    const call = stack.sim.placeInboundCall({ from: '2125550149', queue: 'support' });
    await until(async () => (await stack.services.agents.view(agent.id)).state === 'ringing', 8000, 'ringing');
    expect(stack.sim.answer('1002')).toBe(true);
    await onCall(call.linkedid);
    const ended = await hangUpThroughServer(call.linkedid);
    expect(ended).toMatchObject({ direction: 'inbound', outcome: 'answered', agent_user_id: agent.id, hung_up_by: 'agent' });
  });
});
