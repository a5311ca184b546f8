import type { PbxEvent } from './pbx-events';
import { chanVars, field, fieldOrNull, intField, type AmiFrame } from './ami-frame';
import { extensionOf, isLocalChannel, isTrunkChannel } from './channel-names';
import { crmCallIdFromActionId } from './originate-tag';
import type { Draft, OriginateFailure, TrackedCall, TrackedChannel } from './translator-state';

type WithdrawReason = Extract<PbxEvent, { type: 'call.offer_withdrawn' }>['reason'];

// Call-scoped AMI events other than the channel lifecycle (queue, dial, transfer, hold, recording, originate).
export function handleCallEvent(d: Draft, name: string, ev: AmiFrame): void {
  switch (name) {
    case 'queuecallerjoin': return onQueueJoin(d, ev);
    case 'queuecallerleave': return onQueueLeave(d, ev);
    case 'queuecallerabandon': return onQueueAbandon(d, ev);
    case 'agentcalled': return onAgentCalled(d, ev);
    case 'agentringnoanswer': return onAgentRingNoAnswer(d, ev);
    case 'agentconnect': return onAgentConnect(d, ev);
    case 'agentcomplete': return onAgentComplete(d, ev);
    case 'agentdump': return setFinalParty(d, ev, 'agent');
    case 'dialbegin': return onDialBegin(d, ev);
    case 'dialend': return onDialEnd(d, ev);
    case 'hold': return setHeld(d, ev, true);
    case 'unhold': return setHeld(d, ev, false);
    case 'musiconholdstart': return onMusicOnHold(d, ev, true);
    case 'musiconholdstop': return onMusicOnHold(d, ev, false);
    case 'mixmonitorstart': return onMixMonitorStart(d, ev);
    case 'blindtransfer': return onBlindTransfer(d, ev);
    case 'originateresponse': return onOriginateResponse(d, ev);
    default: return undefined;
  }
}

function callOf(d: Draft, ev: AmiFrame, prefix = ''): TrackedCall | undefined {
  const call = d.call(fieldOrNull(ev, `${prefix}linkedid`));
  return call?.started ? call : undefined;
}

function base(d: Draft, call: TrackedCall) {
  return { pbxId: d.pbxId, linkedid: call.linkedid, at: d.at };
}

export function withdrawOffer(d: Draft, call: TrackedCall, uniqueid: string, reason: WithdrawReason): TrackedCall {
  const offer = call.offers[uniqueid];
  if (!offer) return call;
  const offers = { ...call.offers };
  delete offers[uniqueid];
  d.emit({ type: 'call.offer_withdrawn', ...base(d, call), queue: offer.queue, extension: offer.extension, reason });
  const next = { ...call, offers };
  d.setCall(next);
  return next;
}

function withdrawAll(d: Draft, call: TrackedCall, reason: WithdrawReason, except?: string): TrackedCall {
  for (const uid of Object.keys(call.offers)) if (uid !== except) call = withdrawOffer(d, call, uid, reason);
  return call;
}

function onQueueJoin(d: Draft, ev: AmiFrame): void {
  const call = callOf(d, ev);
  const queue = fieldOrNull(ev, 'queue');
  if (!call || !queue) return;
  d.setCall({ ...call, queue, queueState: 'waiting' });
  d.emit({ type: 'call.queued', ...base(d, call), queue, position: intField(ev, 'position') ?? 0 });
  d.emit({ type: 'queue.caller_count', pbxId: d.pbxId, at: d.at, queue, count: intField(ev, 'count') ?? 0 });
}

function onQueueLeave(d: Draft, ev: AmiFrame): void {
  const queue = fieldOrNull(ev, 'queue');
  const call = callOf(d, ev);
  if (call?.queueState === 'waiting') d.setCall({ ...call, queueState: 'left' });
  if (queue) d.emit({ type: 'queue.caller_count', pbxId: d.pbxId, at: d.at, queue, count: intField(ev, 'count') ?? 0 });
}

function onQueueAbandon(d: Draft, ev: AmiFrame): void {
  let call = callOf(d, ev);
  const queue = fieldOrNull(ev, 'queue') ?? call?.queue ?? null;
  if (!call || !queue || call.queueState === 'abandoned') return;
  call = withdrawAll(d, { ...call, queueState: 'abandoned' }, 'caller_left');
  d.setCall(call);
  d.emit({ type: 'call.abandoned', ...base(d, call), queue, position: intField(ev, 'position') ?? 0,
    waitSeconds: intField(ev, 'holdtime') ?? 0 });
}

function memberExtension(d: Draft, ev: AmiFrame): string | null {
  return extensionOf(field(ev, 'interface'), d.options) ?? extensionOf(field(ev, 'destchannel'), d.options);
}

function onAgentCalled(d: Draft, ev: AmiFrame): void {
  const call = callOf(d, ev);
  const extension = memberExtension(d, ev);
  const agentUniqueid = fieldOrNull(ev, 'destuniqueid');
  const agentChannel = fieldOrNull(ev, 'destchannel');
  if (!call || !extension || !agentUniqueid || !agentChannel || call.offers[agentUniqueid]) return;
  // Replayed after the agent answered or the ring ended (same ids): that agent was offered the call already.
  if (call.answeredUniqueids.includes(agentUniqueid) || d.isEnded(agentUniqueid)) return;
  const queue = fieldOrNull(ev, 'queue') ?? call.queue;
  d.setCall({ ...call, offers: { ...call.offers, [agentUniqueid]: { extension, queue } } });
  d.emit({ type: 'call.offered', ...base(d, call), queue, extension, agentUniqueid, agentChannel });
}

function onAgentRingNoAnswer(d: Draft, ev: AmiFrame): void {
  const call = callOf(d, ev);
  const uid = fieldOrNull(ev, 'destuniqueid');
  if (call && uid) withdrawOffer(d, call, uid, 'no_answer');
}

export function answer(d: Draft, call: TrackedCall, extension: string | null, queue: string | null,
  waitSeconds: number | null, answeredUniqueid: string): void {
  if (call.answeredUniqueids.includes(answeredUniqueid)) return;
  let next: TrackedCall = { ...call, offers: { ...call.offers } };
  delete (next.offers as Record<string, unknown>)[answeredUniqueid];
  next = withdrawAll(d, next, 'answered_elsewhere');
  d.setCall({ ...next, answered: true, answeredUniqueids: [...call.answeredUniqueids, answeredUniqueid],
    queueState: queue && next.queueState !== 'none' ? 'connected' : next.queueState });
  d.emit({ type: 'call.answered', ...base(d, call), extension, queue, waitSeconds, answeredUniqueid });
}

function onAgentConnect(d: Draft, ev: AmiFrame): void {
  const call = callOf(d, ev);
  const uid = fieldOrNull(ev, 'destuniqueid');
  if (!call || !uid) return;
  answer(d, call, memberExtension(d, ev), fieldOrNull(ev, 'queue') ?? call.queue, intField(ev, 'holdtime'), uid);
}

function setFinalParty(d: Draft, ev: AmiFrame, party: 'customer' | 'agent'): void {
  const call = callOf(d, ev);
  // An agent's Hang up asked through the server (HANGUP_BY_VARIABLE) is known better than app_queue's guess.
  if (call && !call.hangupAskedBy) d.setCall({ ...call, hungUpBy: party, hungUpByFinal: true });
}

// app_queue knows who hung up a queue call better than the order of HangupRequest frames does.
function onAgentComplete(d: Draft, ev: AmiFrame): void {
  const reason = field(ev, 'reason');
  if (reason === 'caller') setFinalParty(d, ev, 'customer');
  else if (reason === 'agent') setFinalParty(d, ev, 'agent');
}

function onDialBegin(d: Draft, ev: AmiFrame): void {
  const call = callOf(d, ev, fieldOrNull(ev, 'linkedid') ? '' : 'dest');
  const destUid = fieldOrNull(ev, 'destuniqueid');
  const destChannel = fieldOrNull(ev, 'destchannel');
  // No Channel header: the first leg of an Originate (Asterisk dials the agent for us); not an offer.
  if (!call || !destUid || !destChannel || !fieldOrNull(ev, 'channel')) return;
  if (call.queueState === 'waiting' || call.offers[destUid]) return;
  if (call.answeredUniqueids.includes(destUid) || d.isEnded(destUid)) return;
  if (isTrunkChannel(destChannel, d.options)) {
    // The carrier leg (an agent's outbound call): recorded as the customer's leg, never offered. A call that looked
    // internal at its start (an Originate by another tool: no dialled extension yet) is outbound from here on.
    if (call.direction === 'internal') d.setCall({ ...call, direction: 'outbound' });
    const exten = fieldOrNull(ev, 'exten');
    d.emit({ type: 'call.leg_started', ...base(d, call), uniqueid: destUid, channel: destChannel, role: 'external',
      dialledNumber: exten && exten !== 's' ? exten : null });
    return;
  }
  const extension = extensionOf(destChannel, d.options);
  if (!extension) return;
  d.setCall({ ...call, offers: { ...call.offers, [destUid]: { extension, queue: null } } });
  d.emit({ type: 'call.offered', ...base(d, call), queue: null, extension, agentUniqueid: destUid, agentChannel: destChannel });
}

const WITHDRAW_BY_DIALSTATUS: Record<string, WithdrawReason> = {
  BUSY: 'busy', NOANSWER: 'no_answer', CHANUNAVAIL: 'rejected', CONGESTION: 'rejected',
};

function onDialEnd(d: Draft, ev: AmiFrame): void {
  const hasCaller = fieldOrNull(ev, 'channel') !== null;
  let call = callOf(d, ev, hasCaller ? '' : 'dest');
  const status = field(ev, 'dialstatus') ?? '';
  const destUid = fieldOrNull(ev, 'destuniqueid');
  if (!call || !destUid) return;
  call = { ...call, dialStatus: status || call.dialStatus };
  d.setCall(call);
  if (!hasCaller) return;
  if (status !== 'ANSWER') {
    const reason = WITHDRAW_BY_DIALSTATUS[status] ?? (status === 'CANCEL' ? (call.answered ? 'answered_elsewhere' : 'caller_left') : null);
    if (reason && !(call.queue && call.queueState === 'waiting' && (status === 'NOANSWER' || status === 'CANCEL'))) {
      withdrawOffer(d, call, destUid, reason);
    }
    return;
  }
  // Queue calls are answered by AgentConnect (it follows DialEnd and carries the hold time).
  if (call.queueState === 'waiting' || call.queueState === 'left') return;
  const destChannel = field(ev, 'destchannel') ?? '';
  const toTrunk = isTrunkChannel(destChannel, d.options);
  const extension = toTrunk ? extensionOf(field(ev, 'channel'), d.options) : extensionOf(destChannel, d.options);
  answer(d, call, extension, null, null, destUid);
}

function setHeld(d: Draft, ev: AmiFrame, held: boolean): void {
  const call = callOf(d, ev);
  const uniqueid = fieldOrNull(ev, 'uniqueid');
  if (!call || !uniqueid || call.held === held) return;
  d.setCall({ ...call, held });
  d.emit(held ? { type: 'call.held', ...base(d, call), uniqueid } : { type: 'call.unheld', ...base(d, call), uniqueid });
}

// MOH also plays while a caller waits in a queue: that is not a hold.
function onMusicOnHold(d: Draft, ev: AmiFrame, start: boolean): void {
  const call = callOf(d, ev);
  if (!call || call.queueState === 'waiting') return;
  setHeld(d, ev, start);
}

function onMixMonitorStart(d: Draft, ev: AmiFrame): void {
  const call = callOf(d, ev);
  const ch = d.channel(fieldOrNull(ev, 'uniqueid'));
  if (!call) return;
  const path = ch?.mixMonitorFile ?? (chanVars(ev).RECORDING_FILE || null) ?? ch?.recordingFile ?? null;
  if (!path || call.recordings.includes(path)) return;
  d.setCall({ ...call, recordings: [...call.recordings, path] });
  d.emit({ type: 'call.recording_started', ...base(d, call), path });
}

function markTransferers(d: Draft, linkedid: string | null, uniqueids: Array<string | null>): void {
  const call = d.call(linkedid);
  const ids = uniqueids.filter((u): u is string => !!u);
  if (!call) return;
  const { hangupAskedBy: _, ...rest } = call;
  d.setCall({ ...rest, transferers: [...call.transferers, ...ids], hungUpBy: null, hungUpByFinal: false });
}

function onBlindTransfer(d: Draft, ev: AmiFrame): void {
  if (field(ev, 'result') !== 'Success') return;
  const call = callOf(d, ev, 'transferee') ?? callOf(d, ev, 'transferer');
  if (!call) return;
  markTransferers(d, call.linkedid, [fieldOrNull(ev, 'transfereruniqueid')]);
  const target = fieldOrNull(ev, 'extension');
  const toExtension = target && d.options.internalExtensionPattern.test(target) ? target : null;
  d.emit({ type: 'call.transferred', ...base(d, call), kind: 'blind', target, toExtension });
}

/** `consulted`: the target's channel when the consultation ran through a Local channel (translator-consult.ts). */
export function onAttendedTransfer(d: Draft, ev: AmiFrame, consulted: TrackedChannel | null): void {
  if (field(ev, 'result') !== 'Success') return;
  const call = callOf(d, ev, 'transferee') ?? callOf(d, ev, 'origtransferer');
  if (!call) return;
  const transferers = [fieldOrNull(ev, 'origtransfereruniqueid'), fieldOrNull(ev, 'secondtransfereruniqueid')];
  markTransferers(d, call.linkedid, transferers);
  markTransferers(d, fieldOrNull(ev, 'secondtransfererlinkedid'), transferers);
  const target = consulted?.channel ?? fieldOrNull(ev, 'transfertargetchannel');
  const toExtension = consulted ? consulted.extension : extensionOf(target, d.options);
  d.emit({ type: 'call.transferred', ...base(d, call), kind: 'attended', target, toExtension });
  const targetUid = consulted?.uniqueid ?? fieldOrNull(ev, 'transfertargetuniqueid');
  const after = d.call(call.linkedid);
  if (after && targetUid && toExtension) answer(d, after, toExtension, after.queue, null, targetUid);
}

// OriginateResponse Reason is the last control frame the dialled leg sent (AST_CONTROL_*): 3 ringing (timed out),
// 5 busy, 8 congestion, 1 hangup. Real Asterisk 20 over PJSIP (tests/fixtures/ami/originate_*.raw.jsonl) says 0
// for a phone that answered 486 or 603, so 0 and 1 only mean "the leg hung up": the leg's Hangup cause tells why.
// It also sends the response before the leg's Hangup when the phone declined or never answered, and after it when
// the phone was busy: while the leg is still there the failure waits for the call's end (endCall reports it).
const ORIGINATE_REASON: Record<number, OriginateFailure | null> = {
  0: null, 1: null, 3: 'no_answer', 5: 'busy', 8: 'congestion',
};

// An Originate of a Local channel (a predictive dial: Local/<number>@dial-out, whose ;2 half dials the carrier) gets
// its Reason from the Local half, not from the carrier: Asterisk 20.20.1 said 0 for a carrier that rang (180) and then
// said 486 or 603, and 3 when the Originate timed out (tests/pbx-real/predictive-ring-outcomes.test.ts). The carrier
// leg's own Hangup cause says what happened, so it comes first there.
function onOriginateResponse(d: Draft, ev: AmiFrame): void {
  if (field(ev, 'response') === 'Success') return;
  const crmCallId = crmCallIdFromActionId(field(ev, 'actionid')) ?? (chanVars(ev).CRM_CALL_ID || null)
    ?? d.channel(fieldOrNull(ev, 'uniqueid'))?.crmCallId ?? null;
  if (!crmCallId) return;
  const code = intField(ev, 'reason') ?? 0;
  const byCode = code in ORIGINATE_REASON ? ORIGINATE_REASON[code]! : 'failed';
  const viaLocal = isLocalChannel(field(ev, 'channel'));
  const live = Object.values(d.calls).find((c) => c.crmCallId === crmCallId && !c.answered);
  if (live) {
    d.setCall({ ...live, originateFailure: { crmCallId, reason: byCode, ...(viaLocal ? { viaLocal } : {}) } });
    return;
  }
  const byCause = failureByCause(d.earlyHangup(originateKey(crmCallId))?.cause ?? null);
  const reason = (viaLocal ? byCause ?? byCode : byCode ?? byCause) ?? 'failed';
  d.emit({ type: 'originate.failed', pbxId: d.pbxId, at: d.at, crmCallId, reason });
}

export const originateKey = (crmCallId: string) => `originate:${crmCallId}`;

/** The failure a Hangup cause names (Q.850), or null when it names none. */
export function failureByCause(cause: number | null): OriginateFailure | null {
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19) return 'no_answer';
  if (cause === 34 || cause === 38 || cause === 42 || cause === 44) return 'congestion';
  if (cause === 21 || cause === 1 || cause === 3 || cause === 20 || cause === 27) return 'failed';
  return null;
}
