import { sql } from 'kysely';
import type { Database } from '../db/database';
import { refusalGroups, type RefusalGroup } from '../campaigns/refusal-reasons.repository';

export interface CampaignRow {
  id: number; name: string; status: string; offer_product_id: number;
  attempts: number; attempted: number; reached: number; accepted: number; refused: number; callbacks: number;
  purchases: number; revenue: string;
}
export type RefusalRow = RefusalGroup;
export interface DialRange { campaignId: number; from: string; to: string; tz: string }
export interface HourRow { hour: number; dials: number; live_answers: number; connected: number; abandoned: number }
export interface AmdRow { amd_status: string | null; disposition: string | null; dials: number }

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

  async campaignCap(campaignId: number): Promise<{ name: string; abandon_cap_pct: string; amd_action: string } | undefined> {
    return this.db.selectFrom('campaigns').select(['name', 'abandon_cap_pct', 'amd_action']).where('id', '=', campaignId).executeTakeFirst();
  }

  /**
   * Predictive dials per local hour of day (issue #24): dials by when they were placed, live answers (connected or
   * abandoned: what the cap counts, as the pacer does) by when they were answered.
   */
  async abandonsByHour(r: DialRange): Promise<HourRow[]> {
    const res = await sql<HourRow>`
      WITH d AS (
        SELECT claimed_at, answered_at, disposition FROM campaign_dials
        WHERE campaign_id = ${r.campaignId} AND predictive
          AND ((claimed_at >= ${bounds(r).from} AND claimed_at < ${bounds(r).to}) OR (answered_at >= ${bounds(r).from} AND answered_at < ${bounds(r).to}))
      )
      SELECT h AS hour,
        (SELECT count(*) FROM d WHERE claimed_at >= ${bounds(r).from} AND claimed_at < ${bounds(r).to}
          AND extract(hour FROM claimed_at AT TIME ZONE ${r.tz}) = h)::bigint AS dials,
        count(d.*) FILTER (WHERE d.disposition IN ('connected', 'abandoned'))::bigint AS live_answers,
        count(d.*) FILTER (WHERE d.disposition = 'connected')::bigint AS connected,
        count(d.*) FILTER (WHERE d.disposition = 'abandoned')::bigint AS abandoned
      FROM generate_series(0, 23) AS h
      LEFT JOIN d ON d.answered_at >= ${bounds(r).from} AND d.answered_at < ${bounds(r).to}
        AND extract(hour FROM d.answered_at AT TIME ZONE ${r.tz}) = h
      GROUP BY h ORDER BY h`.execute(this.db);
    return res.rows;
  }

  /** Answered predictive dials by AMD result and what became of them (issue #24). */
  async amdOutcomes(r: DialRange): Promise<AmdRow[]> {
    const res = await sql<AmdRow>`
      SELECT amd_status, disposition, count(*)::bigint AS dials FROM campaign_dials
      WHERE campaign_id = ${r.campaignId} AND predictive AND answered_at >= ${bounds(r).from} AND answered_at < ${bounds(r).to}
      GROUP BY amd_status, disposition`.execute(this.db);
    return res.rows;
  }
}

/** Local days from..to (inclusive) in tz as instants [from 00:00, the day after to 00:00). */
function bounds(r: DialRange) {
  return {
    from: sql`(${r.from}::date::timestamp AT TIME ZONE ${r.tz})`,
    to: sql`((${r.to}::date + 1)::timestamp AT TIME ZONE ${r.tz})`,
  };
}
