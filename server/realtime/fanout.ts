import type { EventBus } from '../events/event-bus';
import type { WarmlineIo } from './gateway';
import { rooms } from './rooms';
import { ROLES } from '@contract/roles';
import type { CallSummary } from '../events/domain-events';
import type { Logger } from '../logger';
import { histogram } from '../metrics/metrics';

const popSeconds = histogram('warmline_screen_pop_seconds', 'Screen pop latency on this node: from the offer event (call.offer_early or call.offered) to the pop emitted to the agent');

/**
 * The screen pop as started by startScreenPop (server/screenpop/screenpop.wiring.ts): it builds the pop for an
 * offered call (null when the call is gone). The fanout takes the started object rather than a bare builder
 * because on call.offered the bus runs handlers in subscription order and the screen pop's handler (which
 * refreshes the call's queue and offer time) must run first: so the screen pop is started, then the fanout.
 */
export interface SubscribedScreenPop {
  readonly subscribed: boolean;
  buildScreenPop(callId: number, userId: number): Promise<import('@contract/wire-events').ScreenPopPayload | null>;
}

export interface FanoutSources {
  screenPop?: SubscribedScreenPop;
  /** Today's figures of one queue (every queue without an argument) for the wallboard. Provided by server/supervision. */
  queueStats?: (queue?: string) => Promise<Array<{ queue: string }>>;
  /** Queue figures are pushed at most once per window (default 1 s). */
  statsWindowMs?: number;
}

// The one place that decides who receives which realtime event. Never a global broadcast: rooms only.
// Every pushed state carries a monotonically increasing seq so the console can drop stale or repeated pushes.
export function startFanout(bus: EventBus, io: WarmlineIo, sources: FanoutSources, log: Logger): () => void {
  if (sources.screenPop && !sources.screenPop.subscribed) {
    throw new Error('startFanout: the screen pop is not subscribed to the call lifecycle; start it first (startScreenPop)');
  }
  const screenPop = sources.screenPop;
  let seq = 0;
  const next = () => ++seq + Date.now() * 1000;
  const offs: Array<() => void> = [];

  // Queue figures change with every call event, and each computation reads the day's calls of the queue: under
  // load (20 calls/s) recomputing each queue every 250 ms cost more database time than the calls themselves. The
  // queues touched during a window are recomputed together, in one query, at most once per statsWindowMs.
  const statsWindowMs = sources.statsWindowMs ?? 1000;
  const dirtyQueues = new Set<string>();
  let statsTimer: NodeJS.Timeout | undefined;
  const flushStats = () => {
    statsTimer = undefined;
    const queues = new Set(dirtyQueues);
    dirtyQueues.clear();
    const read = queues.size === 1 ? sources.queueStats!([...queues][0]!) : sources.queueStats!();
    // Every agent's header counts the calls waiting in their own queues: each console keeps the queues it belongs to
    // (GET /api/agents/me/queues-waiting) and takes from this push only theirs.
    read.then((rows) => rows.filter((stats) => queues.has(stats.queue)).forEach((stats) => {
      io.to(rooms.supervision).emit('queue:stats', { ...stats, seq: next() });
      const waiting = (stats as { waiting?: unknown }).waiting;
      if (typeof waiting === 'number') io.to(ROLES.map((r) => rooms.role(r))).emit('queue:waiting', { queue: stats.queue, waiting, seq: next() });
    }))
      .catch((err: unknown) => log.error({ err, queues: [...queues] }, 'queue stats failed'));
  };
  const scheduleStats = (queue: string | null) => {
    if (!queue || !sources.queueStats) return;
    dirtyQueues.add(queue);
    statsTimer ??= setTimeout(flushStats, statsWindowMs);
  };
  offs.push(() => clearTimeout(statsTimer));
  offs.push(bus.subscribe('queue.stats_updated', (e) => scheduleStats(e.queue)));

  const pushCall = (call: CallSummary) => {
    scheduleStats(call.queue);
    const payload = { ...call, seq: next() };
    let target = io.to(rooms.supervision).to(rooms.call(call.callId));
    if (call.agentUserId) target = target.to(rooms.user(call.agentUserId));
    target.emit('call:updated', payload);
  };

  for (const name of ['call.started', 'call.queued', 'call.answered', 'call.held', 'call.unheld', 'call.transferred', 'call.ended', 'call.recording_started', 'call.offer_withdrawn'] as const) {
    offs.push(bus.subscribe(name, (e) => pushCall(e.call)));
  }

  // One pop per offer (offerKey = the ringing agent channel's uniqueid): call.offer_early normally pops first and
  // call.offered, which follows once the offer is written, only updates the call; whichever arrives second skips.
  const poppedOffers = new Set<string>();
  const popOnce = async (callId: number, userId: number, offerKey: string | undefined) => {
    if (!screenPop) return;
    if (offerKey !== undefined) {
      const k = `${callId}/${offerKey}`;
      if (poppedOffers.delete(k)) return;
      poppedOffers.add(k);
      if (poppedOffers.size > 10_000) poppedOffers.delete(poppedOffers.values().next().value!);
    }
    const since = performance.now();
    const pop = await screenPop.buildScreenPop(callId, userId);
    if (pop) {
      io.to(rooms.user(userId)).emit('screen-pop', pop);
      popSeconds.observe((performance.now() - since) / 1000);
    } else log.warn({ callId }, 'screen pop not built');
  };
  offs.push(bus.subscribe('call.offer_early', (e) => popOnce(e.call.callId, e.userId, e.offerKey)));
  offs.push(bus.subscribe('call.offered', async (e) => {
    pushCall(e.call);
    if (e.userId !== null) await popOnce(e.call.callId, e.userId, e.offerKey);
  }));

  // An attended transfer gives the call to an agent who was never offered it (they took the consultation): the
  // pop of the transferred call follows it to them. A blind transfer's target is offered the call, and popped then.
  offs.push(bus.subscribe('call.transferred', async (e) => {
    if (e.kind === 'attended' && e.toUserId !== null) await popOnce(e.call.callId, e.toUserId, undefined);
  }));

  // The callee of an outbound call became known after the agent was popped: a fresh pop of the same call (the
  // console replaces the one on screen), not keyed to an offer so the offer's dedup does not swallow it.
  offs.push(bus.subscribe('call.callee_known', async (e) => {
    for (const userId of e.userIds) await popOnce(e.call.callId, userId, undefined);
  }));

  offs.push(bus.subscribe('agent.state_changed', (e) => {
    io.to(rooms.user(e.userId)).to(rooms.supervision).emit('agent:state', {
      userId: e.userId, displayName: '', extension: e.extension, state: e.state, reason: e.reason, since: e.since, callId: e.callId, seq: next(),
    });
  }));

  offs.push(bus.subscribe('task.due', (e) => {
    io.to(rooms.user(e.userId)).emit('task:due', { taskId: e.taskId, customerId: e.customerId, kind: e.kind, dueAt: e.dueAt, note: e.note });
  }));

  // A supervisor's spy session is theirs alone: their own consoles (softphone panel, wallboard mark).
  offs.push(bus.subscribe('supervision.session_changed', (e) => {
    io.to(rooms.user(e.userId)).emit('supervision:session', { session: e.session, endedChannel: e.endedChannel, seq: next() });
  }));

  offs.push(bus.subscribe('supervision.alert_raised', (e) => {
    io.to(rooms.supervision).emit('wallboard:alert', { ...e, at: new Date().toISOString() });
  }));

  // Every signed-in console shows these labels: each role's room (everybody is in exactly one), not a broadcast.
  offs.push(bus.subscribe('lists.changed', (e) => {
    io.to(ROLES.map((r) => rooms.role(r))).emit('lists:changed', { list: e.list });
  }));
  // Queue administration is admin-only data; a deactivated user leaves every queue on the PBX (members shown inactive).
  offs.push(bus.subscribe('queues.changed', (e) => { io.to(rooms.role('admin')).emit('queues:changed', { queueId: e.queueId }); }));
  offs.push(bus.subscribe('user.deactivated', () => { io.to(rooms.role('admin')).emit('queues:changed', { queueId: null }); }));
  offs.push(bus.subscribe('campaign.progress_updated', (e) => {
    io.to(rooms.campaign(e.campaignId)).to(rooms.role('campaign_manager')).to(rooms.supervision).emit('campaign:progress', { campaignId: e.campaignId, seq: next() });
  }));

  // Same audience as the progress signal: the campaign's room, campaign managers and supervision.
  offs.push(bus.subscribe('campaign.pacing_updated', (e) => {
    io.to(rooms.campaign(e.campaignId)).to(rooms.role('campaign_manager')).to(rooms.supervision).emit('campaign:pacing', { ...e.view, seq: next() });
  }));

  return () => offs.forEach((off) => off());
}
