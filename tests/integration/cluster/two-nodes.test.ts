import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import type { RunningServer } from '../../../server/main';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { createTestDb, type TestDb } from '../../support/test-db';
import { until } from '../../support/full-stack';
import { createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import type { ScreenPopPayload } from '@contract/wire-events';
import { dropPrefix, leading, newPrefix, redisUrl, ringingExtension, startNode } from './cluster-support';

const EXTS = ['1001', '1002', '1003'];
let sim: PbxSimulator;
let db: TestDb;
let nodeA: RunningServer, nodeB: RunningServer;
const prefix = newPrefix();
const agents = new Map<string, TestUser>();
const sockets: RecordingSocket[] = [];

const pops = (linkedid: string) => sockets.flatMap((s) => s.received)
  .filter((r) => r.event === 'screen-pop' && (r.payload as ScreenPopPayload).linkedid === linkedid);
const callRows = (linkedid: string) => db.db.selectFrom('calls').selectAll().where('pbx_id', '=', 'main').where('linkedid', '=', linkedid).execute();
const callRow = async (linkedid: string) => (await callRows(linkedid))[0];

async function ringAndAnswer(linkedid: string): Promise<string> {
  const ext = await until(async () => ringingExtension(sim, linkedid), 8000, `agent ringing for ${linkedid}`);
  expect(sim.answer(ext)).toBe(true);
  await until(async () => (await callRow(linkedid))?.answered_at, 8000, `answered ${linkedid}`);
  return ext;
}

async function hangupAndWaitEnded(linkedid: string) {
  expect(sim.hangup({ linkedid, by: 'caller' })).toBe(true);
  return until(async () => { const r = await callRow(linkedid); return r?.status === 'ended' ? r : undefined; }, 8000, `ended ${linkedid}`);
}

describe.skipIf(!redisUrl)('two server nodes, one PBX, Redis adapter and PBX leader lock', () => {
  beforeAll(async () => {
    sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: EXTS, queues: { support: EXTS }, timing: { agentAnswerMs: null } });
    db = await createTestDb();
    await seedReferenceData(db.db);
    nodeA = await startNode({ nodeId: 'node-a', dbUrl: db.url, prefix, pbxs: [{ id: 'main', sim }] });
    await until(async () => leading(nodeA, 'main'), 8000, 'node A leading');
    nodeB = await startNode({ nodeId: 'node-b', dbUrl: db.url, prefix, pbxs: [{ id: 'main', sim }] });
    for (const ext of EXTS) agents.set(ext, await createUser(nodeB.services, nodeB.app, { role: 'operator', extension: ext }));
    for (const a of agents.values()) sockets.push(await connectSocket(nodeB.url, a.token));
    const customer = await db.db.insertInto('customers').values({ full_name: 'Grace Hopper' }).returning('id').executeTakeFirstOrThrow();
    await db.db.insertInto('customer_phones').values({ customer_id: customer.id, e164: '+12125550147' }).execute();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await nodeB?.stop();
    await nodeA?.stop();
    await sim?.stop();
    await db?.drop();
    await dropPrefix(prefix);
  });

  it('pops, through the adapter, to an agent on node B a call whose AMI events node A consumes', async () => {
    await until(async () => leading(nodeA, 'main'), 8000, 'node A leading');
    const epoch = nodeA.cluster!.leaderships[0]!.lock.epoch;
    expect(leading(nodeB, 'main')).toBe(false);
    // The standby keeps an AMI link for actions (an agent on B can pause/hold) but applies none of its events.
    await until(async () => nodeB.cluster!.leaderships[0]!.current().client.isConnected(), 5000, 'standby AMI link');

    const c1 = sim.placeInboundCall({ from: '2125550147', queue: 'support' });
    const ext = await until(async () => ringingExtension(sim, c1.linkedid), 5000, 'ringing');
    const agent = agents.get(ext)!;
    const socket = sockets[EXTS.indexOf(ext)]!;
    const pop = await socket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === c1.linkedid, 8000);
    expect(pop.customer?.fullName).toBe('Grace Hopper');
    expect(sim.answer(ext)).toBe(true);
    await until(async () => (await callRow(c1.linkedid))?.answered_at, 5000, 'answered');
    const row = await hangupAndWaitEnded(c1.linkedid);
    expect(row).toMatchObject({ outcome: 'answered', agent_user_id: agent.id, hung_up_by: 'customer' });
    await new Promise((r) => setTimeout(r, 300));
    expect(pops(c1.linkedid)).toHaveLength(1); // one consumer: not popped twice
    expect(nodeA.cluster!.leaderships[0]!.lock.epoch).toBe(epoch); // A consumed the whole call, B only relayed sockets
    expect(nodeB.cluster!.leaderships[0]!.fenced).toBe(0);
  });

  it('moves AMI consumption to node B when node A dies, losing no call before, during or after the failover', async () => {
    // Before: answered on A, still talking when A dies, hung up once B leads.
    const before = sim.placeInboundCall({ from: '2125550100', queue: 'support' });
    await ringAndAnswer(before.linkedid);

    await until(async () => leading(nodeA, 'main'), 8000, 'node A leading');
    const killedAt = Date.now();
    // No lock release: B must wait for the TTL. The crash drops A's PBX links and Redis at once; closing its
    // database pool (up to 5 s for in-flight queries) goes on in the background, like a dying process's sockets.
    const crashed = nodeA.crash();
    expect(leading(nodeB, 'main')).toBe(false);

    // During: placed while nobody consumes the PBX's events.
    const during = sim.placeInboundCall({ from: '2125550101', queue: 'support' });

    await until(async () => leading(nodeB, 'main'), 12_000, 'node B leading');
    const failoverMs = Date.now() - killedAt;
    expect(failoverMs).toBeLessThan(12_000);
    await crashed;

    await until(async () => callRow(during.linkedid), 8000, 'during-call recorded by the resync');
    await ringAndAnswer(during.linkedid);
    const duringRow = await hangupAndWaitEnded(during.linkedid);
    const beforeRow = await hangupAndWaitEnded(before.linkedid);

    // After: B consumes and pops to its own sockets.
    const after = sim.placeInboundCall({ from: '2125550147', queue: 'support' });
    const ext = await until(async () => ringingExtension(sim, after.linkedid), 5000, 'ringing after');
    await sockets[EXTS.indexOf(ext)]!.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === after.linkedid, 8000);
    expect(sim.answer(ext)).toBe(true);
    await until(async () => (await callRow(after.linkedid))?.answered_at, 5000, 'answered after');
    const afterRow = await hangupAndWaitEnded(after.linkedid);

    for (const [row, id] of [[beforeRow, before.linkedid], [duringRow, during.linkedid], [afterRow, after.linkedid]] as const) {
      expect(await callRows(id)).toHaveLength(1);
      expect(row).toMatchObject({ status: 'ended', outcome: 'answered', hung_up_by: 'customer', pbx_id: 'main' });
    }
    expect(pops(after.linkedid)).toHaveLength(1);
    const total = await db.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(4);
  });
});
