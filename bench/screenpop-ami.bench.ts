// Screen pop latency through the whole wire: the PBX simulator writes AgentCalled on its AMI socket -> the server's
// AMI client, translator, calls service, screen pop and fanout -> `screen-pop` received by the agent's socket.io
// client. Same database as bench/screenpop.bench.ts. Prints JSON.
//   npx tsx bench/screenpop-ami.bench.ts -- [--customers 1000000] [--interactions 10000000] [--n 500]
import pino from 'pino';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { io as connect } from 'socket.io-client';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db/database';
import { createServices } from '../server/services';
import { buildApp } from '../server/app';
import { InProcessJobQueue } from '../server/jobs/in-process-queue';
import { startRuntime } from '../server/runtime';
import { startPbxLinks } from '../server/pbx-links';
import { startPbxSimulator } from '../server/pbx/simulator/pbx-simulator';
import { ScreenPopRepository } from '../server/screenpop/screenpop.repository';
import type { ScreenPopPayload } from '../server/realtime/wire-events';
import { benchPhone, ensureBenchDatabase } from './support/bench-data';
import { arg, percentiles } from './support/stats';

const customers = arg('customers', 1_000_000);
const interactions = arg('interactions', 10_000_000);
const n = arg('n', 500);
const progress = (m: string) => process.stderr.write(`[bench:ami] ${m}\n`);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = await ensureBenchDatabase(baseUrl, 'warmline_bench', { customers, interactions }, progress);

// A fresh extension per run: earlier runs' agents keep their call history.
const ext = String(700000 + (process.pid % 100000));
const sim = await startPbxSimulator({ username: 'bench', secret: 'bench-secret', agents: [ext], queues: { support: [ext] }, timing: { agentAnswerMs: null, ringTimeoutMs: 60_000 } });
const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', CONSOLE_DIR: '/nonexistent', DEFAULT_REGION: 'US',
  AMI_HOST: '127.0.0.1', AMI_PORT: String(sim.port), AMI_USERNAME: 'bench', AMI_SECRET: 'bench-secret', PBX_ID: `bench${process.pid}` });
const db = createDb(url, { max: 10, applicationName: 'warmline-bench-ami' });
const jobs = new InProcessJobQueue(log);
const services = createServices({ config, log, db, jobs });
const app = await buildApp(services);
const stopRuntime = startRuntime(services, app);
const links = startPbxLinks(services);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const agentId = await services.users.create({ username: `bench-ami-${process.pid}`, displayName: 'Bench Agent', passwordHash: 'x', role: 'operator', extension: ext });
const token = services.tokens.sign({ id: agentId, username: `bench-ami-${process.pid}`, displayName: 'Bench Agent', role: 'operator', extension: ext, locale: 'en' });
while (![...services.pbx.values()].every((p) => p.isConnected())) await new Promise((r) => setTimeout(r, 20));
await services.agents.login(agentId);
await services.agents.setState(agentId, 'ready', null);

const socket = connect(base, { auth: { token }, transports: ['websocket'] });
await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
const calledAt = new Map<string, number>();
const waiting = new Map<string, (p: ScreenPopPayload) => void>();
// t0 = the moment the simulator writes AgentCalled for the call to its AMI socket.
sim.onFrame((frame) => {
  if (frame[0]?.[1] !== 'AgentCalled') return;
  const linkedid = frame.find(([k]) => k === 'Linkedid')?.[1];
  if (linkedid) calledAt.set(linkedid, performance.now());
});
socket.on('screen-pop', (p: ScreenPopPayload) => waiting.get(p.linkedid)?.(p));
// Where the time goes: AgentCalled written -> call.offer_early published (AMI read, translate, the call's row
// inserted: the pop waits for nothing else) and the rest (pop build, socket delivery).
const offeredAt = new Map<string, number>();
services.bus.subscribe('call.offer_early', (e) => { offeredAt.set(e.call.linkedid, performance.now()); });
const toOffered: number[] = [];

// settle: the next call is placed once the previous call's writes (its end, the report rollups it feeds) are done,
// so the pop runs on a database as idle as the bare query's; otherwise calls follow each other back to back and the
// previous call's end is still being written while the next one pops (the load bench covers real concurrency).
async function once(g: number, settle = true): Promise<number> {
  const from = benchPhone(g).replace('+1', '');
  let linkedid = '';
  const popped = new Promise<ScreenPopPayload>((resolve) => { queueMicrotask(() => waiting.set(linkedid, resolve)); });
  linkedid = sim.placeInboundCall({ from, queue: 'support' }).linkedid;
  let timer: NodeJS.Timeout | undefined;
  const pop = await Promise.race([popped, new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no screen-pop within 10 s for call ${linkedid} (rerun with LOG_LEVEL=debug to see the server log)`)), 10_000);
  })]).finally(() => clearTimeout(timer));
  const t1 = performance.now();
  const elapsed = t1 - (calledAt.get(linkedid) ?? t1);
  toOffered.push((offeredAt.get(linkedid) ?? t1) - (calledAt.get(linkedid) ?? t1));
  offeredAt.delete(linkedid);
  if (pop.match === 'unknown') throw new Error(`bench customer ${g} not matched`);
  // The caller gives up while it rings: the agent is offered the next call at once (no wrap-up in between).
  sim.hangup({ linkedid, by: 'caller' });
  calledAt.delete(linkedid);
  waiting.delete(linkedid);
  if (settle) await services.calls.drain();
  await new Promise((r) => setTimeout(r, 5));
  return elapsed;
}

const pick = () => 1 + Math.floor(Math.random() * customers);
for (let i = 0; i < 30; i++) await once(pick());
toOffered.length = 0;
const samples: number[] = [];
for (let i = 0; i < n; i++) samples.push(await once(pick()));
const offeredSettled = toOffered.splice(0);
const backToBack: number[] = [];
for (let i = 0; i < n; i++) backToBack.push(await once(pick(), false));
toOffered.length = 0;
const repo = new ScreenPopRepository(db.db, db.sql);
const bare: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  await repo.customerStory({ e164: benchPhone(pick()) });
  bare.push(performance.now() - t0);
}
const p = percentiles(samples);
const b = percentiles(bare);
console.log(JSON.stringify({
  measured: 'simulator writes AgentCalled on its AMI socket -> screen-pop received by the agent socket.io client',
  ...p, amiToOfferEarly: percentiles(offeredSettled), backToBack: percentiles(backToBack), bareQuery: b, ratioP99: Math.round((p.p99 / b.p99) * 100) / 100, n, customers, interactions,
  cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
}, null, 2));
socket.close();
await links.stop();
await stopRuntime();
await app.close();
await jobs.close();
await db.close();
await sim.stop();
process.exit(0);
