// Multi-node figures for docs/SCALING.md. Prints JSON.
//   REDIS_URL=redis://127.0.0.1:6379 npx tsx bench/cluster.bench.ts [--pops 5000] [--calls 2000] [--conns 5000] [--kills 10] [--ttl 4000]
// pops: screen-pop-sized messages emitted on socket.io server 1 to room user:{id}, received by a client connected to
//   server 2 through @socket.io/redis-adapter (the cross-node path of a pop). Latency paced at 100 pops/s (what an
//   agent sees), then throughput and queueing latency of a burst.
// connections: sockets on one node (server in a child process, each socket in 3 rooms): memory per connection.
// failover: two real server nodes + simulator; the PBX leader is crashed `kills` times, time until the standby
//   consumes (lock TTL expiry + AMI login), a call placed in each gap must be recorded exactly once.
// balancing: one node consumes two PBXs, a second node joins: time from its start until each consumes one.
// translation: the real inbound_answered capture replayed through the pure AMI translator (frames/s).
// ingest: call lifecycles (started, queued, offered, answered, leg_ended, ended) pushed into CallsService.ingest on a
//   fresh migrated database, as the one AMI consumer of a PBX does: domain events/s and DB writes it sustains.
// renew: round trip of the leader lock's Lua compare-and-set renewal.
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { io as connect } from 'socket.io-client';
import { createDb } from '../server/db/database';
import { migrate } from '../server/db/migrator';
import { CallsRepository } from '../server/calls/calls.repository';
import { CallsService } from '../server/calls/calls.service';
import { AuthRepository } from '../server/auth/auth.repository';
import { EventBus } from '../server/events/event-bus';
import type { PbxEvent } from '../server/pbx/pbx-events';
import { arg, percentiles } from './support/stats';
import { connectionsPerNode, failover, handover, socketChild, translateRate } from './support/cluster-probes';
import { fixedLocaleDefaults } from '../server/settings/locale-defaults';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const popsN = arg('pops', 5000);
const callsN = arg('calls', 2000);
const connsN = arg('conns', 5000);
const kills = arg('kills', 10);
const ttlMs = arg('ttl', 4000);
const prefix = `wlbench-${process.pid}`;
const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function popsAcrossNodes() {
  const servers = await Promise.all([0, 1].map(async () => {
    const pub = new Redis(redisUrl);
    const sub = new Redis(redisUrl);
    const httpServer = http.createServer();
    const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { key: `${prefix}:socket.io` }) });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    const port = (httpServer.address() as { port: number }).port;
    return { io, port, close: async () => { io.close(); pub.disconnect(); sub.disconnect(); } };
  }));
  servers[1]!.io.on('connection', (s) => void s.join('user:42'));
  const client = connect(`http://127.0.0.1:${servers[1]!.port}`, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((r) => client.once('connect', () => r()));
  await new Promise((r) => setTimeout(r, 200));
  const payload = { linkedid: '1700000000.1', callerNumber: '+12125550147', customer: { id: 1, fullName: 'Grace Hopper', tags: ['vip'] }, recentInteractions: Array.from({ length: 10 }, (_, i) => ({ id: i, summary: 'x'.repeat(120) })) };
  const latencies: number[] = [];
  let received = 0;
  let expected = 0;
  let resolveDone = () => {};
  client.on('screen-pop', (p: { sentAt: number }) => {
    latencies.push(performance.now() - p.sentAt);
    if (++received === expected) resolveDone();
  });
  const pacedN = Math.min(popsN, 1000);
  expected = pacedN;
  let done = new Promise<void>((r) => { resolveDone = r; });
  for (let i = 0; i < pacedN; i++) {
    servers[0]!.io.to('user:42').emit('screen-pop', { ...payload, sentAt: performance.now() });
    await new Promise((r) => setTimeout(r, 10));
  }
  await done;
  const paced = { pops: pacedN, ratePerSecond: 100, latencyMs: percentiles(latencies) };
  latencies.length = 0; received = 0; expected = popsN;
  done = new Promise<void>((r) => { resolveDone = r; });
  const t0 = performance.now();
  for (let i = 0; i < popsN; i++) {
    servers[0]!.io.to('user:42').emit('screen-pop', { ...payload, sentAt: performance.now() });
    if (i % 200 === 199) await new Promise((r) => setImmediate(r));
  }
  await done;
  const seconds = (performance.now() - t0) / 1000;
  client.close();
  await Promise.all(servers.map((s) => s.close()));
  return { payloadBytes: JSON.stringify(payload).length, paced, burst: { pops: popsN, perSecond: Math.round(popsN / seconds), latencyMs: percentiles(latencies) } };
}

function lifecycle(i: number): PbxEvent[] {
  const linkedid = `${1_800_000_000 + i}.${i}`;
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const base = { pbxId: 'bench', linkedid };
  return [
    { ...base, type: 'call.started', at: at(0), uniqueid: linkedid, channel: `PJSIP/trunk-${i}`, direction: 'inbound', callerNumber: `212555${String(i % 10000).padStart(4, '0')}`, callerName: null, calledNumber: '5000', crmCallId: null, extension: null },
    { ...base, type: 'call.queued', at: at(1), queue: 'support', position: 1 },
    { ...base, type: 'call.offered', at: at(5), queue: 'support', extension: '1001', agentUniqueid: `${linkedid}a`, agentChannel: `PJSIP/1001-${i}` },
    { ...base, type: 'call.answered', at: at(8), extension: '1001', queue: 'support', waitSeconds: 8, answeredUniqueid: `${linkedid}a` },
    { ...base, type: 'call.leg_ended', at: at(60), uniqueid: `${linkedid}a`, channel: `PJSIP/1001-${i}`, cause: 16, causeText: 'Normal Clearing' },
    { ...base, type: 'call.ended', at: at(60), cause: 16, causeText: 'Normal Clearing', hungUpBy: 'customer', failure: null },
  ] as PbxEvent[];
}

async function ingestRate() {
  const name = `warmline_bench_cluster_${process.pid}`;
  const adminUrl = new URL(baseUrl); adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(baseUrl); dbUrl.pathname = `/${name}`;
  const handle = createDb(dbUrl.toString(), { max: 20 });
  try {
    await migrate(handle.sql);
    const log = pino({ level: 'silent' });
    const bus = new EventBus(log);
    let published = 0;
    for (const e of ['call.started', 'call.queued', 'call.offered', 'call.answered', 'call.ended'] as const) bus.subscribe(e, () => { published++; });
    const sut = new CallsService(new CallsRepository(handle.db), new AuthRepository(handle.db), bus, log, fixedLocaleDefaults('US', 'UTC'));
    const events = Array.from({ length: callsN }, (_, i) => lifecycle(i));
    // pg_stat_database is flushed by backends about once a second: wait for it before each snapshot.
    const snapshot = async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const [row] = await handle.sql<{ xact: string; ins: string; upd: string }[]>`
        SELECT xact_commit::text AS xact, tup_inserted::text AS ins, tup_updated::text AS upd FROM pg_stat_database WHERE datname = ${name}`;
      return { xact: Number(row!.xact), ins: Number(row!.ins), upd: Number(row!.upd) };
    };
    const s0 = await snapshot();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Calls interleave as on a busy PBX: every call's first event, then every call's second, ...
    for (let step = 0; step < 6; step++) for (const call of events) sut.ingest(call[step]!);
    await sut.drain();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const s1 = await snapshot();
    const d = { xact: s1.xact - s0.xact, ins: s1.ins - s0.ins, upd: s1.upd - s0.upd };
    const ended = await handle.sql<{ n: string }[]>`SELECT count(*)::text AS n FROM calls WHERE status = 'ended'`;
    // On-disk bytes per call (heap + indexes + TOAST) after a VACUUM, for sizing the database per tier.
    await handle.sql`VACUUM ANALYZE`;
    const [size] = await handle.sql<{ calls: string; legs: string; rollups: string }[]>`
      SELECT pg_total_relation_size('calls')::text AS calls, pg_total_relation_size('call_legs')::text AS legs,
        (pg_total_relation_size('report_call_facts') + pg_total_relation_size('report_calls_15m') + pg_total_relation_size('report_calls_agent_1h')
          + pg_total_relation_size('report_calls_disposition_1h'))::text AS rollups`;
    return { calls: callsN, events: callsN * 6, seconds: Math.round(seconds * 100) / 100, eventsPerSecond: Math.round(callsN * 6 / seconds),
      callsPerSecond: Math.round(callsN / seconds), domainEventsPublished: published, endedRows: Number(ended[0]!.n),
      rowWritesPerSecond: Math.round((d.ins + d.upd) / seconds),
      // Includes the report rollup rows the calls triggers maintain; the 3 snapshot/count queries add ~0 per call.
      perCall: { nodeCpuMs: round1((cpu.user + cpu.system) / 1000 / callsN), rowsInserted: round1(d.ins / callsN), rowsUpdated: round1(d.upd / callsN), commits: round1(d.xact / callsN),
        bytes: { calls: Math.round(Number(size!.calls) / callsN), callLegs: Math.round(Number(size!.legs) / callsN), reportRollups: Math.round(Number(size!.rollups) / callsN) } } };
  } finally {
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function renewRoundTrip() {
  const r = new Redis(redisUrl);
  const key = `${prefix}:lock`;
  await r.set(key, 'me', 'PX', 10_000);
  const samples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await r.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`, 1, key, 'me', '10000');
    samples.push(performance.now() - t);
  }
  await r.del(key);
  r.disconnect();
  return { latencyMs: percentiles(samples) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const load = () => os.loadavg().map((x) => round1(x));

if (process.argv.includes('--socket-child')) {
  await socketChild(redisUrl, process.argv[process.argv.indexOf('--socket-child') + 1]!);
} else {
  const loadAtStart = load();
  progress('pops across two socket.io servers (redis adapter)');
  const pops = await popsAcrossNodes();
  progress('AMI translation rate of one PBX consumer (real capture replayed)');
  const translation = await translateRate(callsN);
  progress('ingest rate of one PBX consumer');
  const ingest = await ingestRate();
  progress('lock renewal round trip');
  const renew = await renewRoundTrip();
  progress(`socket.io connections on one node (${connsN})`);
  const connections = await connectionsPerNode(redisUrl, prefix, connsN, import.meta.url);
  progress(`PBX failover, ${kills} leader crashes, lock ttl ${ttlMs} ms`);
  const failovers = await failover(redisUrl, baseUrl, kills, ttlMs);
  progress(`PBX balancing, ${Math.min(kills, 3)} joins of a second node (2 PBXs)`);
  const balancing = await handover(redisUrl, baseUrl, Math.min(kills, 3), ttlMs);
  console.log(JSON.stringify({ machine: { cpus: os.cpus().length, loadAtStart, loadAtEnd: load(), node: process.version },
    pops, translation, ingest, renew, connections, failover: failovers, balancing }, null, 2));
  process.exit(0);
}
