import { spawnSync } from 'node:child_process';
import postgres from 'postgres';
import { migrate } from './migrator';

// Kysely table types are generated from a freshly migrated database and checked in (server/db/types.ts).
// `--verify` fails when the checked-in file has drifted from the migrations (run in CI).
const verify = process.argv.includes('--verify');
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `warmline_codegen_${process.pid}`;
const adminUrl = new URL(base);
adminUrl.pathname = '/postgres';
const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${name}`);
const dbUrl = new URL(base);
dbUrl.pathname = `/${name}`;
let status = 1;
try {
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  await migrate(sql);
  await sql.end();
  const args = ['kysely-codegen', '--dialect', 'postgres', '--url', dbUrl.toString(), '--out-file', 'server/db/types.ts',
    '--type-mapping', JSON.stringify({ int8: 'number' }), '--exclude-pattern', 'schema_migrations'];
  if (verify) args.push('--verify');
  const res = spawnSync('npx', args, { stdio: 'inherit' });
  status = res.status ?? 1;
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
process.exit(status);
