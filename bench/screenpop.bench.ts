// Screen pop latency on a realistic database. Prints JSON.
//   npm run bench:screenpop -- [--customers 1000000] [--interactions 10000000] [--n 1000]
// Measured: bus `call.offered` publish -> `screen-pop` received by a socket.io client (the PBX layer's AMI
// path is not in this measurement yet), "cold" = call.queued and call.offered published back to back, so the
// lookup is still in flight when the phone rings; "warm" = the usual case where the caller waited in the queue
// long enough for the prefetch to finish. bareQuery = the history query alone, straight from the repository.
import pino from 'pino';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db/database';
import { createServices } from '../server/services';
import { buildApp } from '../server/app';
import { InProcessJobQueue } from '../server/jobs/in-process-queue';
import { startFanout } from '../server/realtime/fanout';
import { startScreenPop } from '../server/screenpop/screenpop.wiring';
import { callIdAt } from '../server/calls/calls.repository';
import { ScreenPopRepository } from '../server/screenpop/screenpop.repository';
import type { CallSummary } from '../server/events/domain-events';
import type { ScreenPopPayload } from '@contract/wire-events';
import { benchPhone, ensureBenchDatabase } from './support/bench-data';
import { arg, percentiles } from './support/stats';

const customers = arg('customers', 1_000_000);
const interactions = arg('interactions', 10_000_000);
const n = arg('n', 1000);
const warmup = 50;
const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = await ensureBenchDatabase(baseUrl, 'warmline_bench', { customers, interactions }, progress);

const log = pino({ level: 'silent' });
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', CONSOLE_DIR: '/nonexistent', DEFAULT_REGION: 'US' });
const db = createDb(url, { max: 10, applicationName: 'warmline-bench' });
const jobs = new InProcessJobQueue(log);
const services = createServices({ config, log, db, jobs });
const app = await buildApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const agentId = await services.users.create({ username: `bench-op-${process.pid}`, displayName: 'Bench Operator', passwordHash: 'x', role: 'operator' });
const token = services.tokens.sign({ id: agentId, username: `bench-op-${process.pid}`, displayName: 'Bench Operator', role: 'operator', extension: null, locale: 'en' });
const wiring = startScreenPop(services);
const stopFanout = startFanout(services.bus, app.gateway.io, { screenPop: wiring }, log);

const socket: Socket = connect(`http://127.0.0.1:${port}`, { auth: { token }, transports: ['websocket'] });
await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
const waiting = new Map<number, (p: ScreenPopPayload) => void>();
socket.on('screen-pop', (p: ScreenPopPayload) => waiting.get(p.callId)?.(p));

const pick = () => 1 + Math.floor(Math.random() * customers);
let seq = 0;
async function newCall(phone: string): Promise<CallSummary> {
  seq += 1;
  const linkedid = `bench-${process.pid}-${seq}`;
  const startedAt = new Date();
  const row = await db.db.insertInto('calls').values({ id: callIdAt(startedAt), pbx_id: 'bench', linkedid, direction: 'inbound', status: 'queued', caller_number: phone, queue_name: 'support', started_at: startedAt, queued_at: startedAt })
    .returning('id').executeTakeFirstOrThrow();
  return { callId: row.id, pbxId: 'bench', linkedid, direction: 'inbound', status: 'queued', outcome: null, callerNumber: phone, callerName: null, calledNumber: '100', queue: 'support', agentUserId: null, customerId: null, campaignAttemptId: null, startedAt: startedAt.toISOString(), queuedAt: startedAt.toISOString(), offeredAt: null, answeredAt: null, endedAt: null, onHold: false, recordingPath: null };
}

async function popOnce(warm: boolean): Promise<number> {
  const call = await newCall(benchPhone(pick()).replace('+1', ''));
  const received = new Promise<ScreenPopPayload>((resolve) => waiting.set(call.callId, resolve));
  services.bus.publish('call.queued', { call, queue: 'support' });
  if (warm) await services.screenPop.prefetch(call.callId);
  const offered = { ...call, status: 'offered' as const, offeredAt: new Date().toISOString(), agentUserId: agentId };
  const t0 = performance.now();
  services.bus.publish('call.offered', { call: offered, userId: agentId, extension: '7001', queue: 'support' });
  const pop = await received;
  const elapsed = performance.now() - t0;
  waiting.delete(call.callId);
  if (pop.match === 'unknown') throw new Error(`bench customer not found for call ${call.callId}`);
  services.bus.publish('call.ended', { call: { ...offered, status: 'ended', endedAt: new Date().toISOString() } });
  return elapsed;
}

const repo = new ScreenPopRepository(db.db, db.sql);
async function bareOnce(): Promise<number> {
  const e164 = benchPhone(pick());
  const t0 = performance.now();
  await repo.customerStory({ e164 });
  return performance.now() - t0;
}

async function run(fn: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

progress(`measuring ${n} pops per mode (load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
const bare = await run(bareOnce);
const cold = await run(() => popOnce(false));
const warm = await run(() => popOnce(true));
const sample = await (async () => {
  const call = await newCall(benchPhone(1000));
  const received = new Promise<ScreenPopPayload>((resolve) => waiting.set(call.callId, resolve));
  services.bus.publish('call.offered', { call, userId: agentId, extension: '7001', queue: 'support' });
  const pop = await received;
  return { match: pop.match, interactions: pop.recentInteractions.length, openCases: pop.openCases.length, products: pop.products.length, tasks: pop.pendingTasks.length };
})();

const coldP = percentiles(cold);
const bareP = percentiles(bare);
console.log(JSON.stringify({
  measured: 'call.offered publish -> screen-pop received (socket.io websocket); cold = queued+offered back to back',
  ...coldP,
  warm: percentiles(warm),
  bareQuery: bareP,
  ratioP99: Math.round((coldP.p99 / bareP.p99) * 100) / 100,
  n, customers, interactions,
  samplePop: sample,
  cpus: os.cpus().length,
  loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
}, null, 2));

socket.close();
stopFanout();
wiring.stop();
await app.close();
await jobs.close();
await db.close();
