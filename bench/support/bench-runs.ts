import { benchDatabaseName, customersSpec, CUSTOMERS_DB_PREFIX, REPORTS_DB_PREFIX, reportsSpec } from './bench-databases';

// What `npm run bench` runs (bench/run-all.ts): every benchmark at a quick size, or at the issues' sizes with --full.
// In a module of its own so that tests can check the quick and full runs' databases (tests/integration/ops).
export interface BenchRun { name: string; args: string[] }

export function benchRuns(full: boolean): BenchRun[] {
  return [
    { name: 'screenpop', args: full ? [] : ['--customers', '100000', '--interactions', '1000000', '--n', '300'] },
    { name: 'screenpop-ami', args: full ? [] : ['--customers', '100000', '--interactions', '1000000', '--n', '300'] },
    { name: 'reports', args: full ? [] : ['--calls', '200000', '--customers', '50000'] },
    { name: 'ami-chaos', args: full ? [] : ['--calls', '300'] },
    { name: 'load', args: full ? [] : ['--agents', '100', '--rate', '5', '--seconds', '30', '--customers', '100000', '--interactions', '1000000'] },
    { name: 'cluster', args: full ? [] : ['--pops', '2000', '--calls', '500', '--conns', '1000', '--kills', '3'] },
    { name: 'faults', args: full ? [] : ['--seconds', '60', '--outage', '8'] },
    { name: 'dialer', args: full ? [] : ['--seeds', '1'] },
    { name: 'offers', args: full ? ['--customers', '20000', '--history', '40000'] : [] },
  ];
}

/** The value of `--name` in `args`, else the default. */
export function argIn(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** The kept databases a run uses (named by size): the customers database of the pop and load benches, the reports one. */
export function databasesOf(run: BenchRun): string[] {
  if (['screenpop', 'screenpop-ami', 'load'].includes(run.name)) {
    return [benchDatabaseName(CUSTOMERS_DB_PREFIX, customersSpec(argIn(run.args, 'customers', 1_000_000), argIn(run.args, 'interactions', 10_000_000)))];
  }
  if (run.name === 'reports') return [benchDatabaseName(REPORTS_DB_PREFIX, reportsSpec(argIn(run.args, 'calls', 10_000_000), argIn(run.args, 'customers', 1_000_000)))];
  return [];
}
