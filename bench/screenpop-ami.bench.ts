// Screen pop latency through the whole wire: the PBX simulator writes AgentCalled on its AMI socket -> the server's
// AMI client, translator, calls service, screen pop and fanout -> `screen-pop` received by the agent's socket.io
// client. The server runs here; the simulator and the agent's client run in a child process
// (bench/support/screenpop-driver.ts), as Asterisk and the browser do in production. Same database as
// bench/screenpop.bench.ts. Prints JSON.
//   npx tsx bench/screenpop-ami.bench.ts -- [--customers 1000000] [--interactions 10000000] [--n 500]
import pino from 'pino';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config';
import { createDb, POP_POOL_SIZE } from '../server/db/database';
import { createServices } from '../server/services';
import { buildApp } from '../server/app';
import { InProcessJobQueue } from '../server/jobs/in-process-queue';
import { startRuntime } from '../server/runtime';
import { startPbxLinks } from '../server/pbx-links';
import { ScreenPopRepository } from '../server/screenpop/screenpop.repository';
import { benchPhone, ensureBenchDatabase } from './support/bench-data';
import { arg, percentiles } from './support/stats';
import { messageInbox, type Msg } from './support/ipc-inbox';

const customers = arg('customers', 1_000_000);
const interactions = arg('interactions', 10_000_000);
const n = arg('n', 500);
const progress = (m: string) => process.stderr.write(`[bench:ami] ${m}\n`);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = await ensureBenchDatabase(baseUrl, 'warmline_bench', { customers, interactions }, progress);

// A fresh extension per run: earlier runs' agents keep their call history.
const ext = String(700000 + (process.pid % 100000));
// The driver (simulator + agent client) in its own process; messages as in its header.
const { deliver, next } = messageInbox('screen-pop driver');
const driver = fork(fileURLToPath(new URL('./support/screenpop-driver.ts', import.meta.url)), [ext], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
driver.on('message', (m: Msg) => deliver(m));
driver.on('exit', (code) => { if (code) deliver({ type: 'error', message: `driver exited with ${code}` }); });
const { amiPort } = (await next('ready')) as unknown as { amiPort: number };
const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', CONSOLE_DIR: '/nonexistent', DEFAULT_REGION: 'US',
  AMI_HOST: '127.0.0.1', AMI_PORT: String(amiPort), AMI_USERNAME: 'bench', AMI_SECRET: 'bench-secret', PBX_ID: `bench${process.pid}` });
// The pools a node has (server/main.ts): the main one and the screen pop's own.
const db = createDb(url, { max: 20, applicationName: 'warmline-bench-ami' });
const popDb = createDb(url, { max: POP_POOL_SIZE, applicationName: 'warmline-bench-ami-pop' });
const jobs = new InProcessJobQueue(log);
const services = createServices({ config, log, db, popDb, jobs });
const app = await buildApp(services);
const stopRuntime = startRuntime(services, app);
const links = startPbxLinks(services);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const agentId = await services.users.create({ username: `bench-ami-${process.pid}`, displayName: 'Bench Agent', passwordHash: 'x', role: 'operator', extension: ext });
const token = services.tokens.sign({ id: agentId, username: `bench-ami-${process.pid}`, displayName: 'Bench Agent', role: 'operator', extension: ext, locale: 'en' });
while (![...services.pbx.values()].every((p) => p.isConnected())) await new Promise((r) => setTimeout(r, 20));
await services.agents.login(agentId);
await services.agents.setState(agentId, 'ready', null);

// Where the time goes: AgentCalled written -> call.offer_early published (AMI read, translate; the pop waits for
// nothing else), then the lookup and the socket. Absolute times, comparable with the driver's clock.
const offeredAt = new Map<string, number>();
services.bus.subscribe('call.offer_early', (e) => { offeredAt.set(e.call.linkedid, performance.timeOrigin + performance.now()); });
// Settled phase: the driver asks before each next call; answered once every write of the previous call is done.
const settleLoop = (async () => {
  for (;;) {
    const m = await next('settle').catch(() => null);
    if (!m) return;
    await services.calls.drain();
    driver.send({ type: 'settled' });
  }
})();
driver.send({ type: 'go', url: base, token, customers, n, warmup: 30 });
const done = (await next('done')) as unknown as { settled: number[]; backToBack: number[]; captureTimed: number[]; calledAt: Record<string, number> };
const samples = done.settled;
const toOffered = Object.entries(done.calledAt).map(([linkedid, t0]) => (offeredAt.get(linkedid) ?? NaN) - t0).filter((x) => !Number.isNaN(x));
const pick = () => 1 + Math.floor(Math.random() * customers);
// The same pool and prepared statement the pops used. Warmed first: each connection plans the statement on its
// first use (~2-3 ms), which would otherwise count in the bare query's tail.
const repo = new ScreenPopRepository(db.db, popDb.sql);
for (let i = 0; i < 30; i++) await repo.customerStory({ e164: benchPhone(pick()) });
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
  ...p, amiToOfferEarly: percentiles(toOffered), backToBack: percentiles(done.backToBack), captureTimed: percentiles(done.captureTimed), bareQuery: b, ratioP99: Math.round((p.p99 / b.p99) * 100) / 100, n, customers, interactions,
  cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
}, null, 2));
driver.send({ type: 'stop' });
await links.stop();
await stopRuntime();
await app.close();
await jobs.close();
await popDb.close();
await db.close();
void settleLoop;
process.exit(0);
