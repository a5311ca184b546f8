import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Redis } from 'ioredis';
import { createTestContext, type TestContext } from '../../support/test-app';
import { createUser, type TestUser } from '../../factories/user.factory';
import { attemptsOf, campaignCall, FakePbxPort, seedCampaign, seedCustomer, setAgentReady } from '../../factories/campaign.factory';
import { BullJobQueue } from '../../../server/jobs/bullmq-queue';
import { EventBus } from '../../../server/events/event-bus';
import { createDb, type DbHandle } from '../../../server/db/database';
import { createCampaignServices } from '../../../server/campaigns/campaigns.wiring';
import type { OriginateRequest } from '../../../server/pbx/pbx-port';

// Two dialer "nodes" (own DB pool, own BullMQ workers on the same queues) race on one campaign.
const redisUrl = inject('redisUrl');
const prefix = `test-dialer-${randomBytes(4).toString('hex')}`;
let ctx: TestContext;
const handles: DbHandle[] = [];
const queues: BullJobQueue[] = [];
const log = pino({ level: 'silent' });

class EndingPbx extends FakePbxPort {
  onDial?: (req: OriginateRequest) => void;
  override async originate(req: OriginateRequest): Promise<void> {
    await super.originate(req);
    this.onDial?.(req);
  }
}

beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await Promise.all(handles.map((h) => h.close()));
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
  await ctx.close();
});

describe.skipIf(!redisUrl)('progressive dialer on BullMQ, two nodes racing', () => {
  it('dials every attempt exactly once', async () => {
    const r = `race-${process.pid}`;
    const customers = 24;
    for (let i = 0; i < customers; i++) await seedCustomer(ctx.services, { region: r });
    const agents: TestUser[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await createUser(ctx.services, ctx.app, { role: 'operator' });
      await setAgentReady(ctx.services, a.id);
      agents.push(a);
    }
    const { campaign } = await seedCampaign(ctx.services, { type: 'region_in', regions: [r] },
      { start: true, mode: 'progressive', agentIds: agents.map((a) => a.id), maxAttempts: 1 });

    const pbx = new EndingPbx();
    pbx.delayMs = 5;
    const nodes = [0, 1].map(() => {
      const handle = createDb(ctx.db.url, { max: 4, applicationName: 'dialer-race' });
      handles.push(handle);
      const jobs = new BullJobQueue(redisUrl!, prefix, log);
      queues.push(jobs);
      const svc = createCampaignServices({ db: handle.db, audit: ctx.services.audit, bus: new EventBus(log), jobs, log, pbx: new Map([['main', pbx]]), dialerOptions: { tickMs: 0 } });
      svc.dialer.start();
      return svc;
    });
    // The PBX reports each call unanswered a moment later, to a random node; that frees the agent for the next dial.
    const busyAgents = new Set<string>();
    const doubleBooked: string[] = [];
    pbx.onDial = (req) => {
      if (busyAgents.has(req.fromExtension)) doubleBooked.push(req.fromExtension);
      busyAgents.add(req.fromExtension);
      const attemptId = Number(req.crmCallId.split('-')[1]);
      setTimeout(() => {
        busyAgents.delete(req.fromExtension);
        void campaignCall(ctx.services, attemptId, 'no_answer').then((call) => nodes[Math.round(Math.random())]!.dialer.onCallEnded(call));
      }, 10);
    };
    // Both nodes pump at once, repeatedly, for every agent: duplicates must collapse in the database claim.
    for (let round = 0; round < 60; round++) {
      await Promise.all(nodes.flatMap((n) => [n.dialer.tick(), ...agents.map((a) => n.dialer.dialNextFor(a.id))]));
      const left = (await attemptsOf(ctx.services, campaign.id)).filter((a) => a.status !== 'done');
      if (left.length === 0) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    const attempts = await attemptsOf(ctx.services, campaign.id);
    expect(attempts).toHaveLength(customers);
    expect(attempts.every((a) => a.status === 'done' && a.outcome === 'no_answer' && a.dial_count === 1)).toBe(true);
    const ids = pbx.originated.map((o) => o.crmCallId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(attempts.map((a) => `att-${a.id}-1`).sort());
    const dials = await ctx.services.db.selectFrom('campaign_dials').select(['attempt_id']).where('attempt_id', 'in', attempts.map((a) => a.id)).execute();
    expect(dials).toHaveLength(customers);
    expect(doubleBooked).toEqual([]); // an agent never had two campaign calls at once
    const completed = await ctx.services.campaigns.progress(campaign.id);
    expect(completed).toMatchObject({ total: customers, completed: customers, dialing: 0 });
  });
});
