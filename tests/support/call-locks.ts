import type { DbHandle } from '../../server/db/database';

/**
 * Runs `during` while another session holds `LOCK TABLE <table> IN <mode> MODE`; the lock is released when `during`
 * is done, or fails (rolled back). SHARE makes writes to the table wait (reads go on); ACCESS EXCLUSIVE makes everything wait.
 */
export async function withTableLocked(db: DbHandle, table: string, mode: 'SHARE' | 'ACCESS EXCLUSIVE', during: () => Promise<void>): Promise<void> {
  const blocker = await db.sql.reserve();
  try {
    await blocker`BEGIN`;
    await blocker.unsafe(`LOCK TABLE ${table} IN ${mode} MODE`);
    await during();
    await blocker`COMMIT`;
  } catch (err) {
    // Never hand a connection back to the pool inside a transaction that still holds the lock.
    await blocker`ROLLBACK`.catch(() => undefined);
    throw err;
  } finally {
    blocker.release();
  }
}

/** Runs `during` while every INSERT into calls waits (reads go on). */
export function withCallInsertsBlocked(db: DbHandle, during: () => Promise<void>): Promise<void> {
  return withTableLocked(db, 'calls', 'SHARE', during);
}
