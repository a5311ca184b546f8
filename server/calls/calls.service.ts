import type { PbxEvent } from '../pbx/pbx-events';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { AuthRepository } from '../auth/auth.repository';
import { CallsRepository, toCallSummary, type CallRow, type StartedCall } from './calls.repository';
import { KeyedSerialQueue, isTransientDbError } from './keyed-serial-queue';
import type { CallIdAllocator } from './call-id-allocator';
import { normalisePhone } from '../phone/phone-number';
import { bounded } from '../bounded';
import type { LocaleDefaults } from '../settings/locale-defaults';

/** How long one extension -> user lookup may take before it is asked again (the call's attempt is 15 s). */
const USER_LOOKUP_TIMEOUT_MS = 5_000;

const ATTEMPT_ID = /^att-(\d+)-\d+$/;

/** Settles when a new call may be written; see ArrivalHold. */
export type ArrivalGate = (pbxId: string, linkedid: string) => Promise<unknown> | undefined;

/**
 * What a new call's writes wait for, at most `boundMs` (default 50): the screen pop's caller lookup
 * (services.ts). On two cores the call's INSERT, its queue and recording updates and the agent's ringing state
 * would otherwise run in Postgres and in this process alongside the lookup the pop waits for, and slow it down;
 * the rows land a few milliseconds later instead, which nothing waits for (the pop goes out under a handed-out id).
 */
export interface ArrivalHold { gate: ArrivalGate; boundMs?: number }

// Turns the PBX's event stream into the call record (calls + call_legs) and domain events. Idempotent:
// a replayed event (reconnect, resync, restart) finds the row already in that state and publishes nothing.
export class CallsService {
  private readonly queue: KeyedSerialQueue;
  private readonly userCache = new Map<string, { userId: number | null; at: number }>();
  private readonly userLookups = new Map<string, Promise<number | null>>();
  // The latest row of each live call, refreshed from every write's RETURNING. Events of one call are applied one
  // at a time by this node (the only AMI consumer of the PBX), so the cached guards (status, answered_at...) are
  // current; it saves a read per event on the path to the screen pop.
  private readonly live = new Map<string, CallRow>();
  // AgentCalled events received while the call's earlier events are still being written: popped as soon as the
  // call's row exists (see call.offer_early). Key: call key; value: offers not yet applied.
  private readonly earlyOffers = new Map<string, Array<Extract<PbxEvent, { type: 'call.offered' }>>>();
  private readonly earlyPopped = new Map<string, Set<string>>();
  // Calls whose live row was made up from a handed-out id (CallIdAllocator) and is not written yet: an offer racing
  // the INSERT pops without waiting for its commit. Key: call key.
  private readonly provisional = new Set<string>();
  private readonly arrivalGate: { gate: ArrivalGate; boundMs: number } | undefined;
  // Calls whose call.ended has been received: their frames replayed with the same ids (a replaying AMI server, a
  // second listener) must not make up a provisional row under a new id and pop the agent a second time (#27.6).
  private readonly ended = new Set<string>();

  constructor(
    private readonly calls: CallsRepository,
    private readonly users: AuthRepository,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly locale: LocaleDefaults,
    private readonly ids?: CallIdAllocator,
    arrival?: ArrivalHold,
  ) {
    this.arrivalGate = arrival ? { gate: arrival.gate, boundMs: arrival.boundMs ?? 50 } : undefined;
    this.queue = new KeyedSerialQueue(isTransientDbError, (err, key) => {
      this.log.error({ err, key }, 'pbx event lost after retries');
      // A call whose INSERT never landed must not live on under an id nobody wrote.
      if (this.provisional.has(key)) {
        this.provisional.delete(key);
        this.live.delete(key);
      }
    });
  }

  /** Accepts an event from the PBX link; returns at once. Order per call is preserved. */
  ingest(event: PbxEvent): void {
    const key = 'linkedid' in event ? `${event.pbxId}/${event.linkedid}` : `${event.pbxId}/-`;
    if (event.type === 'call.offered') this.offerEarly(key, event);
    if (event.type === 'call.ended') {
      this.ended.add(key);
      if (this.ended.size > 20_000) this.ended.delete(this.ended.values().next().value!);
    }
    if (event.type === 'call.started') {
      const input = this.startedInput(event);
      if (!this.live.has(key) && !this.ended.has(key)) {
        this.bus.publish('call.arriving', { pbxId: input.pbxId, linkedid: input.linkedid, direction: event.direction, callerNumber: input.callerNumber });
        // Only for a Newchannel seen live: a call made up by a resync may already have a row (and another id).
        if (!event.resynced) input.id = this.startProvisional(key, input);
        // Only when the pop does not wait for the row (a handed-out id): otherwise holding the row holds the pop.
        if (input.id !== undefined) this.holdForArrival(key, input.pbxId, input.linkedid);
      }
      void this.queue.push(key, () => this.applyStarted(key, event, input));
      return;
    }
    void this.queue.push(key, () => this.apply(event));
  }

  private holdForArrival(key: string, pbxId: string, linkedid: string): void {
    const hold = this.arrivalGate;
    const pending = hold?.gate(pbxId, linkedid);
    if (!hold || !pending) return;
    void this.queue.push(key, () => bounded(pending, hold.boundMs).then(() => undefined, () => undefined));
  }

  private startedInput(e: Extract<PbxEvent, { type: 'call.started' }>): StartedCall {
    const attempt = e.crmCallId?.match(ATTEMPT_ID);
    return {
      pbxId: e.pbxId, linkedid: e.linkedid, direction: e.direction, callerNumber: this.number(e.callerNumber),
      callerName: e.callerName, calledNumber: this.number(e.calledNumber), startedAt: new Date(e.at),
      campaignAttemptId: attempt ? Number(attempt[1]) : null, crmCallId: e.crmCallId,
    };
  }

  /** The pop must not wait for the writes queued ahead of this offer: publish it now if the call's row is known. */
  private offerEarly(key: string, e: Extract<PbxEvent, { type: 'call.offered' }>): void {
    if (this.ended.has(key)) return;
    const row = this.live.get(key);
    if (!row) {
      const pending = this.earlyOffers.get(key) ?? [];
      pending.push(e);
      this.earlyOffers.set(key, pending);
      if (this.earlyOffers.size > 10_000) this.earlyOffers.delete(this.earlyOffers.keys().next().value!);
      return;
    }
    if (row.status === 'ended') return;
    const popped = this.earlyPopped.get(key) ?? new Set<string>();
    if (popped.has(e.agentUniqueid)) return;
    popped.add(e.agentUniqueid);
    this.earlyPopped.set(key, popped);
    if (this.earlyPopped.size > 20_000) this.earlyPopped.delete(this.earlyPopped.keys().next().value!);
    void this.userIdFor(e.extension).then((userId) => {
      if (userId === null) return;
      const projected: CallRow = { ...row, status: row.answered_at ? row.status : 'offered', offered_at: row.offered_at ?? new Date(e.at), queue_name: row.queue_name ?? e.queue };
      this.bus.publish('call.offer_early', { call: toCallSummary(projected), userId, extension: e.extension, queue: e.queue, offerKey: e.agentUniqueid });
    }).catch((err: unknown) => this.log.warn({ err, key }, 'early screen pop skipped'));
  }

  /** Hands the new call an id and makes its live row known before the INSERT; undefined when no id is at hand. */
  private startProvisional(key: string, c: StartedCall): number | undefined {
    const id = this.ids?.take(c.startedAt);
    if (id === undefined || id === null) return undefined;
    this.provisional.add(key);
    if (this.provisional.size > 10_000) this.provisional.delete(this.provisional.values().next().value!);
    this.remember({
      id, pbx_id: c.pbxId, linkedid: c.linkedid, direction: c.direction, status: 'ringing', outcome: null,
      caller_number: c.callerNumber, caller_name: c.callerName, called_number: c.calledNumber,
      queue_name: null, agent_user_id: null, customer_id: null, campaign_attempt_id: c.campaignAttemptId,
      started_at: c.startedAt, queued_at: null, offered_at: null, answered_at: null, ended_at: null, wait_seconds: null,
      talk_seconds: null, hold_seconds: 0, hold_started_at: null, hangup_cause: null, hangup_cause_text: null,
      hung_up_by: null, transferred: false, recording_path: null, updated_at: c.startedAt,
    });
    return id;
  }

  /**
   * Runs `task` after every event of that call received so far has been written (the call's own queue), e.g. a
   * write that needs the call's row to exist. Resolves when it ran.
   */
  after(pbxId: string, linkedid: string, task: () => Promise<unknown>): Promise<void> {
    return this.queue.push(`${pbxId}/${linkedid}`, async () => {
      try {
        await task();
      } catch (err) {
        if (isTransientDbError(err)) throw err; // retried in place like the call's own writes
        this.log.warn({ err, pbxId, linkedid }, 'write after the call\'s events failed');
      }
    });
  }

  private dropEarlyOffer(key: string, agentUniqueid: string): void {
    const pending = this.earlyOffers.get(key)?.filter((o) => o.agentUniqueid !== agentUniqueid);
    if (pending?.length) this.earlyOffers.set(key, pending);
    else this.earlyOffers.delete(key);
  }

  private flushEarlyOffers(key: string): void {
    const pending = this.earlyOffers.get(key);
    if (!pending) return;
    this.earlyOffers.delete(key);
    for (const e of pending) this.offerEarly(key, e);
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }

  get backlog(): number {
    return this.queue.size;
  }

  /** Age of the oldest PBX event not yet applied (ms): how far the call record is behind the PBX. */
  get lagMs(): number {
    return this.queue.oldestAgeMs();
  }

  private async userIdFor(extension: string | null): Promise<number | null> {
    if (!extension) return null;
    const hit = this.userCache.get(extension);
    if (hit && Date.now() - hit.at < 30_000) return hit.userId;
    // One lookup per extension at a time: under load many calls ring the same agent before the first answer.
    // Bounded: a query postgres.js never settles (a connection that died while connecting, upstream #1130) would
    // otherwise stay the shared answer for this extension for ever, and every retry of every call ringing it would
    // wait on it again instead of asking anew (db-outage.test.ts caught calls stuck that way after an outage).
    const lookup = () => bounded(this.users.findByExtension(extension), USER_LOOKUP_TIMEOUT_MS,
      () => Object.assign(new Error(`extension lookup timed out after ${USER_LOOKUP_TIMEOUT_MS} ms`), { code: 'TASK_TIMEOUT' }));
    const asked = this.userLookups.get(extension) ?? lookup().then((user) => {
      const userId = user?.id ?? null;
      this.userCache.set(extension, { userId, at: Date.now() });
      return userId;
    }).finally(() => this.userLookups.delete(extension));
    this.userLookups.set(extension, asked);
    return asked;
  }

  private number(raw: string | null): string | null {
    if (!raw) return null;
    const n = normalisePhone(raw, this.locale.region());
    return 'e164' in n ? n.e164 : raw.slice(0, 64);
  }

  private async current(e: { pbxId: string; linkedid: string }): Promise<CallRow | undefined> {
    const key = `${e.pbxId}/${e.linkedid}`;
    const cached = this.live.get(key);
    if (cached) return cached;
    const row = await this.calls.find(e.pbxId, e.linkedid);
    if (row && row.status !== 'ended') this.remember(row);
    return row;
  }

  private remember<T extends CallRow | undefined>(row: T): T {
    if (!row) return row;
    const key = `${row.pbx_id}/${row.linkedid}`;
    if (row.status === 'ended') {
      this.live.delete(key);
      return row;
    }
    this.live.delete(key);
    this.live.set(key, row);
    if (this.live.size > 20_000) this.live.delete(this.live.keys().next().value!);
    return row;
  }

  private async applyStarted(key: string, e: Extract<PbxEvent, { type: 'call.started' }>, input: StartedCall): Promise<void> {
    const agentUserId = e.direction === 'inbound' ? null : await this.userIdFor(e.extension);
    const leg = { uniqueid: e.uniqueid, channel: e.channel, role: e.direction === 'inbound' ? 'caller' : 'agent', userId: agentUserId };
    // A new call and its first leg in one statement; a replay (restart, resync, a second leader) returns nothing
    // and takes the two-step path, which finds the existing call and adds the leg if it is new.
    let done = await this.calls.insertStartedWithLeg(input, leg);
    if (!done) {
      done = await this.calls.insertStarted(input);
      await this.calls.upsertLeg(done.row.id, { ...leg, startedAt: input.startedAt });
    }
    this.provisional.delete(key);
    if (input.id !== undefined && done.row.id !== input.id) {
      // Not expected (live Newchannels only): the call was already recorded under another id.
      this.log.warn({ key, provisional: input.id, recorded: done.row.id }, 'call recorded earlier under another id; provisional id dropped');
    }
    this.remember(done.row);
    if (done.created) this.bus.publish('call.started', { call: toCallSummary(done.row) });
    // An agent's own outbound call (click-to-dial, a campaign dial) rings the agent's phone first: that is the
    // agent's offer, and it pops the callee's story as an inbound ring pops the caller's.
    if (done.created && e.direction === 'outbound' && agentUserId !== null && e.extension) {
      this.bus.publish('call.offered', { call: toCallSummary(done.row), userId: agentUserId, extension: e.extension, queue: null, offerKey: e.uniqueid });
    }
    if (done.created && e.crmCallId) await this.calls.originateOutcome(e.crmCallId, 'dialled', null);
    this.flushEarlyOffers(key);
  }

  /** Every event but call.started, which ingest() hands to applyStarted with its input built once. */
  private async apply(e: Exclude<PbxEvent, { type: 'call.started' }>): Promise<void> {
    const at = new Date(e.at);
    switch (e.type) {
      case 'call.queued': {
        const call = await this.current(e);
        if (!call) return;
        const row = this.remember(await this.calls.markQueued(call.id, e.queue, at));
        if (row && call.queued_at === null) this.bus.publish('call.queued', { call: toCallSummary(row), queue: e.queue });
        return;
      }
      case 'call.offered': {
        this.dropEarlyOffer(`${e.pbxId}/${e.linkedid}`, e.agentUniqueid);
        const call = await this.current(e);
        if (!call || call.status === 'ended') return;
        const userId = await this.userIdFor(e.extension);
        // The agent's phone is ringing now: both writes in one statement, then the pop.
        const offered = await this.calls.markOfferedWithLeg(call.id, e.queue, at, { uniqueid: e.agentUniqueid, channel: e.agentChannel, userId });
        const row = this.remember(offered) ?? call;
        this.bus.publish('call.offered', { call: toCallSummary(row), userId, extension: e.extension, queue: e.queue, offerKey: e.agentUniqueid });
        return;
      }
      case 'call.offer_withdrawn': {
        const call = await this.current(e);
        if (!call) return;
        this.bus.publish('call.offer_withdrawn', { call: toCallSummary(call), userId: await this.userIdFor(e.extension), extension: e.extension, reason: e.reason });
        return;
      }
      case 'call.answered': {
        const call = await this.current(e);
        // Answered again: only a transferred call (no agent until then) gets its new agent this way.
        if (!call || (call.answered_at && call.agent_user_id !== null)) return;
        const userId = await this.userIdFor(e.extension);
        if (call.answered_at && userId === null) return;
        const row = this.remember(await this.calls.markAnsweredWithLeg(call.id, userId, at, e.waitSeconds, e.answeredUniqueid));
        // The agent's leg of an outbound call was answered before the customer's: Asterisk only dials out then. Its
        // uniqueid is the call's Linkedid (the oldest channel's).
        if (row && call.direction === 'outbound') await this.calls.answerLeg(call.id, call.linkedid, at);
        if (row) this.bus.publish('call.answered', { call: toCallSummary(row), userId, extension: e.extension });
        return;
      }
      case 'call.abandoned': {
        const call = await this.current(e);
        if (call) this.remember(await this.calls.markAbandoned(call.id, e.queue, e.waitSeconds));
        return;
      }
      case 'call.held':
      case 'call.unheld': {
        const call = await this.current(e);
        if (!call) return;
        const held = e.type === 'call.held';
        if (held === (call.hold_started_at !== null)) return;
        const row = this.remember(await this.calls.setHold(call.id, held, at));
        if (row) this.bus.publish(held ? 'call.held' : 'call.unheld', { call: toCallSummary(row) });
        return;
      }
      case 'call.transferred': {
        const call = await this.current(e);
        if (!call) return;
        const fromUserId = call.agent_user_id;
        const toUserId = await this.userIdFor(e.toExtension);
        const row = this.remember(await this.calls.markTransferred(call.id, { kind: e.kind, fromUserId, toUserId, target: e.toExtension ?? e.target, at }));
        if (row) this.bus.publish('call.transferred', { call: toCallSummary(row), kind: e.kind, target: e.target, fromUserId, toUserId });
        return;
      }
      case 'call.recording_started': {
        const call = await this.current(e);
        if (!call || call.recording_path) return;
        const row = this.remember(await this.calls.setRecording(call.id, e.path));
        if (row) this.bus.publish('call.recording_started', { call: toCallSummary(row), path: e.path });
        return;
      }
      case 'call.leg_started': {
        let call = await this.current(e);
        if (!call) return;
        if (e.role === 'agent') {
          await this.calls.upsertLeg(call.id, { uniqueid: e.uniqueid, channel: e.channel, role: 'agent', userId: await this.userIdFor(e.extension), startedAt: at });
          return;
        }
        await this.calls.upsertLeg(call.id, { uniqueid: e.uniqueid, channel: e.channel, role: e.role, userId: null, startedAt: at });
        // The carrier leg makes it outbound whatever the start looked like: on PJSIP another tool's Originate starts
        // on the agent's channel with no dialled extension yet ('s'), so call.started said 'internal' (#27.2).
        const promoted = call.direction === 'internal' ? this.remember(await this.calls.promoteToOutbound(call.id)) : undefined;
        if (promoted) call = promoted;
        const dialled = this.number(e.dialledNumber);
        const named = !call.called_number && dialled ? this.remember(await this.calls.setCalledNumber(call.id, dialled)) : undefined;
        // An Originate by another tool names the callee only now: the agent's pop went out without them. Warmline's
        // own dials know the number from the start (and link via originate_requests), so they never come here.
        const row = named ?? promoted;
        if (row && row.called_number && row.direction === 'outbound' && row.customer_id === null && row.status !== 'ended') {
          const userIds = row.agent_user_id !== null ? [row.agent_user_id] : [...new Set(await this.calls.legUsers(row.id))];
          if (userIds.length > 0) this.bus.publish('call.callee_known', { call: toCallSummary(row), userIds });
        }
        return;
      }
      case 'call.leg_ended': {
        const call = await this.current(e);
        if (call) await this.calls.endLeg(call.id, e.uniqueid, at, e.cause);
        return;
      }
      case 'call.ended': {
        const call = await this.current(e);
        if (!call || call.status === 'ended') return;
        const key = `${e.pbxId}/${e.linkedid}`;
        this.earlyOffers.delete(key);
        this.earlyPopped.delete(key);
        // Every leg gets its end, also those whose Hangup was never seen (#27.5).
        const row = this.remember(await this.calls.markEndedWithLegs(call.id, { at, cause: e.cause, causeText: e.causeText, hungUpBy: e.hungUpBy, failure: e.failure, unseen: e.unseen === true }));
        if (row) this.bus.publish('call.ended', { call: toCallSummary(row) });
        return;
      }
      case 'originate.failed': {
        const attempt = e.crmCallId.match(ATTEMPT_ID);
        await this.calls.originateOutcome(e.crmCallId, 'failed', e.reason);
        this.bus.publish('call.originate_failed', { pbxId: e.pbxId, crmCallId: e.crmCallId, campaignAttemptId: attempt ? Number(attempt[1]) : null, reason: e.reason, at: e.at });
        return;
      }
      case 'campaign.dial_stage': {
        const attempt = e.crmCallId.match(ATTEMPT_ID);
        this.bus.publish('campaign.dial_stage', { pbxId: e.pbxId, crmCallId: e.crmCallId, campaignAttemptId: attempt ? Number(attempt[1]) : null,
          channel: e.channel, stage: e.stage, amdStatus: e.amdStatus, amdCause: e.amdCause, at: e.at });
        return;
      }
      case 'queue.member_status':
        this.bus.publish('pbx.member_status', { pbxId: e.pbxId, queue: e.queue, extension: e.extension, paused: e.paused, pausedReason: e.pausedReason, inCall: e.inCall, userId: await this.userIdFor(e.extension), pauseChanged: e.pauseChanged });
        return;
      case 'queue.caller_count':
        this.bus.publish('queue.stats_updated', { queue: e.queue });
        return;
      case 'agent.device_state':
        return;
      // A supervisor's spy session is no call (nothing written): server/supervision tells their console.
      case 'spy.started':
      case 'spy.ended':
        this.bus.publish('pbx.spy_changed', { pbxId: e.pbxId, active: e.type === 'spy.started', extension: e.extension, channel: e.channel, uniqueid: e.uniqueid,
          targetChannel: e.type === 'spy.started' ? e.targetChannel : null, mode: e.type === 'spy.started' ? e.mode : null, at: e.at });
        return;
    }
  }
}
