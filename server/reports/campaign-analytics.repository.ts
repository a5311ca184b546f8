import { sql } from 'kysely';
import type { Database } from '../db/database';
import { refusalGroups, type RefusalGroup } from '../campaigns/refusal-reasons.repository';

export interface CampaignRow {
  id: number; name: string; status: string; offer_product_id: number;
  attempts: number; attempted: number; reached: number; accepted: number; refused: number; callbacks: number;
  purchases: number; revenue: string;
}
export type RefusalRow = RefusalGroup;

// Campaign tables come from migration 0004. "reached" = a person answered and gave an answer (accepted, refused
// or asked for a callback); "attempted" = dialled at least once.
export class CampaignAnalyticsRepository {
  constructor(private readonly db: Database) {}

  async campaigns(campaignId?: number): Promise<CampaignRow[]> {
    const only = campaignId === undefined ? sql`true` : sql`k.id = ${campaignId}`;
    const res = await sql<CampaignRow>`
      SELECT k.id, k.name, k.status, k.offer_product_id,
        COALESCE(a.attempts, 0)::bigint AS attempts, COALESCE(a.attempted, 0)::bigint AS attempted,
        COALESCE(a.reached, 0)::bigint AS reached, COALESCE(a.accepted, 0)::bigint AS accepted,
        COALESCE(a.refused, 0)::bigint AS refused, COALESCE(a.callbacks, 0)::bigint AS callbacks,
        COALESCE(p.purchases, 0)::bigint AS purchases, COALESCE(p.revenue, 0)::text AS revenue
      FROM campaigns k
      LEFT JOIN LATERAL (
        SELECT count(*) AS attempts, count(*) FILTER (WHERE t.dial_count > 0) AS attempted,
          count(*) FILTER (WHERE t.outcome IN ('accepted', 'refused', 'callback')) AS reached,
          count(*) FILTER (WHERE t.outcome = 'accepted') AS accepted,
          count(*) FILTER (WHERE t.outcome = 'refused') AS refused,
          count(*) FILTER (WHERE t.outcome = 'callback') AS callbacks
        FROM campaign_attempts t WHERE t.campaign_id = k.id
      ) a ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS purchases, sum(pu.amount) AS revenue FROM purchases pu
        WHERE pu.campaign_id = k.id AND pu.status <> 'cancelled'
      ) p ON true
      WHERE ${only} ORDER BY k.id`.execute(this.db);
    return res.rows;
  }

  /** The same grouping campaign progress uses (issue #20.8), so the two screens count identically. */
  async refusalReasons(campaignId?: number): Promise<RefusalRow[]> {
    return refusalGroups(this.db, campaignId);
  }
}
