import postgres from 'postgres';

// The benches' databases: named by what they hold (their size and data shape), marked when complete, and never
// dropped unless this code built that very database for that very size. A quick `npm run bench` and a full run use
// different names, so the quick run cannot drop the full-size database (14 GB, 17 min to build: issue #26 point 6).
//
//   exists, marker = this spec, complete    -> reused as it is
//   exists, marker = this spec, incomplete  -> an interrupted build of this bench: dropped and built again
//   exists, marker = this spec, --rebuild   -> dropped and built again (asked for)
//   exists, no marker or another spec       -> refused with an error; the database is left in place
//   missing                                 -> created, to be built

export type BenchSpec = Record<string, string | number>;

/**
 * Versions of the generated data's shape, part of each database's name and marker: a change to a generator gets a
 * new database instead of reusing (or dropping) one of another shape. Customers v2 (bench-data.ts): skewed
 * interactions, purchases and phones. Reports v2 (bench/reports/generate.sql.ts): agent states follow the calls.
 */
export const BENCH_DATA_SHAPE = 'v2';
export const REPORTS_DATA_SHAPE = 'v2';
export const CUSTOMERS_DB_PREFIX = 'warmline_bench';
export const REPORTS_DB_PREFIX = process.env.BENCH_REPORTS_DB ?? 'warmline_bench_reports';
export const customersSpec = (customers: number, interactions: number): BenchSpec => ({ customers, interactions, shape: BENCH_DATA_SHAPE });
export const reportsSpec = (calls: number, customers: number): BenchSpec => ({ calls, customers, shape: REPORTS_DATA_SHAPE });

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** `warmline_bench_1000000_10000000_v2`: the prefix then each spec value, in order (the marker has the keys). */
export function benchDatabaseName(prefix: string, spec: BenchSpec): string {
  const parts = Object.values(spec).map((v) => String(v).replace(/[^a-z0-9]/gi, ''));
  const name = [prefix, ...parts].join('_').toLowerCase();
  if (name.length > 63) throw new Error(`bench database name too long for PostgreSQL: ${name}`);
  return name;
}

export class BenchDatabaseRefused extends Error {}

/** Opens the bench database for `spec`: `build: true` means it was (re)created empty and the caller loads it, then calls `markComplete`. */
export async function openBenchDatabase(baseUrl: string, name: string, spec: BenchSpec, opts: { rebuild?: boolean; log: (m: string) => void }): Promise<{ url: string; build: boolean }> {
  const admin = postgres(withDatabase(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
  const url = withDatabase(baseUrl, name);
  try {
    const exists = (await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).length > 0;
    if (exists) {
      const probe = postgres(url, { max: 1, onnotice: () => {} });
      const marker = await probe<{ spec: BenchSpec; complete: boolean }[]>`SELECT spec, complete FROM bench_database`.catch(() => []).finally(() => probe.end());
      const ours = marker.length === 1 && sameSpec(marker[0]!.spec, spec);
      if (!ours) {
        throw new BenchDatabaseRefused(`database ${name} exists but was not built by this bench for ${JSON.stringify(spec)}: left in place; drop it by hand if it is yours to drop`);
      }
      if (marker[0]!.complete && !opts.rebuild) {
        opts.log(`reusing ${name}`);
        return { url, build: false };
      }
      opts.log(`${marker[0]!.complete ? 'rebuilding (--rebuild)' : 'an interrupted build: rebuilding'} ${name}`);
      await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
    }
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql`CREATE TABLE bench_database (spec jsonb NOT NULL, complete boolean NOT NULL DEFAULT false, built_at timestamptz)`;
      await sql`INSERT INTO bench_database (spec) VALUES (${sql.json(spec)})`;
    } finally {
      await sql.end();
    }
    return { url, build: true };
  } finally {
    await admin.end();
  }
}

export async function markComplete(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`UPDATE bench_database SET complete = true, built_at = now()`;
  } finally {
    await sql.end();
  }
}

function sameSpec(a: BenchSpec, b: BenchSpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => String(a[k]) === String(b[k]));
}
