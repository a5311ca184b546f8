import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import type { TransferTarget } from '../../../server/agents/agent-transfer.service';
import type { Frame } from '../../../server/pbx/simulator/sim-model';

// Issue #20.4: after an attended transfer completes, the receiving agent (B) has the customer call. B was rung and
// answered on the consultation (a call of its own, translator-consult.ts), so the customer call had no leg of B's:
// a restored console's Hang up (POST /api/agents/me/call/hangup) fell back to another open leg (the customer's) and
// B could not transfer the call on. B's channel becomes a leg of the customer call when the transfer completes.
const A = '1001';
const B = '1002';
let stack: FullStack;
let first: TestUser;
let second: TestUser;
const frames: Frame[] = [];
const header = (f: Frame, k: string) => f.find(([h]) => h === k)?.[1];

beforeAll(async () => {
  stack = await startFullStack({
    sim: { agents: [A, B], queues: { support: [A], sales: [B] }, timing: { customerAnswerMs: 50, ringTimeoutMs: 60_000, talkMs: 600_000 } },
    env: { WRAPUP_SECONDS: '600' },
  });
  stack.sim.onFrame((f) => frames.push(f));
  first = await createUser(stack.services, stack.app, { role: 'operator', extension: A });
  second = await createUser(stack.services, stack.app, { role: 'operator', extension: B });
  await stack.waitConnected();
  for (const u of [first, second]) {
    const ready = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: authHeader(u), payload: { state: 'ready' } });
    expect(ready.statusCode, ready.body).toBe(200);
  }
});
afterAll(async () => {
  await stack?.close();
});

const stateOf = async (u: TestUser) => stack.services.agents.view(u.id);

async function post(u: TestUser, url: string, payload?: object) {
  const res = await stack.app.inject({ method: 'POST', url, headers: authHeader(u), ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
}

async function wrapUp(u: TestUser, callId: number, notes: string): Promise<void> {
  await until(async () => { const v = await stateOf(u); return v.state === 'wrapup' && v.callId === callId; }, 8000, `wrap-up of user ${u.id}`);
  await post(u, '/api/wrapups', { callId, dispositionCode: 'resolved', notes, clientKey: `xfer-${u.id}-${callId}` });
  await until(async () => (await stateOf(u)).state === 'ready', 8000, 'ready again');
}

/** A answers a support call, consults `target` (B answers), completes: the call is B's. */
async function transferredToB(target: TransferTarget, from: string): Promise<{ callId: number; linkedid: string }> {
  await until(async () => stack.sim.model.membersOf(A).every(({ member }) => !member.paused)
    && stack.sim.model.membersOf(B).every(({ member }) => !member.paused), 8000, 'both members unpaused');
  const call = stack.sim.placeInboundCall({ from, queue: 'support' });
  await until(async () => (await stateOf(first)).state === 'ringing', 8000, 'A ringing');
  expect(stack.sim.answer(A)).toBe(true);
  const row = await until(async () => {
    const r = await stack.services.callsRepo.find('main', call.linkedid);
    const v = await stateOf(first);
    return r?.answered_at && v.state === 'on_call' && v.callId === r.id ? r : undefined;
  }, 8000, 'A on the call');
  await post(first, '/api/agents/me/call/transfer', { mode: 'attended', target });
  await until(async () => (await stateOf(second)).state === 'ringing', 8000, 'B rung for the consultation');
  expect(stack.sim.answer(B)).toBe(true);
  await until(async () => (await stateOf(second)).state === 'on_call', 8000, 'B on the consultation');
  await post(first, '/api/agents/me/call/transfer/complete');
  await until(async () => {
    const r = await stack.services.callsRepo.findById(row.id);
    const v = await stateOf(second);
    return r?.agent_user_id === second.id && v.state === 'on_call' && v.callId === row.id;
  }, 8000, 'the call is B\'s');
  return { callId: row.id, linkedid: call.linkedid };
}

async function legsOf(callId: number) {
  return stack.db.db.selectFrom('call_legs').select(['channel', 'role', 'user_id', 'answered_at', 'ended_at'])
    .where('call_id', '=', callId).orderBy('id').execute();
}

describe.each<[string, TransferTarget]>([
  ['an agent', { kind: 'agent', userId: 0 }],
  ['a queue', { kind: 'queue', queue: 'sales' }],
])('attended transfer to %s, then B hangs up from a restored console', (_what, target) => {
  it('gives B a leg of the customer call, and B\'s Hang up ends the call on B\'s channel as the agent\'s', async () => {
    const to: TransferTarget = target.kind === 'agent' ? { kind: 'agent', userId: second.id } : target;
    const { callId, linkedid } = await transferredToB(to, target.kind === 'agent' ? '2125550161' : '2125550162');

    // Mutation caught: without the leg at completion, B had no row in the customer call's legs.
    const legs = await until(async () => {
      const all = await legsOf(callId);
      return all.some((l) => l.user_id === second.id) ? all : undefined;
    }, 8000, 'B\'s leg of the customer call');
    const bLeg = legs.find((l) => l.user_id === second.id)!;
    expect(bLeg).toMatchObject({ role: 'agent', ended_at: null });
    expect(bLeg.channel).toMatch(new RegExp(`^PJSIP/${B}-`));
    expect(bLeg.answered_at).not.toBeNull();
    expect(legs.find((l) => l.user_id === first.id)?.ended_at).not.toBeNull();

    // The restored console (no SIP leg in the browser) hangs up through the server. Mutation caught: the server hung
    // up the customer's channel instead (the fallback to any open leg).
    await post(second, '/api/agents/me/call/hangup');
    const ended = await until(async () => {
      const r = await stack.services.callsRepo.findById(callId);
      return r?.status === 'ended' ? r : undefined;
    }, 8000, 'call ended');
    const marked = frames.filter((f) => header(f, 'Event') === 'VarSet' && header(f, 'Variable') === 'WARMLINE_HANGUP_BY' && header(f, 'Linkedid') === linkedid);
    expect(marked.map((f) => header(f, 'Channel'))).toEqual([bLeg.channel]);
    expect(ended).toMatchObject({ hung_up_by: 'agent', agent_user_id: second.id, transferred: true, outcome: 'answered' });

    await wrapUp(first, callId, 'Handed over');
    await wrapUp(second, callId, 'Done after the transfer');
    const wrapups = await stack.db.db.selectFrom('wrapups').select(['user_id', 'notes']).where('call_id', '=', callId).orderBy('id').execute();
    expect(wrapups).toEqual([{ user_id: first.id, notes: 'Handed over' }, { user_id: second.id, notes: 'Done after the transfer' }]);
  });
});
