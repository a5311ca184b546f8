// Load: N agents logged in over socket.io (default 300, in 3 queues), R new inbound calls/s (default 20) for S
// seconds (default 300) against the PBX simulator over AMI. Measures the screen-pop latency (simulator creates
// the call -> that agent's socket receives screen-pop), the calls-service backlog sampled each second, event-loop
// lag, RSS and the CPU time of the server process. The load generator (simulator + socket clients) runs in a child
// process (bench/support/load-driver.ts) so that the server's event loop and CPU are its own; --one-process puts
// everything back in one process (the first measurements were made that way). --profile FILE writes a V8 CPU
// profile of the server process during the load phase. Prints JSON. Only 127.0.0.1; stops by itself.
// The server runs on a copy of the kept customers database (bench-data.ts: 1M customers, 10M skewed interactions by
// default; --customers/--interactions pick another kept size; --empty for the old empty database), and the callers
// are drawn from its customers: 90% a random customer's own number, 5% one of the 100 customers with the most
// interactions, 5% numbers nobody has (issue #26 point 7: before, every pop was an unknown caller on empty tables).
//   npx tsx bench/load.bench.ts [--agents 300] [--rate 20] [--seconds 300] [--customers N --interactions M | --empty]
//     [--one-process] [--profile out.cpuprofile]
import os from 'node:os';
import fs from 'node:fs';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import { countStatements } from './support/statement-counter';
import type { Database } from '../server/db/database';
import { hashPassword } from '../server/auth/password';
import { startBenchStack, waitFor } from './support/bench-stack';
import { ensureBenchDatabase } from './support/bench-data';
import { CUSTOMERS_DB_PREFIX } from './support/bench-databases';
import { arg, percentiles } from './support/stats';
import { messageInbox, type Msg } from './support/ipc-inbox';
import type { DriverFigures } from './support/load-driver';

const agents = arg('agents', 300);
const rate = arg('rate', 20);
const seconds = arg('seconds', 300);
const empty = process.argv.includes('--empty');
const customers = arg('customers', 1_000_000);
const interactions = arg('interactions', 10_000_000);
const oneProcess = process.argv.includes('--one-process');
// --count-queries: every statement the server sends through Kysely, grouped by its shape (pg_stat_statements is
// not loaded on this Postgres). Statements inside a transaction count too; BEGIN/COMMIT are not Kysely queries.
const countQueries = process.argv.includes('--count-queries');
const statements = countQueries ? countStatements(110) : new Map<string, number>();
const profileAt = process.argv.indexOf('--profile');
const profilePath = profileAt > 0 ? process.argv[profileAt + 1] : undefined;
const progress = (m: string) => process.stderr.write(`[load] ${m}\n`);
const exts = Array.from({ length: agents }, (_, i) => String(3001 + i));

// The driver: a child process, or the same module loaded in this process (--one-process) talking over a local
// message channel with the same protocol.
interface Driver { send(m: Msg): void; next(type: string): Promise<Msg>; child?: ChildProcess }
async function startDriver(): Promise<Driver> {
  const { deliver, next } = messageInbox('load driver');
  const driverPath = fileURLToPath(new URL('./support/load-driver.ts', import.meta.url));
  if (oneProcess) {
    const listeners: Array<(m: Msg) => void> = [];
    Object.assign(process, { send: (m: Msg) => { setImmediate(() => deliver(m)); return true; } });
    const on = process.on.bind(process);
    Object.assign(process, { on: (ev: string, fn: (m: Msg) => void) => (ev === 'message' ? (listeners.push(fn), process) : on(ev, fn)) });
    process.argv[2] = String(agents);
    await import(driverPath);
    return { send: (m) => setImmediate(() => listeners.forEach((l) => l(m))), next };
  }
  const child = fork(driverPath, [String(agents)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (m: Msg) => deliver(m));
  child.on('exit', (code) => { if (code) deliver({ type: 'error', message: `exited with ${code}` }); });
  return { send: (m) => child.send(m), next, child };
}

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const template = empty ? undefined : new URL(await ensureBenchDatabase(baseUrl, CUSTOMERS_DB_PREFIX, { customers, interactions }, progress)).pathname.slice(1);
let failure: string | undefined;
const driver = await startDriver();
const { amiPort } = (await driver.next('ready')) as unknown as { amiPort: number };
const stack = await startBenchStack(amiPort, { WRAPUP_SECONDS: '0' }, { template, log: progress });
try {
  const { services } = stack;
  await waitFor(() => services.pbx.get('main')!.isConnected(), 10_000, 'AMI link');
  const hash = await hashPassword('bench-password');
  progress(`creating ${agents} agents`);
  const ids: number[] = [];
  const tokens: string[] = [];
  for (const ext of exts) {
    const id = await services.users.create({ username: `agent-${ext}`, displayName: `Agent ${ext}`, passwordHash: hash, role: 'operator', extension: ext, sip: null });
    ids.push(id);
    tokens.push(services.tokens.sign({ id, username: `agent-${ext}`, displayName: '', role: 'operator', extension: ext, locale: 'en' }));
  }
  driver.send({ type: 'agents', url: stack.url, tokens });
  await driver.next('connected');
  for (const id of ids) {
    await services.agents.login(id);
    await services.agents.setState(id, 'ready', null);
  }
  progress(`${agents} agents ready; ${rate} calls/s for ${seconds} s (${oneProcess ? 'one process' : 'load generator in a child process'})`);
  const session = profilePath ? new Session() : null;
  if (session) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const backlog: number[] = [];
  const rss: number[] = [];
  const load1: number[] = [];
  const sampler = setInterval(() => { backlog.push(services.calls.backlog); rss.push(process.memoryUsage().rss / 2 ** 20); load1.push(os.loadavg()[0]!); }, 1000);
  statements.clear();
  const db0 = await dbCounters(services.db);
  const pg0 = await backendCpuMs(services.db);
  const machine0 = machineCpu();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const load0 = os.loadavg();
  driver.send({ type: 'go', rate, seconds, customers: empty ? 0 : customers });
  const { figures } = (await driver.next('done')) as unknown as { figures: DriverFigures };
  const cpu = process.cpuUsage(cpu0);
  const wallMs = Date.now() - t0;
  const machine1 = machineCpu();
  const pg1 = await backendCpuMs(services.db);
  await new Promise((r) => setTimeout(r, 1000)); // statistics are flushed by the backends about once a second
  await waitFor(() => services.calls.backlog === 0, 120_000, 'backlog drained');
  const db1 = await dbCounters(services.db);
  const statementsInLoad = new Map(statements);
  clearInterval(sampler);
  lag.disable();
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(profilePath!, JSON.stringify(profile));
    session.disconnect();
  }
  await waitFor(() => services.calls.backlog === 0, 120_000, 'backlog drained');
  const rows = await services.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // The rollups are folded after the calls (migration 0014), by the folder while the load ran: fold the rest as a
  // report would, then every ended call must have its facts, and the 15-minute rollup must count each call once.
  const notedAtEnd = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM report_refold_queue`.execute(services.db)).rows[0]?.n ?? 0);
  await services.reportFolder.foldOnce({ wait: true });
  const folded = (await sql<{ ended: string; facts: string; rolled: string | null }>`SELECT
      (SELECT count(*) FROM calls WHERE status = 'ended') AS ended, (SELECT count(*) FROM report_call_facts) AS facts,
      (SELECT sum(calls) FROM report_calls_15m) AS rolled`.execute(services.db)).rows[0]!;
  const half = Math.floor(backlog.length / 2);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const serverCpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({
    agents, rate, seconds, database: empty ? 'empty' : { customers, interactions, copyOf: template },
    callsStarted: figures.started, scenarioErrors: figures.failed, callsRecorded: Number(rows.n), pops: figures.popMs.length,
    popsWithoutStart: figures.popsWithoutStart, popMatch: figures.matches, callers: figures.callers,
    popMs: percentiles(figures.popMs),
    reportRollups: { notedWhenTheLoadEnded: notedAtEnd, endedCalls: Number(folded.ended), factsAfterFold: Number(folded.facts), callsIn15mRollup: Number(folded.rolled ?? 0) },
    callsPerSecondAchieved: Math.round((figures.started / (figures.placingMs / 1000)) * 100) / 100,
    backlog: { max: Math.max(...backlog), avgFirstHalf: Math.round(avg(backlog.slice(0, half)) * 10) / 10, avgSecondHalf: Math.round(avg(backlog.slice(half)) * 10) / 10,
      // max of each 10 s window: the trend over the run
      maxPer10s: Array.from({ length: Math.ceil(backlog.length / 10) }, (_, i) => Math.max(...backlog.slice(i * 10, i * 10 + 10))) },
    eventLoopLagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    rssMb: { start: Math.round(rss[0] ?? 0), end: Math.round(rss.at(-1) ?? 0), max: Math.round(Math.max(...rss)) },
    // CPU time / wall time of the load phase: 100 = one core busy. In --one-process mode it includes the driver.
    cpuPercent: { server: Math.round((100 * serverCpuMs) / wallMs), loadGenerator: oneProcess ? null : Math.round((100 * figures.cpuMs) / figures.wallMs) },
    ...(countQueries ? { statementsPerCall: {
      total: Math.round(([...statementsInLoad.values()].reduce((a, b) => a + b, 0) / figures.started) * 10) / 10,
      top: [...statementsInLoad].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([shape, n]) => ({ perCall: Math.round((n / figures.started) * 100) / 100, shape })),
    } } : {}),
    // Postgres backends of this bench's database (their CPU from /proc; approximate: a backend that exited is lost).
    postgres: { cpuPercent: Math.round((100 * (pg1 - pg0)) / wallMs), ...perCall(db0, db1, figures.started) },
    // The whole machine (shared with other work): busy share of all cores, and the 1-minute load average.
    machineCpuBusyPercent: Math.round(100 * (1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total))),
    loadAverage: { atStart: load0.map((x) => Math.round(x * 100) / 100), atEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
      oneMinuteMax: Math.round(Math.max(...load1) * 100) / 100, oneMinuteAvg: Math.round(avg(load1) * 100) / 100 },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version,
      note: oneProcess ? 'server, simulator, DB clients and socket clients in one process' : 'server in this process; simulator + socket clients in a child process; shared machine' },
  }, null, 2));
  if (figures.popsWithoutStart > 0) failure = `${figures.popsWithoutStart} pops without a start time`;
} finally {
  driver.send({ type: 'stop' });
  await stack.stop();
}
if (failure) {
  progress(`FAILED: ${failure}`);
  process.exit(1);
}
process.exit(0);

type Counters = { xacts: number; tables: Record<string, { seqScan: number; seqRead: number; idxScan: number; writes: number }> };
// Round trips and table work of this database, from the statistics views (pg_stat_statements is not loaded here):
// every autocommit statement and every explicit transaction counts one xact_commit.
async function dbCounters(db: Database): Promise<Counters> {
  const x = await sql<{ n: string }>`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`.execute(db);
  const t = await sql<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null; w: string }>`
    SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins + n_tup_upd + n_tup_del AS w FROM pg_stat_user_tables`.execute(db);
  return { xacts: Number(x.rows[0]?.n ?? 0), tables: Object.fromEntries(t.rows.map((r) => [r.relname, { seqScan: Number(r.seq_scan), seqRead: Number(r.seq_tup_read), idxScan: Number(r.idx_scan ?? 0), writes: Number(r.w) }])) };
}
function perCall(a: Counters, b: Counters, calls: number) {
  const r = (x: number) => Math.round((x / Math.max(1, calls)) * 10) / 10;
  const tables = Object.entries(b.tables).map(([name, t]) => {
    const o = a.tables[name] ?? { seqScan: 0, seqRead: 0, idxScan: 0, writes: 0 };
    return { name, idxScan: r(t.idxScan - o.idxScan), seqScan: r(t.seqScan - o.seqScan), seqRowsRead: r(t.seqRead - o.seqRead), writes: r(t.writes - o.writes) };
  }).filter((t) => t.idxScan + t.seqScan + t.writes > 0).sort((p, q) => q.idxScan + q.seqScan - p.idxScan - p.seqScan);
  return { transactionsPerCall: r(b.xacts - a.xacts), perCallByTable: tables };
}
async function backendCpuMs(db: Database): Promise<number> {
  const pids = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  let ticks = 0;
  for (const { pid } of pids.rows) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* exited */ }
  }
  return ticks * 10; // USER_HZ = 100
}
function machineCpu(): { idle: number; total: number } {
  const cpus = os.cpus();
  return { idle: cpus.reduce((s, c) => s + c.times.idle, 0), total: cpus.reduce((s, c) => s + c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq, 0) };
}
