import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import type { RunningServer } from '../../../server/main';
import { seedReferenceData } from '../../../server/db/seed-reference';
import type { SpySessionView } from '../../../server/contract/supervision.schemas';
import { createTestDb, type TestDb } from '../../support/test-db';
import { until } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import { dropPrefix, leading, newPrefix, redisUrl, startNode } from './cluster-support';

// A supervisor's listen/whisper/barge session with two nodes: node A holds the PBX lock (it consumes the AMI events,
// so it sees ChanSpyStart and the Hangup), the supervisor's console is on node B. Every node keeps its own AMI link
// for actions (docs/SCALING.md), so B starts, reads (CoreShowChannels) and stops the session on its own link; the
// pushes come from whichever node saw the change, through the Socket.IO Redis adapter.
const AGENT_EXT = '1001';
const SUPERVISOR_EXT = '1003';
const CALLER = '+14155550123';
type SessionPush = { session: SpySessionView | null; endedChannel: string | null; seq: number };

let sim: PbxSimulator;
let db: TestDb;
let nodeA: RunningServer, nodeB: RunningServer;
let operator: TestUser, supervisor: TestUser;
let supSocket: RecordingSocket;
const prefix = newPrefix();

const spyLegs = () => sim.liveCalls.filter((c) => c.kind === 'spy' && c.caller.endpoint === SUPERVISOR_EXT);
const session = async (node: RunningServer) => {
  const res = await node.app.inject({ method: 'GET', url: '/api/supervision/session', headers: authHeader(supervisor) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { session: SpySessionView | null }).session;
};
const spy = async (node: RunningServer, callId: number, mode: 'listen' | 'whisper' | 'barge') => {
  const res = await node.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(supervisor), payload: { callId, mode } });
  expect(res.statusCode, res.body).toBe(200);
  return supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session?.callId === callId && p.session.mode === mode
    && spyLegs().some((c) => c.caller.name === p.session!.channel), 15_000);
};

async function answeredCall(): Promise<number> {
  await nodeA.services.agents.login(operator.id);
  await nodeA.services.agents.setState(operator.id, 'ready', null, { force: true });
  const call = sim.placeInboundCall({ from: CALLER, queue: 'support' });
  await until(async () => sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.ringing.length, 15_000, 'agent ringing');
  expect(sim.answer(AGENT_EXT)).toBe(true);
  const row = await until(async () => {
    const r = await db.db.selectFrom('calls').select(['id', 'answered_at']).where('linkedid', '=', call.linkedid).executeTakeFirst();
    const leg = r ? await db.db.selectFrom('call_legs').select('id').where('call_id', '=', r.id).where('role', '=', 'agent').executeTakeFirst() : undefined;
    return r?.answered_at && leg ? r : undefined;
  }, 15_000, 'answered call with its agent leg');
  return row.id;
}

describe.skipIf(!redisUrl)('a supervisor\'s spy session from a node that does not consume the PBX', () => {
  beforeAll(async () => {
    sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: [AGENT_EXT, '1002', SUPERVISOR_EXT], queues: { support: [AGENT_EXT] },
      timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } });
    db = await createTestDb();
    await seedReferenceData(db.db);
    nodeA = await startNode({ nodeId: 'node-a', dbUrl: db.url, prefix, pbxs: [{ id: 'main', sim }] });
    await until(async () => leading(nodeA, 'main'), 8000, 'node A leading');
    nodeB = await startNode({ nodeId: 'node-b', dbUrl: db.url, prefix, pbxs: [{ id: 'main', sim }] });
    await until(async () => nodeB.cluster!.leaderships[0]!.current().client.isConnected(), 8000, 'node B\'s AMI link');
    operator = await createUser(nodeA.services, nodeA.app, { role: 'operator', extension: AGENT_EXT });
    supervisor = await createUser(nodeB.services, nodeB.app, { role: 'supervisor', extension: SUPERVISOR_EXT });
    supSocket = await connectSocket(nodeB.url, supervisor.token);
  }, 60_000);

  afterAll(async () => {
    supSocket?.close();
    await nodeB?.stop();
    await nodeA?.stop();
    await sim?.stop();
    await db?.drop();
    await dropPrefix(prefix);
  });

  it('is started, read back and stopped on node B while node A consumes the PBX\'s events', async () => {
    expect(leading(nodeB, 'main')).toBe(false);
    const callId = await answeredCall();
    expect(await session(nodeB)).toBeNull();

    const started = await spy(nodeB, callId, 'listen');
    expect(started.session).toMatchObject({ callId, mode: 'listen', agentUserId: operator.id, customerNumber: CALLER });
    // Read from B's own AMI link, and from A's: the same session.
    expect(await session(nodeB)).toMatchObject({ callId, mode: 'listen', channel: started.session!.channel });
    expect(await session(nodeA)).toMatchObject({ callId, mode: 'listen', channel: started.session!.channel });
    const again = await nodeB.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(supervisor), payload: { callId, mode: 'barge' } });
    expect(again.statusCode, again.body).toBe(409);

    const stop = await nodeB.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toEqual({ stopped: 1 });
    const ended = await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null && p.endedChannel === started.session!.channel, 15_000);
    expect(ended.seq).toBeGreaterThan(started.seq);
    expect(spyLegs()).toEqual([]);
    expect(await session(nodeB)).toBeNull();
    expect(await session(nodeA)).toBeNull();
    expect((await nodeB.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) })).json()).toEqual({ stopped: 0 });
    const audit = await db.db.selectFrom('audit_log').select(['action', 'target']).where('user_id', '=', supervisor.id).where('action', 'like', 'supervision.%').orderBy('id').execute();
    expect(audit).toEqual([{ action: 'supervision.listen', target: `call:${callId}` }, { action: 'supervision.stop', target: `call:${callId}` }]);
  });

  it('is stopped from node A when it was started from node B, and node B\'s console is told', async () => {
    const live = sim.liveCalls.find((c) => c.kind === 'queue' && c.agent?.endpoint === AGENT_EXT)!;
    const { id: callId } = await db.db.selectFrom('calls').select('id').where('linkedid', '=', live.linkedid).executeTakeFirstOrThrow();
    const started = await spy(nodeB, callId, 'whisper');
    expect((await nodeA.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) })).json()).toEqual({ stopped: 1 });
    await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null && p.endedChannel === started.session!.channel, 15_000);
    expect(await session(nodeB)).toBeNull();
  });

  it('ends unseen while the AMI links are down: node A finds it gone when its link is back, and node B\'s console is told', async () => {
    const live = sim.liveCalls.find((c) => c.kind === 'queue' && c.agent?.endpoint === AGENT_EXT)!;
    const { id: callId } = await db.db.selectFrom('calls').select('id').where('linkedid', '=', live.linkedid).executeTakeFirstOrThrow();
    const started = await spy(nodeB, callId, 'barge');
    const links = [nodeA, nodeB].map((n) => n.cluster!.leaderships[0]!.current().client);

    sim.setActionBehaviour('Login', 'ignore');
    sim.dropAllConnections();
    await until(async () => links.every((l) => !l.isConnected()), 15_000, 'both AMI links down');
    expect(sim.hangupChannel(started.session!.channel)).toBe(true);
    sim.setActionBehaviour('Login', undefined);
    await until(async () => links.every((l) => l.isConnected()), 30_000, 'both AMI links back');

    await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null && p.endedChannel === started.session!.channel, 15_000);
    expect(await session(nodeB)).toBeNull();
    expect(await session(nodeA)).toBeNull();
  });

  it('is over on every node once stopped, while ChanSpy still lists it (phones sending no media)', async () => {
    const live = sim.liveCalls.find((c) => c.kind === 'queue' && c.agent?.endpoint === AGENT_EXT)!;
    const { id: callId } = await db.db.selectFrom('calls').select('id').where('linkedid', '=', live.linkedid).executeTakeFirstOrThrow();
    sim.spyLingers = true;
    try {
      const started = await spy(nodeA, callId, 'listen');
      expect((await nodeB.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) })).json()).toEqual({ stopped: 1 });
      await supSocket.waitFor<SessionPush>('supervision:session', (p) => p.session === null && p.endedChannel === started.session!.channel, 15_000);
      // The PBX still lists the spying channel in ChanSpy; node A, which did not stop it, saw its VarSet on its own link.
      expect(spyLegs().map((c) => c.caller.name)).toEqual([started.session!.channel]);
      // (Each node reads that VarSet from its own AMI connection, in its own time: hence the waits.)
      await until(async () => (await session(nodeA)) === null, 5000, 'no session on node A');
      expect(await session(nodeB)).toBeNull();
      // So a new session may start from node A (not refused as a second one), and Stop finds only that one.
      const next = await spy(nodeA, callId, 'whisper');
      expect(next.session!.channel).not.toBe(started.session!.channel);
      expect(await session(nodeB)).toMatchObject({ mode: 'whisper', channel: next.session!.channel });
      expect((await nodeA.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) })).json()).toEqual({ stopped: 1 });
      await until(async () => (await session(nodeB)) === null, 5000, 'no session on node B');
      expect(spyLegs()).toHaveLength(2); // both still in ChanSpy on the PBX
    } finally {
      sim.spyLingers = false;
    }
  });
});
