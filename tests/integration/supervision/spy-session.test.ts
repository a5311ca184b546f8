import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import type { SpySessionView } from '../../../server/contract/supervision.schemas';

// Issue #20.9: the supervisor's listen session is no call, yet their console must show it, restore it after a
// reload and stop it. The PBX (the simulator over AMI/TCP) is the truth: the session is read from its channels and
// pushed from its ChanSpyStart and Hangup frames.
const AGENT_EXT = '1001';
const SUPERVISOR_EXT = '1003';
const CALLER = '+14155550177';
type SessionPush = { session: SpySessionView | null; endedChannel: string | null; seq: number };

let stack: FullStack;
let operator: TestUser;
let supervisor: TestUser;
let supSocket: RecordingSocket;
let opSocket: RecordingSocket;

beforeAll(async () => {
  stack = await startFullStack({
    sim: { agents: [AGENT_EXT, '1002', SUPERVISOR_EXT], queues: { support: [AGENT_EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
  });
  [operator, supervisor] = await Promise.all([
    createUser(stack.services, stack.app, { role: 'operator', extension: AGENT_EXT }),
    createUser(stack.services, stack.app, { role: 'supervisor', extension: SUPERVISOR_EXT }),
  ]);
  await stack.waitConnected(15_000);
  supSocket = await connectSocket(stack.url, supervisor.token);
  opSocket = await connectSocket(stack.url, operator.token);
}, 60_000);

afterAll(async () => {
  supSocket?.close();
  opSocket?.close();
  await stack?.close();
});

const spyLegs = () => stack.sim.liveCalls.filter((c) => c.kind === 'spy' && c.caller.endpoint === SUPERVISOR_EXT);
const session = async (user = supervisor) => {
  const res = await stack.app.inject({ method: 'GET', url: '/api/supervision/session', headers: authHeader(user) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { session: SpySessionView | null }).session;
};

async function answeredCall(): Promise<{ linkedid: string; callId: number }> {
  await stack.services.agents.login(operator.id);
  await stack.services.agents.setState(operator.id, 'ready', null);
  const call = stack.sim.placeInboundCall({ from: CALLER, queue: 'support' });
  await until(() => Promise.resolve(stack.sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.ringing.length), 15_000, 'agent ringing');
  expect(stack.sim.answer(AGENT_EXT)).toBe(true);
  const row = await until(async () => {
    const r = await stack.db.db.selectFrom('calls').selectAll().where('linkedid', '=', call.linkedid).executeTakeFirst();
    const leg = r ? await stack.db.db.selectFrom('call_legs').select('id').where('call_id', '=', r.id).where('role', '=', 'agent').executeTakeFirst() : undefined;
    return r?.answered_at && leg ? r : undefined;
  }, 15_000, 'answered call with its agent leg recorded');
  return { linkedid: call.linkedid, callId: row.id };
}

describe('a supervisor\'s spy session', () => {
  it('is pushed to the supervisor when the spy leg is up, read back from the PBX, refused twice, and stopped through the PBX', async () => {
    const { callId } = await answeredCall();
    expect(await session()).toBeNull();
    const { display_name: agentName } = await stack.db.db.selectFrom('users').select('display_name').where('id', '=', operator.id).executeTakeFirstOrThrow();

    const res = await stack.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(supervisor), payload: { callId, mode: 'listen' } });
    expect(res.statusCode, res.body).toBe(200);
    const pushed = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session !== null, 15_000);
    expect(pushed.session).toMatchObject({ callId, mode: 'listen', agentUserId: operator.id, agentName, customerNumber: CALLER });
    expect(pushed.session!.channel).toMatch(new RegExp(`^PJSIP/${SUPERVISOR_EXT}-`));
    expect(spyLegs().map((c) => c.caller.name)).toEqual([pushed.session!.channel]);

    // What a reloaded console gets: the same session, from the PBX's channels.
    expect(await session()).toMatchObject({ callId, mode: 'listen', agentName, channel: pushed.session!.channel });
    // An operator has no such route, and was told nothing.
    expect((await stack.app.inject({ method: 'GET', url: '/api/supervision/session', headers: authHeader(operator) })).statusCode).toBe(403);

    // A second mode while listening: refused (Stop first), nothing originated.
    const again = await stack.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(supervisor), payload: { callId, mode: 'whisper' } });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'spy-session-active' } });
    expect(spyLegs()).toHaveLength(1);

    const stop = await stack.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toEqual({ stopped: 1 });
    const ended = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null, 15_000);
    expect(ended.endedChannel).toBe(pushed.session!.channel);
    expect(ended.seq).toBeGreaterThan(pushed.seq);
    expect(spyLegs()).toEqual([]);
    expect(await session()).toBeNull();
    // The customer's call goes on; the stop is audited like the start.
    expect((await stack.db.db.selectFrom('calls').select('status').where('id', '=', callId).executeTakeFirstOrThrow()).status).toBe('answered');
    const audit = await stack.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'supervision.stop').execute();
    expect(audit).toEqual([expect.objectContaining({ user_id: supervisor.id, target: `call:${callId}`, details: { mode: 'listen' } })]);
    expect(opSocket.received.filter((r) => r.event === 'supervision:session')).toEqual([]);
    // Nothing left to stop.
    expect((await stack.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) })).json()).toEqual({ stopped: 0 });
  });

  it('ends with the spied call (ChanSpy E): the supervisor is told, and no call is recorded for the spy leg', async () => {
    const live = stack.sim.liveCalls.find((c) => c.kind === 'queue' && c.agent?.endpoint === AGENT_EXT);
    expect(live).toBeDefined();
    const callRow = await stack.db.db.selectFrom('calls').select('id').where('linkedid', '=', live!.linkedid).executeTakeFirstOrThrow();
    const whisper = await supSocket.command('supervision:spy', { callId: callRow.id, mode: 'whisper' });
    expect(whisper.ok, JSON.stringify(whisper.error)).toBe(true);
    const started = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session?.mode === 'whisper', 15_000);
    expect(started.session).toMatchObject({ callId: callRow.id, mode: 'whisper' });

    expect(stack.sim.hangup({ linkedid: live!.linkedid, by: 'caller' })).toBe(true);
    const ended = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null && p.endedChannel === started.session!.channel, 15_000);
    expect(ended.session).toBeNull();
    await until(async () => spyLegs().length === 0, 15_000, 'spy leg gone');
    expect(await session()).toBeNull();
    const calls = await stack.db.db.selectFrom('calls').select(['id', 'caller_number', 'agent_user_id']).execute();
    expect(calls.filter((c) => c.caller_number === SUPERVISOR_EXT || c.agent_user_id === supervisor.id)).toEqual([]);
  });

  it('ends while the AMI link is down: when the link is back, the server finds it gone and tells the supervisor', async () => {
    // The previous test's call ended: the agent is in its wrap-up, and goes ready again (as a supervisor may force).
    await until(async () => (await stack.services.agents.snapshot()).find((a) => a.userId === operator.id)?.state === 'wrapup', 15_000, 'agent in wrap-up');
    await stack.services.agents.setState(operator.id, 'ready', null, { force: true });
    const { callId } = await answeredCall();
    const res = await stack.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(supervisor), payload: { callId, mode: 'listen' } });
    expect(res.statusCode, res.body).toBe(200);
    const started = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session?.callId === callId, 15_000);
    const port = stack.services.pbx.get('main')!;

    // The link goes down and stays down (the PBX answers no Login), and meanwhile the supervisor's phone hangs up.
    stack.sim.setActionBehaviour('Login', 'ignore');
    stack.sim.dropAllConnections();
    await until(async () => !port.isConnected(), 15_000, 'AMI link down');
    expect(stack.sim.hangupChannel(started.session!.channel)).toBe(true);
    expect(spyLegs()).toEqual([]);
    const before = supSocket.received.length;
    stack.sim.setActionBehaviour('Login', undefined);
    await until(async () => port.isConnected(), 30_000, 'AMI link back');

    // The Hangup was never seen; the end is found on the PBX once the link is back, and pushed to the supervisor alone.
    const ended = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null && p.endedChannel === started.session!.channel, 15_000);
    expect(ended.seq).toBeGreaterThan(started.seq);
    expect(supSocket.received.slice(before).filter((r) => r.event === 'supervision:session')).toHaveLength(1);
    expect(opSocket.received.filter((r) => r.event === 'supervision:session')).toEqual([]);
    expect(await session()).toBeNull();
    // The customer's call is still on: only the spy leg ended.
    expect((await stack.db.db.selectFrom('calls').select('status').where('id', '=', callId).executeTakeFirstOrThrow()).status).toBe('answered');
  });
});
