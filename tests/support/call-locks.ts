import type { DbHandle } from '../../server/db/database';

/**
 * Runs `during` while another session holds a lock that makes every INSERT into calls wait (SHARE mode: reads go
 * on). The lock is released when `during` is done, or fails.
 */
export async function withCallInsertsBlocked(db: DbHandle, during: () => Promise<void>): Promise<void> {
  const blocker = await db.sql.reserve();
  try {
    await blocker`BEGIN`;
    await blocker`LOCK TABLE calls IN SHARE MODE`;
    await during();
    await blocker`COMMIT`;
  } finally {
    blocker.release();
  }
}
