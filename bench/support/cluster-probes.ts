// Probes of bench/cluster.bench.ts that need whole server nodes or a separate process.
import http from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import { startPbxSimulator } from '../../server/pbx/simulator/pbx-simulator';
import { seedReferenceData } from '../../server/db/seed-reference';
import { createDb } from '../../server/db/database';
import { performance } from 'node:perf_hooks';
import { percentiles } from './stats';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// --- Socket.IO connections per node and memory per connection ---------------------------------------------------
// The server runs in a child process so its heap holds only the server side of the connections (the clients live in
// this process). Each socket joins three rooms like the gateway does (user:{id}, role:{role}, role:supervision).

export async function socketChild(redisUrl: string, prefix: string): Promise<void> {
  const pub = new Redis(redisUrl);
  const sub = new Redis(redisUrl);
  const httpServer = http.createServer();
  const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { key: `${prefix}:socket.io` }) });
  let n = 0;
  io.on('connection', (s) => { n++; void s.join([`user:${n}`, 'role:operator', 'role:supervision']); });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (m: string) => {
    if (m === 'measure') {
      for (let i = 0; i < 3; i++) gc?.();
      const mem = process.memoryUsage();
      process.send!({ kind: 'memory', sockets: io.of('/').sockets.size, heapUsed: mem.heapUsed, rss: mem.rss, gc: !!gc });
    } else if (m === 'stop') {
      io.close(); pub.disconnect(); sub.disconnect();
      process.exit(0);
    }
  });
  process.send!({ kind: 'ready', port: (httpServer.address() as { port: number }).port });
}

export async function connectionsPerNode(redisUrl: string, prefix: string, count: number, benchFile: string) {
  const child = fork(fileURLToPath(benchFile), ['--socket-child', prefix], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = <T>(kind: string) => new Promise<T>((resolve) => {
    const on = (m: { kind: string }) => { if (m.kind === kind) { child.off('message', on); resolve(m as T); } };
    child.on('message', on);
  });
  const { port } = await next<{ port: number }>('ready');
  type Mem = { sockets: number; heapUsed: number; rss: number; gc: boolean };
  const measure = () => { child.send('measure'); return next<Mem>('memory'); };
  const before = await measure();
  const clients: Socket[] = [];
  const t0 = Date.now();
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () =>
      connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false }));
    await Promise.all(batch.map((c) => new Promise<void>((r, j) => { c.once('connect', () => r()); c.once('connect_error', j); })));
    clients.push(...batch);
  }
  const connectSeconds = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  const after = await measure();
  for (const c of clients) c.close();
  child.send('stop');
  const n = after.sockets;
  return {
    connections: n, connectPerSecond: Math.round(n / connectSeconds), gcForced: after.gc,
    heapBytesPerConnection: Math.round((after.heapUsed - before.heapUsed) / n),
    rssBytesPerConnection: Math.round((after.rss - before.rss) / n),
    serverRssMiB: round(after.rss / 2 ** 20, 1),
  };
}

// --- Scratch scene for the cluster probes: a database, a Redis key prefix, a node factory; drop() removes all -----

async function clusterScene(redisUrl: string, baseUrl: string, label: string, pbxs: Array<{ id: string; port: number }>, ttlMs: number) {
  const name = `warmline_bench_${label}_${randomBytes(4).toString('hex')}`;
  const adminUrl = new URL(baseUrl); adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(baseUrl); dbUrl.pathname = `/${name}`;
  const prefix = `wlbench-${label}-${randomBytes(4).toString('hex')}`;
  const start = (nodeId: string) => startServer(loadConfig({
    NODE_ENV: 'test', DATABASE_URL: dbUrl.toString(), JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', CONSOLE_DIR: '/nonexistent',
    REDIS_URL: redisUrl, NODE_ID: nodeId, HOST: '127.0.0.1', PORT: '0', WRAPUP_SECONDS: '0',
    PBX_LIST: JSON.stringify(pbxs.map((p) => ({ id: p.id, host: '127.0.0.1', port: p.port, username: 'warmline', secret: 'sim-secret' }))),
  }), { redisPrefix: prefix, lockTtlMs: ttlMs });
  const drop = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    const r = new Redis(redisUrl);
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  };
  return { dbUrl, start, drop };
}

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) { if (Date.now() - t0 > ms) throw new Error(`timeout: ${what}`); await new Promise((r) => setTimeout(r, 20)); }
}

// --- PBX failover: crash the leader, time until the standby consumes, place a call in the gap -------------------

export async function failover(redisUrl: string, baseUrl: string, kills: number, ttlMs: number) {
  const sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: ['1001', '1002'], timing: { agentAnswerMs: null } });
  const { dbUrl, start, drop } = await clusterScene(redisUrl, baseUrl, 'fo', [{ id: 'main', port: sim.port }], ttlMs);
  const leads = (n: RunningServer) => { const l = n.cluster!.leaderships[0]; return !!l && l.isLeader() && l.current().client.isConnected(); };
  const nodes: RunningServer[] = [];
  const samples: number[] = [];
  const gapCalls: string[] = [];
  let serial = 0;
  try {
    const seedDb = createDb(dbUrl.toString(), { max: 1 });
    nodes.push(await start(`fo-${serial++}`));
    await seedReferenceData(seedDb.db);
    await seedDb.close();
    await until(() => leads(nodes[0]!), 15_000, 'first leader');
    nodes.push(await start(`fo-${serial++}`));
    for (let k = 0; k < kills; k++) {
      await until(() => nodes.some(leads), ttlMs * 3 + 10_000, 'a leader');
      const leader = nodes.find(leads)!;
      const standby = nodes.find((n) => n !== leader)!;
      await until(() => standby.cluster!.leaderships[0]!.current().client.isConnected(), 10_000, 'standby AMI link');
      const t0 = Date.now();
      const crashed = leader.crash();
      gapCalls.push(sim.placeInboundCall({ from: `212555${String(1000 + k)}`, queue: 'support' }).linkedid);
      await until(() => leads(standby), ttlMs * 3 + 10_000, 'standby leading');
      samples.push(Date.now() - t0);
      await crashed;
      nodes.splice(nodes.indexOf(leader), 1);
      nodes.push(await start(`fo-${serial++}`));
    }
    const check = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
    let recorded = 0;
    await until(async () => {
      const rows = await check<{ n: string }[]>`SELECT count(DISTINCT linkedid)::text AS n, count(*) FROM calls WHERE linkedid IN ${check(gapCalls)}`;
      recorded = Number(rows[0]!.n);
      return recorded === gapCalls.length;
    }, 15_000, 'calls placed during failovers recorded').catch(() => undefined);
    const dup = await check<{ n: string }[]>`SELECT count(*)::text AS n FROM (SELECT linkedid FROM calls GROUP BY pbx_id, linkedid HAVING count(*) > 1) d`;
    await check.end();
    return { lockTtlMs: ttlMs, kills, failoverMs: { ...percentiles(samples), max: Math.max(...samples), samples },
      callsPlacedDuringGap: gapCalls.length, callsRecorded: recorded, duplicateCallRows: Number(dup[0]!.n) };
  } finally {
    for (const n of nodes) await n.stop().catch(() => undefined);
    await sim.stop();
    await drop();
  }
}

// --- AMI translation: frames/s one consumer's pure translator handles (parsing excluded, persisting excluded) -----
// The real inbound_answered capture replayed `calls` times, each copy with its own Uniqueid/Linkedid values.

export async function translateRate(calls: number) {
  const { loadParsedFrames } = await import('../../tests/unit/pbx/fixture-loader');
  const { createTranslatorState, translate } = await import('../../server/pbx/ami-translator');
  const frames = loadParsedFrames('inbound_answered.jsonl');
  const idKeys = (k: string) => /uniqueid|linkedid/i.test(k);
  const copies = Array.from({ length: calls }, (_, i) => frames.map((f) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f)) out[k] = idKeys(k) && typeof v === 'string' && v.includes('.') ? `${v}-${i}` : v;
    return out as typeof f;
  }));
  let state = createTranslatorState();
  let events = 0;
  const at = new Date();
  const t0 = performance.now();
  for (const copy of copies) for (const f of copy) { const r = translate(state, f, 'bench', at); state = r.state; events += r.events.length; }
  const seconds = (performance.now() - t0) / 1000;
  return { calls, framesPerCall: frames.length, domainEventsPerCall: round(events / calls, 1), framesPerSecond: Math.round(calls * frames.length / seconds) };
}

// --- Balancing: node A consumes both PBXs, node B joins; time until each consumes one (B's start excluded) --------

export async function handover(redisUrl: string, baseUrl: string, rounds: number, ttlMs: number) {
  const sims = await Promise.all([0, 1].map(() => startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: ['1001'], timing: { agentAnswerMs: null } })));
  const { start, drop } = await clusterScene(redisUrl, baseUrl, 'ho', sims.map((sim, i) => ({ id: `pbx${i}`, port: sim.port })), ttlMs);
  const held = (n: RunningServer) => n.cluster!.leaderships.filter((l) => l.isLeader() && l.current().client.isConnected()).length;
  const samples: number[] = [];
  const a = await start('ho-a');
  try {
    for (let k = 0; k < rounds; k++) {
      await until(() => held(a) === 2, ttlMs * 4 + 10_000, 'A consuming both PBXs');
      const b = await start(`ho-b${k}`);
      const t0 = Date.now();
      await until(() => held(a) === 1 && held(b) === 1, ttlMs * 4 + 10_000, 'one PBX per node');
      samples.push(Date.now() - t0);
      await b.stop(); // graceful: B's lock is released and A takes it back within TTL/4
    }
    return { lockTtlMs: ttlMs, rounds, balancedAfterJoinMs: { ...percentiles(samples), max: Math.max(...samples), samples } };
  } finally {
    await a.stop().catch(() => undefined);
    await Promise.all(sims.map((s) => s.stop()));
    await drop();
  }
}
