import type { Logger } from '../logger';
import type { EventBus } from '../events/event-bus';
import type { DomainEvents } from '../events/domain-events';
import { PREDICTIVE_CONTEXTS, type PbxPort } from '../pbx/pbx-port';
import type { PacingView } from '@contract/campaigns.schemas';
import type { AttemptsRepository } from './attempts.repository';
import { decideAfterOutcome } from './retry-policy';
import { decideDials, type PacerDecision, type PacerSettings } from './predictive-pacer';
import { measure } from './pacer-measurements';
import type { Disposition, PredictiveCampaign, PredictiveClaim, PredictiveClaimsRepository } from './predictive-claims.repository';

export interface PredictiveOptions {
  /** How often the leader of a campaign asks the pacer (0 = never by itself; tests call paceOnce). */
  pacingMs: number;
  /**
   * A live answer waits this long for an agent; the dialplan plays the abandon message after 1.8 s whatever we do
   * (pbx-config [campaign-predictive]), so a redirect must reach the PBX before that, AMI latency included.
   */
  connectWithinMs: number;
  /** The customer's phone rings this long before the dial is given up. */
  ringTimeoutMs: number;
  /** Dials of this window feed the answer rate and answer times. */
  measureWindowMs: number;
  pacer?: Partial<PacerSettings>;
}
export const DEFAULT_PREDICTIVE_OPTIONS: PredictiveOptions = { pacingMs: 1_000, connectWithinMs: 1_400, ringTimeoutMs: 30_000, measureWindowMs: 30 * 60_000 };

/** One pacer per campaign across nodes (server/cluster/campaign-leadership.ts); a single node leads every campaign. */
export interface CampaignLeadership {
  /** Competes for the campaigns given, gives up the others. */
  follow(campaignIds: readonly number[]): void;
  isLeader(campaignId: number): boolean;
  stop(): Promise<void>;
}
export const SINGLE_NODE: CampaignLeadership = { follow: () => undefined, isLeader: () => true, stop: async () => undefined };


// Predictive dialing (issue #24). The leader of a campaign asks the pure pacer (predictive-pacer.ts) every
// `pacingMs` how many customers to call, claims that many attempts without an agent and originates the customers.
// The dialplan ([campaign-predictive]) runs AMD() on an answer and reports stages; a live answer is given the
// longest-waiting free agent (redirect to [campaign-connect]) or, after 2 s, the recorded message (abandoned).
// Stage handling runs on whichever node ingests the PBX's events and is serialised by the attempt's row lock.
export class PredictiveDialerService {
  private timer: NodeJS.Timeout | undefined;
  private offs: Array<() => void> = [];
  /** The pacing step under way, if any: stop() waits for it before giving up leadership. */
  private step: Promise<void> | undefined;
  private leadership: CampaignLeadership = SINGLE_NODE;

  constructor(
    private readonly claims: PredictiveClaimsRepository,
    private readonly attempts: AttemptsRepository,
    private readonly pbx: Map<string, PbxPort>,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly clock: () => Date,
    private readonly options: PredictiveOptions = DEFAULT_PREDICTIVE_OPTIONS,
  ) {}

  private port(pbxId: string | null): PbxPort | undefined {
    return (pbxId ? this.pbx.get(pbxId) : undefined) ?? this.pbx.values().next().value;
  }

  private async decide(c: PredictiveCampaign): Promise<{ decision: PacerDecision; view: PacingView }> {
    const now = this.clock();
    const snap = await this.claims.snapshot(c.id, now, c.periodMs, this.options.measureWindowMs);
    const stats = measure(snap.dials, snap.handles, { nowMs: now.getTime(), windowMs: this.options.measureWindowMs, ringTimeoutMs: this.options.ringTimeoutMs,
      detectMs: c.amdAction === 'off' ? 0 : 2_500 });
    const decision = decideDials({ freeAgents: snap.freeAgents, busyAgentsElapsedMs: snap.busyAgentsElapsedMs, busyAgentsWrapUpMs: snap.busyAgentsWrapUpMs,
      inFlightElapsedMs: snap.inFlightElapsedMs,
      period: snap.period, recent: snap.recent, stats, settings: { ...this.options.pacer, abandonCap: c.abandonCap } });
    const rate = (w: { answered: number; abandoned: number }) => (w.answered > 0 ? w.abandoned / w.answered : 0);
    const view: PacingView = {
      campaignId: c.id, at: now.toISOString(), dialLevel: decision.dialLevel, dialsNow: decision.dials, ringing: snap.inFlightElapsedMs.length,
      agentsWaiting: snap.freeAgents, agentsBusy: snap.busyAgentsElapsedMs.length, answered: snap.period.answered, abandoned: snap.period.abandoned,
      connected: snap.period.answered - snap.period.abandoned, abandonRate: rate(snap.period), abandonCap: c.abandonCap, periodHours: c.periodMs / 3_600_000,
      recentAbandonRate: rate(snap.recent), answerRate: decision.answerRate, target: decision.target, reason: decision.reason,
    };
    return { decision, view };
  }

  /** The live figures of a predictive campaign, computed from the database (any node answers the same). */
  async pacing(campaignId: number): Promise<PacingView | null> {
    const c = (await this.claims.runningCampaigns()).find((x) => x.id === campaignId);
    return c ? (await this.decide(c)).view : null;
  }

  /** One pacing step for a running predictive campaign now (tests, and nodes started with DIALER_PACING_MS=0). */
  async paceNow(campaignId: number): Promise<PacingView | null> {
    const c = (await this.claims.runningCampaigns()).find((x) => x.id === campaignId);
    return c ? this.paceOnce(c) : null;
  }

  /** One pacing step for a campaign this node leads: decide, claim, originate. */
  async paceOnce(c: PredictiveCampaign): Promise<PacingView> {
    const { decision, view } = await this.decide(c);
    const claimed = await this.claims.claimForPacer(c.id, decision.dials, this.clock());
    for (const claim of claimed) await this.originate(claim, c);
    const pushed = { ...view, dialsNow: claimed.length };
    this.bus.publish('campaign.pacing_updated', { campaignId: c.id, view: pushed });
    if (claimed.length > 0) this.bus.publish('campaign.progress_updated', { campaignId: c.id });
    return pushed;
  }

  private async originate(claim: PredictiveClaim, c: PredictiveCampaign): Promise<void> {
    const port = this.port(claim.pbxId);
    try {
      if (!port) throw new Error('no PBX configured');
      await port.originateCustomer({ toNumber: claim.phone, crmCallId: claim.crmCallId, callerId: claim.callerId ?? undefined, timeoutMs: this.options.ringTimeoutMs,
        amdAction: c.amdAction, variables: { CAMPAIGN_ID: String(claim.campaignId), CAMPAIGN_ATTEMPT_ID: String(claim.attemptId) } });
      await this.attempts.markOriginated(claim.dialToken, this.clock());
    } catch (err) {
      this.log.warn({ err, crmCallId: claim.crmCallId }, 'predictive originate failed');
      await this.attempts.transaction(async (trx) => {
        const a = await this.attempts.lock(trx, claim.attemptId);
        if (a?.status !== 'dialing' || a.dial_count !== claim.n) return;
        await this.attempts.endDial(trx, a, 'failed', this.clock(), 'originate_failed', (err as Error).message);
        await this.attempts.applyDecision(trx, a, 'failed', decideAfterOutcome, this.clock());
      });
    }
  }

  /** A stage of [campaign-predictive] for one of our dials. */
  async onStage(e: DomainEvents['campaign.dial_stage']): Promise<void> {
    if (!e.campaignAttemptId) return;
    if (e.stage === 'live') { await this.connectLive(e, Date.now() + this.options.connectWithinMs); return; }
    if (e.stage === 'connecting') return;
    const disposition: Disposition = e.stage === 'abandoned' ? 'abandoned' : e.stage === 'gone' ? 'hangup'
      : (await this.amdActionOf(e.campaignAttemptId)) === 'message' ? 'machine_message' : 'machine_hangup';
    await this.finish(e, disposition);
  }

  private async amdActionOf(attemptId: number): Promise<string | null> {
    const a = await this.attempts.find(attemptId);
    if (!a) return null;
    return (await this.claims.runningCampaigns()).find((c) => c.id === a.campaign_id)?.amdAction ?? 'hangup';
  }

  // Live answer: the longest-waiting free agent takes it now; none free: look again until connectWithinMs, after
  // which the dialplan's own 2 s timer plays the message and reports 'abandoned' (the PBX keeps the 2 s promise
  // even when this node is slow or gone).
  private async connectLive(e: DomainEvents['campaign.dial_stage'], until: number): Promise<void> {
    const now = this.clock();
    const r = await this.attempts.transaction(async (trx) => {
      const a = await this.attempts.lock(trx, e.campaignAttemptId!);
      if (!a || (a.status !== 'dialing' && a.status !== 'connected') || a.last_user_id !== null) return null;
      const dial = await this.claims.currentPredictiveDial(trx, a.id, e.crmCallId);
      if (!dial?.predictive || !dial.campaign_id) return null;
      await this.claims.recordAnswer(trx, dial.id, new Date(e.at), e.channel, { status: e.amdStatus, cause: e.amdCause });
      if (dial.disposition !== null) return null;
      const agent = await this.claims.lockFreeAgent(trx, dial.campaign_id);
      if (!agent) return { waiting: true as const };
      await this.claims.connect(trx, a.id, dial.id, agent.userId, now);
      return { waiting: false as const, agent, campaignId: dial.campaign_id, pbxId: (await this.attempts.currentDial(trx, a))?.pbx_id ?? null };
    });
    if (!r) return;
    if (r.waiting) {
      if (Date.now() + 300 < until) setTimeout(() => void this.connectLive(e, until).catch((err: unknown) => this.log.error({ err }, 'predictive connect retry failed')), 250).unref();
      return;
    }
    try {
      await this.port(r.pbxId)?.redirect(e.channel, PREDICTIVE_CONTEXTS.connect, r.agent.extension);
    } catch (err) {
      // Too late or the channel is gone: the dialplan abandons it, and 'abandoned' corrects the disposition.
      this.log.warn({ err, crmCallId: e.crmCallId }, 'predictive redirect to the agent failed');
    }
    this.bus.publish('campaign.progress_updated', { campaignId: r.campaignId });
  }

  private async finish(e: DomainEvents['campaign.dial_stage'], disposition: Disposition): Promise<void> {
    const now = this.clock();
    const campaignId = await this.attempts.transaction(async (trx) => {
      const a = await this.attempts.lock(trx, e.campaignAttemptId!);
      if (!a) return null;
      const dial = await this.claims.currentPredictiveDial(trx, a.id, e.crmCallId);
      if (!dial?.predictive) return null;
      await this.claims.recordAnswer(trx, dial.id, new Date(e.at), e.channel, { status: e.amdStatus, cause: e.amdCause });
      // An abandon is counted as one even after an agent was picked (redirect too late, agent's phone not answering).
      if (disposition === 'abandoned' && dial.disposition === 'connected') await this.claims.reopen(trx, dial.id);
      else if (dial.disposition !== null) return null;
      await this.claims.dispose(trx, dial.id, disposition, now);
      if (a.status === 'dialing' || a.status === 'connected') {
        await this.attempts.endDial(trx, a, disposition, now);
        await this.attempts.applyDecision(trx, a, 'no_answer', decideAfterOutcome, now);
      }
      return a.campaign_id;
    });
    if (campaignId !== null) this.bus.publish('campaign.progress_updated', { campaignId });
  }

  private loop(): Promise<void> {
    if (this.step) return this.step;
    this.step = this.stepOnce().finally(() => { this.step = undefined; });
    return this.step;
  }

  private async stepOnce(): Promise<void> {
    try {
      const running = await this.claims.runningCampaigns();
      this.leadership.follow(running.map((c) => c.id));
      for (const c of running) if (this.leadership.isLeader(c.id)) await this.paceOnce(c);
    } catch (err) {
      this.log.error({ err }, 'predictive pacing failed');
    }
  }

  /** Subscribes to dial stages; paces every pacingMs when > 0, as leader of each campaign `leadership` grants. */
  start(leadership: CampaignLeadership = SINGLE_NODE): void {
    this.leadership = leadership;
    this.offs.push(this.bus.subscribe('campaign.dial_stage', (e) => this.onStage(e)));
    if (this.options.pacingMs > 0) {
      this.timer = setInterval(() => void this.loop(), this.options.pacingMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const off of this.offs.splice(0)) off();
    // A step still running would otherwise pace after the lock is released, beside the node taking it over.
    await this.step;
    await this.leadership.stop();
  }
}
