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

// AMI Atxfer as real Asterisk 20 runs it (tests/fixtures/ami/attended_transfer.raw.jsonl): the caller is held, the
// agent's channel leaves the caller's bridge for a new one with `Local/<exten>@<context>;1`, and `;2` runs the
// dialplan on the customer call's own Linkedid: Dial() to an agent, dial-out to a number, or Queue(). One call, not a
// second call of the agent's phone (which is what the simulator modelled before). The consultation is kept as a
// SimCall whose caller is the ;2 half, stored beside the customer call (consultKey), so the queue and dial
// primitives run unchanged on it.

export const consultKey = (call: SimCall) => `${call.linkedid}/consult`;

function localPair(e: SimEngine, call: SimCall, context: string, exten: string, from: SimChannel): [SimChannel, SimChannel] {
  const base = `Local/${exten}@${context}`;
  const seq = (e.model.channels.size + 1).toString(16).padStart(8, '0');
  const spec = { linkedid: call.linkedid, callerNum: from.endpoint, callerName: from.callerName, context, exten };
  const l1 = e.model.newChannel(base, { ...spec, name: `${base}-${seq};1` });
  const l2 = e.model.newChannel(base, { ...spec, name: `${base}-${seq};2` });
  e.out(e.f.chanEvent('Newchannel', 'call,all', l1));
  l2.state = 4;
  e.out(e.f.chanEvent('Newchannel', 'call,all', l2));
  return [l1, l2];
}

/** AMI Atxfer on the agent's channel: the consultation rings the target (an agent, a number, a queue's member). */
export function atxferStart(e: SimEngine, call: SimCall, route: TransferRoute, context: string, exten: string): SimCall | null {
  const a = call.agent;
  if (!a || call.consult) return null;
  hold(e, call, a, true);
  const [l1, l2] = localPair(e, call, context, exten, a);
  const consultBridge = e.bridgeUp(l1, a);
  e.out(e.f.event('LocalBridge', 'call,all', ...e.f.chan(l1, 'LocalOne'), ...e.f.chan(l2, 'LocalTwo'), ['Context', context], ['Exten', exten], ['LocalOptimization', 'No']));
  const consult: SimCall = { linkedid: call.linkedid, kind: 'direct', caller: l2, agent: null, ringing: [], queue: null, answeredAt: null,
    bridgeId: null, tried: [], timers: [], manual: call.manual, consultFor: call, consultLocal: l1, consultBridge };
  e.calls.set(consultKey(call), consult);
  l2.priority = 0;
  if (route.kind === 'extension') dialAgent(e, consult, route.ext);
  else if (route.kind === 'number') dialNumber(e, consult, l2, route.number);
  else e.enqueue(consult, route.queue);
  const id = call.bridgeId ?? '';
  e.model.bridges.get(id)?.delete(a.uniqueid);
  e.out(e.f.bridge('BridgeLeave', id, 1, a), e.f.bridge('BridgeEnter', consultBridge, 2, a));
  a.bridgeId = consultBridge;
  call.consult = consult;
  return consult;
}

function memberFree(e: SimEngine, ext: string): void {
  for (const { queue, member } of e.model.membersOf(ext)) { member.inCall = false; member.status = 1; e.out(e.f.memberStatus(queue.name, member)); }
}

function forget(e: SimEngine, consult: SimCall, ...channels: SimChannel[]): void {
  for (const ch of channels) e.model.channels.delete(ch.uniqueid);
  for (const t of consult.timers) clearTimeout(t);
  if (consult.consultBridge) e.model.bridges.delete(consult.consultBridge);
  const main = consult.consultFor;
  if (main) { e.calls.delete(consultKey(main)); main.consult = null; }
}

/**
 * The agent hangs up their channel while the consultation is answered: Local;1 moves into the caller's bridge, the
 * caller's music stops, AttendedTransfer, the agent leaves and hangs up, app_queue says AgentComplete (transfer).
 */
export function atxferComplete(e: SimEngine, call: SimCall): boolean {
  const consult = call.consult;
  const a = call.agent;
  const c = call.caller;
  const b = consult?.agent;
  const l1 = consult?.consultLocal;
  if (!consult || !a || !b || !l1) return false;
  const l2 = consult.caller;
  const id = call.bridgeId ?? '';
  const xb = consult.consultBridge ?? '';
  e.out(e.f.bridge('BridgeLeave', xb, 1, l1), e.f.bridge('BridgeEnter', id, 2, l1), e.f.chanEvent('MusicOnHoldStop', 'call,all', c));
  e.out(e.f.event('AttendedTransfer', 'call,all', ['Result', 'Success'], ...e.f.chan(a, 'OrigTransferer'),
    ...bridgeHeaders('Orig', id, 2), ...e.f.chan(a, 'SecondTransferer'), ...bridgeHeaders('Second', xb, 1),
    ...e.f.chan(c, 'Transferee'), ...e.f.chan(l1, 'TransferTarget'), ['IsExternal', 'No'], ['DestType', 'Bridge'], ['DestBridgeUniqueid', id]));
  e.out(e.f.bridge('BridgeLeave', xb, 0, a), e.f.bridge('BridgeDestroy', xb, 0), e.f.hangup(a, 16), e.f.device(`${e.opts.tech}/${a.endpoint}`, 'NOT_INUSE'));
  memberFree(e, a.endpoint);
  if (call.kind === 'queue') {
    e.out(e.f.event('AgentComplete', 'agent,all', ...e.f.chan(c), ...e.f.chan(a, 'Dest'), ['Queue', call.queue ?? ''],
      ['Interface', `${e.opts.tech}/${a.endpoint}`], ['MemberName', `Agent ${a.endpoint}`], ['HoldTime', c.vars.QEHOLDTIME ?? '0'],
      ['TalkTime', String(Math.round((Date.now() - (call.answeredAt ?? Date.now())) / 1000))], ['Reason', 'transfer']));
  }
  // Real Asterisk kept the Local pair up until the call's end (no optimisation in the capture); nothing above the
  // translator sees Local channels, so the simulator lets them go now and puts the target beside the caller.
  const bb = consult.bridgeId ?? '';
  e.out(e.f.bridge('BridgeLeave', bb, 1, l2), e.f.bridge('BridgeLeave', bb, 0, b), e.f.bridge('BridgeDestroy', bb, 0),
    e.f.bridge('BridgeLeave', id, 1, l1), e.f.bridge('BridgeEnter', id, 2, b), e.f.hangup(l1, 16), e.f.hangup(l2, 16));
  e.model.bridges.delete(bb);
  forget(e, consult, a, l1, l2);
  e.model.bridges.set(id, new Set([c.uniqueid, b.uniqueid]));
  b.bridgeId = id;
  call.agent = b;
  call.kind = 'direct';
  return true;
}

/**
 * AMI CancelAtxfer (the atxferabort feature), or the target hung up: the consultation's legs and the Local pair go,
 * the agent goes back into the caller's bridge and takes the caller off hold.
 */
export function atxferCancel(e: SimEngine, call: SimCall): boolean {
  const consult = call.consult;
  const a = call.agent;
  const l1 = consult?.consultLocal;
  if (!consult || !a || !l1) return false;
  const l2 = consult.caller;
  if (consult.kind === 'queue' && !consult.agent) {
    e.abandon(consult);
  } else {
    for (const leg of [...consult.ringing]) { e.out(e.f.dial('DialEnd', l2, leg, ['DialStatus', 'CANCEL'])); e.dropLeg(consult, leg, 16); }
    const b = consult.agent;
    if (b) {
      const bb = consult.bridgeId ?? '';
      e.out(e.f.bridge('BridgeLeave', bb, 1, l2), e.f.chanEvent('SoftHangupRequest', 'call,all', b, ['Cause', '16']),
        e.f.bridge('BridgeLeave', bb, 0, b), e.f.bridge('BridgeDestroy', bb, 0), e.f.device(`${e.opts.tech}/${b.endpoint}`, 'NOT_INUSE'), e.f.hangup(b, 16));
      if (b.endpoint !== e.opts.trunk) memberFree(e, b.endpoint);
      e.model.channels.delete(b.uniqueid);
      e.model.bridges.delete(bb);
    }
    e.out(e.f.hangup(l2, 16));
  }
  const xb = consult.consultBridge ?? '';
  const id = call.bridgeId ?? '';
  e.out(e.f.bridge('BridgeLeave', xb, 1, l1), e.f.hangup(l1, 16), e.f.bridge('BridgeLeave', xb, 0, a), e.f.bridge('BridgeDestroy', xb, 0),
    e.f.bridge('BridgeEnter', id, 2, a));
  forget(e, consult, l1, l2);
  e.model.bridges.get(id)?.add(a.uniqueid);
  a.bridgeId = id;
  hold(e, call, a, false);
  return true;
}

/** One DTMF digit on a channel: DTMFBegin then DTMFEnd, as Asterisk raises them for every digit it sees or sends. */
export function dtmf(e: SimEngine, ch: SimChannel, digit: string, direction: 'Received' | 'Sent', durationMs = 250): void {
  e.out(e.f.chanEvent('DTMFBegin', 'dtmf,all', ch, ['Digit', digit], ['Direction', direction]),
    e.f.chanEvent('DTMFEnd', 'dtmf,all', ch, ['Digit', digit], ['DurationMs', String(durationMs)], ['Direction', direction]));
}
