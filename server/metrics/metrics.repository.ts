import { sql } from 'kysely';
import type { Database } from '../db/database';

// The figures the metrics read from the database at scrape time (server/metrics/metric-sources.ts).
export class MetricsRepository {
  constructor(private readonly db: Database) {}

  /** Calls not ended, per PBX: the whole cluster's, as the database has them (so every node reports the same). */
  async callsInProgress(): Promise<Array<{ pbx: string; count: number }>> {
    const rows = await this.db.selectFrom('calls').select(['pbx_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '<>', 'ended').groupBy('pbx_id').execute();
    return rows.map((r) => ({ pbx: r.pbx_id, count: Number(r.n) }));
  }

  /** Calls noted for the report fold (migration 0014) and the age in seconds of the oldest note (0 when none). */
  async foldBacklog(): Promise<{ pending: number; lagSeconds: number }> {
    const row = await this.db.selectFrom('report_refold_queue')
      .select([
        (eb) => eb.fn.countAll<string>().as('pending'),
        sql<string | null>`extract(epoch FROM now() - min(noted_at))`.as('lag'),
      ]).executeTakeFirstOrThrow();
    return { pending: Number(row.pending), lagSeconds: Math.max(0, Number(row.lag ?? 0)) };
  }
}
