import path from 'node:path';
import { tmpdir, userInfo } from 'node:os';
import postgres from 'postgres';
import { startEmbeddedPostgres } from './db/embedded';
import { createDb } from './db/database';
import { migrate } from './db/migrator';
import { seedDemo, DEMO_PASSWORD, DEMO_USERS } from './db/seed';
import { loadConfig } from './config';
import { startServer } from './main';
import { createLogger } from './logger';
import { installProcessGuards } from './process-guards';
import { startPbxSimulator } from './pbx/simulator/pbx-simulator';
import { startPhonesHttp } from './pbx/simulator/sim-phones-http';
import { attachRecorder } from './pbx/simulator/sim-recorder';

// The zero-setup demo: embedded PostgreSQL (real binaries from npm), migrations, a seeded customer base, the PBX
// simulator speaking AMI over TCP with a stream of calls from seeded customers' numbers, and one server node
// serving the console and the API. Jobs run in-process unless REDIS_URL is set.
const dataRoot = process.env.DEMO_DATA_DIR ?? path.join(tmpdir(), `warmline-demo-${userInfo().uid}`);
const customers = Number(process.env.DEMO_CUSTOMERS ?? 5000);
const callsPerMinute = Number(process.env.DEMO_CALLS_PER_MINUTE ?? 3);
const port = Number(process.env.PORT ?? 3000);

console.log('Starting embedded PostgreSQL…');
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'pg'), persistent: true, port: 54329 });
const admin = postgres(pg.url('postgres'), { max: 1, onnotice: () => {} });
if ((await admin`SELECT 1 FROM pg_database WHERE datname = 'warmline'`).length === 0) await admin.unsafe('CREATE DATABASE warmline');
await admin.end();
const databaseUrl = pg.url('warmline');

const seedDb = createDb(databaseUrl, { max: 2, applicationName: 'warmline-demo-seed' });
await migrate(seedDb.sql);
console.log(`Seeding ${customers} customers (first run only)…`);
await seedDemo(seedDb.db, { customers });
const phones = await seedDb.db.selectFrom('customer_phones').select('e164').orderBy('id').limit(400).execute();
await seedDb.close();

const recordingsDir = path.join(dataRoot, 'recordings');
const agents = DEMO_USERS.filter((u) => u.extension).map((u) => u.extension!) as string[];
// Like pbx-config on Asterisk: queues come from the ast_queues view (realtime) and have no members of their own;
// the server adds the members its queue_members rows say (QueueAdd), so Admin → Queues works in the demo too.
const realtime = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const sim = await startPbxSimulator({
  port: 0, username: 'warmline', secret: 'demo-ami-secret', agents,
  queues: {}, realtimeQueues: async (name) => (await realtime`SELECT 1 FROM ast_queues WHERE name = ${name}`).length > 0,
  recordingsDir, timing: { agentAnswerMs: null, answerMs: 15, ringTimeoutMs: 20_000 },
});
attachRecorder(sim, recordingsDir);
const phonesHttp = await startPhonesHttp(sim);

const config = loadConfig({
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  AMI_HOST: '127.0.0.1', AMI_PORT: String(sim.port), AMI_USERNAME: 'warmline', AMI_SECRET: 'demo-ami-secret',
  SIP_WSS_URL: `loopback:${phonesHttp.url}`,
  RECORDINGS_DIR: recordingsDir,
  WRAPUP_SECONDS: process.env.WRAPUP_SECONDS ?? '90',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
installProcessGuards(createLogger(config));
const server = await startServer(config);

const callers = phones.map((p) => p.e164.replace(/^\+1/, ''));
callers.push('2025550199', 'anonymous');
// Callers behave like people: they wait up to a minute or two in the queue, then give up; once an operator
// answers (from the console) they talk for a while and hang up, unless the operator hangs up first.
const patience = new Map<string, { giveUpAt: number; talkMs: number }>();
let n = 0;
const placer = callsPerMinute > 0 ? setInterval(() => {
  const from = callers[n++ % callers.length]!;
  const call = sim.placeInboundCall({ from, queue: n % 4 === 0 ? 'sales' : 'support' });
  patience.set(call.linkedid, { giveUpAt: Date.now() + 45_000 + Math.random() * 75_000, talkMs: 25_000 + Math.random() * 60_000 });
}, 60_000 / callsPerMinute) : undefined;
const callerMinds = setInterval(() => {
  const now = Date.now();
  for (const call of sim.liveCalls) {
    const p = patience.get(call.linkedid);
    if (!p) continue;
    if (call.answeredAt === null && now > p.giveUpAt) sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    else if (call.answeredAt !== null && now - call.answeredAt > p.talkMs) sim.hangup({ linkedid: call.linkedid, by: 'caller' });
  }
  for (const id of patience.keys()) if (!sim.liveCalls.some((c) => c.linkedid === id)) patience.delete(id);
}, 1000);
const stopLoad = () => { if (placer) clearInterval(placer); clearInterval(callerMinds); };

console.log(`
  Warmline demo is running: ${server.url.replace('127.0.0.1', 'localhost')}

  Log in with password "${DEMO_PASSWORD}" as:
${DEMO_USERS.map((u) => `    ${u.username.padEnd(11)} ${u.role.padEnd(17)} ${u.extension ? `extension ${u.extension}` : ''}`).join('\n')}

  The PBX simulator (AMI on 127.0.0.1:${sim.port}) places about ${callsPerMinute} calls a minute from seeded customers.
  Press Ready in the console to take them. Ctrl+C stops everything.
`);

const shutdown = async () => {
  stopLoad();
  await server.stop();
  await phonesHttp.close();
  await sim.stop();
  await realtime.end();
  await pg.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
