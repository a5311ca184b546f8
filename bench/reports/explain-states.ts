// npx tsx bench/reports/explain-states.ts [grouping] [from] [to] [tz] [queue]
// Prints EXPLAIN (ANALYZE, BUFFERS) of the agent-state report query on the bench database (JIT off, like reports).
import { sql, type RawBuilder } from 'kysely';
import { createDb } from '../../server/db/database';
import { AgentStateRepository, type StateGrouping } from '../../server/reports/agent-state.repository';

const [grouping = 'agent', from = '2025-06-01', to = '2025-06-30', tz = 'UTC', queue] = process.argv.slice(2);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
base.pathname = `/${process.env.BENCH_REPORTS_DB ?? 'warmline_bench_reports'}`;
const handle = createDb(base.toString(), { max: 1, applicationName: 'bench-explain' });
await new AgentStateRepository().sums(grouping as StateGrouping, { from, to, tz, queue }, async <T>(q: RawBuilder<T>) => {
  const c = q.compile(handle.db);
  await handle.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    const res = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...c, sql: `EXPLAIN (ANALYZE, BUFFERS) ${c.sql}` });
    console.log(res.rows.map((r) => r['QUERY PLAN']).join('\n'));
  });
  return [] as T[];
});
await handle.close();
