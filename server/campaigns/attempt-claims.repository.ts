import { isDialable } from '../phone/number-type-policy';
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/types';

// The exactly-once part of the dialer. A dial is claimed in one transaction: the attempt row moves
// queued|reserved -> dialing under FOR UPDATE (SKIP LOCKED for the progressive pick), its dial_count grows and a
// campaign_dials row with UNIQUE (attempt_id, n) and a fresh dial_token is written. Only the holder of the
// committed claim originates; a second worker, a retried job or a restarted node finds nothing to claim.
// The agent's users row is locked too, so two jobs for one agent cannot hand them two calls.

export interface DialClaim {
  attemptId: number; campaignId: number; customerId: number; phone: string; n: number; crmCallId: string; dialToken: string;
  userId: number; extension: string; pbxId: string | null; callerId: string | null;
}

export type ClaimRefusal = 'agent-busy' | 'no-extension' | 'campaign-not-running' | 'not-reserved' | 'outside-calling-window' | 'do-not-call' | 'no-consent' | 'number-type';

type Trx = Transaction<DB>;

interface Candidate { id: number; campaign_id: number; customer_id: number; phone_e164: string; dial_count: number; blocked: 'dnc' | 'no_consent' | 'number_type' | null }

export const crmCallIdFor = (attemptId: number, n: number) => `att-${attemptId}-${n}`;

export class AttemptClaimsRepository {
  /** `blockedNumberTypes`: DIAL_BLOCKED_NUMBER_TYPES, the same policy click-to-dial applies (issue #19 point 11). */
  constructor(protected readonly db: Database, private readonly blockedNumberTypes: readonly string[] = ['PREMIUM_RATE']) {}

  // DNC and consent come from the database; the number type from libphonenumber's metadata.
  protected refusal(c: Candidate): Candidate['blocked'] {
    if (c.blocked) return c.blocked;
    return isDialable(c.phone_e164, this.blockedNumberTypes) ? null : 'number_type';
  }

  protected candidates(trx: Trx, now: Date) {
    return trx.selectFrom('campaign_attempts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .innerJoin('campaigns as k', 'k.id', 'a.campaign_id')
      .select(['a.id', 'a.campaign_id', 'a.customer_id', 'a.phone_e164', 'a.dial_count',
        sql<'dnc' | 'no_consent' | null>`CASE WHEN c.do_not_call OR EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.e164 = a.phone_e164) THEN 'dnc'
          WHEN NOT c.consent_outbound THEN 'no_consent' END`.as('blocked')])
      .where('k.status', '=', 'running')
      .where(sql<boolean>`campaign_in_window(k.calling_windows, c.timezone, ${now})`);
  }

  /** A callback waits for its operator; after this grace anyone may take it. */
  static readonly PREFERENCE_GRACE_MS = 15 * 60_000;

  private preferenceFilter(userId: number, now: Date) {
    const graceEnd = new Date(now.getTime() - AttemptClaimsRepository.PREFERENCE_GRACE_MS);
    return sql<boolean>`(a.preferred_user_id IS NULL OR a.preferred_user_id = ${userId} OR a.next_attempt_at <= ${graceEnd})`;
  }

  protected async block(trx: Trx, c: Candidate, now: Date): Promise<void> {
    await trx.updateTable('campaign_attempts').set({ status: 'done', outcome: c.blocked, reserved_by: null, reserved_until: null, completed_at: now, updated_at: now })
      .where('id', '=', c.id).execute();
  }

  // Same lock as an agent-state transition (AgentsRepository.transition), which it must exclude; NO KEY UPDATE so
  // foreign-key checks on the agent (call legs, calls) are not held up by a claim.
  protected async lockAgent(trx: Trx, userId: number) {
    return trx.selectFrom('users').select(['id', 'extension', 'active']).where('id', '=', userId).forNoKeyUpdate().executeTakeFirst();
  }

  protected async agentHasLiveAttempt(trx: Trx, userId: number): Promise<boolean> {
    const r = await trx.selectFrom('campaign_attempts').select('id').where('last_user_id', '=', userId)
      .where('status', 'in', ['dialing', 'connected']).executeTakeFirst();
    return r !== undefined;
  }

  protected async agentReady(trx: Trx, userId: number): Promise<boolean> {
    const r = await trx.selectFrom('agent_state_log').select('state').where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst();
    return r?.state === 'ready';
  }

  private async claim(trx: Trx, c: Candidate, userId: number, extension: string, now: Date): Promise<DialClaim> {
    const n = c.dial_count + 1;
    const dialToken = randomUUID();
    const crmCallId = crmCallIdFor(c.id, n);
    const k = await trx.selectFrom('campaigns').select(['pbx_id', 'caller_id']).where('id', '=', c.campaign_id).executeTakeFirstOrThrow();
    await trx.updateTable('campaign_attempts').set({
      status: 'dialing', dial_count: n, dial_token: dialToken, dialing_since: now, last_user_id: userId,
      reserved_by: null, reserved_until: null, updated_at: now,
    }).where('id', '=', c.id).execute();
    await trx.insertInto('campaign_dials').values({ attempt_id: c.id, n, crm_call_id: crmCallId, dial_token: dialToken, user_id: userId, pbx_id: k.pbx_id, claimed_at: now }).execute();
    return { attemptId: c.id, campaignId: c.campaign_id, customerId: c.customer_id, phone: c.phone_e164, n, crmCallId, dialToken, userId, extension, pbxId: k.pbx_id, callerId: k.caller_id };
  }

  /** Progressive: the next due attempt of a campaign for a free agent (ready, no call or wrap-up pending). */
  async claimNextFor(campaignId: number, userId: number, now: Date): Promise<DialClaim | ClaimRefusal | null> {
    return this.db.transaction().execute(async (trx) => {
      const agent = await this.lockAgent(trx, userId);
      if (!agent?.active || !agent.extension) return 'no-extension';
      if (!(await this.agentReady(trx, userId)) || (await this.agentHasLiveAttempt(trx, userId))) return 'agent-busy';
      for (let i = 0; i < 50; i++) {
        const c = await this.candidates(trx, now).where('a.campaign_id', '=', campaignId).where('a.status', '=', 'queued')
          .where('a.next_attempt_at', '<=', now).where(this.preferenceFilter(userId, now))
          .orderBy(sql`(a.preferred_user_id = ${userId})`, (ob) => ob.desc().nullsLast()).orderBy('a.next_attempt_at').orderBy('a.id')
          .limit(1).forUpdate('a').skipLocked().executeTakeFirst();
        if (!c) return null;
        const blocked = this.refusal(c);
        if (blocked) {
          await this.block(trx, { ...c, blocked }, now);
          continue;
        }
        return this.claim(trx, c, userId, agent.extension, now);
      }
      return null;
    });
  }

  /** Preview: the operator clicked dial on the card reserved for them. */
  async claimReserved(attemptId: number, userId: number, now: Date): Promise<DialClaim | ClaimRefusal> {
    return this.db.transaction().execute(async (trx) => {
      const agent = await this.lockAgent(trx, userId);
      if (!agent?.active || !agent.extension) return 'no-extension';
      if (await this.agentHasLiveAttempt(trx, userId)) return 'agent-busy';
      const row = await trx.selectFrom('campaign_attempts as a').innerJoin('campaigns as k', 'k.id', 'a.campaign_id')
        .innerJoin('customers as c', 'c.id', 'a.customer_id')
        .select(['a.status', 'a.reserved_by', 'k.status as campaign_status',
          sql<boolean>`campaign_in_window(k.calling_windows, c.timezone, ${now})`.as('in_window')])
        .where('a.id', '=', attemptId).forUpdate('a').executeTakeFirst();
      if (!row || row.status !== 'reserved' || row.reserved_by !== userId) return 'not-reserved';
      if (row.campaign_status !== 'running') return 'campaign-not-running';
      if (!row.in_window) return 'outside-calling-window';
      const c = await this.candidates(trx, now).where('a.id', '=', attemptId).executeTakeFirstOrThrow();
      const blocked = this.refusal(c);
      if (blocked) {
        await this.block(trx, { ...c, blocked }, now);
        return blocked === 'dnc' ? 'do-not-call' : blocked === 'no_consent' ? 'no-consent' : 'number-type';
      }
      return this.claim(trx, c, userId, agent.extension, now);
    });
  }

  /**
   * Preview: the operator's current card, or reserve the next one (callbacks for them first, then campaign
   * priority). Only running preview campaigns they are assigned to (or that have no assigned agents).
   */
  async reserveNextFor(userId: number, now: Date, reserveMs: number, campaignId?: number): Promise<number | null> {
    return this.db.transaction().execute(async (trx) => {
      await this.lockAgent(trx, userId);
      const until = new Date(now.getTime() + reserveMs);
      const held = await trx.updateTable('campaign_attempts').set({ reserved_until: until })
        .where('status', '=', 'reserved').where('reserved_by', '=', userId).where('reserved_until', '>', now)
        .$if(campaignId !== undefined, (q) => q.where('campaign_id', '=', campaignId!))
        .returning('id').executeTakeFirst();
      if (held) return held.id;
      for (let i = 0; i < 50; i++) {
        let q = this.candidates(trx, now).where('k.mode', '=', 'preview')
          .where((eb) => eb.or([
            eb('a.status', '=', 'queued'),
            eb.and([eb('a.status', '=', 'reserved'), eb('a.reserved_until', '<', now)]),
          ]))
          .where('a.next_attempt_at', '<=', now).where(this.preferenceFilter(userId, now))
          .where((eb) => eb.or([
            eb.exists(eb.selectFrom('campaign_agents as ca').select('ca.user_id').whereRef('ca.campaign_id', '=', 'k.id').where('ca.user_id', '=', userId)),
            eb.not(eb.exists(eb.selectFrom('campaign_agents as ca').select('ca.user_id').whereRef('ca.campaign_id', '=', 'k.id'))),
          ]));
        if (campaignId !== undefined) q = q.where('a.campaign_id', '=', campaignId);
        const c = await q.orderBy(sql`(a.preferred_user_id = ${userId})`, (ob) => ob.desc().nullsLast()).orderBy('k.priority', 'desc')
          .orderBy('a.next_attempt_at').orderBy('a.id').limit(1).forUpdate('a').skipLocked().executeTakeFirst();
        if (!c) return null;
        if (c.blocked) {
          await this.block(trx, c, now);
          continue;
        }
        await trx.updateTable('campaign_attempts').set({ status: 'reserved', reserved_by: userId, reserved_until: until, updated_at: now })
          .where('id', '=', c.id).execute();
        return c.id;
      }
      return null;
    });
  }

  /** Preview: the operator passes on their card; it goes back to the end of the due queue (next_attempt_at = now). */
  async releaseReservation(attemptId: number, userId: number, now: Date): Promise<number | null> {
    const row = await this.db.updateTable('campaign_attempts')
      .set({ status: 'queued', reserved_by: null, reserved_until: null, next_attempt_at: now, updated_at: now })
      .where('id', '=', attemptId).where('status', '=', 'reserved').where('reserved_by', '=', userId)
      .returning('campaign_id').executeTakeFirst();
    return row?.campaign_id ?? null;
  }

  /** Agents of running progressive campaigns who are ready and have no campaign call in flight. */
  async freeAgents(campaignId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('campaign_agents as ca')
      .innerJoin('agent_state_log as s', (j) => j.onRef('s.user_id', '=', 'ca.user_id').on('s.ended_at', 'is', null))
      .select('ca.user_id').where('ca.campaign_id', '=', campaignId).where('s.state', '=', 'ready')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('campaign_attempts as a').select('a.id').whereRef('a.last_user_id', '=', 'ca.user_id')
        .where('a.status', 'in', ['dialing', 'connected']))))
      .execute();
    return rows.map((r) => r.user_id);
  }

  async progressiveCampaignsOf(userId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('campaign_agents as ca').innerJoin('campaigns as k', 'k.id', 'ca.campaign_id')
      .select('k.id').where('ca.user_id', '=', userId).where('k.status', '=', 'running').where('k.mode', '=', 'progressive')
      .orderBy('k.priority', 'desc').orderBy('k.id').execute();
    return rows.map((r) => r.id);
  }
}
