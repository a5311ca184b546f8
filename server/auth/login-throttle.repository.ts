import type { Database } from '../db/database';

export interface LockoutPolicy {
  /** Failures in a row before the account name locks. */
  after: number;
  /** First lock length; each further failure after a lock doubles it, up to maxSeconds. */
  baseSeconds: number;
  maxSeconds: number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// A run of failures is forgotten this long after its last failure (once any lock has run out).
const FORGET_AFTER_MS = 3600_000;

/** Lock length after `failures` failures in a row: none before `after`, then base, 2x base, 4x base ... capped. */
export function lockSeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.after) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(30, failures - policy.after));
}

export class LoginThrottleRepository {
  constructor(private readonly db: Database) {}

  /**
   * Counts an attempt before the password is checked, under a row lock: N parallel guesses are serialised here,
   * so no more than `after` of them get to the password check before the lock is set. A success clears the row.
   */
  async reserveAttempt(username: string, policy: LockoutPolicy, now = new Date()): Promise<AttemptVerdict> {
    return this.db.transaction().execute(async (trx) => {
      await trx.insertInto('login_throttle').values({ username, failures: 0, last_failure_at: now })
        .onConflict((oc) => oc.column('username').doNothing()).execute();
      const row = await trx.selectFrom('login_throttle').select(['failures', 'locked_until', 'last_failure_at'])
        .where('username', '=', username).forUpdate().executeTakeFirstOrThrow();
      if (row.locked_until && row.locked_until > now) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000)) };
      }
      const stale = now.getTime() - row.last_failure_at.getTime() > FORGET_AFTER_MS;
      const failures = (stale ? 0 : row.failures) + 1;
      const lock = lockSeconds(failures, policy);
      await trx.updateTable('login_throttle').set({
        failures, last_failure_at: now, locked_until: lock > 0 ? new Date(now.getTime() + lock * 1000) : null,
      }).where('username', '=', username).execute();
      return { allowed: true };
    });
  }

  async clear(username: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('username', '=', username).execute();
  }

  /** Rows for names nobody has tried for a day (guessers try many names); called now and then. */
  async prune(now = new Date()): Promise<void> {
    await this.db.deleteFrom('login_throttle')
      .where('last_failure_at', '<', new Date(now.getTime() - 24 * 3600_000))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])).execute();
  }
}
