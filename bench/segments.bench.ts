// Segment preview cost under the attack of issue #19 point 4: {"all": [N x owns_products match:all with 100 ids]}.
// Prints JSON. "before" is the old compile (one EXISTS per product id, kept here only for this comparison),
// "after" is server/segments/segment-sql.ts; both run with a statement_timeout of --timeout-ms so the old form
// cannot pin the machine. Only the size query (count(*)) is timed, as the preview's heavier half.
//   npx tsx bench/segments.bench.ts -- [--customers 200000] [--interactions 200000] [--timeout-ms 30000]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type Expression, type SqlBool } from 'kysely';
import { createDb } from '../server/db/database';
import { compileSegment, type CustomerEb } from '../server/segments/segment-sql';
import type { SegmentRule } from '@contract/segment-rules';
import { ensureBenchDatabase } from './support/bench-data';
import { arg } from './support/stats';

const customers = arg('customers', 200_000);
const interactions = arg('interactions', 200_000);
const timeoutMs = arg('timeout-ms', 30_000);
const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = await ensureBenchDatabase(baseUrl, 'warmline_bench', { customers, interactions }, progress);
const handle = createDb(url, { max: 2, applicationName: 'warmline-bench-segments' });
const db = handle.db;

function oldOwnsAll(eb: CustomerEb, ids: number[]): Expression<SqlBool> {
  return eb.and([...new Set(ids)].map((id) => eb.exists(eb.selectFrom('purchases as p').select(sql.lit(1).as('one'))
    .whereRef('p.customer_id', '=', 'c.id').where('p.status', '=', 'active').where('p.product_id', 'in', [id]))));
}

const productIds = (await db.selectFrom('products').select('id').orderBy('id').limit(100).execute()).map((r) => r.id);
const attack = (n: number): SegmentRule => ({ all: Array.from({ length: n }, () => ({ type: 'owns_products' as const, productIds, match: 'all' as const })) });

async function timeCount(where: (eb: CustomerEb) => Expression<SqlBool>): Promise<{ ms: number | null; size: number | null; timedOut: boolean }> {
  const q = db.selectFrom('customers as c').select((eb) => eb.fn.countAll<string>().as('n')).where(where).compile();
  const t0 = performance.now();
  try {
    const rows = await handle.sql.begin(async (tx) => {
      await tx`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`;
      return tx.unsafe(q.sql, q.parameters as never[]);
    });
    return { ms: Math.round(performance.now() - t0), size: Number(rows[0]!.n), timedOut: false };
  } catch (err) {
    if ((err as { code?: string }).code === '57014') return { ms: null, size: null, timedOut: true };
    throw err;
  }
}

const runs = [];
for (const n of [1, 2, 3, 10]) {
  progress(`N=${n}`);
  const after = await timeCount((eb) => compileSegment(eb, attack(n), new Date()));
  const before = n <= 3 ? await timeCount((eb) => eb.and(Array.from({ length: n }, () => oldOwnsAll(eb, productIds)))) : { ms: null, size: null, timedOut: null, skipped: 'N=10 never finished in the report' };
  runs.push({ n, ids: n * 100, before, after });
}
console.log(JSON.stringify({
  bench: 'segments', machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, customers, products: productIds.length,
  purchases: Number((await db.selectFrom('purchases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  timeoutMs, runs,
}, null, 1));
await handle.close();
