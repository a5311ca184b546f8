import type { SimChannel } from './sim-model';
import type { SimCall, SimEngine } from './sim-engine';
import { dialAgent } from './sim-engine-legs';
import { hold } from './sim-engine-transfer';

// Transfers asked over AMI (BlindTransfer, Atxfer, CancelAtxfer) and DTMF (PlayDTMF, a phone's keypad), with the
// events Asterisk 20 raises for them (AMI docs: BlindTransfer, AttendedTransfer, DTMFBegin/DTMFEnd). Where the
// transferred caller goes is what pbx-config/extensions.conf does with exten@context: 10XX in from-agents dials that
// agent, another number in from-agents goes out on the trunk (dial-out), a name in warmline-queues is Queue(name).

export type TransferRoute = { kind: 'extension'; ext: string } | { kind: 'queue'; queue: string } | { kind: 'number'; number: string };

export const QUEUE_TRANSFER_CONTEXT = 'warmline-queues';

export function routeOf(context: string, exten: string): TransferRoute | null {
  if (context === QUEUE_TRANSFER_CONTEXT) return /^[a-z][a-z0-9_-]*$/i.test(exten) ? { kind: 'queue', queue: exten } : null;
  if (context !== 'from-agents') return null;
  if (/^10\d\d$/.test(exten)) return { kind: 'extension', ext: exten };
  return /^\+?\d{3,16}$/.test(exten) ? { kind: 'number', number: exten } : null;
}

function bridgeHeaders(prefix: string, id: string, count: number): [string, string][] {
  return [[`${prefix}BridgeUniqueid`, id], [`${prefix}BridgeType`, 'basic'], [`${prefix}BridgeTechnology`, 'simple_bridge'],
    [`${prefix}BridgeCreator`, '<unknown>'], [`${prefix}BridgeName`, '<unknown>'], [`${prefix}BridgeNumChannels`, String(count)],
    [`${prefix}BridgeVideoSourceMode`, 'none']];
}

/** dial-out: Dial(PJSIP/<number>@trunk) from `from`, on the call's Linkedid; the carrier leg rings. */
export function dialNumber(e: SimEngine, call: SimCall, from: SimChannel, number: string): SimChannel {
  from.priority += 1;
  e.out(e.f.newexten(from, 'Dial', `${e.opts.tech}/${number}@${e.opts.trunk},45`));
  const t = e.model.newChannel(e.opts.trunk, { linkedid: from.linkedid, callerNum: number, callerName: '', context: 'default', exten: number,
    connectedNum: from.callerNum, connectedName: from.callerName });
  call.ringing.push(t);
  e.out(e.f.chanEvent('Newchannel', 'call,all', t), e.f.newexten(t, 'AppDial', '(Outgoing Line)'),
    e.f.dial('DialBegin', from, t, ['DialString', `${number}@${e.opts.trunk}`]));
  t.state = 5;
  e.out(e.f.chanEvent('Newstate', 'call,all', t), e.f.dial('DialState', from, t, ['DialStatus', 'RINGING']));
  return t;
}

/**
 * AMI BlindTransfer on the agent's channel: BlindTransfer (IsExternal Yes: asked from outside the bridge), the agent
 * leaves the bridge and hangs up, the caller runs exten@context. Returns the leg now ringing, if any.
 */
export function amiBlindTransfer(e: SimEngine, call: SimCall, route: TransferRoute, context: string, exten: string): SimChannel | null {
  const a = call.agent;
  const c = call.caller;
  if (!a) return null;
  const id = call.bridgeId ?? '';
  e.out(e.f.event('BlindTransfer', 'call,all', ['Result', 'Success'], ...e.f.chan(a, 'Transferer'), ...e.f.chan(c, 'Transferee'),
    ...bridgeHeaders('', id, 2), ['IsExternal', 'Yes'], ['Context', context], ['Extension', exten]));
  e.out(e.f.bridge('BridgeLeave', id, 1, c), e.f.bridge('BridgeLeave', id, 0, a), e.f.bridge('BridgeDestroy', id, 0));
  e.out(e.f.chanEvent('SoftHangupRequest', 'call,all', a, ['Cause', '16']), e.f.device(`${e.opts.tech}/${a.endpoint}`, 'NOT_INUSE'), e.f.hangup(a, 16));
  for (const { queue, member } of e.model.membersOf(a.endpoint)) { member.inCall = false; member.status = 1; e.out(e.f.memberStatus(queue.name, member)); }
  e.model.channels.delete(a.uniqueid);
  e.model.bridges.delete(id);
  call.agent = null;
  call.bridgeId = null;
  c.bridgeId = null;
  c.context = context;
  c.exten = exten;
  c.priority = 0;
  if (route.kind === 'queue') { e.enqueue(call, route.queue); return null; }
  call.kind = 'direct';
  call.queue = null;
  return route.kind === 'extension' ? dialAgent(e, call, route.ext) : dialNumber(e, call, c, route.number);
}

/**
 * AMI Atxfer on the agent's channel: the caller is held and the agent's phone places the consultation (a call of its
 * own, with its own Linkedid) to the target. It is completed by hanging up the agent's first channel, or cancelled.
 */
export function atxferStart(e: SimEngine, call: SimCall, route: TransferRoute): SimCall | null {
  const a = call.agent;
  if (!a || call.consult || route.kind === 'queue') return null;
  hold(e, call, a, true);
  const target = route.kind === 'extension' ? route.ext : route.number;
  const a2 = e.model.newChannel(a.endpoint, { callerNum: a.endpoint, callerName: `Agent ${a.endpoint}`, context: 'from-agents', exten: target });
  const consult: SimCall = { linkedid: a2.linkedid, kind: 'direct', caller: a2, agent: null, ringing: [], queue: null, answeredAt: null,
    bridgeId: null, tried: [], timers: [], manual: call.manual, consultFor: call };
  e.calls.set(consult.linkedid, consult);
  e.out(e.f.chanEvent('Newchannel', 'call,all', a2));
  a2.state = 4;
  e.out(e.f.chanEvent('Newstate', 'call,all', a2));
  a2.priority = 0;
  if (route.kind === 'extension') dialAgent(e, consult, route.ext);
  else dialNumber(e, consult, a2, route.number);
  call.consult = consult;
  return consult;
}

/** The agent hangs up their first channel while the consultation is answered: Asterisk joins caller and target. */
export function atxferComplete(e: SimEngine, call: SimCall): boolean {
  const consult = call.consult;
  const a = call.agent;
  const c = call.caller;
  const b = consult?.agent;
  if (!consult || !a || !b) return false;
  const a2 = consult.caller;
  const id = call.bridgeId ?? '';
  const consultBridge = consult.bridgeId ?? '';
  e.out(e.f.event('AttendedTransfer', 'call,all', ['Result', 'Success'], ...e.f.chan(a, 'OrigTransferer'),
    ...bridgeHeaders('Orig', id, 2), ...e.f.chan(a2, 'SecondTransferer'), ...bridgeHeaders('Second', consultBridge, 2),
    ['DestType', 'Bridge'], ['DestBridgeUniqueid', id], ...e.f.chan(c, 'Transferee'), ...e.f.chan(b, 'TransferTarget'), ['IsExternal', 'No']));
  e.out(e.f.bridge('BridgeLeave', id, 1, a), e.f.bridge('BridgeLeave', consultBridge, 1, b));
  b.linkedid = call.linkedid;
  b.bridgeId = id;
  e.out(e.f.bridge('BridgeEnter', id, 2, b), e.f.chanEvent('MusicOnHoldStop', 'call,all', c));
  e.out(e.f.chanEvent('HangupRequest', 'call,all', a, ['Cause', '16']), e.f.hangup(a, 16));
  e.out(e.f.bridge('BridgeLeave', consultBridge, 0, a2), e.f.bridge('BridgeDestroy', consultBridge, 0),
    e.f.chanEvent('SoftHangupRequest', 'call,all', a2, ['Cause', '16']), e.f.device(`${e.opts.tech}/${a.endpoint}`, 'NOT_INUSE'), e.f.hangup(a2, 16));
  for (const { queue, member } of e.model.membersOf(a.endpoint)) { member.inCall = false; member.status = 1; e.out(e.f.memberStatus(queue.name, member)); }
  e.model.channels.delete(a.uniqueid);
  e.model.channels.delete(a2.uniqueid);
  e.model.bridges.delete(consultBridge);
  e.model.bridges.set(id, new Set([c.uniqueid, b.uniqueid]));
  for (const t of consult.timers) clearTimeout(t);
  e.calls.delete(consult.linkedid);
  call.consult = null;
  call.agent = b;
  call.kind = 'direct';
  return true;
}

/** AMI CancelAtxfer (the atxferabort feature): the consultation ends and the agent takes the held caller back. */
export function atxferCancel(e: SimEngine, call: SimCall): boolean {
  const consult = call.consult;
  const a = call.agent;
  if (!consult || !a) return false;
  const a2 = consult.caller;
  for (const leg of [...consult.ringing]) { e.out(e.f.dial('DialEnd', a2, leg, ['DialStatus', 'CANCEL'])); e.dropLeg(consult, leg, 16); }
  const b = consult.agent;
  if (b) {
    const cb = consult.bridgeId ?? '';
    e.out(e.f.bridge('BridgeLeave', cb, 1, a2), e.f.chanEvent('HangupRequest', 'call,all', a2, ['Cause', '16']),
      e.f.bridge('BridgeLeave', cb, 0, b), e.f.bridge('BridgeDestroy', cb, 0), e.f.device(`${e.opts.tech}/${b.endpoint}`, 'NOT_INUSE'), e.f.hangup(b, 16));
    e.model.channels.delete(b.uniqueid);
    e.model.bridges.delete(cb);
  }
  e.out(e.f.hangup(a2, 16));
  e.model.channels.delete(a2.uniqueid);
  for (const t of consult.timers) clearTimeout(t);
  e.calls.delete(consult.linkedid);
  call.consult = null;
  hold(e, call, a, false);
  return true;
}

/** One DTMF digit on a channel: DTMFBegin then DTMFEnd, as Asterisk raises them for every digit it sees or sends. */
export function dtmf(e: SimEngine, ch: SimChannel, digit: string, direction: 'Received' | 'Sent', durationMs = 250): void {
  e.out(e.f.chanEvent('DTMFBegin', 'dtmf,all', ch, ['Digit', digit], ['Direction', direction]),
    e.f.chanEvent('DTMFEnd', 'dtmf,all', ch, ['Digit', digit], ['DurationMs', String(durationMs)], ['Direction', direction]));
}
