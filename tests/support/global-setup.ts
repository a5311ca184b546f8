import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { migrate, MIGRATIONS_DIR } from '../../server/db/migrator';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../server/db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDbUrl: string;
    redisUrl: string | null;
  }
}

let embedded: EmbeddedDb | undefined;

// Migrate one template database per migration set; every test file clones it (CREATE DATABASE ... TEMPLATE),
// so files run in parallel on isolated, real, fully migrated databases in ~100 ms each.
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    embedded = await startEmbeddedPostgres({ port: 54330 });
    baseUrl = embedded.url('postgres');
  }
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
    await embedded?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
