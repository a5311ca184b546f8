// AMI ingest under load (issue #27.7): an AMI server in a child process (bench/support/ingest-driver.ts) writes
// synthetic answered queue calls (20 events each) at rising rates to a server node built as main.ts builds one
// (its pools, services, PBX link), on a fresh database. Per rate it prints one JSON line: offered and sustained
// events/s, the ingest lag and backlog when the sender stopped, the server's RSS before and after (after: once every
// event is applied and a GC has run), and calls recorded against calls sent.
//   npm run bench:ingest -- [--seconds 15] [--rates 2000,5000,8000] [--unbatched] [--count-queries]
import pino from 'pino';
import postgres from 'postgres';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config';
import { createDb, POP_POOL_SIZE } from '../server/db/database';
import { migrate } from '../server/db/migrator';
import { createServices } from '../server/services';
import { buildApp } from '../server/app';
import { InProcessJobQueue } from '../server/jobs/in-process-queue';
import { startRuntime } from '../server/runtime';
import { startPbxLinks } from '../server/pbx-links';
import { messageInbox, type Msg } from './support/ipc-inbox';
import { sql } from 'kysely';
import { countStatements } from './support/statement-counter';
import fs from 'node:fs';
import os from 'node:os';
import { CallsRepository } from '../server/calls/calls.repository';
import { BatchedCallsRepository } from '../server/calls/calls-batched.repository';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback; };
const seconds = Number(opt('seconds', '15'));
const rates = opt('rates', '2000,5000,8000').split(',').map(Number);
const progress = (m: string) => process.stderr.write(`[bench:ingest] ${m}\n`);
// --count-queries: every statement sent through Kysely, by shape, per call (pg_stat_statements is not loaded here).
const countQueries = argv.includes('--count-queries');
const statements = countQueries ? countStatements(90) : new Map<string, number>();
// --unbatched: the calls repository's single-row statements only (as before the batching), for an A/B on one machine.
if (argv.includes('--unbatched')) {
  for (const m of ['insertStartedWithLeg', 'markQueued', 'markOfferedWithLeg', 'markAnsweredWithLeg', 'endLeg', 'markEndedWithLegs'] as const) {
    Object.defineProperty(BatchedCallsRepository.prototype, m, { value: CallsRepository.prototype[m], configurable: true, writable: true });
  }
}

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `warmline_bench_ingest_${process.pid}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const mig = postgres(url.toString(), { max: 1, onnotice: () => {} });
await migrate(mig);
await mig.end();

const { deliver, next } = messageInbox('ingest driver');
const driver = fork(fileURLToPath(new URL('./support/ingest-driver.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
driver.on('message', (m: Msg) => deliver(m));
const { port } = (await next('ready')) as unknown as { port: number };

const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const pbxId = `ingest${process.pid}`;
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString(), JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', CONSOLE_DIR: '/nonexistent',
  DEFAULT_REGION: 'US', AMI_HOST: '127.0.0.1', AMI_PORT: String(port), AMI_USERNAME: 'bench', AMI_SECRET: 'bench-secret', PBX_ID: pbxId, WRAPUP_SECONDS: '0' });
const db = createDb(url.toString(), { max: 20, applicationName: 'warmline-bench-ingest' });
const popDb = createDb(url.toString(), { max: POP_POOL_SIZE, applicationName: 'warmline-bench-ingest-pop' });
const jobs = new InProcessJobQueue(log);
const services = createServices({ config, log, db, popDb, jobs });
const app = await buildApp(services);
const stopRuntime = startRuntime(services, app);
const links = startPbxLinks(services);
while (![...services.pbx.values()].every((p) => p.isConnected())) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 300)); // the connection's resync
let received = 0;
let reconnects = 0;
for (const l of links.links) {
  l.client.on('frame', () => { received++; });
  l.client.on('disconnected', () => { reconnects++; });
}

// CPU spent by this process and by its Postgres backends (ms), and transactions committed: what a run cost, which on a
// shared machine says more than the rate reached.
async function costs() {
  const pids = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db.db);
  let ticks = 0;
  for (const { pid } of pids.rows) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* exited */ }
  }
  const x = await sql<{ n: string }>`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`.execute(db.db);
  const cpu = process.cpuUsage();
  return { nodeMs: (cpu.user + cpu.system) / 1000, pgMs: ticks * 10, xacts: Number(x.rows[0]?.n ?? 0) };
}

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);
for (const [i, rate] of rates.entries()) {
  const prefix = `${1700000000 + i}${process.pid}`;
  gc?.();
  const rssBefore = rssMb();
  const received0 = received;
  const t0 = Date.now();
  let maxBacklog = 0;
  statements.clear();
  const cost0 = await costs();
  const sampler = setInterval(() => { maxBacklog = Math.max(maxBacklog, services.calls.backlog); }, 50);
  driver.send({ type: 'run', rate, seconds, prefix });
  const ran = (await next('ran')) as unknown as { offered: number; calls: number; seconds: number };
  const lagAtEndMs = Math.round(services.calls.lagMs);
  const backlogAtEnd = services.calls.backlog;
  const rssPeak = rssMb();
  // Every event sent read and applied.
  // A link that dropped (AMI Pings unanswered on an overloaded machine) lost the frames in its socket: stop waiting.
  const reconnects0 = reconnects;
  let waited = 0;
  while (received - received0 < ran.offered && reconnects === reconnects0) {
    await new Promise((r) => setTimeout(r, 20));
    if (++waited % 250 === 0) progress(`waiting: read ${received - received0}/${ran.offered}, backlog ${services.calls.backlog}, reading paused ${links.links.some((l) => l.client.readingPaused)}`);
  }
  if (reconnects !== reconnects0) {
    progress('the AMI link dropped during the run: frames in its socket were lost, the figures of this rate are not comparable');
    while (![...services.pbx.values()].every((p) => p.isConnected())) await new Promise((r) => setTimeout(r, 20));
  }
  await services.calls.drain();
  const t1 = Date.now();
  clearInterval(sampler);
  const cost1 = await costs();
  const perK = (v: number) => Math.round((v / ran.offered) * 1000);
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const recorded = await db.db.selectFrom('calls').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('pbx_id', '=', pbxId).where('linkedid', 'like', `${prefix}.%`).where('status', '=', 'ended').executeTakeFirstOrThrow();
  console.log(JSON.stringify({
    rateOffered: rate, seconds: ran.seconds, eventsSent: ran.offered,
    offeredEventsPerSec: Math.round(ran.offered / ran.seconds), sustainedEventsPerSec: Math.round(ran.offered / ((t1 - t0) / 1000)),
    lagAtEndMs, backlogAtEnd, maxBacklog, drainAfterSendMs: t1 - t0 - Math.round(ran.seconds * 1000),
    rssMbBefore: rssBefore, rssMbAtEnd: rssPeak, rssMbAfter: rssMb(), callsSent: ran.calls, callsRecorded: Number(recorded.n),
    linkDrops: reconnects - reconnects0,
    nodeCpuMsPer1kEvents: perK(cost1.nodeMs - cost0.nodeMs), pgBackendCpuMsPer1kEvents: perK(cost1.pgMs - cost0.pgMs),
    transactionsPerCall: Math.round(((cost1.xacts - cost0.xacts) / ran.calls) * 100) / 100,
    loadAvg1m: Math.round(os.loadavg()[0]! * 10) / 10,
    ...(countQueries ? { statementsPerCall: Object.fromEntries([...statements].sort((a, b) => b[1] - a[1])
      .map(([shape, n]) => [shape, Math.round((n / ran.calls) * 100) / 100])) } : {}),
  }));
}
driver.send({ type: 'stop' });
await links.stop();
await stopRuntime();
await app.close();
await db.close();
await popDb.close();
await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.end();
process.exit(0);
