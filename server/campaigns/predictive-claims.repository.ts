import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types';
import { AttemptClaimsRepository, crmCallIdFor } from './attempt-claims.repository';
import type { DialSample, HandleSample } from './pacer-measurements';

type Trx = Transaction<DB>;

export interface PredictiveClaim {
  attemptId: number; campaignId: number; customerId: number; phone: string; n: number; crmCallId: string; dialToken: string;
  pbxId: string | null; callerId: string | null;
}

export interface PredictiveCampaign { id: number; abandonCap: number; periodMs: number; amdAction: 'off' | 'hangup' | 'message'; pbxId: string | null }

export interface PacerSnapshot {
  freeAgents: number;
  busyAgentsElapsedMs: number[];
  /** Per busy agent: ms since its wrap-up started (agent state 'wrapup'), null while on the call. */
  busyAgentsWrapUpMs: Array<number | null>;
  inFlightElapsedMs: number[];
  period: { answered: number; abandoned: number };
  recent: { answered: number; abandoned: number };
  dials: DialSample[];
  handles: HandleSample[];
  /** Agents of the campaign logged in (any state but offline), for the live view. */
  connectedNow: number;
}

export type Disposition = 'connected' | 'abandoned' | 'machine_hangup' | 'machine_message' | 'hangup';

// The database side of predictive dialing. Claims are the same exactly-once claims as progressive ones
// (attempt-claims.repository.ts: FOR UPDATE SKIP LOCKED, DNC/consent/number type checked again, a campaign_dials row
// per dial) but with no agent: the dial is marked predictive and gets its agent when the customer answers.
// An answered dial gets an agent under the same users-row lock as any claim (one call per agent).
export class PredictiveClaimsRepository extends AttemptClaimsRepository {
  async runningCampaigns(): Promise<PredictiveCampaign[]> {
    const rows = await this.db.selectFrom('campaigns').select(['id', 'abandon_cap_pct', 'abandon_period_hours', 'amd_action', 'pbx_id'])
      .where('status', '=', 'running').where('mode', '=', 'predictive').orderBy('priority', 'desc').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, abandonCap: Number(r.abandon_cap_pct) / 100, periodMs: r.abandon_period_hours * 3_600_000,
      amdAction: r.amd_action as PredictiveCampaign['amdAction'], pbxId: r.pbx_id }));
  }

  /** Up to `count` due attempts of a running campaign, claimed for dials without an agent. */
  async claimForPacer(campaignId: number, count: number, now: Date): Promise<PredictiveClaim[]> {
    if (count <= 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const claims: PredictiveClaim[] = [];
      const k = await trx.selectFrom('campaigns').select(['pbx_id', 'caller_id', 'mode']).where('id', '=', campaignId).executeTakeFirst();
      if (k?.mode !== 'predictive') return claims;
      for (let guard = 0; claims.length < count && guard < count + 50; guard++) {
        const c = await this.candidates(trx, now).where('a.campaign_id', '=', campaignId).where('a.status', '=', 'queued')
          .where('a.next_attempt_at', '<=', now).orderBy('a.next_attempt_at').orderBy('a.id').limit(1).forUpdate('a').skipLocked().executeTakeFirst();
        if (!c) break;
        const blocked = this.refusal(c);
        if (blocked) { await this.block(trx, { ...c, blocked }, now); continue; }
        const n = c.dial_count + 1;
        const dialToken = randomUUID();
        const crmCallId = crmCallIdFor(c.id, n);
        await trx.updateTable('campaign_attempts').set({ status: 'dialing', dial_count: n, dial_token: dialToken, dialing_since: now, last_user_id: null,
          reserved_by: null, reserved_until: null, updated_at: now }).where('id', '=', c.id).execute();
        await trx.insertInto('campaign_dials').values({ attempt_id: c.id, n, crm_call_id: crmCallId, dial_token: dialToken, user_id: null, pbx_id: k.pbx_id,
          claimed_at: now, campaign_id: campaignId, predictive: true }).execute();
        claims.push({ attemptId: c.id, campaignId, customerId: c.customer_id, phone: c.phone_e164, n, crmCallId, dialToken, pbxId: k.pbx_id, callerId: k.caller_id });
      }
      return claims;
    });
  }

  /** The predictive dial `crmCallId` of a locked attempt, if it is still the attempt's current dial. */
  async currentPredictiveDial(trx: Trx, attemptId: number, crmCallId: string) {
    return trx.selectFrom('campaign_dials as d').innerJoin('campaign_attempts as a', (j) => j.onRef('a.id', '=', 'd.attempt_id').onRef('a.dial_count', '=', 'd.n'))
      .select(['d.id', 'd.campaign_id', 'd.disposition', 'd.answered_at', 'd.predictive']).where('d.attempt_id', '=', attemptId).where('d.crm_call_id', '=', crmCallId)
      .executeTakeFirst();
  }

  /**
   * A free agent of the campaign (ready, no campaign call in flight), longest waiting first, locked like any claim
   * locks its agent; null when none is free right now.
   */
  async lockFreeAgent(trx: Trx, campaignId: number): Promise<{ userId: number; extension: string } | null> {
    const rows = await trx.selectFrom('campaign_agents as ca').innerJoin('users as u', 'u.id', 'ca.user_id')
      .innerJoin('agent_state_log as s', (j) => j.onRef('s.user_id', '=', 'ca.user_id').on('s.ended_at', 'is', null))
      .select(['u.id', 'u.extension']).where('ca.campaign_id', '=', campaignId).where('s.state', '=', 'ready').where('u.active', '=', true)
      .where('u.extension', 'is not', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('campaign_attempts as x').select('x.id').whereRef('x.last_user_id', '=', 'u.id').where('x.status', 'in', ['dialing', 'connected']))))
      .orderBy('s.started_at').limit(5).forNoKeyUpdate('u').skipLocked().execute();
    for (const r of rows) {
      // Checked again under the lock: the state may have changed between the read and the lock.
      if (await this.agentReady(trx, r.id) && !(await this.agentHasLiveAttempt(trx, r.id))) return { userId: r.id, extension: r.extension! };
    }
    return null;
  }

  async recordAnswer(trx: Trx, dialId: number, at: Date, channel: string, amd: { status: string | null; cause: string | null }): Promise<void> {
    await trx.updateTable('campaign_dials').set({ answered_at: sql`coalesce(answered_at, ${at})`, channel, amd_status: amd.status, amd_cause: amd.cause })
      .where('id', '=', dialId).execute();
  }

  async connect(trx: Trx, attemptId: number, dialId: number, userId: number, now: Date): Promise<void> {
    await trx.updateTable('campaign_dials').set({ user_id: userId, disposition: 'connected', connected_at: now, disposed_at: now }).where('id', '=', dialId).execute();
    await trx.updateTable('campaign_attempts').set({ status: 'connected', last_user_id: userId, updated_at: now }).where('id', '=', attemptId).execute();
  }

  /** An agent was picked but the customer heard the abandon message after all: the dial is disposed again. */
  async reopen(trx: Trx, dialId: number): Promise<void> {
    await trx.updateTable('campaign_dials').set({ disposition: null }).where('id', '=', dialId).execute();
  }

  async dispose(trx: Trx, dialId: number, disposition: Disposition, now: Date): Promise<void> {
    await trx.updateTable('campaign_dials').set({ disposition, disposed_at: now }).where('id', '=', dialId).where('disposition', 'is', null).execute();
  }

  /** Everything the pacer reads for one decision: agents, dials in flight, the period's answers and abandons, samples. */
  async snapshot(campaignId: number, now: Date, periodMs: number, windowMs: number): Promise<PacerSnapshot> {
    const agents = await this.db.selectFrom('campaign_agents as ca')
      .innerJoin('agent_state_log as s', (j) => j.onRef('s.user_id', '=', 'ca.user_id').on('s.ended_at', 'is', null))
      .leftJoin('campaign_attempts as a', (j) => j.onRef('a.last_user_id', '=', 'ca.user_id').on('a.status', 'in', ['dialing', 'connected']))
      .leftJoin('campaign_dials as d', (j) => j.onRef('d.attempt_id', '=', 'a.id').onRef('d.n', '=', 'a.dial_count'))
      .select(['ca.user_id', 's.state', 's.started_at as state_since', 'a.id as attempt_id', 'd.connected_at', 'a.updated_at'])
      .where('ca.campaign_id', '=', campaignId).where('s.state', '!=', 'offline').execute();
    let freeAgents = 0;
    const busy: number[] = [];
    const wrapUp: Array<number | null> = [];
    for (const r of agents) {
      if (r.attempt_id !== null) {
        busy.push(Math.max(0, now.getTime() - (r.connected_at ?? r.updated_at ?? now).getTime()));
        wrapUp.push(r.state === 'wrapup' ? Math.max(0, now.getTime() - r.state_since.getTime()) : null);
      }
      else if (r.state === 'ready') freeAgents++;
    }
    const since = new Date(now.getTime() - Math.max(periodMs, windowMs));
    const dials = await this.db.selectFrom('campaign_dials').select(['claimed_at', 'answered_at', 'disposition', 'ended_at', 'status', 'connected_at', 'disposed_at'])
      .where('campaign_id', '=', campaignId).where('predictive', '=', true)
      .where((eb) => eb.or([eb('claimed_at', '>=', new Date(now.getTime() - windowMs)), eb('answered_at', '>=', since)]))
      .orderBy('claimed_at').execute();
    const periodFrom = now.getTime() - periodMs;
    const recentFrom = now.getTime() - 30 * 60_000;
    const period = { answered: 0, abandoned: 0 };
    const recent = { answered: 0, abandoned: 0 };
    const samples: DialSample[] = [];
    const inFlight: number[] = [];
    for (const d of dials) {
      const live = d.disposition === 'connected' || d.disposition === 'abandoned';
      const t = d.answered_at?.getTime() ?? 0;
      if (live && t >= periodFrom) { period.answered++; if (d.disposition === 'abandoned') period.abandoned++; }
      if (live && t >= recentFrom) { recent.answered++; if (d.disposition === 'abandoned') recent.abandoned++; }
      const ringing = d.answered_at === null && d.ended_at === null && d.disposition === null && (d.status === 'claimed' || d.status === 'originated');
      if (ringing && now.getTime() - d.claimed_at.getTime() < 5 * 60_000) inFlight.push(now.getTime() - d.claimed_at.getTime());
      if (d.claimed_at.getTime() >= now.getTime() - windowMs) {
        samples.push({ placedAtMs: d.claimed_at.getTime(), answeredAtMs: d.answered_at?.getTime() ?? null,
          live: d.disposition === null ? null : live, endedAtMs: d.answered_at === null ? (d.ended_at?.getTime() ?? null) : null });
      }
    }
    return { freeAgents, busyAgentsElapsedMs: busy, busyAgentsWrapUpMs: wrapUp, inFlightElapsedMs: inFlight, period, recent, dials: samples,
      handles: await this.handleSamples(campaignId, now), connectedNow: agents.length };
  }

  // Talk + wrap-up: from an agent taking the call to the attempt leaving 'connected' (the operator's result). The
  // newest 500 of the last week, not only of the last 2 hours: a campaign starting again in the morning would otherwise
  // know only its first, shortest calls (the long ones are still running) and take busy agents for about to free up.
  private async handleSamples(campaignId: number, now: Date): Promise<HandleSample[]> {
    const rows = await this.db.selectFrom('campaign_dials as d').innerJoin('campaign_attempts as a', 'a.id', 'd.attempt_id')
      .select(['d.connected_at', 'a.updated_at'])
      // The agent's wrap-up after this call: where talk ended (the pacer tells talking agents from wrapping-up ones).
      .select((eb) => eb.selectFrom('agent_state_log as w').select((w) => w.fn.min('w.started_at').as('at')).whereRef('w.user_id', '=', 'd.user_id')
        .where('w.state', '=', 'wrapup').whereRef('w.started_at', '>=', 'd.connected_at').whereRef('w.started_at', '<=', 'a.updated_at').as('wrap_up_at'))
      .where('d.campaign_id', '=', campaignId).where('d.predictive', '=', true).where('d.disposition', '=', 'connected')
      .where('d.answered_at', '>=', new Date(now.getTime() - 7 * 24 * 3_600_000)).where('a.status', 'not in', ['dialing', 'connected'])
      .orderBy('d.answered_at', 'desc').limit(500).execute();
    return rows.filter((r) => r.connected_at && r.updated_at > r.connected_at)
      .map((r) => ({ connectedAtMs: r.connected_at!.getTime(), freedAtMs: r.updated_at.getTime(),
        ...(r.wrap_up_at ? { wrapUpAtMs: new Date(r.wrap_up_at).getTime() } : {}) })).reverse();
  }
}
