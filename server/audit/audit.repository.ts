import type { Database } from '../db/database';

export interface AuditEntry { userId: number | null; action: string; target?: string | null; details?: Record<string, unknown>; ip?: string | null }

// Every supervision action, data export and login lands here; rows are never updated or deleted by the app.
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.insertInto('audit_log').values({
      user_id: entry.userId,
      action: entry.action,
      target: entry.target ?? null,
      // postgres.js serialises objects for jsonb itself; a JSON.stringify here would store a JSON string.
      details: (entry.details ?? {}) as never,
      ip: entry.ip ?? null,
    }).execute();
  }

  /**
   * Newest first. `action` is exact, or a prefix when it ends in '.' or '*' (`user.` = every user change); `beforeId`
   * pages back; `username` is the actor's, for the admin's browser (issue #21).
   */
  async list(filter: { limit: number; action?: string; userId?: number; target?: string; from?: Date; to?: Date; beforeId?: number }) {
    let q = this.db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.user_id')
      .selectAll('audit_log').select('users.username as username').orderBy('audit_log.id', 'desc').limit(filter.limit);
    if (filter.action) {
      const prefix = filter.action.endsWith('*') ? filter.action.slice(0, -1) : filter.action.endsWith('.') ? filter.action : null;
      q = prefix !== null
        ? q.where('audit_log.action', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
        : q.where('audit_log.action', '=', filter.action);
    }
    if (filter.userId) q = q.where('audit_log.user_id', '=', filter.userId);
    if (filter.target) q = q.where('audit_log.target', '=', filter.target);
    if (filter.from) q = q.where('audit_log.at', '>=', filter.from);
    if (filter.to) q = q.where('audit_log.at', '<', filter.to);
    if (filter.beforeId) q = q.where('audit_log.id', '<', filter.beforeId);
    return q.execute();
  }
}
