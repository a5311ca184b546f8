import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../server/app';
import { createServices, type AppServices, type CoreDeps } from '../../server/services';
import { InProcessJobQueue } from '../../server/jobs/in-process-queue';
import { createTestDb, type TestDb } from './test-db';
import { createDb, POP_POOL_SIZE } from '../../server/db/database';
import { testConfig } from './test-config';

export interface TestContext {
  db: TestDb;
  services: AppServices;
  app: FastifyInstance;
  close(): Promise<void>;
}

// A real app on a real, freshly migrated database. Only the PBX is faked, and only at the AMI wire.
export async function createTestContext(options: { env?: Record<string, string>; deps?: Partial<CoreDeps>; popPool?: boolean } = {}): Promise<TestContext> {
  const db = await createTestDb();
  // The screen pop's own pool, as a node has it (server/main.ts); without it the pop reads through the main pool.
  const popDb = options.popPool ? createDb(db.url, { max: POP_POOL_SIZE, applicationName: 'warmline-test-pop' }) : undefined;
  const config = testConfig(options.env, db.url);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const jobs = options.deps?.jobs ?? new InProcessJobQueue(log);
  const services = createServices({ config, log, db, popDb, jobs, ...options.deps });
  const app = await buildApp(services);
  await app.ready();
  return {
    db,
    services,
    app,
    async close() {
      await app.close();
      await jobs.close();
      await popDb?.close();
      await db.drop();
    },
  };
}
