import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

interface MigrationFile { version: string; name: string; up: string }

async function listMigrations(dir: string): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.up\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({
    version: f.slice(0, 4),
    name: f.replace(/\.up\.sql$/, ''),
    up: await readFile(path.join(dir, f), 'utf8'),
  })));
}

// Plain SQL files are the source of truth. Each runs in its own transaction, under an advisory lock so that
// several nodes starting at once apply each migration exactly once.
export async function migrate(sql: postgres.Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(7324501)`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    const done = new Set((await tx<{ version: string }[]>`SELECT version FROM schema_migrations`).map((r) => r.version));
    for (const m of await listMigrations(dir)) {
      if (done.has(m.version)) continue;
      await tx.unsafe(m.up);
      await tx`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
      applied.push(m.name);
    }
  });
  return applied;
}
