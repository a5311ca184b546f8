import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { Campaigns } from '../db/types';
import type { Selectable } from 'kysely';
import type { SegmentRule } from '@contract/segment-rules';
import { compileSegment } from '../segments/segment-sql';
import { jsonb } from '../segments/segments.repository';
import type { AmdAction, CallingWindow, CampaignStatus, DialMode, RetryMinutes } from '@contract/campaigns.schemas';

export interface Campaign {
  id: number; name: string; description: string; segmentId: number;
  offer: { productId: number; productName: string; price: string; currency: string; terms: string };
  script: string; mode: DialMode; status: CampaignStatus; priority: number; maxAttempts: number;
  retryMinutes: RetryMinutes; callingWindows: CallingWindow[]; pbxId: string | null; callerId: string | null;
  abandonCapPct: number; abandonPeriodHours: number; amdAction: AmdAction;
  agentIds: number[]; attemptsBuiltAt: Date | null; startedAt: Date | null; endedAt: Date | null; createdAt: Date; updatedAt: Date;
}

export interface CampaignWrite {
  name: string; description: string; segmentId: number; offerProductId: number; offerPrice: string; offerCurrency: string;
  offerTerms: string; script: string; mode: DialMode; priority: number; maxAttempts: number; retryMinutes: RetryMinutes;
  callingWindows: CallingWindow[]; pbxId: string | null; callerId: string | null;
  abandonCapPct?: number; abandonPeriodHours?: number; amdAction?: AmdAction;
}

function toColumns(w: Partial<CampaignWrite>) {
  const out: Record<string, unknown> = {};
  const map: Array<[keyof CampaignWrite, string, (v: never) => unknown]> = [
    ['name', 'name', (v) => v], ['description', 'description', (v) => v], ['segmentId', 'segment_id', (v) => v],
    ['offerProductId', 'offer_product_id', (v) => v], ['offerPrice', 'offer_price', (v) => v], ['offerCurrency', 'offer_currency', (v) => v],
    ['offerTerms', 'offer_terms', (v) => v], ['script', 'script', (v) => v], ['mode', 'mode', (v) => v], ['priority', 'priority', (v) => v],
    ['maxAttempts', 'max_attempts', (v) => v], ['retryMinutes', 'retry_minutes', (v) => jsonb(v)],
    ['callingWindows', 'calling_windows', (v) => jsonb(v)], ['pbxId', 'pbx_id', (v) => v], ['callerId', 'caller_id', (v) => v],
    ['abandonCapPct', 'abandon_cap_pct', (v: number) => String(v)], ['abandonPeriodHours', 'abandon_period_hours', (v) => v],
    ['amdAction', 'amd_action', (v) => v],
  ];
  for (const [key, column, conv] of map) if (w[key] !== undefined) out[column] = conv(w[key] as never);
  return out;
}

export class CampaignsRepository {
  constructor(private readonly db: Database) {}

  private base() {
    return this.db.selectFrom('campaigns as k').innerJoin('products as p', 'p.id', 'k.offer_product_id')
      .selectAll('k').select(['p.name as product_name',
        sql<number[]>`coalesce((SELECT array_agg(ca.user_id ORDER BY ca.user_id) FROM campaign_agents ca WHERE ca.campaign_id = k.id), '{}')`.as('agent_ids')]);
  }

  private static map(r: Selectable<Campaigns> & { product_name: string; agent_ids: number[] }): Campaign {
    return {
      id: r.id, name: r.name, description: r.description, segmentId: r.segment_id,
      offer: { productId: r.offer_product_id, productName: r.product_name, price: r.offer_price, currency: r.offer_currency, terms: r.offer_terms },
      script: r.script, mode: r.mode as DialMode, status: r.status as CampaignStatus, priority: r.priority, maxAttempts: r.max_attempts,
      retryMinutes: r.retry_minutes as RetryMinutes, callingWindows: r.calling_windows as CallingWindow[], pbxId: r.pbx_id, callerId: r.caller_id,
      abandonCapPct: Number(r.abandon_cap_pct), abandonPeriodHours: r.abandon_period_hours, amdAction: r.amd_action as AmdAction,
      agentIds: r.agent_ids.map(Number), attemptsBuiltAt: r.attempts_built_at, startedAt: r.started_at, endedAt: r.ended_at,
      createdAt: r.created_at, updatedAt: r.updated_at,
    };
  }

  /** Who may be assigned to a campaign: active users of an agent role with an extension (the dialer needs one). */
  async agentDirectory(roles: readonly string[]): Promise<Array<{ userId: number; displayName: string; extension: string; role: string }>> {
    const rows = await this.db.selectFrom('users').select(['id', 'display_name', 'extension', 'role'])
      .where('active', '=', true).where('extension', 'is not', null).where('role', 'in', roles as never[])
      .orderBy('display_name').orderBy('id').execute();
    return rows.map((r) => ({ userId: r.id, displayName: r.display_name, extension: r.extension!, role: r.role }));
  }

  async list(): Promise<Campaign[]> {
    return (await this.base().orderBy('k.id', 'desc').execute()).map(CampaignsRepository.map);
  }

  async find(id: number): Promise<Campaign | undefined> {
    const r = await this.base().where('k.id', '=', id).executeTakeFirst();
    return r && CampaignsRepository.map(r);
  }

  async nameTaken(name: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('campaigns').select('id').where('name', '=', name);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async productPrice(productId: number): Promise<string | undefined> {
    return (await this.db.selectFrom('products').select('price').where('id', '=', productId).executeTakeFirst())?.price;
  }

  async create(w: CampaignWrite, createdBy: number | null, agentIds: number[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('campaigns').values({ ...toColumns(w), created_by: createdBy } as never).returning('id').executeTakeFirstOrThrow();
      if (agentIds.length) await trx.insertInto('campaign_agents').values(agentIds.map((user_id) => ({ campaign_id: id, user_id }))).execute();
      return id;
    });
  }

  async update(id: number, w: Partial<CampaignWrite>, agentIds?: number[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('campaigns').set({ ...toColumns(w), updated_at: new Date() } as never).where('id', '=', id).execute();
      if (agentIds) {
        await trx.deleteFrom('campaign_agents').where('campaign_id', '=', id).execute();
        if (agentIds.length) await trx.insertInto('campaign_agents').values(agentIds.map((user_id) => ({ campaign_id: id, user_id }))).execute();
      }
    });
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('campaigns').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Conditional transition: only from one of `from`. Returns false when another request changed the status first.
   * Stopping cancels what is not yet dialled; pausing returns preview reservations to the queue.
   */
  async transition(id: number, from: CampaignStatus[], to: CampaignStatus, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('campaigns').set({
        status: to, updated_at: now,
        ...(to === 'running' ? { started_at: sql<Date>`coalesce(started_at, ${now})`, paused_at: null } : {}),
        ...(to === 'paused' ? { paused_at: now } : {}),
        ...(to === 'stopped' || to === 'completed' ? { ended_at: now } : {}),
      }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      if (to === 'stopped') {
        await trx.updateTable('campaign_attempts').set({ status: 'cancelled', outcome: sql`coalesce(outcome, 'cancelled')`, reserved_by: null, reserved_until: null, completed_at: now, updated_at: now })
          .where('campaign_id', '=', id).where('status', 'in', ['queued', 'reserved']).execute();
      } else if (to === 'paused') {
        await trx.updateTable('campaign_attempts').set({ status: 'queued', reserved_by: null, reserved_until: null, updated_at: now })
          .where('campaign_id', '=', id).where('status', '=', 'reserved').execute();
      }
      return true;
    });
  }

  /**
   * Snapshot of the segment into attempts, once per campaign: the UNIQUE (campaign_id, customer_id) and
   * attempts_built_at make a repeated or concurrent start a no-op. Customers flagged do-not-call, without
   * consent, or without a dialable (non-DNC) phone are left out; the claim checks all three again at dial time.
   */
  async buildAttempts(campaignId: number, rules: SegmentRule, now: Date): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const k = await trx.selectFrom('campaigns').select('attempts_built_at').where('id', '=', campaignId).forUpdate().executeTakeFirstOrThrow();
      if (k.attempts_built_at) return 0;
      const members = trx.selectFrom('customers as c')
        .innerJoinLateral((eb) => eb.selectFrom('customer_phones as ph').select('ph.e164').whereRef('ph.customer_id', '=', 'c.id')
          .where((w) => w.not(w.exists(w.selectFrom('dnc_numbers as d').select('d.e164').whereRef('d.e164', '=', 'ph.e164'))))
          .orderBy('ph.is_primary', 'desc').orderBy('ph.id').limit(1).as('phone'), (join) => join.onTrue())
        .where((eb) => compileSegment(eb, rules, now))
        .where('c.do_not_call', '=', false).where('c.consent_outbound', '=', true)
        .select([sql.val(campaignId).as('campaign_id'), 'c.id as customer_id', 'phone.e164 as phone_e164', sql.val(now).as('next_attempt_at')]);
      const r = await trx.insertInto('campaign_attempts').columns(['campaign_id', 'customer_id', 'phone_e164', 'next_attempt_at'])
        .expression(members as never).onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing()).executeTakeFirst();
      await trx.updateTable('campaigns').set({ attempts_built_at: now }).where('id', '=', campaignId).execute();
      return Number(r.numInsertedOrUpdatedRows ?? 0);
    });
  }

  /** Running campaigns with nothing left to dial or wrap up become completed. Returns their ids. */
  async completeFinished(now: Date): Promise<number[]> {
    const rows = await this.db.updateTable('campaigns as k').set({ status: 'completed', ended_at: now, updated_at: now })
      .where('k.status', '=', 'running').where('k.attempts_built_at', 'is not', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('campaign_attempts as a').select('a.id').whereRef('a.campaign_id', '=', 'k.id')
        .where('a.status', 'in', ['queued', 'reserved', 'dialing', 'connected']))))
      .returning('k.id').execute();
    return rows.map((r) => r.id);
  }

  async runningIds(mode?: DialMode): Promise<number[]> {
    let q = this.db.selectFrom('campaigns').select('id').where('status', '=', 'running');
    if (mode) q = q.where('mode', '=', mode);
    return (await q.orderBy('priority', 'desc').orderBy('id').execute()).map((r) => r.id);
  }
}
