import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { benchDatabaseName, BenchDatabaseRefused, customersSpec, markComplete, openBenchDatabase, withDatabase } from '../../../bench/support/bench-databases';
import { ensureBenchDatabase } from '../../../bench/support/bench-data';
import { benchRuns, databasesOf } from '../../../bench/support/bench-runs';

// Issue #26 point 6: `npm run bench` (the quick run) dropped the full-size reports database because its size
// differed. Mutations caught: naming a database without its size (quick and full share a name); dropping a database
// whose marker is another size's or missing (the old `if (exists && !reuse) DROP`); rebuilding a complete one.

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const prefix = `warmline_benchtest_${process.pid}`;
const admin = postgres(withDatabase(base, 'postgres'), { max: 1, onnotice: () => {} });
const log = () => undefined;
const exists = async (name: string) => (await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).length > 0;
async function query<T>(name: string, text: string): Promise<T[]> {
  const sql = postgres(withDatabase(base, name), { max: 1, onnotice: () => {} });
  try { return await sql.unsafe(text) as unknown as T[]; } finally { await sql.end(); }
}

afterAll(async () => {
  const mine = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${prefix + '%'}`;
  for (const { datname } of mine) await admin.unsafe(`DROP DATABASE ${datname} WITH (FORCE)`);
  await admin.end();
});

describe('bench databases', () => {
  it('the quick run (npm run bench) never uses a database of the full run (--full)', () => {
    const full = new Set(benchRuns(true).flatMap(databasesOf));
    const quick = benchRuns(false).flatMap(databasesOf);
    expect(full.size).toBeGreaterThan(0);
    expect(quick.length).toBeGreaterThan(0);
    expect(quick.filter((name) => full.has(name))).toEqual([]);
  });

  it('a run at another size leaves an existing bench database in place, data and all', async () => {
    const big = customersSpec(300, 1000);
    const bigName = benchDatabaseName(prefix, big);
    const opened = await openBenchDatabase(base, bigName, big, { log });
    await query(bigName, 'CREATE TABLE sentinel (x int); INSERT INTO sentinel VALUES (42)');
    await markComplete(opened.url);

    await ensureBenchDatabase(base, prefix, { customers: 200, interactions: 2000 }, log);

    expect(await exists(bigName)).toBe(true);
    expect(await query<{ x: number }>(bigName, 'SELECT x FROM sentinel')).toEqual([{ x: 42 }]);
    const small = benchDatabaseName(prefix, customersSpec(200, 2000));
    expect(small).not.toBe(bigName);
    expect(await query<{ n: string }>(small, 'SELECT count(*)::text AS n FROM customers')).toEqual([{ n: '200' }]);
  });

  it('reuses a complete database of the same size instead of rebuilding it', async () => {
    const name = benchDatabaseName(prefix, customersSpec(200, 2000));
    await query(name, 'CREATE TABLE IF NOT EXISTS sentinel (x int); INSERT INTO sentinel VALUES (7)');
    await ensureBenchDatabase(base, prefix, { customers: 200, interactions: 2000 }, log);
    expect(await query<{ x: number }>(name, 'SELECT x FROM sentinel')).toEqual([{ x: 7 }]);
  });

  it('refuses, and leaves in place, a database under its name that it did not build for that size', async () => {
    const spec = customersSpec(100, 500);
    const name = benchDatabaseName(prefix, spec);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await query(name, 'CREATE TABLE precious (x int); INSERT INTO precious VALUES (1)');
    await expect(ensureBenchDatabase(base, prefix, { customers: 100, interactions: 500 }, log)).rejects.toBeInstanceOf(BenchDatabaseRefused);
    await expect(openBenchDatabase(base, name, spec, { log, rebuild: true })).rejects.toBeInstanceOf(BenchDatabaseRefused);
    expect(await query<{ x: number }>(name, 'SELECT x FROM precious')).toEqual([{ x: 1 }]);
  });

  it('rebuilds only its own interrupted build (marker of this size, never completed)', async () => {
    const spec = customersSpec(50, 100);
    const name = benchDatabaseName(prefix, spec);
    await openBenchDatabase(base, name, spec, { log });
    await query(name, 'CREATE TABLE half_loaded (x int)');
    await ensureBenchDatabase(base, prefix, { customers: 50, interactions: 100 }, log);
    expect(await query<{ n: string }>(name, "SELECT count(*)::text AS n FROM pg_tables WHERE tablename = 'half_loaded'")).toEqual([{ n: '0' }]);
    expect(await query<{ complete: boolean }>(name, 'SELECT complete FROM bench_database')).toEqual([{ complete: true }]);
  });
});
