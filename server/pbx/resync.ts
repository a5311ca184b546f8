import type { LiveChannelSnapshot } from './pbx-events';
import { isTrunkChannel } from './channel-names';
import { createTranslatorState, Draft, newCall, type TrackedCall, type TrackedChannel, type TranslateResult,
  type TranslatorState } from './translator-state';

// After a reconnect (or a restart) the PBX is the truth: compare what the translator believed with what
// CoreShowChannels/QueueStatus show now, and emit just enough events that no call is lost or counted twice.
// Calls that vanished end with cause null, hungUpBy 'system' and `unseen` (how they ended is not known); calls never seen start (and are queued/answered
// as visible); calls seen on both sides only get the answer they missed. The returned state continues translating.

export function resync(state: TranslatorState, snapshots: readonly LiveChannelSnapshot[], pbxId: string,
  at: Date | string = new Date()): TranslateResult {
  const d = new Draft(state, pbxId, typeof at === 'string' ? at : at.toISOString());
  const live = new Map<string, LiveChannelSnapshot[]>();
  for (const s of snapshots) if (s.pbxId === pbxId) live.set(s.linkedid, [...(live.get(s.linkedid) ?? []), s]);

  for (const call of Object.values(state.calls)) {
    if (live.has(call.linkedid)) continue;
    for (const uid of call.channels) { d.deleteChannel(uid); d.markEnded(uid); }
    d.deleteCall(call.linkedid);
    d.markEnded(call.linkedid);
    if (call.started) {
      d.emit({ type: 'call.ended', pbxId, linkedid: call.linkedid, at: d.at, cause: null, causeText: null, hungUpBy: 'system', failure: null, unseen: true });
    }
  }
  for (const [linkedid, rows] of live) {
    const known = d.call(linkedid);
    if (known) reconcileKnown(d, known, rows);
    else startUnknown(d, linkedid, rows);
  }
  return d.result();
}

/** Same reconciliation when only the server's list of open calls is known (e.g. after a process restart). */
export function resyncKnownCalls(known: ReadonlyArray<{ linkedid: string; answered: boolean }>,
  snapshots: readonly LiveChannelSnapshot[], pbxId: string, at: Date | string = new Date(),
  base: TranslatorState = createTranslatorState()): TranslateResult {
  const d = new Draft(base, pbxId, typeof at === 'string' ? at : at.toISOString());
  for (const k of known) d.setCall({ ...newCall(k.linkedid, '', d.at), channels: [], started: true, answered: k.answered });
  return resync(d.result().state, snapshots, pbxId, at);
}

function tracked(d: Draft, s: LiveChannelSnapshot): TrackedChannel {
  const opts = d.options;
  return {
    uniqueid: s.uniqueid, linkedid: s.linkedid, channel: s.channel, extension: s.extension,
    trunk: isTrunkChannel(s.channel, opts) || (!!s.context && opts.trunkContexts.includes(s.context)),
    callerNumber: s.callerNumber, callerName: null, exten: s.calledNumber, context: s.context ?? null, up: s.state === 'up',
    recordingFile: null, mixMonitorFile: null, crmCallId: null, toNumber: null, startedAt: s.startedAt,
  };
}

function answerIfVisible(d: Draft, call: TrackedCall, rows: readonly LiveChannelSnapshot[]): TrackedCall {
  if (call.answered) return call;
  const agent = rows.find((r) => r.state === 'up' && r.bridgedTo && r.extension && !tracked(d, r).trunk && r.uniqueid !== call.firstUniqueid);
  // An outbound call (Originate: the agent's leg first, then the trunk) is answered when the customer's trunk leg
  // is up and bridged; like DialEnd ANSWER, the extension is the agent's and the answered leg is the trunk's.
  const first = rows.find((r) => r.uniqueid === call.firstUniqueid);
  const customer = !agent && first && !tracked(d, first).trunk
    ? rows.find((r) => r.state === 'up' && r.bridgedTo && tracked(d, r).trunk && r.uniqueid !== call.firstUniqueid) : undefined;
  const answeredLeg = agent ?? customer;
  if (!answeredLeg) return call;
  const queue = call.queue ?? rows.find((r) => r.queue)?.queue ?? null;
  const next: TrackedCall = { ...call, answered: true, answeredUniqueids: [...call.answeredUniqueids, answeredLeg.uniqueid],
    queueState: queue ? 'connected' : call.queueState };
  d.setCall(next);
  d.emit({ type: 'call.answered', pbxId: d.pbxId, linkedid: call.linkedid, at: d.at, extension: agent ? agent.extension : first!.extension, queue,
    waitSeconds: null, answeredUniqueid: answeredLeg.uniqueid });
  return next;
}

function reconcileKnown(d: Draft, call: TrackedCall, rows: readonly LiveChannelSnapshot[]): void {
  const present = new Set(rows.map((r) => r.uniqueid));
  for (const uid of call.channels) {
    if (present.has(uid)) continue;
    const ch = d.channel(uid);
    d.deleteChannel(uid);
    if (ch) d.emit({ type: 'call.leg_ended', pbxId: d.pbxId, linkedid: call.linkedid, at: d.at, uniqueid: uid, channel: ch.channel, cause: null, causeText: null });
  }
  for (const r of rows) if (!d.channel(r.uniqueid)) d.setChannel(tracked(d, r));
  const next = { ...call, channels: rows.map((r) => r.uniqueid),
    firstUniqueid: call.firstUniqueid || (rows.find((r) => r.uniqueid === call.linkedid) ?? rows[0]!).uniqueid };
  d.setCall(next);
  answerIfVisible(d, next, rows);
}

function startUnknown(d: Draft, linkedid: string, rows: readonly LiveChannelSnapshot[]): void {
  const sorted = [...rows].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || seq(a.uniqueid) - seq(b.uniqueid));
  const channels = sorted.map((r) => tracked(d, r));
  for (const ch of channels) d.setChannel(ch);
  const first = channels.find((c) => c.uniqueid === linkedid) ?? channels[0]!;
  const direction = first.trunk ? 'inbound' : channels.some((c) => c.trunk) ? 'outbound' : 'internal';
  let call: TrackedCall = { ...newCall(linkedid, first.uniqueid, first.startedAt), channels: channels.map((c) => c.uniqueid), started: true, direction };
  d.setCall(call);
  d.emit({ type: 'call.started', pbxId: d.pbxId, linkedid, at: first.startedAt, uniqueid: first.uniqueid, channel: first.channel,
    direction, callerNumber: first.callerNumber, callerName: null, calledNumber: first.exten, crmCallId: null,
    extension: first.trunk ? null : first.extension, resynced: true });
  const waiting = sorted.find((r) => r.queue && !r.bridgedTo);
  if (waiting?.queue) {
    call = { ...call, queue: waiting.queue, queueState: 'waiting' };
    d.setCall(call);
    d.emit({ type: 'call.queued', pbxId: d.pbxId, linkedid, at: d.at, queue: waiting.queue, position: waiting.queuePosition ?? 0 });
    return;
  }
  answerIfVisible(d, call, sorted);
}

function seq(uniqueid: string): number {
  const n = Number(uniqueid.split('.')[1]);
  return Number.isFinite(n) ? n : 0;
}
