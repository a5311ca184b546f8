import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import type { RunningServer } from '../../../server/main';
import { createTestDb, type TestDb } from '../../support/test-db';
import { until } from '../../support/full-stack';
import { dropPrefix, leading, newPrefix, redisUrl, ringingExtension, startNode } from './cluster-support';

let east: PbxSimulator, west: PbxSimulator;
let db: TestDb;
let node: RunningServer;
let redis: Redis;
const prefix = newPrefix();
const row = (pbxId: string, linkedid: string) => db.db.selectFrom('calls').selectAll().where('pbx_id', '=', pbxId).where('linkedid', '=', linkedid).executeTakeFirst();

async function completeCall(sim: PbxSimulator, pbxId: string, from: string) {
  const call = sim.placeInboundCall({ from, queue: 'support' });
  const ext = await until(async () => ringingExtension(sim, call.linkedid), 5000, 'ringing');
  await until(async () => row(pbxId, call.linkedid), 8000, `${pbxId} call recorded`);
  expect(sim.answer(ext)).toBe(true);
  await until(async () => (await row(pbxId, call.linkedid))?.answered_at, 5000, 'answered');
  expect(sim.hangup({ linkedid: call.linkedid, by: 'caller' })).toBe(true);
  return until(async () => { const r = await row(pbxId, call.linkedid); return r?.status === 'ended' ? r : undefined; }, 5000, 'ended');
}

describe.skipIf(!redisUrl)('one node, two PBXs, one independent leader lock each', () => {
  beforeAll(async () => {
    const opts = { username: 'warmline', secret: 'sim-secret', agents: ['1001'], queues: { support: ['1001'] }, timing: { agentAnswerMs: null } };
    [east, west] = await Promise.all([startPbxSimulator(opts), startPbxSimulator(opts)]);
    db = await createTestDb();
    redis = new Redis(redisUrl!);
    // Another (imaginary) node already leads "east": this node must lead "west" only, until that lock expires.
    // Long enough to outlive a slow start on a loaded machine; the test lets it lapse itself (below).
    await redis.set(`${prefix}:pbx-leader:east`, 'other-node:x', 'PX', 120_000);
    node = await startNode({ nodeId: 'solo', dbUrl: db.url, prefix, pbxs: [{ id: 'east', sim: east }, { id: 'west', sim: west }] });
  });
  afterAll(async () => {
    await node?.stop();
    await Promise.all([east?.stop(), west?.stop()]);
    await db?.drop();
    await dropPrefix(prefix);
    redis?.disconnect();
  });

  it('records calls of both PBXs tagged with their pbx_id; a lock held elsewhere blocks only its own PBX', async () => {
    // Liveness bound, not a speed check: the node is a child process, slow to start on a loaded machine.
    await until(async () => leading(node, 'west'), 30_000, 'leading west');
    expect(leading(node, 'east')).toBe(false);
    // Same linkedid space on both simulators: (pbx_id, linkedid) keeps them apart.
    const eastCall = east.placeInboundCall({ from: '2125550111', queue: 'support' });
    const w = await completeCall(west, 'west', '2125550122');
    expect(w).toMatchObject({ pbx_id: 'west', outcome: 'answered', caller_number: '+12125550122' });
    expect(await row('east', eastCall.linkedid)).toBeUndefined(); // east's events belong to the other leader

    // The other node's lock lapses (as when its TTL runs out): this node takes "east" over.
    await redis.del(`${prefix}:pbx-leader:east`);
    await until(async () => leading(node, 'east'), 15_000, 'leading east after the foreign lock lapsed');
    const eastRow = await until(async () => row('east', eastCall.linkedid), 5000, 'east call picked up by the resync');
    expect(eastRow.pbx_id).toBe('east');
    east.hangup({ linkedid: eastCall.linkedid, by: 'caller' });
    const e2 = await completeCall(east, 'east', '2125550133');
    expect(e2).toMatchObject({ pbx_id: 'east', outcome: 'answered' });
    expect(await redis.get(`${prefix}:pbx-leader:west`)).toMatch(/^solo:/);
    expect(await redis.get(`${prefix}:pbx-leader:east`)).toMatch(/^solo:/);
  });
});
