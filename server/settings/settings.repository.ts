import { sql } from 'kysely';
import type { Database } from '../db/database';

// The settings table (migration 0070): one row per changed key, the value as JSON.
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  async all(): Promise<Record<string, unknown>> {
    const rows = await this.db.selectFrom('settings').select(['key', 'value']).execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  async put(values: Record<string, unknown>, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(values)) {
        // Sent as text and cast: postgres.js would send a JS array as a PostgreSQL array, and encode a string given
        // for a jsonb parameter once more.
        const json = sql`${JSON.stringify(value)}::text::jsonb` as never;
        await trx.insertInto('settings').values({ key, value: json, updated_by: userId, updated_at: new Date() })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_by: userId, updated_at: new Date() }))
          .execute();
      }
    });
  }
}
