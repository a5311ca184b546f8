import type { HangupParty } from './pbx-events';
import { CAMPAIGN_STAGE_VARIABLE, parseCampaignStage } from './campaign-stage';
import { chanVars, field, fieldOrNull, frameTime, intField, varSetName, type AmiFrame } from './ami-frame';
import { extensionOf, isLocalChannel, isTrunkChannel } from './channel-names';
import { Draft, newCall, type TrackedCall, type TrackedChannel, type TranslateResult, type TranslatorState } from './translator-state';
import { failureByCause, handleCallEvent, onAttendedTransfer, originateKey, withdrawOffer } from './translator-call-events';
import { handleLocalFrame, settleConsultation } from './translator-consult';
import { handlePresenceEvent } from './translator-presence-events';

export { createTranslatorState } from './translator-state';
export type { TrackedCall } from './translator-state';
export type { TranslatorState, TranslateResult, TranslatorOptions } from './translator-state';

// Pure AMI -> PbxEvent translation. Calls are keyed by Linkedid, channels by Uniqueid; Local/ channels (both ;1
// and ;2 halves) are dropped because the real endpoints they connect show up as their own channels.

const SETUP_NOISE = new Set(['newchannel', 'varset', 'newcallerid', 'newconnectedline']);
const ORIGINATE_APPS = new Set(['AppDial', 'AppDial2', 'AppQueue']);
export const SPY_VARIABLE = 'WARMLINE_SPY';
/**
 * Set by AmiPbxPort.hangup on the channel it is about to hang up for an agent who pressed Hang up where their
 * browser holds no leg (a restored console, an Originate'd call). Asterisk reports the AMI Hangup as a
 * SoftHangupRequest, which reads as the system's, and app_queue's AgentComplete may name either side: this says who.
 */
export const HANGUP_BY_VARIABLE = 'WARMLINE_HANGUP_BY';

export function translate(state: TranslatorState, ev: AmiFrame, pbxId: string, receivedAt: Date | string): TranslateResult {
  try {
    return translateFrame(state, ev, pbxId, receivedAt);
  } catch {
    // A frame we cannot make sense of must not take the PBX link down; the state is left as it was.
    return { state, events: [] };
  }
}

function translateFrame(state: TranslatorState, ev: AmiFrame, pbxId: string, receivedAt: Date | string): TranslateResult {
  const name = field(ev, 'event')?.toLowerCase();
  if (!name) return { state, events: [] };
  const received = typeof receivedAt === 'string' ? Date.parse(receivedAt) : receivedAt.getTime();
  const d = new Draft(state, pbxId, frameTime(ev, receivedAt), [], Number.isNaN(received) ? Date.now() : received);
  if (handlePresenceEvent(d, name, ev)) return d.result();
  // An Originate of a Local channel (a predictive dial through [dial-out]) is answered on that channel's name: the
  // response is about the Originate, not about a channel, so it is not dropped with the Local channel's frames.
  if (name === 'originateresponse') { handleCallEvent(d, name, ev); return d.result(); }
  if (isLocalChannel(field(ev, 'channel'))) { handleLocalFrame(d, name, ev, endCall); return d.result(); }

  if (name === 'newchannel') { onNewChannel(d, ev); return d.result(); }
  if (onSpyFrame(d, name, ev)) return d.result();
  touchChannel(d, ev);
  const linkedid = fieldOrNull(ev, 'linkedid') ?? fieldOrNull(ev, 'destlinkedid');
  const call = d.call(linkedid);
  if (call && !call.started && !isSetupNoise(name, ev)) flushStart(d, call);

  switch (name) {
    case 'varset': onVarSet(d, ev); break;
    case 'newcallerid': onNewCallerId(d, ev); break;
    case 'newstate': onNewState(d, ev); break;
    case 'hanguprequest': onHangupRequest(d, ev, 'hard'); break;
    case 'softhanguprequest': onHangupRequest(d, ev, 'soft'); break;
    case 'hangup': onHangup(d, ev); break;
    case 'attendedtransfer': onAttendedTransfer(d, ev, settleConsultation(d, ev, endCall)); break;
    default: handleCallEvent(d, name, ev);
  }
  return d.result();
}

function isSetupNoise(name: string, ev: AmiFrame): boolean {
  if (SETUP_NOISE.has(name)) return true;
  return name === 'newexten' && ORIGINATE_APPS.has(field(ev, 'application') ?? '');
}

function onNewChannel(d: Draft, ev: AmiFrame): void {
  const channel = fieldOrNull(ev, 'channel');
  const uniqueid = fieldOrNull(ev, 'uniqueid');
  const linkedid = fieldOrNull(ev, 'linkedid') ?? uniqueid;
  if (!channel || !uniqueid || !linkedid || isLocalChannel(channel) || d.channel(uniqueid)) return;
  // The same frames again (replayed with the same ids), or a channel of a call that has ended: nothing new.
  if (d.isEnded(uniqueid) || (d.isEnded(linkedid) && !d.call(linkedid))) return;
  const vars = chanVars(ev);
  const context = fieldOrNull(ev, 'context');
  const opts = d.options;
  const ch: TrackedChannel = {
    uniqueid, linkedid, channel,
    extension: extensionOf(channel, opts),
    trunk: isTrunkChannel(channel, opts) || (context !== null && opts.trunkContexts.includes(context)),
    callerNumber: fieldOrNull(ev, 'calleridnum'), callerName: fieldOrNull(ev, 'calleridname'),
    exten: fieldOrNull(ev, 'exten'), context, up: field(ev, 'channelstatedesc') === 'Up',
    recordingFile: vars.RECORDING_FILE || null, mixMonitorFile: null, crmCallId: vars.CRM_CALL_ID || null,
    toNumber: vars.CRM_TO_NUMBER || null, startedAt: d.at,
  };
  const gone = d.earlyHangup(uniqueid);
  d.setChannel(gone ? { ...ch, gone } : ch);
  const call = d.call(linkedid);
  d.setCall(noteGone(d, call ? { ...call, channels: [...call.channels, uniqueid] } : newCall(linkedid, uniqueid, d.at)));
}

// Frames can arrive out of order (a replaying or relaying AMI server): a channel whose Hangup came before its
// Newchannel is tracked as gone. A call whose channels are all gone is ended by endGoneCalls() a moment later,
// from what was seen (the hangups' own times), so the call's late frames still count and nothing waits for a
// reconnect to close it.
function noteGone(d: Draft, call: TrackedCall): TrackedCall {
  const allGone = call.channels.length > 0 && call.channels.every((u) => d.channel(u)?.gone);
  if (allGone) return call.goneSince === undefined ? { ...call, goneSince: d.receivedMs } : call;
  if (call.goneSince === undefined) return call;
  const { goneSince: _, ...rest } = call;
  return rest;
}

/** Ends the calls whose channels have all been gone for `graceMs`; pbx-link calls it every second. */
export function endGoneCalls(state: TranslatorState, pbxId: string, now: Date = new Date(), graceMs = 2000): TranslateResult {
  const d = new Draft(state, pbxId, now.toISOString(), [], now.getTime());
  for (const call of Object.values(state.calls)) {
    if (call.goneSince === undefined || now.getTime() - call.goneSince < graceMs) continue;
    let at = call.startedAt;
    let first: { cause: number | null; causeText: string | null } | null = null;
    for (const uid of call.channels) {
      const ch = d.channel(uid);
      if (!ch?.gone) continue;
      d.deleteChannel(uid);
      d.markEnded(uid);
      d.emit({ type: 'call.leg_ended', pbxId, linkedid: call.linkedid, at: ch.gone.at, uniqueid: uid, channel: ch.channel,
        cause: ch.gone.cause, causeText: ch.gone.causeText });
      if (ch.gone.at > at) at = ch.gone.at;
      first ??= ch.gone;
    }
    const cause = call.firstCause ?? first?.cause ?? null;
    const causeText = call.firstCause !== null ? call.firstCauseText : first?.causeText ?? null;
    endCall(d, { ...call, channels: [] }, cause, causeText, at);
  }
  return d.result();
}

/** Keeps channel variables announced through manager.conf `channelvars` (ChanVariable headers) current. */
function touchChannel(d: Draft, ev: AmiFrame): void {
  const ch = d.channel(fieldOrNull(ev, 'uniqueid'));
  if (!ch) return;
  const linkedid = fieldOrNull(ev, 'linkedid');
  // A consultation's target keeps the customer call's Linkedid on the wire while it belongs to the consultation.
  if (linkedid && linkedid !== ch.linkedid && linkedid !== ch.consultOf) moveChannel(d, ch, linkedid);
  const vars = chanVars(ev);
  const rec = vars.RECORDING_FILE || null;
  const crm = vars.CRM_CALL_ID || null;
  const current = d.channel(ch.uniqueid) ?? ch;
  if ((rec && rec !== current.recordingFile) || (crm && crm !== current.crmCallId)) {
    d.setChannel({ ...current, recordingFile: rec ?? current.recordingFile, crmCallId: crm ?? current.crmCallId });
  }
}

// Bridging propagates the oldest Linkedid to every channel in the bridge (attended transfer, bridge merges):
// the channel leaves its old call, which ends if it was the last one.
function moveChannel(d: Draft, ch: TrackedChannel, linkedid: string): void {
  const from = d.call(ch.linkedid);
  d.setChannel({ ...ch, linkedid });
  const to = d.call(linkedid);
  if (to) d.setCall({ ...to, channels: [...to.channels.filter((u) => u !== ch.uniqueid), ch.uniqueid] });
  else d.setCall({ ...newCall(linkedid, ch.uniqueid, d.at), started: true });
  if (!from) return;
  const rest = from.channels.filter((u) => u !== ch.uniqueid);
  if (rest.length > 0) { d.setCall({ ...from, channels: rest }); return; }
  endCall(d, { ...from, channels: rest, hungUpBy: from.hungUpBy ?? 'agent' }, null, null);
}

export function flushStart(d: Draft, call: TrackedCall): TrackedCall {
  const first = d.channel(call.firstUniqueid);
  const opts = d.options;
  const crmCallId = call.crmCallId ?? first?.crmCallId ?? null;
  const exten = first?.exten && first.exten !== 's' ? first.exten : null;
  let direction: TrackedCall['direction'] = 'internal';
  if (crmCallId) direction = 'outbound';
  else if (first?.trunk) direction = 'inbound';
  else if (exten && !opts.internalExtensionPattern.test(exten)) direction = 'outbound';
  const started: TrackedCall = { ...call, started: true, direction, crmCallId };
  d.setCall(started);
  d.emit({
    type: 'call.started', pbxId: d.pbxId, linkedid: call.linkedid, at: call.startedAt,
    uniqueid: call.firstUniqueid, channel: first?.channel ?? '', direction,
    callerNumber: first?.callerNumber ?? null, callerName: first?.callerName ?? null,
    calledNumber: first?.toNumber ?? exten, crmCallId, extension: first && !first.trunk ? first.extension : null,
  });
  return started;
}

function onVarSet(d: Draft, ev: AmiFrame): void {
  const ch = d.channel(fieldOrNull(ev, 'uniqueid'));
  const variable = varSetName(ev);
  if (!ch || !variable) return;
  const value = (field(ev, 'value') ?? '').trim() || null;
  if (variable === 'RECORDING_FILE' && value) d.setChannel({ ...ch, recordingFile: value });
  else if (variable === 'MIXMONITOR_FILENAME' && value) d.setChannel({ ...ch, mixMonitorFile: value });
  else if (variable === 'CRM_TO_NUMBER' && value) d.setChannel({ ...ch, toNumber: value });
  else if (variable === SPY_VARIABLE && value) dropSpySession(d, ch, value);
  else if (variable === HANGUP_BY_VARIABLE && value === 'agent') hangupAsked(d, ch);
  else if (variable === CAMPAIGN_STAGE_VARIABLE && value) emitCampaignStage(d, ch, value);
  else if (variable === 'CRM_CALL_ID' && value) {
    d.setChannel({ ...ch, crmCallId: value });
    const call = d.call(ch.linkedid);
    if (call && !call.crmCallId) d.setCall({ ...call, crmCallId: value });
  }
}

function emitCampaignStage(d: Draft, ch: TrackedChannel, value: string): void {
  const stage = parseCampaignStage(value);
  const crmCallId = ch.crmCallId ?? d.call(ch.linkedid)?.crmCallId ?? null;
  if (!stage || !crmCallId) return;
  d.emit({ type: 'campaign.dial_stage', pbxId: d.pbxId, linkedid: ch.linkedid, at: d.at, crmCallId, uniqueid: ch.uniqueid, channel: ch.channel, ...stage });
}

// A supervisor's listen/whisper/barge session (AmiPbxPort.spy: Originate into ChanSpy with this variable) is no
// call: on real Asterisk 20 it was recorded as an internal call from the supervisor's extension that ended
// 'no_answer', one per session (tests/pbx-real/supervision.test.ts). The variable is set while the channel is still
// being set up (VarSet is setup noise), so the call was never announced: forget its channels, and the events that
// follow find nothing to report.
// The channel is remembered as a spy: its ChanSpyStart and its Hangup tell the supervisor's console that the
// session is on and over (spy.started / spy.ended).
function dropSpySession(d: Draft, ch: TrackedChannel, mode: string): void {
  const call = d.call(ch.linkedid);
  if (!call || call.started) return;
  if (mode === 'listen' || mode === 'whisper' || mode === 'barge') d.noteSpy(ch.uniqueid, { channel: ch.channel, extension: ch.extension, mode });
  for (const uniqueid of call.channels) d.deleteChannel(uniqueid);
  d.deleteCall(call.linkedid);
}

/**
 * ChanSpyStart and the end of a spying channel remembered by dropSpySession; true when the frame was one of them.
 * The end is its first (Soft)HangupRequest: the supervisor's phone left (BYE) or Stop asked the PBX to hang it up.
 * ChanSpy itself may stay a while longer: it leaves only when a frame passes through the spied channel, and on real
 * Asterisk 20 with phones sending no RTP the spying channel's Hangup came with the end of the spied call
 * (tests/pbx-real/supervision-session.test.ts). The supervisor hears nothing from then on: the session is over.
 */
function onSpyFrame(d: Draft, name: string, ev: AmiFrame): boolean {
  if (name === 'chanspystart') {
    const uniqueid = fieldOrNull(ev, 'spyeruniqueid');
    const spy = d.spy(uniqueid);
    const target = fieldOrNull(ev, 'spyeechannel');
    if (!uniqueid || !spy || !spy.extension || !target || d.isEnded(uniqueid)) return true;
    d.emit({ type: 'spy.started', pbxId: d.pbxId, linkedid: fieldOrNull(ev, 'spyerlinkedid') ?? uniqueid, at: d.at, uniqueid,
      channel: spy.channel, extension: spy.extension, targetChannel: target, mode: spy.mode });
    return true;
  }
  if (name !== 'hangup' && name !== 'hanguprequest' && name !== 'softhanguprequest') return false;
  const uniqueid = fieldOrNull(ev, 'uniqueid');
  const spy = d.spy(uniqueid);
  if (!uniqueid || !spy || d.channel(uniqueid)) return false;
  if (!d.isEnded(uniqueid)) {
    d.markEnded(uniqueid);
    d.emit({ type: 'spy.ended', pbxId: d.pbxId, linkedid: fieldOrNull(ev, 'linkedid') ?? uniqueid, at: d.at, uniqueid, channel: spy.channel, extension: spy.extension });
  }
  return true;
}

function hangupAsked(d: Draft, ch: TrackedChannel): void {
  const call = d.call(ch.linkedid);
  if (call) d.setCall({ ...call, hungUpBy: 'agent', hungUpByFinal: true, hangupAskedBy: 'agent' });
}

function onNewCallerId(d: Draft, ev: AmiFrame): void {
  const ch = d.channel(fieldOrNull(ev, 'uniqueid'));
  if (ch) d.setChannel({ ...ch, callerNumber: fieldOrNull(ev, 'calleridnum'), callerName: fieldOrNull(ev, 'calleridname') });
}

function onNewState(d: Draft, ev: AmiFrame): void {
  const ch = d.channel(fieldOrNull(ev, 'uniqueid'));
  if (ch) d.setChannel({ ...ch, up: field(ev, 'channelstatedesc') === 'Up' });
}

// The trunk is the customer whichever way the call went (inbound: the caller; outbound: the callee).
export function partyOf(ch: TrackedChannel): HangupParty {
  return ch.trunk ? 'customer' : 'agent';
}

// HangupRequest = the channel's own side hung up (BYE from that phone/trunk); SoftHangupRequest = Asterisk or an
// AMI Hangup asked for it. The first one after the last transfer names who ended the call; transferers leaving
// after handing the call over do not count.
// An agent's phone refusing a call it was never connected to (486, 603: real Asterisk raises HangupRequest on the
// ringing leg, originate_busy/originate_failed captures) hung up nothing: the call ends as the system's.
function onHangupRequest(d: Draft, ev: AmiFrame, kind: 'hard' | 'soft'): void {
  const ch = d.channel(fieldOrNull(ev, 'uniqueid'));
  const call = ch ? d.call(ch.linkedid) : undefined;
  if (!ch || !call || call.hungUpBy || call.hungUpByFinal || call.transferers.includes(ch.uniqueid)) return;
  if (kind === 'hard' && !ch.trunk && !ch.up && !call.answered) return;
  d.setCall({ ...call, hungUpBy: kind === 'hard' ? partyOf(ch) : 'system' });
}

function onHangup(d: Draft, ev: AmiFrame): void {
  const uniqueid = fieldOrNull(ev, 'uniqueid');
  const ch = d.channel(uniqueid);
  const cause = intField(ev, 'cause');
  const causeText = fieldOrNull(ev, 'cause-txt');
  if (!ch) {
    if (uniqueid && !d.isEnded(uniqueid)) d.noteEarlyHangup(uniqueid, { at: d.at, cause, causeText });
    return;
  }
  d.deleteChannel(ch.uniqueid);
  d.markEnded(ch.uniqueid);
  d.emit({ type: 'call.leg_ended', pbxId: d.pbxId, linkedid: ch.linkedid, at: d.at, uniqueid: ch.uniqueid,
    channel: ch.channel, cause, causeText });
  let call = d.call(ch.linkedid);
  if (!call) return;
  if (call.offers[ch.uniqueid]) {
    const reason = cause === 17 ? 'busy' : cause === 21 ? 'rejected' : call.answered ? 'answered_elsewhere'
      : call.queueState === 'abandoned' || call.hungUpBy === 'customer' ? 'caller_left' : 'no_answer';
    call = withdrawOffer(d, call, ch.uniqueid, reason);
  }
  call = {
    ...call, channels: call.channels.filter((u) => u !== ch.uniqueid),
    firstCause: call.firstCause ?? cause, firstCauseText: call.firstCause === null ? causeText : call.firstCauseText,
  };
  // A consultation whose Local channel still runs may ring the queue's next member: not over yet.
  if (call.channels.length > 0 || (call.consultOf && !call.consultLocalGone)) { d.setCall(noteGone(d, call)); return; }
  endCall(d, call, call.firstCause, call.firstCauseText);
}

const FAILURE_BY_DIALSTATUS: Record<string, 'busy' | 'no_answer' | 'failed' | 'congestion'> = {
  BUSY: 'busy', NOANSWER: 'no_answer', CANCEL: 'no_answer', CONGESTION: 'congestion', CHANUNAVAIL: 'failed',
};

function failureOf(call: TrackedCall, cause: number | null): 'busy' | 'no_answer' | 'failed' | 'congestion' | null {
  if (call.answered || call.queueState !== 'none') return null;
  const byCause = failureByCause(cause);
  if (byCause) return byCause;
  const byDial = call.dialStatus ? FAILURE_BY_DIALSTATUS[call.dialStatus] : undefined;
  if (byDial) return byDial;
  return call.direction === 'inbound' ? null : 'no_answer';
}

function endCall(d: Draft, call: TrackedCall, cause: number | null, causeText: string | null, at = d.at): void {
  if (!call.started) call = flushStart(d, call);
  d.deleteCall(call.linkedid);
  d.markEnded(call.linkedid);
  const failure = failureOf(call, cause);
  d.emit({
    type: 'call.ended', pbxId: d.pbxId, linkedid: call.linkedid, at, cause, causeText,
    hungUpBy: call.hungUpBy ?? 'system', failure,
  });
  // An Originate whose leg ended unanswered: its OriginateResponse came earlier (reported now) or comes next.
  const pending = call.originateFailure;
  if (pending) {
    const reason = pending.viaLocal ? failureByCause(cause) ?? pending.reason : pending.reason ?? failureByCause(cause);
    d.emit({ type: 'originate.failed', pbxId: d.pbxId, at, crmCallId: pending.crmCallId, reason: reason ?? failure ?? 'failed' });
  }
  else if (call.crmCallId && !call.answered) d.noteEarlyHangup(originateKey(call.crmCallId), { at, cause, causeText });
}
