import type { AgentsRepository, AgentStateRow } from './agents.repository';
import type { AuthRepository } from '../auth/auth.repository';
import type { EventBus } from '../events/event-bus';
import type { AgentState } from '../events/domain-events';
import type { JobQueue } from '../jobs/job-queue';
import { JOBS } from '../jobs/job-queue';
import type { PbxPort } from '../pbx/pbx-port';
import type { Logger } from '../logger';
import { ConflictError, UnavailableError, ValidationError } from '../http/app-error';

export interface AgentStateView {
  userId: number;
  state: AgentState;
  reason: string | null;
  since: string;
  callId: number | null;
  wrapupDeadline: string | null;
}

const toView = (userId: number, row: AgentStateRow | undefined): AgentStateView => ({
  userId,
  state: row?.state ?? 'offline',
  reason: row?.reason ?? null,
  since: (row?.since ?? new Date(0)).toISOString(),
  callId: row?.callId ?? null,
  wrapupDeadline: row?.state === 'wrapup' && row.deadlineAt ? row.deadlineAt.toISOString() : null,
});

/** The pause reason of a pause made on the PBX, not in Warmline (seed-reference.ts). */
export const PBX_PAUSE_REASON = 'pbx';
/** The agent let MISSED_OFFERS_BEFORE_PAUSE rings in a row go unanswered (migration 0050). */
export const MISSED_PAUSE_REASON = 'missed';
/** The agent's last console closed and stayed closed for CONSOLE_AWAY_SECONDS (migration 0050). */
export const AWAY_PAUSE_REASON = 'away';

export interface AgentPolicy {
  /** Rings let go in a row before the agent is paused with MISSED_PAUSE_REASON; 0: never. */
  missedOffersBeforePause: number;
}

/** Seconds of wrap-up after a call of this queue (null: no queue); read at each call, so a change applies at once. */
export type WrapupSeconds = (queue: string | null) => Promise<number>;

// Agent states: offline -> paused(login) -> ready <-> paused(reason); ready -> ringing -> on_call -> wrapup -> ready.
// Ready/paused is mirrored to the PBX with QueuePause (with the reason), and wrap-up pauses the agent in the
// queue so the PBX offers no call before the wrap-up is submitted or its time runs out.
export class AgentsService {
  private offs: Array<() => void> = [];

  constructor(
    private readonly repo: AgentsRepository,
    private readonly users: AuthRepository,
    private readonly bus: EventBus,
    private readonly pbx: Map<string, PbxPort>,
    private readonly jobs: JobQueue,
    private readonly wrapupSeconds: WrapupSeconds,
    private readonly log: Logger,
    private readonly policy: () => AgentPolicy = () => ({ missedOffersBeforePause: 0 }),
  ) {}

  start(): void {
    this.offs.push(
      this.bus.subscribe('call.offered', async (e) => {
        if (e.userId) await this.move(e.userId, { state: 'ringing', reason: null, callId: e.call.callId }, (c) => c?.state === 'ready');
      }),
      this.bus.subscribe('call.offer_withdrawn', async (e) => {
        if (e.userId) await this.offerWithdrawn(e.userId, e.call.callId, e.extension, e.reason);
      }),
      this.bus.subscribe('call.answered', async (e) => {
        if (e.userId) await this.move(e.userId, { state: 'on_call', reason: null, callId: e.call.callId }, (c) => c?.state !== 'offline');
      }),
      // The transferring agent's part of the call is over: they wrap it up while the call goes on with someone else.
      this.bus.subscribe('call.transferred', async (e) => {
        if (e.fromUserId) await this.startWrapup(e.fromUserId, e.call.callId, e.call.queue);
      }),
      this.bus.subscribe('call.ended', async (e) => {
        const userId = e.call.agentUserId;
        if (!userId) return;
        // A call between two agents (an attended transfer's consultation, a colleague's question) has no customer
        // to wrap up: the agent it rang is simply free again.
        if (e.call.direction === 'internal') {
          await this.move(userId, { state: 'ready', reason: null, callId: null },
            (c) => (c?.state === 'on_call' || c?.state === 'ringing') && c.callId === e.call.callId);
          return;
        }
        await this.startWrapup(userId, e.call.callId, e.call.queue);
      }),
      this.bus.subscribe('pbx.member_status', async (e) => {
        if (e.userId && e.pauseChanged) await this.pbxPauseChanged(e.userId, e.paused);
      }),
      this.bus.subscribe('pbx.connection_changed', async (e) => {
        if (e.connected) await this.reassertPauses();
      }),
      // Deactivated by an administrator: signed off at once. No QueuePause: their memberships are being removed.
      this.bus.subscribe('user.deactivated', async (e) => {
        await this.move(e.userId, { state: 'offline', reason: null, callId: null }, (c) => c !== undefined && c.state !== 'offline');
      }),
    );
    this.jobs.process(JOBS.agentWrapupEnd, async (payload) => {
      await this.endWrapup(Number(payload.userId), Number(payload.callId), 'timeout');
    });
  }

  stop(): void {
    this.offs.forEach((off) => off());
    this.offs = [];
  }

  private port(): PbxPort | undefined {
    return this.pbx.values().next().value;
  }

  private async mirrorPause(userId: number, paused: boolean, reason: string | null, strict: boolean): Promise<void> {
    const user = await this.users.findById(userId);
    const port = this.port();
    if (!user?.extension || !port) return;
    try {
      // Becoming ready: the PBX must see the phone as reachable or the queue will not ring it (ami-pbx-port.ts).
      if (!paused) await port.checkPhone(user.extension).catch((err: unknown) => this.log.warn({ err, userId }, 'phone check failed'));
      await port.queuePause(user.extension, paused, reason ?? undefined);
    } catch (err) {
      if (strict) throw new UnavailableError('pbx-unavailable', 'The phone system did not confirm the change; try again in a moment');
      this.log.warn({ err, userId }, 'QueuePause failed');
    }
  }

  private async move(userId: number, next: { state: AgentState; reason: string | null; callId: number | null; deadlineAt?: Date | null },
    guard: (c: AgentStateRow | undefined) => boolean, opts: { consoleGeneration?: number } = {}): Promise<boolean> {
    const at = new Date();
    const { changed } = await this.repo.transition(userId, { ...next, deadlineAt: next.deadlineAt ?? null, at }, guard, opts);
    if (changed) {
      const user = await this.users.findById(userId);
      this.bus.publish('agent.state_changed', { userId, extension: user?.extension ?? null, state: next.state, reason: next.reason, since: at.toISOString(), callId: next.callId });
    }
    return changed;
  }

  async view(userId: number): Promise<AgentStateView> {
    return toView(userId, await this.repo.current(userId));
  }

  async snapshot(): Promise<AgentStateView[]> {
    return (await this.repo.allCurrent()).map((r) => toView(r.userId, r));
  }

  /**
   * A pause or unpause made on the PBX itself (the CLI, another tool, a feature code on a desk phone): the PBX decides
   * whether the member gets calls, so Warmline shows what it does. Our own QueuePause comes back the same way and
   * then finds the agent already in that state (or in a state it does not touch: ringing, on a call, wrap-up).
   */
  async pbxPauseChanged(userId: number, paused: boolean): Promise<void> {
    if (paused) await this.move(userId, { state: 'paused', reason: PBX_PAUSE_REASON, callId: null }, (c) => c?.state === 'ready');
    else await this.move(userId, { state: 'ready', reason: null, callId: null }, (c) => c?.state === 'paused');
  }

  /**
   * After the AMI link (re)connects, each agent's pause is applied again: a restarted Asterisk has forgotten the
   * pauses (static members come back unpaused), and changes made while the link was down never reached it.
   */
  async reassertPauses(): Promise<void> {
    for (const row of await this.repo.allCurrent()) {
      await this.mirrorPause(row.userId, row.state !== 'ready', row.state === 'paused' ? row.reason : row.state, false);
    }
  }

  /**
   * The ring stopped at this agent without an answer. A ring-no-answer or a decline is a missed offer (issue #20.1):
   * recorded, and after policy.missedOffersBeforePause of them in a row the agent is paused with the 'missed' reason
   * straight from ringing, so the queue does not ring an absent agent again (VICIdial's auto-pause, Amazon Connect's
   * "Missed" state). A ring that stopped because the caller left or another agent answered is not the agent's miss.
   */
  async offerWithdrawn(userId: number, callId: number, extension: string, reason: string): Promise<void> {
    const ringingThis = (c: AgentStateRow | undefined) => c?.state === 'ringing' && c.callId === callId;
    // A declined ring reaches the PBX as busy (486) or rejected (21), depending on the phone.
    if (reason === 'no_answer' || reason === 'rejected' || reason === 'busy') {
      await this.repo.recordMissedOffer({ userId, callId, extension, reason: reason === 'no_answer' ? 'no_answer' : 'rejected', at: new Date() });
      const limit = this.policy().missedOffersBeforePause;
      if (limit > 0 && (await this.repo.missedInARow(userId)) >= limit) {
        const paused = await this.move(userId, { state: 'paused', reason: MISSED_PAUSE_REASON, callId: null },
          (c) => ringingThis(c) || c?.state === 'ready');
        if (paused) {
          await this.mirrorPause(userId, true, MISSED_PAUSE_REASON, false);
          this.log.info({ userId, limit }, 'agent paused after missed offers');
          return;
        }
      }
    }
    await this.move(userId, { state: 'ready', reason: null, callId: null }, ringingThis);
  }

  /**
   * The agent's last console has been gone for the grace period (agent-presence.ts): the agent is paused in the
   * queues so the PBX stops ringing a closed tab. A call in progress or a wrap-up is left alone. `generation` is the
   * console generation seen when the last console went: a console that connected since then cancels the pause.
   */
  async consoleGone(userId: number, generation?: number): Promise<boolean> {
    const moved = await this.move(userId, { state: 'paused', reason: AWAY_PAUSE_REASON, callId: null },
      (c) => c?.state === 'ready' || c?.state === 'ringing' || (c?.state === 'paused' && c.reason !== AWAY_PAUSE_REASON),
      { consoleGeneration: generation });
    if (moved) await this.mirrorPause(userId, true, AWAY_PAUSE_REASON, false);
    return moved;
  }

  /** A console is back: an agent paused as away returns to the state it had before (ready, or its own pause). */
  async consoleBack(userId: number): Promise<boolean> {
    const current = await this.repo.current(userId);
    if (current?.state !== 'paused' || current.reason !== AWAY_PAUSE_REASON) return false;
    const before = await this.repo.previous(userId);
    const ready = before?.state === 'ready' || before?.state === 'ringing';
    const next = ready ? { state: 'ready' as const, reason: null }
      : { state: 'paused' as const, reason: before?.state === 'paused' && before.reason ? before.reason : 'login' };
    const moved = await this.move(userId, { ...next, callId: null }, (c) => c?.state === 'paused' && c.reason === AWAY_PAUSE_REASON);
    if (moved) await this.mirrorPause(userId, !ready, next.reason, false);
    return moved;
  }

  /** First connection of the day: the agent starts paused and chooses Ready. */
  async login(userId: number): Promise<AgentStateView> {
    const moved = await this.move(userId, { state: 'paused', reason: 'login', callId: null }, (c) => !c || c.state === 'offline');
    if (moved) await this.mirrorPause(userId, true, 'login', false);
    return this.view(userId);
  }

  async logoff(userId: number): Promise<AgentStateView> {
    await this.move(userId, { state: 'offline', reason: null, callId: null }, () => true);
    await this.mirrorPause(userId, true, 'logoff', false);
    return this.view(userId);
  }

  /** The agent's (or a supervisor's) ready/pause choice. */
  async setState(userId: number, state: 'ready' | 'paused', reason: string | null, opts: { force?: boolean } = {}): Promise<AgentStateView> {
    const current = await this.repo.current(userId);
    if (state === 'paused') {
      if (!reason) throw new ValidationError('A pause needs a reason');
      if (!(await this.repo.pauseReasonExists(reason))) throw new ValidationError(`Unknown pause reason "${reason}"`, { reason });
    }
    if (state === 'ready' && !(await this.users.findById(userId))?.extension) {
      throw new ConflictError('no-extension', 'You have no phone extension, so no calls can reach you; ask an administrator for one');
    }
    if (current && ['ringing', 'on_call'].includes(current.state) && !opts.force) {
      throw new ConflictError('agent-busy', 'Finish the current call first');
    }
    if (current?.state === 'wrapup' && state === 'ready' && !opts.force) {
      throw new ConflictError('wrapup-pending', 'Submit the wrap-up first');
    }
    await this.mirrorPause(userId, state === 'paused', reason, true);
    await this.move(userId, { state, reason: state === 'paused' ? reason : null, callId: null }, () => true);
    // A supervisor's pause of a ringing agent: app_queue would go on ringing the paused member until its timeout, so
    // the ring is ended on the PBX and the queue offers the call to the next agent (issue #20.9).
    if (state === 'paused' && current?.state === 'ringing' && current.callId !== null) await this.stopRinging(userId, current.callId);
    return this.view(userId);
  }

  private async stopRinging(userId: number, callId: number): Promise<void> {
    const channel = await this.repo.ringingLeg(userId, callId);
    const port = this.port();
    if (!channel || !port) return;
    await port.hangup(channel, 21).catch((err: unknown) => this.log.warn({ err, userId, callId }, 'could not stop the ring of a paused agent'));
  }

  async startWrapup(userId: number, callId: number, queue: string | null = null): Promise<void> {
    const seconds = await this.wrapupSeconds(queue);
    const deadlineAt = new Date(Date.now() + seconds * 1000);
    // Not while the agent is on (or ringing with) another call: an attended transfer's consultation ends after its
    // target was given the transferred call.
    const moved = await this.move(userId, { state: 'wrapup', reason: null, callId, deadlineAt }, (c) => c?.state !== 'offline' && c?.state !== 'wrapup'
      && !((c?.state === 'on_call' || c?.state === 'ringing') && c.callId !== null && c.callId !== callId));
    if (!moved) return;
    // A wrap-up of no time holds no call back: pausing the PBX for it would be a pause and an unpause per call.
    if (seconds > 0) await this.mirrorPause(userId, true, 'wrapup', false);
    await this.jobs.add(JOBS.agentWrapupEnd, { userId, callId }, { jobId: `wrapup-${userId}-${callId}`, delayMs: seconds * 1000, attempts: 3, backoffMs: 1000 });
  }

  /** Wrap-up submitted or timed out: the agent becomes ready for the next call. */
  async endWrapup(userId: number, callId: number | null, why: 'submitted' | 'timeout'): Promise<void> {
    const moved = await this.move(userId, { state: 'ready', reason: null, callId: null },
      (c) => c?.state === 'wrapup' && (callId === null || c.callId === callId));
    if (moved) {
      await this.mirrorPause(userId, false, null, false);
      this.log.debug({ userId, callId, why }, 'wrap-up ended');
    }
  }
}
