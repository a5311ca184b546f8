import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import { startPbxLinks } from '../../../server/pbx-links';
import { startSipAccountSync, type SipAccountSync } from '../../../server/sip/sip-account-sync';
import { startQueueMemberSync, type QueueMemberSync } from '../../../server/queues/queue-member-sync';
import { SIP_ACCOUNT_CACHES } from '../../../server/pbx/ami-pbx-port';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { createTestContext, type TestContext } from '../../support/test-app';
import { until } from '../../support/full-stack';
import { createUser } from '../../factories/user.factory';

// Regression test for commit 5b7d4a6. The SIP-account and queue-member sync loops ran once while the AMI link was
// down (a connection announcement for a PBX whose port is not there or not connected yet): the loop ended before its
// first await, cleared its running flag before the flag was even set, and the settled promise then stayed there
// for good. Every later run, the link's real 'connected' included, only marked itself "again" behind it, so nothing
// reached the PBX any more, and stop() spun in microtasks for ever (the real-PBX suite hung in afterAll).
// On the parent of 5b7d4a6 the two `until`s below time out; stop() is then not called, so the run ends instead of
// hanging.
let ctx: TestContext;
let sim: PbxSimulator;
let links: ReturnType<typeof startPbxLinks> | null = null;
let sipSync: SipAccountSync;
let memberSync: QueueMemberSync;
let healthy = false;

beforeAll(async () => {
  sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: ['1001'], queues: { support: ['1001'] }, timing: { agentAnswerMs: null } });
  ctx = await createTestContext({ env: { AMI_HOST: '127.0.0.1', AMI_PORT: String(sim.port), AMI_USERNAME: 'warmline', AMI_SECRET: 'sim-secret' } });
  await seedReferenceData(ctx.db.db);
  const { services } = ctx;
  sipSync = startSipAccountSync({ sql: services.dbHandle.sql, bus: services.bus, pbx: services.pbx, log: services.log });
  memberSync = startQueueMemberSync({ sql: services.dbHandle.sql, bus: services.bus, pbx: services.pbx, repo: services.queuesRepo, log: services.log });
});
afterAll(async () => {
  if (healthy) {
    await links?.stop();
    await Promise.all([sipSync.stop(), memberSync.stop()]);
  }
  await ctx?.close();
  await sim?.stop();
});

describe('sync loops after a run made while the AMI link was down (5b7d4a6)', () => {
  it('still refresh the SIP accounts and apply queue members once the link is up', async () => {
    const { services } = ctx;
    const agent = await createUser(services, ctx.app, { role: 'operator', extension: '1009' });
    await sql`INSERT INTO queue_members (queue_id, user_id) SELECT id, ${agent.id} FROM queues WHERE name = 'support'`.execute(ctx.db.db);

    // A run while the link is down: the port is not even registered yet, so each loop ends before its first await.
    expect(services.pbx.has('main')).toBe(false);
    services.bus.publish('pbx.connection_changed', { pbxId: 'main', connected: true });

    links = startPbxLinks(services);
    await until(async () => [...services.pbx.values()].every((p) => p.isConnected()), 5000, 'the AMI link');
    // The link's own 'connected' must run both loops again.
    // Each loop on its own: on the parent of 5b7d4a6 both time out.
    const outcome = await Promise.allSettled([
      until(async () => sim.cachePopulations.length >= SIP_ACCOUNT_CACHES.length, 5000, 'SIP caches repopulated after the link came up'),
      until(async () => sim.model.queues.get('support')?.members.some((m) => m.extension === '1009'), 5000, 'member 1009 added to support'),
    ]);
    expect(outcome.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok']);
    healthy = true;
    // And they stop (stop() waits for the loops to settle instead of spinning).
    await Promise.all([sipSync.settled(), memberSync.settled()]);
    expect(sim.cachePopulations.slice(0, SIP_ACCOUNT_CACHES.length)).toEqual([...SIP_ACCOUNT_CACHES]);
  });
});
