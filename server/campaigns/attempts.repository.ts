import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/types';
import type { RetryMinutes } from '@contract/campaigns.schemas';
import type { Decision, DialOutcome } from './retry-policy';
import { refusalGroups } from './refusal-reasons.repository';

type Trx = Transaction<DB>;

export interface DecisionInput {
  outcome: DialOutcome; dialCount: number; maxAttempts: number; retryMinutes: RetryMinutes; now: Date; callbackAt?: Date | null; campaignActive: boolean;
}
export type Decide = (input: DecisionInput) => Decision;

export interface LockedAttempt {
  id: number; campaign_id: number; customer_id: number; status: string; outcome: string | null; dial_count: number; last_user_id: number | null;
  phone_e164: string; max_attempts: number; retry_minutes: unknown; campaign_status: string; offer_product_id: number; offer_price: string;
  offer_currency: string; campaign_name: string; purchase_id: number | null;
}

// Outcomes, call links, recovery and progress of campaign attempts. Every change of an attempt's status happens
// under FOR UPDATE of its row, so a PBX event, a wrap-up and the recovery sweep cannot both apply.
export class AttemptsRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async lock(trx: Trx, attemptId: number): Promise<LockedAttempt | undefined> {
    return trx.selectFrom('campaign_attempts as a').innerJoin('campaigns as k', 'k.id', 'a.campaign_id')
      .select(['a.id', 'a.campaign_id', 'a.customer_id', 'a.status', 'a.outcome', 'a.dial_count', 'a.last_user_id', 'a.phone_e164', 'a.purchase_id',
        'k.max_attempts', 'k.retry_minutes', 'k.status as campaign_status', 'k.offer_product_id', 'k.offer_price', 'k.offer_currency', 'k.name as campaign_name'])
      .where('a.id', '=', attemptId).forUpdate('a').executeTakeFirst();
  }

  /** The dial in flight (n = dial_count) of an attempt. */
  async currentDial(trx: Trx, a: LockedAttempt) {
    return trx.selectFrom('campaign_dials').selectAll().where('attempt_id', '=', a.id).where('n', '=', a.dial_count).executeTakeFirst();
  }

  async endDial(trx: Trx, a: LockedAttempt, outcome: string, now: Date, status: 'ended' | 'originate_failed' | 'unknown' = 'ended', error?: string): Promise<void> {
    await trx.updateTable('campaign_dials').set({ status, outcome, ended_at: now, ...(error ? { error } : {}) })
      .where('attempt_id', '=', a.id).where('n', '=', a.dial_count).where('ended_at', 'is', null).execute();
  }

  /** Applies the retry decision for a dial that ended without an operator's result (or with a callback). */
  async applyDecision(trx: Trx, a: LockedAttempt, outcome: DialOutcome, decide: Decide, now: Date, extra: { callbackAt?: Date | null; userId?: number | null; refusalReason?: string | null; refusalCode?: string | null; purchaseId?: number | null } = {}): Promise<'queued' | 'done'> {
    const d = decide({ outcome, dialCount: a.dial_count, maxAttempts: a.max_attempts, retryMinutes: a.retry_minutes as RetryMinutes, now,
      callbackAt: extra.callbackAt, campaignActive: a.campaign_status === 'running' || a.campaign_status === 'paused' });
    const common = { outcome, dial_token: null, dialing_since: null, updated_at: now, refusal_reason: extra.refusalReason ?? null, refusal_code: extra.refusalCode ?? null, ...(extra.purchaseId ? { purchase_id: extra.purchaseId } : {}) };
    if (d.status === 'queued') {
      await trx.updateTable('campaign_attempts').set({ ...common, status: 'queued', next_attempt_at: d.nextAttemptAt,
        preferred_user_id: d.preferUser ? (extra.userId ?? a.last_user_id) : null, callback_at: outcome === 'callback' ? d.nextAttemptAt : null })
        .where('id', '=', a.id).execute();
    } else {
      await trx.updateTable('campaign_attempts').set({ ...common, status: 'done', completed_at: now }).where('id', '=', a.id).execute();
    }
    return d.status;
  }

  async markConnected(trx: Trx, a: LockedAttempt, callId: number | null, now: Date): Promise<void> {
    await trx.updateTable('campaign_attempts').set({ status: 'connected', updated_at: now, ...(callId ? { last_call_id: callId } : {}) }).where('id', '=', a.id).execute();
  }

  async linkCall(trx: Trx, a: LockedAttempt, callId: number): Promise<void> {
    await trx.updateTable('campaign_dials').set({ call_id: callId }).where('attempt_id', '=', a.id).where('n', '=', a.dial_count).where('call_id', 'is', null).execute();
    await trx.updateTable('campaign_attempts').set({ last_call_id: callId }).where('id', '=', a.id).execute();
  }

  async markOriginated(dialToken: string, now: Date): Promise<void> {
    await this.db.updateTable('campaign_dials').set({ status: 'originated', originated_at: now }).where('dial_token', '=', dialToken).where('status', '=', 'claimed').execute();
  }

  async createPurchase(trx: Trx, a: LockedAttempt, now: Date): Promise<number> {
    const r = await trx.insertInto('purchases').values({ customer_id: a.customer_id, product_id: a.offer_product_id, amount: a.offer_price,
      currency: a.offer_currency, purchased_at: now, source: 'campaign', campaign_id: a.campaign_id }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async createCallbackTask(trx: Trx, a: LockedAttempt, userId: number, dueAt: Date, now: Date): Promise<number> {
    await trx.updateTable('tasks').set({ done_at: now }).where('campaign_id', '=', a.campaign_id).where('customer_id', '=', a.customer_id)
      .where('kind', '=', 'callback').where('done_at', 'is', null).execute();
    const r = await trx.insertInto('tasks').values({ customer_id: a.customer_id, assignee_id: userId, kind: 'callback', due_at: dueAt,
      note: `Campaign "${a.campaign_name}": call back about the offer`, phone_e164: a.phone_e164, campaign_id: a.campaign_id, created_by: userId })
      .returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Attempts whose dial has been in flight since before `before`: candidates for recovery. */
  async stuckDialing(before: Date, limit = 100): Promise<number[]> {
    const rows = await this.db.selectFrom('campaign_attempts').select('id').where('status', '=', 'dialing').where('dialing_since', '<', before).limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** The newest call the PBX reported for this attempt's current dial, if any. */
  async callForDial(trx: Trx, a: LockedAttempt, since: Date | null) {
    const dial = await this.currentDial(trx, a);
    let q = trx.selectFrom('calls').select(['id', 'status', 'outcome']).where('campaign_attempt_id', '=', a.id);
    if (dial?.call_id) q = q.where('id', '=', dial.call_id);
    else if (since) q = q.where('started_at', '>=', new Date(since.getTime() - 60_000));
    return q.orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async dialingSince(trx: Trx, attemptId: number): Promise<Date | null> {
    return (await trx.selectFrom('campaign_attempts').select('dialing_since').where('id', '=', attemptId).executeTakeFirst())?.dialing_since ?? null;
  }

  async releaseExpiredReservations(now: Date): Promise<number[]> {
    const rows = await this.db.updateTable('campaign_attempts').set({ status: 'queued', reserved_by: null, reserved_until: null, updated_at: now })
      .where('status', '=', 'reserved').where('reserved_until', '<', now).returning('campaign_id').execute();
    return [...new Set(rows.map((r) => r.campaign_id))];
  }

  async find(attemptId: number) {
    return this.db.selectFrom('campaign_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  }

  async list(campaignId: number, filter: { status?: string; limit: number; offset: number }) {
    let q = this.db.selectFrom('campaign_attempts').selectAll().where('campaign_id', '=', campaignId);
    if (filter.status) q = q.where('status', '=', filter.status);
    return q.orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  }

  async card(attemptId: number) {
    return this.db.selectFrom('campaign_attempts as a').innerJoin('campaigns as k', 'k.id', 'a.campaign_id')
      .innerJoin('products as p', 'p.id', 'k.offer_product_id').innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(['a.id', 'a.phone_e164', 'a.dial_count', 'a.callback_at', 'a.last_user_id', 'a.reserved_by', 'k.id as campaign_id', 'k.name as campaign_name', 'k.script', 'k.max_attempts',
        'k.offer_product_id', 'p.name as product_name', 'k.offer_price', 'k.offer_currency', 'k.offer_terms',
        'c.id as customer_id', 'c.full_name', 'c.company', 'c.region', 'c.timezone', 'c.total_spend', 'c.last_contact_at', 'c.tags'])
      .where('a.id', '=', attemptId).executeTakeFirst();
  }

  async progress(campaignId: number) {
    const [counts, reasons, revenue] = await Promise.all([
      this.db.selectFrom('campaign_attempts').select(['status', 'outcome', (eb) => eb.fn.countAll<string>().as('n')])
        .where('campaign_id', '=', campaignId).groupBy(['status', 'outcome']).execute(),
      refusalGroups(this.db, campaignId),
      this.db.selectFrom('purchases').select(sql<string>`coalesce(sum(amount), 0)::text`.as('revenue'))
        .where('campaign_id', '=', campaignId).where('status', '<>', 'cancelled').executeTakeFirstOrThrow(),
    ]);
    return { counts: counts.map((c) => ({ status: c.status, outcome: c.outcome, n: Number(c.n) })), reasons, revenue: revenue.revenue };
  }

  /**
   * Issue #22.8: why a running campaign offers no one. Per campaign in scope, the attempts due now (queued, or a
   * lapsed reservation), how many of them are inside their calling window (in the customer's time zone, holidays
   * excluded, as the claim checks it), and when the next window opens for the others (the earliest start of a
   * window in the next 8 days of each customer time zone).
   */
  async windowOutlook(scope: { campaignId: number } | { userId: number; campaignId?: number }, now: Date) {
    const inScope = 'userId' in scope
      ? sql`k.mode = 'preview' AND (EXISTS (SELECT 1 FROM campaign_agents ca WHERE ca.campaign_id = k.id AND ca.user_id = ${scope.userId})
          OR NOT EXISTS (SELECT 1 FROM campaign_agents ca WHERE ca.campaign_id = k.id))${scope.campaignId !== undefined ? sql` AND k.id = ${scope.campaignId}` : sql``}`
      : sql`k.id = ${scope.campaignId}`;
    const rows = await sql<{ campaign_id: number; due: string; in_window: string | null; next_at: Date | null }>`
      WITH pairs AS (
        SELECT a.campaign_id, k.calling_windows w, c.timezone tz, count(*) n, campaign_in_window(k.calling_windows, c.timezone, ${now}) open
          FROM campaign_attempts a JOIN campaigns k ON k.id = a.campaign_id JOIN customers c ON c.id = a.customer_id
         WHERE k.status = 'running' AND ${inScope} AND a.next_attempt_at <= ${now}
           AND (a.status = 'queued' OR (a.status = 'reserved' AND a.reserved_until < ${now}))
         GROUP BY a.campaign_id, k.calling_windows, c.timezone)
      SELECT p.campaign_id, sum(p.n) due, sum(p.n) FILTER (WHERE p.open) in_window, min(nx.at) FILTER (WHERE NOT p.open) next_at
        FROM pairs p
        CROSS JOIN LATERAL (SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = p.tz) THEN p.tz ELSE 'UTC' END zone) z
        LEFT JOIN LATERAL (
          SELECT min((d.day::date + (v ->> 'start')::time) AT TIME ZONE z.zone) at
            FROM generate_series((${now}::timestamptz AT TIME ZONE z.zone)::date, (${now}::timestamptz AT TIME ZONE z.zone)::date + 8, interval '1 day') d(day),
                 jsonb_array_elements(p.w) v
           WHERE (v -> 'days') @> to_jsonb(extract(isodow FROM d.day)::int)
             AND (d.day::date + (v ->> 'start')::time) AT TIME ZONE z.zone > ${now}
             AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.key = 'holidays' AND jsonb_typeof(s.value) = 'array'
                               AND s.value @> to_jsonb(to_char(d.day, 'YYYY-MM-DD')))) nx ON NOT p.open
       GROUP BY p.campaign_id`.execute(this.db);
    return rows.rows.map((r) => ({ campaignId: Number(r.campaign_id), due: Number(r.due), inWindow: Number(r.in_window ?? 0), nextWindowAt: r.next_at }));
  }
}
