import type { Frame, SimChannel } from './sim-model';
import type { SimCall, SimEngine } from './sim-engine';

// Two-party call teardown, direct dialling, Originate outcomes. Event orders follow the captures where they cover
// the step (teardown of a queue call and of a click-to-dial call) and the Asterisk 20 docs elsewhere.

export type OriginateOutcome = 'answer' | 'busy' | 'no_answer' | 'failed' | 'congestion' | 'customer_busy';

/** Bridged call ends; `by` is the leg whose phone/trunk sent BYE (HangupRequest), the other gets SoftHangupRequest. */
export function hangupBridged(e: SimEngine, call: SimCall, by: 'caller' | 'agent'): void {
  const c = call.caller;
  const a = call.agent;
  if (!a) return;
  // In a click-to-dial call the customer is the dialled leg; the channel running the dialplan app dies last.
  const customer = call.kind === 'originate' ? a : c;
  const agentSide = call.kind === 'originate' ? c : a;
  const [first, second] = by === 'caller' ? [customer, agentSide] : [agentSide, customer];
  const talk = Math.round((Date.now() - (call.answeredAt ?? Date.now())) / 1000);
  e.out(e.f.chanEvent('HangupRequest', 'call,all', first, ...(call.kind === 'queue' ? [] : [['Cause', '16'] as [string, string]])));
  if (call.kind === 'queue') {
    e.out(e.f.event('AgentComplete', 'agent,all', ...e.f.chan(c), ...e.f.chan(a, 'Dest'), ['Queue', call.queue ?? ''],
      ['Interface', `${e.opts.tech}/${a.endpoint}`], ['MemberName', `Agent ${a.endpoint}`], ['HoldTime', c.vars.QEHOLDTIME ?? '0'],
      ['TalkTime', String(talk)], ['Reason', by]));
    e.qlog(c.uniqueid, call.queue ?? '', `Agent ${a.endpoint}`, by === 'caller' ? 'COMPLETECALLER' : 'COMPLETEAGENT', c.vars.QEHOLDTIME ?? '0', talk,
      c.queuePosition ?? 1);
  }
  const id = call.bridgeId ?? '';
  e.out(e.f.bridge('BridgeLeave', id, 1, first), e.f.varSet(first, 'BRIDGEPEER', ''));
  e.out(e.f.cdr(c, a, call.kind === 'queue' ? 'Queue' : 'Dial', c.appData, call.answeredAt));
  e.out(e.f.chanEvent('SoftHangupRequest', 'call,all', second, ['Cause', '16']), e.f.bridge('BridgeLeave', id, 0, second),
    e.f.bridge('BridgeDestroy', id, 0));
  const agentLeg = call.kind === 'originate' ? c : a;
  e.out(e.f.device(`${e.opts.tech}/${agentLeg.endpoint}`, 'NOT_INUSE'));
  for (const { queue, member } of e.model.membersOf(agentLeg.endpoint)) {
    member.inCall = false; member.status = 1; member.lastCall = Math.floor(Date.now() / 1000);
    e.out(e.f.memberStatus(queue.name, member));
  }
  e.out(e.f.hangup(a, 16), e.f.hangup(c, 16));
  e.finish(call);
}

/** Dial() from a channel to an agent extension (direct call or DID routed to an extension). */
export function dialAgent(e: SimEngine, call: SimCall, ext: string): SimChannel {
  const c = call.caller;
  c.priority += 1;
  e.out(e.f.newexten(c, 'Dial', `${e.opts.tech}/${ext},30`));
  const a = e.model.newChannel(ext, { linkedid: call.linkedid, callerNum: ext, callerName: `Agent ${ext}`, context: 'from-agents',
    exten: c.exten, connectedNum: c.callerNum, connectedName: c.callerName });
  call.ringing.push(a);
  e.out(e.f.chanEvent('Newchannel', 'call,all', a), e.f.newexten(a, 'AppDial', '(Outgoing Line)'),
    e.f.dial('DialBegin', c, a, ['DialString', `${e.opts.tech}/${ext}`]));
  a.state = 5;
  e.out(e.f.chanEvent('Newstate', 'call,all', a), e.f.device(`${e.opts.tech}/${ext}`, 'RINGING'),
    e.f.dial('DialState', c, a, ['DialStatus', 'RINGING']));
  return a;
}

export function dialAnswer(e: SimEngine, call: SimCall, a: SimChannel): void {
  const c = call.caller;
  a.state = 6;
  e.out(e.f.chanEvent('Newstate', 'call,all', a), e.f.dial('DialEnd', c, a, ['DialStatus', 'ANSWER']),
    e.f.device(`${e.opts.tech}/${a.endpoint}`, 'INUSE'));
  call.ringing = call.ringing.filter((x) => x !== a);
  call.agent = a;
  call.answeredAt = Date.now();
  const id = e.bridgeUp(a, c);
  call.bridgeId = id;
  e.out(e.f.bridge('BridgeEnter', id, 2, c));
  e.bridgeVars(a, c);
}

/** Dial() leg fails (busy / no answer / rejected): DialEnd with the status, leg hangs up, dialplan hangs the caller. */
export function dialFail(e: SimEngine, call: SimCall, a: SimChannel, status: 'BUSY' | 'NOANSWER' | 'CHANUNAVAIL', cause: number): void {
  e.out(e.f.dial('DialEnd', call.caller, a, ['DialStatus', status]));
  e.dropLeg(call, a, cause);
  e.out(e.f.varSet(call.caller, 'DIALSTATUS', status), e.f.cdr(call.caller, a, 'Dial', call.caller.appData, null),
    e.f.hangup(call.caller, cause));
  e.finish(call);
}

// As real Asterisk 20 over PJSIP does (tests/fixtures/ami/originate_*.raw.jsonl): a phone answering 486 or 603
// raises HangupRequest on its leg and OriginateResponse says Reason 0 (only the cause tells why); the response comes
// after the leg's Hangup when busy, before it when declined or still ringing at the timeout (Reason 3, no DialEnd).
const FAIL: Record<Exclude<OriginateOutcome, 'answer' | 'customer_busy'>, { status: string | null; cause: number; reason: number; request: boolean; respondFirst: boolean }> = {
  busy: { status: 'BUSY', cause: 17, reason: 0, request: true, respondFirst: false },
  no_answer: { status: null, cause: 19, reason: 3, request: false, respondFirst: true },
  failed: { status: 'NOANSWER', cause: 21, reason: 0, request: true, respondFirst: true },
  congestion: { status: 'CONGESTION', cause: 34, reason: 8, request: false, respondFirst: false },
};

export interface OriginateSpec {
  ext: string; actionId: string; context: string; exten: string; callerId: string | null;
  variables: Record<string, string>; application: string | null; data: string | null; outcome?: OriginateOutcome;
}

/** First leg of an Originate: Asterisk dials the agent (DialBegin without a caller Channel, as in the capture). */
export function originateLeg(e: SimEngine, spec: OriginateSpec): SimCall {
  const a = e.model.newChannel(spec.ext, { callerNum: spec.ext, callerName: `Agent ${spec.ext}`, context: spec.context, exten: 's' });
  const call: SimCall = { linkedid: a.linkedid, kind: spec.application ? 'spy' : 'originate', caller: a, agent: null, ringing: [],
    queue: null, answeredAt: null, bridgeId: null, tried: [], timers: [] };
  e.calls.set(call.linkedid, call);
  e.out(e.f.chanEvent('Newchannel', 'call,all', a));
  a.exten = '';
  e.out(e.f.newexten(a, 'AppDial2', '(Outgoing Line)'));
  for (const [k, v] of Object.entries(spec.variables)) e.out(e.f.varSet(a, k, v));
  const cid = /^"?([^"<]*)"?\s*<([^>]*)>/.exec(spec.callerId ?? '');
  if (cid) { a.callerName = cid[1]!.trim(); a.callerNum = cid[2]!; }
  e.out(e.f.event('NewCallerid', 'call,all', ...e.f.chan(a), ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']));
  a.connectedNum = a.callerNum;
  e.out(e.f.chanEvent('NewConnectedLine', 'call,all', a), e.f.device(`${e.opts.tech}/${spec.ext}`, 'RINGING'),
    e.f.dial('DialBegin', null, a, ['DialString', spec.ext]));
  for (const { queue, member } of e.model.membersOf(spec.ext)) { member.status = 6; e.out(e.f.memberStatus(queue.name, member)); }
  a.state = 5;
  e.out(e.f.chanEvent('Newstate', 'call,all', a), e.f.device(`${e.opts.tech}/${spec.ext}`, 'RINGING'),
    e.f.dial('DialState', null, a, ['DialStatus', 'RINGING']));
  return call;
}

function originateResponse(e: SimEngine, spec: OriginateSpec, ch: SimChannel | null, success: boolean, reason: number): Frame {
  const chanVars: [string, string][] = ch ? e.opts.channelVars.map((v) => [`ChanVariable(${ch.name})`, `${v}=${ch.vars[v] ?? ''}`]) : [];
  return e.f.event('OriginateResponse', 'call,all', ['ActionID', spec.actionId], ['Response', success ? 'Success' : 'Failure'],
    ['Channel', ch?.name ?? `${e.opts.tech}/${spec.ext}`], ['Context', spec.context], ['Exten', spec.exten], ['Reason', String(reason)],
    ['Uniqueid', ch?.uniqueid ?? '<unknown>'], ['CallerIDNum', ch?.callerNum ?? '<unknown>'], ['CallerIDName', ch?.callerName ?? '<unknown>'], ...chanVars);
}

/** The agent's leg fails (busy, declined, no answer, congestion) in the order real Asterisk reports it (FAIL). */
export function originateFail(e: SimEngine, call: SimCall, spec: OriginateSpec, outcome: keyof typeof FAIL): void {
  const a = call.caller;
  const f = FAIL[outcome];
  if (f.respondFirst) e.out(originateResponse(e, spec, null, false, f.reason));
  if (f.request) e.out(e.f.chanEvent('HangupRequest', 'call,all', a, ['Cause', String(f.cause)]));
  if (f.status) e.out(e.f.dial('DialEnd', null, a, ['DialStatus', f.status]));
  e.out(e.f.device(`${e.opts.tech}/${spec.ext}`, 'NOT_INUSE'), e.f.hangup(a, f.cause));
  for (const { queue, member } of e.model.membersOf(spec.ext)) { member.status = 1; e.out(e.f.memberStatus(queue.name, member)); }
  if (!f.respondFirst) e.out(originateResponse(e, spec, null, false, f.reason));
  e.finish(call);
}

/** Agent answers the Originate: dialplan from-agents runs (recording, Dial to the trunk) as in the capture. */
export function originateAnswer(e: SimEngine, call: SimCall, spec: OriginateSpec): SimChannel | null {
  const a = call.caller;
  a.state = 6;
  e.out(e.f.chanEvent('Newstate', 'call,all', a), e.f.dial('DialEnd', null, a, ['DialStatus', 'ANSWER']),
    e.f.device(`${e.opts.tech}/${spec.ext}`, 'INUSE'));
  if (spec.application) {
    a.application = spec.application;
    a.appData = spec.data ?? '';
    e.out(originateResponse(e, spec, a, true, 4));
    e.out(e.f.event('ChanSpyStart', 'call,all', ...e.f.chan(a, 'Spyer'), ...spyee(e, spec.data)));
    return null;
  }
  a.exten = spec.exten; a.context = spec.context; a.priority = 1;
  e.out(e.f.newexten(a, 'NoOp', `Outbound by ${spec.ext} -> ${spec.exten}`));
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const path = `${e.opts.recordingsDir}/out-${stamp}-${a.linkedid}.wav`;
  a.priority = 2;
  e.out(e.f.newexten(a, 'Set', `RECORDING_FILE=${path}`), e.f.varSet(a, 'RECORDING_FILE', path));
  a.priority = 3;
  e.out(e.f.newexten(a, 'MixMonitor', path), e.f.varSet(a, 'MIXMONITOR_FILENAME', path));
  for (const { queue, member } of e.model.membersOf(spec.ext)) { member.status = 2; e.out(e.f.memberStatus(queue.name, member)); }
  e.out(e.f.chanEvent('MixMonitorStart', 'call,all', a), originateResponse(e, spec, a, true, 4));
  a.priority = 4;
  e.out(e.f.newexten(a, 'Dial', `${e.opts.tech}/${e.opts.trunk}/${spec.exten},30`));
  const t = e.model.newChannel(e.opts.trunk, { linkedid: a.linkedid, callerNum: '<unknown>', context: 'default' });
  e.out(e.f.chanEvent('Newchannel', 'call,all', t));
  t.exten = spec.exten; t.callerNum = spec.exten; t.callerName = a.callerName; t.connectedNum = a.callerNum; t.connectedName = a.callerName;
  e.out(e.f.newexten(t, 'AppDial', '(Outgoing Line)'), e.f.dial('DialBegin', a, t, ['DialString', `${e.opts.trunk}/${spec.exten}`]));
  t.state = 5;
  e.out(e.f.chanEvent('Newstate', 'call,all', t), e.f.dial('DialState', a, t, ['DialStatus', 'RINGING']));
  call.ringing.push(t);
  return t;
}

function spyee(e: SimEngine, data: string | null): [string, string][] {
  const target = e.model.byName((data ?? '').split(',')[0] ?? '');
  return target ? e.f.chan(target, 'Spyee') : [];
}
