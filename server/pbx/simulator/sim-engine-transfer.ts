import type { SimChannel } from './sim-model';
import type { SimCall, SimEngine } from './sim-engine';
import { dialAgent } from './sim-engine-legs';

// Hold and transfers. Field names from the Asterisk 20 AMI docs (Hold/Unhold, BlindTransfer, AttendedTransfer);
// Hold is raised on the channel that asked for it, MOH then plays to its bridge peer.

function peerOf(call: SimCall, ch: SimChannel): SimChannel | null {
  return ch === call.agent ? call.caller : ch === call.caller ? call.agent : null;
}

export function hold(e: SimEngine, call: SimCall, who: SimChannel, on: boolean): void {
  const peer = peerOf(call, who);
  if (on) {
    e.out(e.f.chanEvent('Hold', 'call,all', who, ['MusicClass', 'default']));
    if (peer) e.out(e.f.chanEvent('MusicOnHoldStart', 'call,all', peer, ['Class', 'default']));
  } else {
    if (peer) e.out(e.f.chanEvent('MusicOnHoldStop', 'call,all', peer));
    e.out(e.f.chanEvent('Unhold', 'call,all', who));
  }
}

function transferHeaders(e: SimEngine, prefix: string, ch: SimChannel): [string, string][] {
  return e.f.chan(ch, prefix);
}

function bridgeHeaders(prefix: string, id: string, count: number): [string, string][] {
  return [[`${prefix}BridgeUniqueid`, id], [`${prefix}BridgeType`, 'basic'], [`${prefix}BridgeTechnology`, 'simple_bridge'],
    [`${prefix}BridgeCreator`, '<unknown>'], [`${prefix}BridgeName`, '<unknown>'], [`${prefix}BridgeNumChannels`, String(count)],
    [`${prefix}BridgeVideoSourceMode`, 'none']];
}

/** The agent REFERs the caller to `ext`: BlindTransfer, the agent leaves and hangs up, the caller dials `ext`. */
export function blindTransfer(e: SimEngine, call: SimCall, ext: string): SimChannel | null {
  const a = call.agent;
  const c = call.caller;
  if (!a) return null;
  const id = call.bridgeId ?? '';
  e.out(e.f.event('BlindTransfer', 'call,all', ['Result', 'Success'], ...transferHeaders(e, 'Transferer', a),
    ...transferHeaders(e, 'Transferee', c), ...bridgeHeaders('', id, 2), ['IsExternal', 'No'], ['Context', 'from-agents'], ['Extension', ext]));
  e.out(e.f.bridge('BridgeLeave', id, 1, c), e.f.bridge('BridgeLeave', id, 0, a), e.f.bridge('BridgeDestroy', id, 0));
  e.out(e.f.chanEvent('HangupRequest', 'call,all', a, ['Cause', '16']), e.f.device(`${e.opts.tech}/${a.endpoint}`, 'NOT_INUSE'), e.f.hangup(a, 16));
  e.model.channels.delete(a.uniqueid);
  e.model.bridges.delete(id);
  call.agent = null;
  call.bridgeId = null;
  c.context = 'from-agents';
  c.exten = ext;
  c.priority = 0;
  return dialAgent(e, call, ext);
}

/**
 * Attended transfer: the agent holds the caller, calls `ext` on a second channel (a new Linkedid), then completes.
 * Asterisk moves the target into the caller's bridge; bridging gives it the caller's (older) Linkedid.
 */
export function attendedTransfer(e: SimEngine, call: SimCall, ext: string): { consult: SimChannel; target: SimChannel } | null {
  const a = call.agent;
  const c = call.caller;
  if (!a) return null;
  hold(e, call, a, true);
  const a2 = e.model.newChannel(a.endpoint, { callerNum: a.endpoint, callerName: `Agent ${a.endpoint}`, context: 'from-agents', exten: ext });
  e.out(e.f.chanEvent('Newchannel', 'call,all', a2));
  a2.state = 4;
  e.out(e.f.chanEvent('Newstate', 'call,all', a2), e.f.newexten(a2, 'Dial', `${e.opts.tech}/${ext},30`));
  const b = e.model.newChannel(ext, { linkedid: a2.linkedid, callerNum: ext, callerName: `Agent ${ext}`, context: 'from-agents',
    exten: ext, connectedNum: a.endpoint });
  e.out(e.f.chanEvent('Newchannel', 'call,all', b), e.f.dial('DialBegin', a2, b, ['DialString', `${e.opts.tech}/${ext}`]));
  b.state = 6;
  e.out(e.f.chanEvent('Newstate', 'call,all', b), e.f.dial('DialEnd', a2, b, ['DialStatus', 'ANSWER']));
  const consultBridge = e.bridgeUp(b, a2);
  e.out(e.f.bridge('BridgeEnter', consultBridge, 2, a2));
  const id = call.bridgeId ?? '';
  e.out(e.f.event('AttendedTransfer', 'call,all', ['Result', 'Success'], ...transferHeaders(e, 'OrigTransferer', a),
    ...bridgeHeaders('Orig', id, 2), ...transferHeaders(e, 'SecondTransferer', a2), ...bridgeHeaders('Second', consultBridge, 2),
    ['DestType', 'Bridge'], ['DestBridgeUniqueid', id], ...transferHeaders(e, 'Transferee', c), ...transferHeaders(e, 'TransferTarget', b),
    ['IsExternal', 'No']));
  e.out(e.f.bridge('BridgeLeave', id, 1, a), e.f.bridge('BridgeLeave', consultBridge, 1, b));
  b.linkedid = call.linkedid;
  b.bridgeId = id;
  e.out(e.f.bridge('BridgeEnter', id, 2, b), e.f.chanEvent('MusicOnHoldStop', 'call,all', c));
  e.out(e.f.chanEvent('SoftHangupRequest', 'call,all', a, ['Cause', '16']), e.f.hangup(a, 16));
  e.out(e.f.bridge('BridgeLeave', consultBridge, 0, a2), e.f.bridge('BridgeDestroy', consultBridge, 0),
    e.f.chanEvent('SoftHangupRequest', 'call,all', a2, ['Cause', '16']), e.f.hangup(a2, 16));
  e.model.channels.delete(a.uniqueid);
  e.model.channels.delete(a2.uniqueid);
  e.model.bridges.delete(consultBridge);
  e.model.bridges.set(id, new Set([c.uniqueid, b.uniqueid]));
  call.agent = b;
  return { consult: a2, target: b };
}
