import { sql } from 'kysely';
import type postgres from 'postgres';
import type { Database } from '../db/database';
import type { PopOffer } from '@contract/offers.schemas';
import { rankedOffersJson } from '../offers/pop-offers.sql';

export interface PopCallRow {
  id: number;
  linkedid: string;
  callerNumber: string | null;
  calledNumber: string | null;
  queue: string | null;
  direction: 'inbound' | 'outbound' | 'internal';
  startedAt: Date;
  offeredAt: Date | null;
  customerId: number | null;
  campaignAttemptId: number | null;
}

type Iso = string;
export interface CustomerStoryRow {
  candidates: Array<{ id: number; fullName: string; company: string | null }>;
  customer: {
    id: number; fullName: string; company: string | null; email: string | null; region: string | null; tags: string[];
    leadSource: string | null; birthday: string | null; customerSince: Iso; totalSpend: string; doNotCall: boolean;
  } | null;
  openCases: Array<{ id: number; kind: string; status: string; subject: string; agreed: string; openedAt: Iso; ownerName: string | null; lastUpdateAt: Iso | null; lastUpdateNote: string | null; lastStatusTo: string | null }>;
  recentInteractions: Array<{ id: number; channel: string; direction: string; occurredAt: Iso; subject: string; summary: string; outcome: string | null; mood: string | null; handledBy: string | null }>;
  products: Array<{ productId: number; name: string; kind: string; since: Iso; amount: string; status: string }>;
  pendingTasks: Array<{ id: number; kind: string; dueAt: Iso; note: string; assignee: string | null }>;
  /** Ranked by the offers' refit job; read here so the ranking adds no round trip to the pop (issue #23). */
  offers: PopOffer[];
}

export const POP_LIMITS = { candidates: 10, openCases: 20, interactions: 10, products: 20, tasks: 10 } as const;

// The whole pop in one round trip: who matches the number, then (only when exactly one does) that customer's
// cases, contacts, products and tasks, each a short index scan aggregated to JSON inside Postgres.
export class ScreenPopRepository {
  /**
   * With `pg` (the postgres.js client behind `db`) the pop query runs as a named prepared statement: Kysely's
   * postgres.js dialect never prepares, and planning this query costs more than executing it (~1.5 ms vs ~1 ms
   * on a million customers). Without `pg` it runs through Kysely (unprepared).
   */
  constructor(private readonly db: Database, private readonly pg?: postgres.Sql) {}

  async findCall(callId: number): Promise<PopCallRow | undefined> {
    return this.db.selectFrom('calls').where('id', '=', callId).select([
      'id', 'linkedid', 'caller_number as callerNumber', 'called_number as calledNumber', 'queue_name as queue', 'direction', 'started_at as startedAt',
      'offered_at as offeredAt', 'customer_id as customerId', 'campaign_attempt_id as campaignAttemptId',
    ]).executeTakeFirst() as Promise<PopCallRow | undefined>;
  }

  /** By the customer the call is already linked to, else by every live customer holding the number. */
  async customerStory(by: { customerId: number } | { e164: string }): Promise<CustomerStoryRow> {
    const matches = 'customerId' in by
      ? sql`SELECT c.id, c.full_name, c.company, c.last_contact_at FROM customers c WHERE c.id = ${by.customerId} AND c.deleted_at IS NULL`
      : sql`SELECT c.id, c.full_name, c.company, c.last_contact_at FROM customers c
            WHERE c.deleted_at IS NULL AND c.id IN (SELECT p.customer_id FROM customer_phones p WHERE p.e164 = ${by.e164})
            ORDER BY c.last_contact_at DESC NULLS LAST, c.id LIMIT ${POP_LIMITS.candidates + 1}`;
    const query = sql<CustomerStoryRow>`
      WITH m AS (${matches}),
      one AS (SELECT id FROM m WHERE (SELECT count(*) FROM m) = 1)
      SELECT
        (SELECT coalesce(json_agg(json_build_object('id', m.id, 'fullName', m.full_name, 'company', m.company)
                 ORDER BY m.last_contact_at DESC NULLS LAST, m.id), '[]') FROM m) AS candidates,
        (SELECT json_build_object('id', c.id, 'fullName', c.full_name, 'company', c.company, 'email', c.email,
                 'region', c.region, 'tags', c.tags, 'leadSource', ls.name, 'birthday', to_char(c.birthday, 'YYYY-MM-DD'),
                 'customerSince', c.acquired_at, 'totalSpend', c.total_spend::text, 'doNotCall', c.do_not_call)
           FROM customers c LEFT JOIN lead_sources ls ON ls.id = c.lead_source_id
          WHERE c.id = (SELECT id FROM one)) AS customer,
        (SELECT coalesce(json_agg(x ORDER BY x."openedAt" DESC), '[]') FROM (
           SELECT k.id, k.kind, k.status, k.subject, k.agreed, k.opened_at AS "openedAt", u.display_name AS "ownerName",
                  lu.at AS "lastUpdateAt", lu.note AS "lastUpdateNote", lu.status_to AS "lastStatusTo"
             FROM cases k
             LEFT JOIN users u ON u.id = k.owner_id
             LEFT JOIN LATERAL (SELECT cu.at, cu.note, cu.status_to FROM case_updates cu WHERE cu.case_id = k.id
                                ORDER BY cu.at DESC, cu.id DESC LIMIT 1) lu ON true
            WHERE k.customer_id = (SELECT id FROM one) AND k.status NOT IN ('resolved', 'closed')
            ORDER BY k.opened_at DESC LIMIT ${POP_LIMITS.openCases}) x) AS "openCases",
        (SELECT coalesce(json_agg(x ORDER BY x."occurredAt" DESC, x.id DESC), '[]') FROM (
           SELECT i.id, i.channel, i.direction, i.occurred_at AS "occurredAt", i.subject, i.summary, i.outcome, i.mood,
                  u.display_name AS "handledBy"
             FROM interactions i LEFT JOIN users u ON u.id = i.user_id
            WHERE i.customer_id = (SELECT id FROM one)
            ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${POP_LIMITS.interactions}) x) AS "recentInteractions",
        (SELECT coalesce(json_agg(x ORDER BY x.since), '[]') FROM (
           SELECT p.product_id AS "productId", pr.name, pr.kind, min(p.purchased_at) AS since, sum(p.amount)::text AS amount,
                  'active' AS status
             FROM purchases p JOIN products pr ON pr.id = p.product_id
            WHERE p.customer_id = (SELECT id FROM one) AND p.status = 'active'
            GROUP BY p.product_id, pr.name, pr.kind
            ORDER BY min(p.purchased_at) LIMIT ${POP_LIMITS.products}) x) AS products,
        (SELECT coalesce(json_agg(x ORDER BY x."dueAt"), '[]') FROM (
           SELECT t.id, t.kind, t.due_at AS "dueAt", t.note, u.display_name AS assignee
             FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id
            WHERE t.customer_id = (SELECT id FROM one) AND t.done_at IS NULL
            ORDER BY t.due_at LIMIT ${POP_LIMITS.tasks}) x) AS "pendingTasks",
        ${rankedOffersJson(sql`(SELECT id FROM one)`)} AS offers
    `;
    if (this.pg) {
      const compiled = query.compile(this.db);
      const rows = await this.pg.unsafe(compiled.sql, compiled.parameters as postgres.ParameterOrJSON<never>[], { prepare: true });
      return oneStory(rows[0] as unknown as CustomerStoryRow | undefined);
    }
    return oneStory((await query.execute(this.db)).rows[0]);
  }

  /** Links a call to its customer once; never overwrites a link made by a person (quick-create) or the PBX. */
  async linkCallToCustomer(callId: number, customerId: number): Promise<boolean> {
    const res = await this.db.updateTable('calls').set({ customer_id: customerId, updated_at: new Date() })
      .where('id', '=', callId).where('customer_id', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}

/**
 * The story query always yields one row; none means the connection failed under it (seen once in CI during a database
 * outage: the pop then crashed reading `.customer` of undefined). A rejection lets the caller log it and look again.
 */
function oneStory(row: CustomerStoryRow | undefined): CustomerStoryRow {
  if (!row) throw new Error('customer story query returned no row');
  return row;
}
