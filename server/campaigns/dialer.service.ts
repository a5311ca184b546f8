import type { Logger } from '../logger';
import type { EventBus } from '../events/event-bus';
import type { CallSummary, DomainEvents } from '../events/domain-events';
import { JOBS, type JobQueue } from '../jobs/job-queue';
import type { PbxPort } from '../pbx/pbx-port';
import type { AttemptClaimsRepository, DialClaim } from './attempt-claims.repository';
import type { AttemptsRepository } from './attempts.repository';
import type { CampaignsRepository } from './campaigns.repository';
import { decideAfterOutcome, outcomeFromCall, type DialOutcome } from './retry-policy';
import { DialRefusedError } from './campaigns.errors';

export type Clock = () => Date;

export interface DialerOptions {
  /** A dial still 'dialing' this long with no call seen is resolved as failed_unknown (never redialled blindly). */
  stuckAfterMs: number;
  originateTimeoutMs: number;
  tickMs: number;
}
export const DEFAULT_DIALER_OPTIONS: DialerOptions = { stuckAfterMs: 3 * 60_000, originateTimeoutMs: 30_000, tickMs: 5_000 };

// Drives campaign dials: preview (operator clicks dial) and progressive (a free agent of the campaign gets the next
// customer). Claims are exactly-once in the database (attempt-claims.repository.ts); the PBX is reached only
// through PbxPort; results come back as domain events (call.started/answered/ended, call.originate_failed).
export class DialerService {
  private readonly offs: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly claims: AttemptClaimsRepository,
    private readonly attempts: AttemptsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly pbx: Map<string, PbxPort>,
    private readonly jobs: JobQueue,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: DialerOptions = DEFAULT_DIALER_OPTIONS,
  ) {}

  /** Preview mode: originate the card reserved for this operator, from their extension. */
  async dialPreview(attemptId: number, userId: number): Promise<{ attemptId: number; crmCallId: string; n: number }> {
    const claim = await this.claims.claimReserved(attemptId, userId, this.clock());
    if (typeof claim === 'string') {
      this.changed(undefined, attemptId);
      throw new DialRefusedError(attemptId, claim);
    }
    await this.originate(claim);
    return { attemptId, crmCallId: claim.crmCallId, n: claim.n };
  }

  /** Progressive mode: give this agent the next customer of their campaigns (priority order). */
  async dialNextFor(userId: number, campaignId?: number): Promise<DialClaim | null> {
    const ids = campaignId ? [campaignId] : await this.claims.progressiveCampaignsOf(userId);
    for (const id of ids) {
      const claim = await this.claims.claimNextFor(id, userId, this.clock());
      if (claim === 'agent-busy' || claim === 'no-extension') return null;
      if (claim && typeof claim !== 'string') {
        await this.originate(claim);
        return claim;
      }
    }
    return null;
  }

  private port(pbxId: string | null): PbxPort | undefined {
    return (pbxId ? this.pbx.get(pbxId) : undefined) ?? this.pbx.values().next().value;
  }

  private async originate(claim: DialClaim): Promise<void> {
    const port = this.port(claim.pbxId);
    try {
      if (!port) throw new Error('no PBX configured');
      await port.originate({ fromExtension: claim.extension, toNumber: claim.phone, crmCallId: claim.crmCallId,
        callerId: claim.callerId ?? undefined, timeoutMs: this.options.originateTimeoutMs,
        variables: { CAMPAIGN_ID: String(claim.campaignId), CAMPAIGN_ATTEMPT_ID: String(claim.attemptId) } });
      await this.attempts.markOriginated(claim.dialToken, this.clock());
    } catch (err) {
      // The claim stays consumed: this dial (attempt, n) is over. A retry, if the policy allows, is a new dial later.
      this.log.warn({ err, crmCallId: claim.crmCallId }, 'campaign originate failed');
      await this.endDial(claim.attemptId, 'failed', { crmCallId: claim.crmCallId, status: 'originate_failed', error: (err as Error).message });
    }
    this.changed(claim.campaignId);
  }

  /** Ends the current dial of an attempt with a PBX-side outcome, unless it has already moved on. */
  private async endDial(attemptId: number, outcome: DialOutcome | null, opts: { crmCallId?: string; callId?: number; status?: 'ended' | 'originate_failed' | 'unknown'; error?: string } = {}): Promise<void> {
    const now = this.clock();
    const r = await this.attempts.transaction(async (trx) => {
      const a = await this.attempts.lock(trx, attemptId);
      if (!a || (a.status !== 'dialing' && a.status !== 'connected')) return null;
      const dial = await this.attempts.currentDial(trx, a);
      if (opts.crmCallId && dial?.crm_call_id !== opts.crmCallId) return null; // an older dial's late event
      if (opts.callId && dial?.call_id && dial.call_id !== opts.callId) return null;
      // A predictive dial gets its agent from its dialplan stages (predictive-dialer.service.ts), not from the answer.
      if (dial?.predictive && outcome === null && a.status === 'dialing') return null;
      if (opts.callId && !dial?.call_id) await this.attempts.linkCall(trx, a, opts.callId);
      if (outcome === null) {
        // Answered: the operator's wrap-up decides accepted/refused/callback.
        await this.attempts.endDial(trx, a, 'answered', now);
        if (a.status === 'dialing') await this.attempts.markConnected(trx, a, opts.callId ?? null, now);
        return { campaignId: a.campaign_id, userId: a.last_user_id, finished: false };
      }
      if (a.status === 'connected') {
        await this.attempts.endDial(trx, a, 'answered', now);
        return { campaignId: a.campaign_id, userId: a.last_user_id, finished: false };
      }
      await this.attempts.endDial(trx, a, outcome, now, opts.status ?? 'ended', opts.error);
      await this.attempts.applyDecision(trx, a, outcome, decideAfterOutcome, now);
      return { campaignId: a.campaign_id, userId: a.last_user_id, finished: true };
    });
    if (!r) return;
    this.changed(r.campaignId);
    // The agent never talked to anyone: they are still free, offer them the next customer.
    if (r.finished && r.userId) await this.enqueueDial(r.userId);
  }

  async onCallStarted(call: CallSummary): Promise<void> {
    if (!call.campaignAttemptId) return;
    await this.attempts.transaction(async (trx) => {
      const a = await this.attempts.lock(trx, call.campaignAttemptId!);
      if (a?.status === 'dialing') await this.attempts.linkCall(trx, a, call.callId);
    });
  }

  async onCallAnswered(call: CallSummary): Promise<void> {
    if (!call.campaignAttemptId) return;
    await this.endDial(call.campaignAttemptId, null, { callId: call.callId });
  }

  async onCallEnded(call: CallSummary): Promise<void> {
    if (!call.campaignAttemptId) return;
    await this.endDial(call.campaignAttemptId, outcomeFromCall(call.outcome), { callId: call.callId });
  }

  async onOriginateFailed(e: DomainEvents['call.originate_failed']): Promise<void> {
    if (!e.campaignAttemptId) return;
    await this.endDial(e.campaignAttemptId, outcomeFromCall(e.reason), { crmCallId: e.crmCallId, status: 'originate_failed' });
  }

  /**
   * After a restart (or a lost event): dials still 'dialing' past stuckAfterMs. If the PBX reported a call for
   * the dial, apply what it says; if not, the dial is failed_unknown and retries only per the 'failed' interval.
   */
  async recover(): Promise<number> {
    const now = this.clock();
    const ids = await this.attempts.stuckDialing(new Date(now.getTime() - this.options.stuckAfterMs));
    for (const id of ids) {
      const r = await this.attempts.transaction(async (trx) => {
        const a = await this.attempts.lock(trx, id);
        if (a?.status !== 'dialing') return null;
        const call = await this.attempts.callForDial(trx, a, await this.attempts.dialingSince(trx, id));
        if (call && call.status !== 'ended') {
          if (call.status === 'answered') await this.attempts.markConnected(trx, a, call.id, now);
          return null;
        }
        if (call) await this.attempts.linkCall(trx, a, call.id);
        const outcome: DialOutcome = call ? (outcomeFromCall(call.outcome) ?? 'failed_unknown') : 'failed_unknown';
        if (call && call.outcome === 'answered') {
          await this.attempts.markConnected(trx, a, call.id, now);
          return a.campaign_id;
        }
        await this.attempts.endDial(trx, a, outcome, now, 'unknown');
        await this.attempts.applyDecision(trx, a, outcome, decideAfterOutcome, now);
        return a.campaign_id;
      });
      if (r) this.changed(r);
    }
    return ids.length;
  }

  /** Periodic housekeeping and the progressive pump; idempotent, safe on every node. */
  async tick(): Promise<void> {
    const now = this.clock();
    await this.recover();
    for (const id of await this.attempts.releaseExpiredReservations(now)) this.changed(id);
    for (const id of await this.campaigns.completeFinished(now)) this.changed(id);
    for (const id of await this.campaigns.runningIds('progressive')) {
      for (const userId of await this.claims.freeAgents(id)) await this.enqueueDial(userId);
    }
  }

  async enqueueDial(userId: number): Promise<void> {
    // One pending dial job per agent: repeated triggers collapse; the per-agent lock in the claim does the rest.
    await this.jobs.add(JOBS.dialerAttempt, { userId }, { jobId: `dial-u${userId}` });
  }

  /** Registers the job processors and event subscriptions; starts the tick timer when tickMs > 0. */
  start(): void {
    this.jobs.process(JOBS.dialerAttempt, async (p) => { await this.dialNextFor(Number(p.userId)); }, 4);
    this.jobs.process(JOBS.dialerTick, async () => { await this.tick(); }, 1);
    this.offs.push(
      this.bus.subscribe('agent.state_changed', async (e) => { if (e.state === 'ready') await this.enqueueDial(e.userId); }),
      this.bus.subscribe('call.started', (e) => this.onCallStarted(e.call)),
      this.bus.subscribe('call.answered', (e) => this.onCallAnswered(e.call)),
      this.bus.subscribe('call.ended', (e) => this.onCallEnded(e.call)),
      this.bus.subscribe('call.originate_failed', (e) => this.onOriginateFailed(e)),
    );
    if (this.options.tickMs > 0) {
      this.timer = setInterval(() => {
        const bucket = Math.floor(Date.now() / this.options.tickMs);
        this.jobs.add(JOBS.dialerTick, {}, { jobId: `dialer-tick-${bucket}` }).catch((err: unknown) => this.log.error({ err }, 'dialer tick enqueue failed'));
      }, this.options.tickMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const off of this.offs.splice(0)) off();
  }

  private changed(campaignId: number | undefined, attemptId?: number): void {
    if (campaignId !== undefined) this.bus.publish('campaign.progress_updated', { campaignId });
    else if (attemptId !== undefined) {
      void this.attempts.find(attemptId).then((a) => { if (a) this.bus.publish('campaign.progress_updated', { campaignId: a.campaign_id }); });
    }
  }
}
