import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import type { RunningServer } from '../../../server/main';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { createTestDb, type TestDb } from '../../support/test-db';
import { until } from '../../support/full-stack';
import { dropPrefix, leading, newPrefix, redisUrl, ringingExtension, startNode } from './cluster-support';

// Two PBXs, two nodes: the first node up takes both locks, the second one's arrival makes the first hand one PBX
// over (server/cluster/pbx-balancer.ts), without losing the calls in progress on the PBX that changes hands.
let east: PbxSimulator, west: PbxSimulator;
let db: TestDb;
let nodeA: RunningServer, nodeB: RunningServer | undefined;
const prefix = newPrefix();
const PBXS = ['east', 'west'] as const;
const rows = (pbxId: string, linkedid: string) => db.db.selectFrom('calls').selectAll().where('pbx_id', '=', pbxId).where('linkedid', '=', linkedid).execute();
const leaders = () => PBXS.map((p) => (leading(nodeA, p) ? 'A' : nodeB && leading(nodeB, p) ? 'B' : '-')).join('');

describe.skipIf(!redisUrl)('PBX consumption spread over the nodes', () => {
  beforeAll(async () => {
    const opts = { username: 'warmline', secret: 'sim-secret', agents: ['1001'], queues: { support: ['1001'] }, timing: { agentAnswerMs: null } };
    [east, west] = await Promise.all([startPbxSimulator(opts), startPbxSimulator(opts)]);
    db = await createTestDb();
    await seedReferenceData(db.db);
    const pbxs = [{ id: 'east', sim: east }, { id: 'west', sim: west }];
    nodeA = await startNode({ nodeId: 'bal-a', dbUrl: db.url, prefix, pbxs });
    await until(async () => leaders() === 'AA' || undefined, 10_000, 'node A leading both PBXs');
    nodeB = await startNode({ nodeId: 'bal-b', dbUrl: db.url, prefix, pbxs });
  });

  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
    await Promise.all([east?.stop(), west?.stop()]);
    await db?.drop();
    await dropPrefix(prefix);
  });

  it('hands one PBX to the node that joins, keeps the split stable and loses no call in the handover', async () => {
    // Calls ringing on both PBXs while the second node joins.
    const calls = { east: east.placeInboundCall({ from: '2125550171', queue: 'support' }), west: west.placeInboundCall({ from: '2125550172', queue: 'support' }) };
    for (const p of PBXS) await until(async () => (await rows(p, calls[p].linkedid))[0], 8000, `${p} call recorded`);

    await until(async () => (leaders() === 'AB' || leaders() === 'BA') || undefined, 15_000, 'one PBX per node');
    const split = leaders();
    for (let i = 0; i < 30; i++) { // 3 s = 3 TTL/4 ticks and 3 balancer heartbeats: no flapping
      await new Promise((r) => setTimeout(r, 100));
      expect(leaders()).toBe(split);
    }

    const sims = { east, west };
    for (const p of PBXS) {
      const ext = await until(async () => ringingExtension(sims[p], calls[p].linkedid), 8000, `${p} ringing`);
      expect(sims[p].answer(ext)).toBe(true);
      await until(async () => (await rows(p, calls[p].linkedid))[0]?.answered_at, 8000, `${p} answered`);
      expect(sims[p].hangup({ linkedid: calls[p].linkedid, by: 'caller' })).toBe(true);
      await until(async () => (await rows(p, calls[p].linkedid))[0]?.status === 'ended' || undefined, 8000, `${p} ended`);
      const r = await rows(p, calls[p].linkedid);
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ outcome: 'answered', hung_up_by: 'customer' });
    }
  });

  it('gives everything back to the survivor when the other node dies', async () => {
    await nodeB!.crash();
    nodeB = undefined;
    await until(async () => leaders() === 'AA' || undefined, 15_000, 'node A leading both PBXs again');
  });
});
