import { sql } from 'kysely';
import type { DbHandle } from '../db/database';
import type { Logger } from '../logger';

const DAY_MS = 24 * 3600 * 1000;

// Keeps this month and the next `monthsAhead` monthly partitions of interactions and calls in place (migrations 0008
// and 0012 made the first 24 + 3). Runs at start and daily on every node: the SQL function is idempotent and takes an
// advisory lock, so nodes racing each other are harmless and no job queue (or Redis) is needed. An interaction for a
// month without a partition lands in interactions_default and is moved out when its partition is created. calls has
// no DEFAULT partition (moving a call out of one would cascade to its legs): a call starting beyond the created
// months is refused (CallOutsidePartitionsError, logged by the calls service), so this must run at least every
// `monthsAhead` months.
export function startPartitionMaintenance(db: DbHandle, log: Logger, opts: { monthsAhead?: number; everyMs?: number } = {}): { run(): Promise<number>; stop(): void } {
  const run = async () => {
    const res = await sql<{ created: number }>`SELECT warmline_ensure_partitions(${opts.monthsAhead ?? 3}) AS created`.execute(db.db);
    const created = Number(res.rows[0]?.created ?? 0);
    if (created > 0) log.info({ created }, 'monthly partitions created');
    return created;
  };
  const safeRun = () => void run().catch((err: unknown) => log.error({ err }, 'partition maintenance failed'));
  safeRun();
  const timer = setInterval(safeRun, opts.everyMs ?? DAY_MS);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
