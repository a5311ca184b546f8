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

  async list(filter: { limit: number; action?: string; userId?: number }) {
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.userId) q = q.where('user_id', '=', filter.userId);
    return q.execute();
  }
}
