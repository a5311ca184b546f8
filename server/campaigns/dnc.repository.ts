import type { Database } from '../db/database';

export interface DncEntry { e164: string; reason: string; addedBy: number | null; addedAt: Date }

export class DncRepository {
  constructor(private readonly db: Database) {}

  async list(limit: number, offset: number): Promise<DncEntry[]> {
    const rows = await this.db.selectFrom('dnc_numbers').selectAll().orderBy('added_at', 'desc').limit(limit).offset(offset).execute();
    return rows.map((r) => ({ e164: r.e164, reason: r.reason, addedBy: r.added_by, addedAt: r.added_at }));
  }

  async add(e164: string, reason: string, addedBy: number | null): Promise<void> {
    await this.db.insertInto('dnc_numbers').values({ e164, reason, added_by: addedBy })
      .onConflict((oc) => oc.column('e164').doUpdateSet({ reason })).execute();
  }

  async remove(e164: string): Promise<boolean> {
    const r = await this.db.deleteFrom('dnc_numbers').where('e164', '=', e164).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
