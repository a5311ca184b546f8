import postgres from 'postgres';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { createDb, POP_POOL_SIZE } from '../../server/db/database';
import { migrate } from '../../server/db/migrator';
import { createServices, type AppServices } from '../../server/services';
import { buildApp } from '../../server/app';
import { startRuntime } from '../../server/runtime';
import { startPbxLinks } from '../../server/pbx-links';
import { InProcessJobQueue } from '../../server/jobs/in-process-queue';
import { seedReferenceData } from '../../server/db/seed-reference';
import type { FastifyInstance } from 'fastify';

// The same composition as server/main.ts startServer(), on a throw-away database created next to DATABASE_URL
// (dropped by stop()), exposing services so a bench can sample the calls backlog. Listens on 127.0.0.1 only.
export interface BenchStack { url: string; services: AppServices; app: FastifyInstance; stop(): Promise<void> }

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startBenchStack(amiPort: number, env: Record<string, string> = {}, opts: { template?: string; log?: (m: string) => void } = {}): Promise<BenchStack> {
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `warmline_bench_run_${randomBytes(4).toString('hex')}`;
  const admin = postgres(withDatabase(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
  // With a template (a kept customers database, bench-data.ts): a copy of it, so the run's calls never land in the
  // kept database and the next run starts from the same data. FILE_COPY: a file-level copy, much faster than
  // PostgreSQL 15's default WAL_LOG for a database of gigabytes.
  const t0 = Date.now();
  await admin.unsafe(opts.template ? `CREATE DATABASE ${name} TEMPLATE ${opts.template} STRATEGY FILE_COPY` : `CREATE DATABASE ${name}`);
  if (opts.template) opts.log?.(`copied ${opts.template} to ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const url = withDatabase(baseUrl, name);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'silent', CONSOLE_DIR: '/nonexistent',
    AMI_HOST: '127.0.0.1', AMI_PORT: String(amiPort), AMI_USERNAME: 'warmline', AMI_SECRET: 'sim-secret', HOST: '127.0.0.1', PORT: '0', ...env });
  const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
  const db = createDb(url, { max: 20, applicationName: 'warmline-bench' });
  await migrate(db.sql);
  const popDb = createDb(url, { max: POP_POOL_SIZE, applicationName: 'warmline-bench-pop' });
  await seedReferenceData(db.db);
  const jobs = new InProcessJobQueue(log);
  const services = createServices({ config, log, db, popDb, jobs });
  const app = await buildApp(services);
  const stopRuntime = startRuntime(services, app);
  const links = startPbxLinks(services);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address, services, app,
    async stop() {
      await app.close();
      await links.stop();
      await services.calls.drain();
      await stopRuntime();
      await jobs.close();
      await popDb.close();
      await db.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
