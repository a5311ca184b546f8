import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { startServer, type RunningServer } from '../../../server/main';
import { testConfig } from '../../support/test-config';
import { createTestDb, type TestDb } from '../../support/test-db';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { hashPassword } from '../../../server/auth/password';
import type { Role } from '../../../server/auth/roles';
import { AMI_PORT, AMI_SECRET, AMI_USER, CARRIER_IP, SIP_PORT, WSS_PORT, startAsterisk, type AsteriskLab } from './asterisk-lab';
import { answerScenario, killAllSipp, registerScenario, runSipp, type AnswerOptions, type SippRun } from './sipp';

export const PASSWORD = 'pbx-real-password';
/** Where the carrier (sipp at 127.0.0.2) answers the PBX's outbound calls. */
export const CARRIER_PORT = 5070;

export interface Agent { id: number; username: string; extension: string; secret: string; token: string; sipPort: number }

export interface RealStack {
  db: TestDb;
  pbx: AsteriskLab;
  server: RunningServer;
  app: FastifyInstance;
  url: string;
  /** A user with an extension, SIP credentials issued by Warmline (what Asterisk authenticates through realtime). */
  addUser(username: string, role: Role, extension: string | null, queues?: string[], phone?: 'sip' | 'webrtc'): Promise<Agent>;
  /**
   * The user's desk phone (sipp) registers with the secret Warmline issued and then takes calls as told (answer
   * options, or a whole sipp scenario such as a refusal).
   */
  phone(agent: Agent, answer: AnswerOptions | string): Promise<SippRun>;
  close(): Promise<void>;
}

let nextSipPort = 5080;
let nextMediaPort = 16100;

export async function startRealStack(env: Record<string, string> = {}): Promise<RealStack> {
  const db = await createTestDb();
  await seedReferenceData(db.db);
  const pbx = await startAsterisk({ databaseUrl: db.url, carrierPort: CARRIER_PORT });
  const config = testConfig({
    PORT: '0', AMI_HOST: '127.0.0.1', AMI_PORT: String(AMI_PORT), AMI_USERNAME: AMI_USER, AMI_SECRET,
    RECORDINGS_DIR: pbx.recordingsDir, SIP_WSS_URL: `wss://127.0.0.1:${WSS_PORT}/ws`, SIP_DOMAIN: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // As production runs it: BullMQ jobs (the wrap-up deadline is one) and the PBX lock in Redis, when there is one.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), ...env,
  }, db.url);
  // A server that fails to start must not leave Asterisk holding the fixed ports: every later file would skip.
  const server = await startServer(config, { redisPrefix: `warmline-pbxreal-${process.pid}-${Date.now()}` })
    .catch(async (err: unknown) => { await pbx.stop(); await db.drop(); throw err; });
  const phones: SippRun[] = [];
  const stack: RealStack = {
    db, pbx, server, app: server.app, url: server.url,
    async addUser(username, role, extension, queues = [], phone = 'sip') {
      const id = await server.services.users.create({ username, displayName: `Test ${username}`, passwordHash: await hashPassword(PASSWORD), role, extension, sip: null });
      await db.db.updateTable('users').set({ sip_phone: phone }).where('id', '=', id).execute();
      const issued = extension ? await server.services.auth.issueSipCredentials(id, null) : null;
      for (const q of queues) {
        await sql`INSERT INTO queue_members (queue_id, user_id) SELECT id, ${id} FROM queues WHERE name = ${q}`.execute(db.db);
      }
      const login = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
      return { id, username, extension: extension ?? '', secret: issued?.secret ?? '', token: (login.json() as { token: string }).token, sipPort: nextSipPort++ };
    },
    async phone(agent, answer) {
      // The phone listens first, then registers from another port with a Contact naming the listening one: Asterisk's
      // first qualify OPTIONS, sent as the registration lands, must find the phone already there.
      const run = runSipp(typeof answer === 'string' ? answer : answerScenario(answer), {
        remote: `127.0.0.1:${SIP_PORT}`, localIp: '127.0.0.1', localPort: agent.sipPort, mediaPort: nextMediaPort, service: agent.extension, calls: null, timeoutS: 600,
      });
      nextMediaPort += 4;
      phones.push(run);
      const reg = runSipp(registerScenario(agent.extension, agent.sipPort), {
        remote: `127.0.0.1:${SIP_PORT}`, localIp: '127.0.0.1', localPort: agent.sipPort + 1000, auth: { user: agent.extension, password: agent.secret }, timeoutS: 15,
      });
      const r = await reg.done;
      if (r.code !== 0) throw new Error(`${agent.extension} did not register (sipp ${r.code}):\n${r.output.slice(-3000)}`);
      return run;
    },
    async close() {
      for (const p of phones) p.kill();
      killAllSipp();
      await server.stop();
      await pbx.stop();
      await db.drop();
    },
  };
  return stack;
}

export { CARRIER_IP };

/** Polls until fn gives a value; on timeout the error carries what `explain` says about the state then. */
export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, explain?: () => Promise<string>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `:\n${await explain()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
