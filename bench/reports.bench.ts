// npm run bench:reports [-- --calls N --customers M --runs R --rebuild]
// Builds (or reuses, by a marker table) a database with N calls and M customers, builds the report rollups, then
// times each report through ReportsService (median of R runs after a warm-up) and prints JSON.
import postgres from 'postgres';
import os from 'node:os';
import { createDb } from '../server/db/database';
import { migrate } from '../server/db/migrator';
import { AuditRepository } from '../server/audit/audit.repository';
import { createReportsService } from '../server/reports/reports.wiring';
import { generationSteps } from './reports/generate.sql';
import { benchDatabaseName, markComplete, openBenchDatabase, REPORTS_DB_PREFIX, reportsSpec } from './support/bench-databases';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const calls = arg('calls', 10_000_000);
const customers = arg('customers', 1_000_000);
const runs = arg('runs', 7);
const rebuild = process.argv.includes('--rebuild');
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (msg: string) => process.stderr.write(`[bench:reports] ${msg}\n`);

async function ensureDatabase(): Promise<{ dbUrl: string; timings: Record<string, number> }> {
  // Named by size (bench/support/bench-databases.ts): a quick run never drops the full-size database.
  const spec = reportsSpec(calls, customers);
  const { url: dbUrl, build } = await openBenchDatabase(base, benchDatabaseName(REPORTS_DB_PREFIX, spec), spec, { rebuild, log });
  const timings: Record<string, number> = {};
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    if (build) {
      await migrate(sql);
      await sql.unsafe(`SET session_replication_role = replica; SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'`);
      for (const [name, text] of generationSteps(calls, customers)) {
        const t = performance.now();
        log(`${name}...`);
        await sql.unsafe(text);
        timings[name] = Math.round(performance.now() - t);
        log(`${name} done in ${(timings[name]! / 1000).toFixed(1)} s`);
      }
      const t = performance.now();
      await sql.unsafe('VACUUM ANALYZE');
      timings.vacuumAnalyze = Math.round(performance.now() - t);
    } else {
      // A reused database still gets the migrations added since it was built (0009 rebuilds its rollups itself).
      const t = performance.now();
      const applied = await migrate(sql);
      if (applied.length) timings.pendingMigrations = Math.round(performance.now() - t);
      log(`reusing the database${applied.length ? `; applied ${applied.join(', ')}` : ''}`);
      if (applied.length) await sql.unsafe('VACUUM ANALYZE');
    }
  } finally {
    await sql.end();
  }
  if (build) await markComplete(dbUrl);
  return { dbUrl, timings };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown>): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  return { medianMs: r(median(xs)), minMs: r(Math.min(...xs)), maxMs: r(Math.max(...xs)) };
}

const { dbUrl, timings: buildMs } = await ensureDatabase();
const handle = createDb(dbUrl, { max: 4, applicationName: 'bench-reports' });
const reports = createReportsService(handle.db, handle.db, new AuditRepository(handle.db), { defaultTimezone: 'UTC', serviceLevelSeconds: 20 } as never);
const sizes = await handle.sql`SELECT (SELECT count(*) FROM calls)::bigint AS calls, (SELECT count(*) FROM customers)::bigint AS customers,
  (SELECT count(*) FROM wrapups)::bigint AS wrapups, (SELECT count(*) FROM agent_state_log)::bigint AS agent_states,
  (SELECT count(*) FROM report_calls_15m)::bigint AS rollup_15m_rows, (SELECT count(*) FROM report_calls_agent_1h)::bigint AS rollup_agent_rows,
  (SELECT count(*) FROM report_calls_disposition_1h)::bigint AS rollup_disposition_rows,
  (SELECT count(*) FROM report_agent_state_15m)::bigint AS state_15m_rows, (SELECT count(*) FROM report_agent_state_1d)::bigint AS state_1d_rows,
  (SELECT count(*) FROM report_agent_state_team_15m)::bigint AS state_team_15m_rows,
  pg_size_pretty(pg_database_size(current_database())) AS db_size`;

const day = { from: '2025-06-16', to: '2025-06-16' };
const week = { from: '2025-06-16', to: '2025-06-22' };
const month = { from: '2025-06-01', to: '2025-06-30' };
const results: Record<string, unknown> = {};
for (const [label, range] of Object.entries({ day, week, month })) {
  for (const groupBy of ['queue', 'agent', 'hour', 'day', 'disposition']) {
    results[`operational.${label}.${groupBy}`] = await time(() => reports.operationalReport({ ...range, groupBy }));
  }
}
for (const groupBy of ['agent', 'hour', 'day']) {
  results[`operational.month.${groupBy}.Asia/Kolkata`] = await time(() => reports.operationalReport({ ...month, groupBy, tz: 'Asia/Kolkata' }));
}
for (const groupBy of ['queue', 'agent', 'hour', 'day']) {
  results[`operational.month.${groupBy}.queue=q3`] = await time(() => reports.operationalReport({ ...month, groupBy, queue: 'q3' }));
}
results['analytical.leadSources.all'] = await time(() => reports.leadSources({}));
results['analytical.leadSources.quarter'] = await time(() => reports.leadSources({ from: '2025-04-01', to: '2025-06-30' }));
for (const by of ['tag', 'region', 'lead_source', 'saved']) results[`analytical.segments.${by}`] = await time(() => reports.segments({ by }));
results['analytical.campaigns'] = await time(() => reports.campaigns({}));
results['analytical.cases.year.month'] = await time(() => reports.cases({ from: '2025-01-01', to: '2025-12-31', period: 'month' }));
results['analytical.dueContacts.birthday7'] = await time(() => reports.dueContacts({ kind: 'birthday', days: 7 }));
results['analytical.dueContacts.lapsed'] = await time(() => reports.dueContacts({ kind: 'lapsed', lapsedDays: 365, minSpend: 500 }));
await handle.close();

console.log(JSON.stringify({
  bench: 'reports', requested: { calls, customers }, runs, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  sizes: sizes[0], buildMs, results,
}, null, 2));
