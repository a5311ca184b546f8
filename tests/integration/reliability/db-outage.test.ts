import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDb, type TestDb } from '../../support/test-db';
import { testConfig } from '../../support/test-config';
import { until } from '../../support/full-stack';
import { cuttableProxyFor, type CuttableProxy } from '../../support/cuttable-proxy';
import { createDb, type DbHandle } from '../../../server/db/database';
import { createServices, type AppServices } from '../../../server/services';
import { buildApp } from '../../../server/app';
import { startRuntime } from '../../../server/runtime';
import { startPbxLinks } from '../../../server/pbx-links';
import { InProcessJobQueue } from '../../../server/jobs/in-process-queue';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import { isTransientDbError } from '../../../server/calls/keyed-serial-queue';
import { chaosSimOptions, judge, runChaos } from '../../../bench/support/ami-chaos-driver';

// Point 3: PostgreSQL unreachable for 10 s while AMI events flow. The server talks to Postgres through a TCP proxy
// that this test cuts (open sockets destroyed, new ones reset at once), like a database restart or failover.
// DB_OUTAGE_TRACE=1 prints each phase's time and, while draining, the backlog every 3 s (how the stuck-lookup bug of
// db-stalled-lookup.test.ts was found); a failed drain prints them anyway.

let testDb: TestDb, proxied: DbHandle, proxy: CuttableProxy, sim: PbxSimulator, services: AppServices, app: FastifyInstance;
let stop: () => Promise<void>;

beforeAll(async () => {
  testDb = await createTestDb();
  await seedReferenceData(testDb.db);
  proxy = await cuttableProxyFor(testDb.url);
  const viaProxy = proxy.urlFor(testDb.url);
  sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', ...chaosSimOptions() });
  const config = testConfig({ AMI_HOST: '127.0.0.1', AMI_PORT: String(sim.port), AMI_USERNAME: 'warmline', AMI_SECRET: 'sim-secret' }, viaProxy);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  proxied = createDb(viaProxy, { max: 10, applicationName: 'warmline-outage' });
  const jobs = new InProcessJobQueue(log);
  services = createServices({ config, log, db: proxied, jobs });
  app = await buildApp(services);
  await app.ready();
  const stopRuntime = startRuntime(services, app);
  const links = startPbxLinks(services);
  stop = async () => { await links.stop(); await stopRuntime(); await app.close(); await jobs.close(); await proxied.close(); };
  await until(async () => services.pbx.get('main')?.isConnected(), 5000, 'AMI link');
});
afterAll(async () => {
  await stop?.();
  await sim?.stop();
  await proxy?.close();
  await testDb?.drop();
});

describe('PostgreSQL unavailable for 10 s during AMI traffic', () => {
  it('classifies the outage errors postgres.js raises as transient', async () => {
    proxy.down();
    const err = await proxied.sql`SELECT 1`.then(() => null, (e: unknown) => e);
    proxy.up();
    expect(err).not.toBeNull();
    expect({ code: (err as { code?: string }).code, transient: isTransientDbError(err) }).toMatchObject({ transient: true });
  });

  it('buffers and retries the events, reports db down on /health meanwhile, and records every call once afterwards', async () => {
    const port = services.pbx.get('main')!;
    const t0 = Date.now();
    const phases: string[] = [];
    const mark = (what: string) => { phases.push(`${what} +${((Date.now() - t0) / 1000).toFixed(1)} s`); if (process.env.DB_OUTAGE_TRACE) console.log(phases.at(-1)); };
    const traffic = runChaos(sim, { calls: 40, cuts: 0, callsPerSecond: 2, stepMs: 1000, isConnected: () => port.isConnected() });
    await new Promise((r) => setTimeout(r, 3000));
    proxy.down();
    mark('db down');
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 2500));
    const during = await app.inject({ method: 'GET', url: '/health' });
    expect(during.statusCode).toBe(503);
    expect(during.json()).toMatchObject({ status: 'down', db: { status: 'down' }, pbx: [{ id: 'main', status: 'connected' }] });
    await until(async () => services.calls.backlog > 0, 7000, 'events waiting for the database');
    mark('backlog > 0');
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + 10_000 - Date.now())));
    const stillDown = await app.inject({ method: 'GET', url: '/health' });
    expect(stillDown.statusCode).toBe(503);
    proxy.up();
    mark('db up');
    let lastHealth = '';
    await until(async () => { const h = await app.inject({ method: 'GET', url: '/health' }); lastHealth = h.body; return h.statusCode === 200; }, 10_000, 'health 200 after recovery')
      .catch((e: unknown) => { console.log('db-outage: last /health', lastHealth, 'backlog', services.calls.backlog, phases); throw e; });
    mark('health 200');

    const { truth } = await traffic;
    mark('traffic done');
    const tick = process.env.DB_OUTAGE_TRACE ? setInterval(() => { void services.callsRepo.listLive('main').then((l) => console.log(`+${((Date.now() - t0) / 1000).toFixed(1)} backlog ${services.calls.backlog} live ${l.map((c) => c.linkedid + ':' + c.status).join(' ')}`)); }, 3000) : undefined;
    await until(async () => services.calls.backlog === 0 && (await services.callsRepo.listLive('main')).length === 0, 60_000, 'backlog drained')
      .catch(async (e) => { console.log('db-outage phases', phases, 'backlog', services.calls.backlog, (await services.callsRepo.listLive('main')).map((c) => [c.linkedid, c.status])); throw e; });
    clearInterval(tick);
    mark('drained');
    const rows = await testDb.db.selectFrom('calls').select(['linkedid', 'status', 'outcome', 'started_at', 'ended_at']).execute();
    const sut = judge(truth, [], rows);
    expect({ missing: sut.missing, notEnded: sut.notEnded, duplicates: sut.duplicates, wrongOutcome: sut.wrongOutcome, endTimeViolations: sut.endTimeViolations })
      .toEqual({ missing: [], notEnded: [], duplicates: 0, wrongOutcome: [], endTimeViolations: [] });
    expect(sut.recorded).toBe(40);
  }, 90_000);
});
