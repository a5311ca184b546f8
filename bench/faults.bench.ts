// Fault bench (issue #19): a call stream against the PBX simulator while PostgreSQL, Redis and the server are
// killed in turn; compares what the server recorded with what the PBX did. Prints JSON.
//   npm run bench:faults -- [--rate 2] [--seconds 80] [--outage 10] [--down 5] [--lock-ttl 5000] [--step 1000]
// PostgreSQL and Redis are the shared ones, never stopped: the server reaches each through a TCP proxy that is cut
// (open sockets reset, new ones refused). The server is its own process and is killed with SIGKILL, then a new one
// starts on the same database and Redis. Only 127.0.0.1; creates and drops its own database and Redis keys.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { createDb } from '../server/db/database';
import { migrate } from '../server/db/migrator';
import { seedReferenceData } from '../server/db/seed-reference';
import { startPbxSimulator } from '../server/pbx/simulator/pbx-simulator';
import { QueueLogRepository } from '../server/pbx/queue-log';
import { cuttableProxyFor } from '../tests/support/cuttable-proxy';
import { chaosSimOptions, judge, runChaos, type Outage } from './support/ami-chaos-driver';
import { waitFor } from './support/bench-stack';
import { probeHealth, startFaultNode, waitLeading, type FaultNode, type FaultNodeOptions } from './support/faults-node';
import { arg } from './support/stats';

const rate = arg('rate', 2);
const seconds = arg('seconds', 80);
const outageS = arg('outage', 10);
const downS = arg('down', 5);
const lockTtlMs = arg('lock-ttl', 5000);
const stepMs = arg('step', 1000);
const progress = (m: string) => process.stderr.write(`[faults] ${m}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const withDatabase = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
const dbName = `warmline_faults_${randomBytes(4).toString('hex')}`;
const prefix = `wlbench-faults-${randomBytes(4).toString('hex')}`;
const admin = postgres(withDatabase(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
const dbUrl = withDatabase(baseUrl, dbName);
const db = createDb(dbUrl, { max: 4, applicationName: 'warmline-faults-bench' });
await migrate(db.sql);
await seedReferenceData(db.db);

const pgProxy = await cuttableProxyFor(dbUrl);
const redisProxy = await cuttableProxyFor(redisUrl);
// The simulated PBX writes queue_log like Asterisk through realtime, on its own connection (not through the proxy):
// the resync reads the true end of calls that vanished while the server was dead (issue #19.5).
const queueLog = new QueueLogRepository(db.db);
const sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', ...chaosSimOptions(),
  queueLog: (row) => { queueLog.append(row).catch((err: unknown) => progress(`queue_log write failed: ${String(err)}`)); } });
const nodeOptions = (nodeId: string): FaultNodeOptions => ({ nodeId, databaseUrl: pgProxy.urlFor(dbUrl), redisUrl: redisProxy.urlFor(redisUrl),
  observerRedisUrl: redisUrl, prefix, lockTtlMs, amiPort: sim.port });

interface Phase { fault: 'postgres' | 'redis' | 'server'; downAt: number; upAt: number; recoveredAt: number; health: Array<{ status: number; ms: number }> }
const phases: Phase[] = [];
let node: FaultNode | undefined;
const t0 = Date.now();
let streamT0 = 0;
const at = (s: number) => sleep(Math.max(0, streamT0 + s * 1000 - Date.now()));

try {
  node = await startFaultNode(nodeOptions('faults-1'));
  await waitLeading(node, nodeOptions('faults-1'));
  progress(`node up at ${node.url}; ${Math.round(rate * seconds)} calls at ${rate}/s over ${seconds} s`);
  streamT0 = Date.now();
  const traffic = runChaos(sim, { calls: Math.round(rate * seconds), cuts: 0, callsPerSecond: rate, stepMs, isConnected: () => true });

  // A proxy cut for `outageS`, /health probed in the middle of it and until it is 200 again.
  const cut = async (fault: 'postgres' | 'redis', proxy: typeof pgProxy) => {
    const downAt = Date.now();
    proxy.down();
    progress(`${fault} cut`);
    // Probed at a quarter and at three quarters of the cut, without delaying its end.
    const probes = [0.25, 0.75].map((f) => sleep(outageS * 1000 * f).then(() => probeHealth(node!.url)));
    await sleep(outageS * 1000);
    proxy.up();
    const health = await Promise.all(probes);
    const upAt = Date.now();
    await waitFor(async () => (await probeHealth(node!.url)).status === 200, 60_000, `health 200 after the ${fault} cut`);
    phases.push({ fault, downAt, upAt, recoveredAt: Date.now(), health: health.map((h) => ({ status: h.status, ms: h.ms })) });
    progress(`${fault} back`);
  };

  const faults = (async () => {
    const span = seconds / 4;
    await at(span * 0.5);
    await cut('postgres', pgProxy);
    await at(span * 1.5);
    await cut('redis', redisProxy);
    await at(span * 2.5);
    const downAt = Date.now();
    await node!.kill();
    progress('server killed (SIGKILL)');
    await sleep(downS * 1000);
    node = await startFaultNode(nodeOptions('faults-2'));
    const upAt = Date.now();
    await waitLeading(node, nodeOptions('faults-2'));
    phases.push({ fault: 'server', downAt, upAt, recoveredAt: Date.now(), health: [] });
    progress('server restarted and leading');
  })();

  const { truth } = await traffic;
  await faults;
  progress('stream over; waiting for every call to be ended in the database');
  await waitFor(async () => sim.liveCalls.length === 0
    && (await db.db.selectFrom('calls').select('id').where('status', '<>', 'ended').limit(1).execute()).length === 0, 120_000, 'every call ended')
    .catch((err: unknown) => progress(String(err)));
  const rows = await db.db.selectFrom('calls').select(['linkedid', 'status', 'outcome', 'started_at', 'ended_at']).execute();

  // Only the server's downtime is an outage in the judge's sense (ends learnt from a resync, 'unknown' allowed):
  // during the Postgres and Redis cuts the AMI link stayed up and every event was seen live.
  const server = phases.find((p) => p.fault === 'server')!;
  const window: Outage = { downAt: server.downAt, upAt: server.recoveredAt };
  const v = judge(truth, [window], rows);
  const insideWindow = (l: string) => { const t = truth.get(l)!; return t.startedAt >= window.downAt - 50 && t.endedAt !== null && t.endedAt <= window.upAt + 500; };
  const missingInside = v.missing.filter(insideWindow);
  const missingOutside = v.missing.filter((l) => !insideWindow(l));
  const alive = (p: Phase) => [...truth.values()].filter((t) => t.startedAt <= p.recoveredAt && (t.endedAt ?? Infinity) >= p.downAt).length;
  console.log(JSON.stringify({
    callsPlaced: v.calls, recorded: v.recorded, missing: v.missing.length, missingInsideWindow: missingInside.length,
    missingOutsideWindow: missingOutside.length, wrongOutcome: v.wrongOutcome.length, unknownOutcome: v.unknownOutcome.length,
    duplicates: v.duplicates, notEnded: v.notEnded.length, endTimeViolations: v.endTimeViolations.length,
    verdict: v.wrongOutcome.length === 0 && missingOutside.length === 0 && v.duplicates === 0 && v.notEnded.length === 0 ? 'met' : 'not met',
    faults: phases.map((p) => ({ fault: p.fault, atS: Math.round((p.downAt - streamT0) / 100) / 10, downMs: p.upAt - p.downAt,
      untilRecoveredMs: p.recoveredAt - p.downAt, callsAlive: alive(p), health: p.health })),
    maxEndTimeErrorLiveMs: v.maxEndTimeErrorMs, maxEndTimeErrorServerDownMs: v.maxEndTimeErrorDuringOutageMs, endedWhileServerDown: v.endedDuringOutage,
    settings: { rate, seconds, outageS, downS, lockTtlMs, stepMs },
    durationS: Math.round((Date.now() - t0) / 1000), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    details: { unknownByScenario: v.unknownOutcome.map((l) => truth.get(l)!.scenario), wrongOutcome: v.wrongOutcome.slice(0, 10), missingOutsideWindow: missingOutside.slice(0, 10), endTimeViolations: v.endTimeViolations.slice(0, 5) },
  }, null, 2));
} finally {
  await node?.stop().catch(() => undefined);
  await sim.stop();
  await pgProxy.close();
  await redisProxy.close();
  await db.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  const r = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await r.del(...keys);
  } while (cursor !== '0');
  r.disconnect();
}
