import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import { startServer, type RunningServer } from '../../../server/main';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { createTestDb, type TestDb } from '../../support/test-db';
import { testConfig } from '../../support/test-config';
import { until } from '../../support/full-stack';
import { createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import { dropPrefix, newPrefix, redisUrl } from './cluster-support';

// Issue #20.1: a node killed with SIGKILL never sees its consoles disconnect, so it schedules no away check. Node A
// (its own OS process) holds an operator's console and is killed; the operator's browser is gone with it (no
// reconnect). Node B, still serving, must find that console in its sweep and pause the agent as 'away', on the PBX
// too. Before the sweep the agent stayed Ready for ever, and the queue kept ringing a phone nobody watched.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const EXTS = ['1001', '1002'];
let sim: PbxSimulator;
let db: TestDb;
let child: ChildProcess | undefined;
let nodeB: RunningServer | undefined;
let socket: RecordingSocket | undefined;
const prefix = newPrefix();

const env = (nodeId: string) => ({
  REDIS_URL: redisUrl!, NODE_ID: nodeId, HOST: '127.0.0.1', PORT: '0', WRAPUP_SECONDS: '0', CONSOLE_AWAY_SECONDS: '1',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  PBX_LIST: JSON.stringify([{ id: 'main', host: '127.0.0.1', port: sim.port, username: 'warmline', secret: 'sim-secret' }]),
});

async function startChildNode(): Promise<string> {
  const code = `const { loadConfig } = await import(${JSON.stringify(`${root}server/config.ts`)});
const { startServer } = await import(${JSON.stringify(`${root}server/main.ts`)});
const s = await startServer(loadConfig(), { redisPrefix: process.env.WL_TEST_PREFIX, lockTtlMs: 3000 });
process.send({ type: 'up', url: s.url });`;
  child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env('node-a'), NODE_ENV: 'test', DATABASE_URL: db.url, JWT_SECRET: 'test-secret-test-secret', CONSOLE_DIR: '/nonexistent-console', WL_TEST_PREFIX: prefix },
  });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('node A did not start')), 60_000);
    child!.once('message', (m: { url: string }) => { clearTimeout(timer); resolve(m.url); });
    child!.once('exit', (code) => reject(new Error(`node A exited with ${code}`)));
  });
}

const state = async (userId: number) => db.db.selectFrom('agent_state_log').select(['state', 'reason'])
  .where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst();

describe.skipIf(!redisUrl)('a node killed with SIGKILL: its consoles are swept by another node', () => {
  let operator: TestUser;
  let urlA: string;

  beforeAll(async () => {
    sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', agents: EXTS, queues: { support: EXTS }, timing: { agentAnswerMs: null } });
    db = await createTestDb();
    await seedReferenceData(db.db);
    urlA = await startChildNode();
    nodeB = await startServer(testConfig(env('node-b'), db.url), { redisPrefix: prefix, lockTtlMs: 3000 });
    operator = await createUser(nodeB.services, nodeB.app, { role: 'operator', extension: '1001' });
  }, 120_000);

  afterAll(async () => {
    socket?.close();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await nodeB?.stop();
    await sim?.stop();
    await db?.drop();
    await dropPrefix(prefix);
  });

  it('pauses the agent as away once the node holding the console is gone', async () => {
    socket = await connectSocket(urlA, operator.token);
    const res = await fetch(`${urlA}/api/agents/me/state`, { method: 'POST', headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ state: 'ready' }) });
    expect(res.status).toBe(200);
    await until(async () => (await state(operator.id))?.state === 'ready', 10_000, 'agent ready');
    await until(async () => (await db.db.selectFrom('agent_consoles').select('generation').where('user_id', '=', operator.id).executeTakeFirst())?.generation, 10_000, 'console recorded');

    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    child!.kill('SIGKILL');
    await exited;
    socket.close(); // the browser went with the node (it does not reconnect elsewhere)

    // Nobody said goodbye: node B's sweep finds the console, and the away check pauses the agent (PBX included).
    await until(async () => { const s = await state(operator.id); return s?.state === 'paused' && s.reason === 'away'; }, 30_000, 'agent paused as away by node B');
    await until(async () => sim.model.membersOf('1001').every(({ member }) => member.paused), 15_000, '1001 paused on the PBX');
    const consoles = await db.db.selectFrom('agent_consoles').select(['connected_at', 'disconnected_at']).where('user_id', '=', operator.id).executeTakeFirstOrThrow();
    expect(consoles.disconnected_at!.getTime()).toBeGreaterThanOrEqual(consoles.connected_at!.getTime());

    // The operator comes back on node B: ready again, as they were.
    const back = await connectSocket(nodeB!.url, operator.token);
    try {
      await until(async () => (await state(operator.id))?.state === 'ready', 15_000, 'agent ready again after reconnecting');
    } finally {
      back.close();
    }
  }, 120_000);
});
