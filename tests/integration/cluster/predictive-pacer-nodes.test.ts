import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import type { RunningServer } from '../../../server/main';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { createTestDb, type TestDb } from '../../support/test-db';
import { until } from '../../support/full-stack';
import { seedCampaign, seedCustomer } from '../../factories/campaign.factory';
import { dropPrefix, newPrefix, redisUrl, startNode } from './cluster-support';

// Issue #24.4: one predictive pacer per campaign across nodes (server/cluster/campaign-leadership.ts). Two, then
// three, real server nodes on one Postgres and one Redis, each pacing every 100 ms when it holds a campaign's lock.
// Every pacing step publishes campaign.pacing_updated on the node that ran it (the bus is in-process), so each
// node's steps are counted and timed: exactly one node paces each campaign, and when it stops (gracefully: the lock
// is released; or dies: the lock expires) another node takes over, never pacing while the first still did.

const NODE_ENV = { DIALER_PACING_MS: '100' };
// Long enough that a loaded CI machine's pauses never cost a holder its lock (renewed every TTL/4).
const TTL_MS = 6_000;
let sim: PbxSimulator;
let db: TestDb;
const prefix = newPrefix();
const nodes = new Map<string, RunningServer>();
/** node id -> campaign id -> times (ms) of that node's pacing steps. */
const steps = new Map<string, Map<number, number[]>>();
let campaigns: number[] = [];

async function start(nodeId: string): Promise<RunningServer> {
  const node = await startNode({ nodeId, dbUrl: db.url, prefix, pbxs: [{ id: 'main', sim }], lockTtlMs: TTL_MS, env: NODE_ENV });
  const mine = new Map<number, number[]>();
  steps.set(nodeId, mine);
  node.services.bus.subscribe('campaign.pacing_updated', (e) => {
    const list = mine.get(e.campaignId) ?? [];
    list.push(Date.now());
    mine.set(e.campaignId, list);
  });
  nodes.set(nodeId, node);
  return node;
}

const count = (nodeId: string, campaignId: number) => steps.get(nodeId)?.get(campaignId)?.length ?? 0;
const pacers = (campaignId: number) => [...steps.keys()].filter((n) => count(n, campaignId) > 0);

async function lockOwner(campaignId: number): Promise<string | null> {
  const r = new Redis(redisUrl!);
  try {
    return await r.get(`${prefix}:campaign-pacer:${campaignId}`);
  } finally {
    r.disconnect();
  }
}

/** Waits until `nodeId` has paced `campaignId` `more` times after now. */
async function pacesMore(nodeId: string, campaignId: number, more: number): Promise<void> {
  const from = count(nodeId, campaignId);
  await until(async () => count(nodeId, campaignId) >= from + more || undefined, 30_000, `${nodeId} pacing campaign ${campaignId}`);
}

/** Every step of `before` on the campaign happened before the first step of `after`: never two pacers at once. */
function handedOver(campaignId: number, before: string, after: string): void {
  const old = steps.get(before)!.get(campaignId) ?? [];
  const next = steps.get(after)!.get(campaignId) ?? [];
  expect(old.length).toBeGreaterThan(0);
  expect(next.length).toBeGreaterThan(0);
  expect(Math.max(...old)).toBeLessThan(Math.min(...next));
}

describe.skipIf(!redisUrl)('predictive pacing on several nodes', () => {
  beforeAll(async () => {
    sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: ['1001'], queues: {}, timing: { agentAnswerMs: null } });
    db = await createTestDb();
    await seedReferenceData(db.db);
    const a = await start('node-a');
    await start('node-b');
    const tag = `pacer-nodes-${process.pid}`;
    for (let i = 0; i < 4; i++) await seedCustomer(a.services, { tags: [tag] });
    // No agent is logged in: every step decides 0 dials ('no-agents') but is still a step of that node's pacer.
    for (let i = 0; i < 2; i++) {
      const { campaign } = await seedCampaign(a.services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] }, { mode: 'predictive', start: true });
      campaigns.push(campaign.id);
    }
  });

  afterAll(async () => {
    for (const n of nodes.values()) await n.stop().catch(() => undefined);
    await sim?.stop();
    await db?.drop();
    await dropPrefix(prefix);
  });

  it('paces each running campaign on exactly one of the two nodes, the holder of its lock', async () => {
    for (const id of campaigns) await until(async () => pacers(id).length > 0 && [...steps.keys()].some((n) => count(n, id) >= 20) || undefined, 20_000, `campaign ${id} paced`);
    for (const id of campaigns) {
      expect(pacers(id)).toHaveLength(1);
      const leader = pacers(id)[0]!;
      expect(await lockOwner(id)).toContain(leader);
      // Still only that one, a while later.
      await pacesMore(leader, id, 10);
      expect(pacers(id)).toEqual([leader]);
    }
  });

  it('hands a campaign to the other node when its pacer stops, without overlap', async () => {
    const id = campaigns[0]!;
    const leader = pacers(id)[0]!;
    const other = leader === 'node-a' ? 'node-b' : 'node-a';
    await nodes.get(leader)!.stop();
    nodes.delete(leader);
    const frozen = count(leader, id);
    await pacesMore(other, id, 10);
    expect(count(leader, id)).toBe(frozen);
    handedOver(id, leader, other);
    expect(await lockOwner(id)).toContain(other);
    // The survivor now paces every campaign.
    for (const c of campaigns) await pacesMore(other, c, 5);
  });

  it('a node that dies without releasing the lock is replaced once the lock expires', async () => {
    const id = campaigns[1]!;
    const [survivor] = [...nodes.keys()];
    await start('node-c');
    // node-c competes but the survivor holds every lock.
    await pacesMore(survivor!, id, 10);
    expect(count('node-c', id)).toBe(0);
    await nodes.get(survivor!)!.crash();
    nodes.delete(survivor!);
    const frozen = count(survivor!, id);
    for (const c of campaigns) await pacesMore('node-c', c, 10);
    expect(count(survivor!, id)).toBe(frozen);
    for (const c of campaigns) handedOver(c, survivor!, 'node-c');
  });
});
