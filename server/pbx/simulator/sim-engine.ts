import { randomUUID } from 'node:crypto';
import { FrameBuilder } from './sim-frames';
import { SimModel, type Frame, type SimChannel } from './sim-model';
import type { QueueLogEntry } from '../queue-log';

// Call primitives. Each one mutates the model and publishes the burst of frames Asterisk 20 publishes for the
// same step, in the same order as the captures (inbound_answered: queue call; originate_outbound: click-to-dial).

export interface SimCall {
  linkedid: string;
  kind: 'queue' | 'direct' | 'originate' | 'spy';
  caller: SimChannel;
  agent: SimChannel | null;
  ringing: SimChannel[];
  queue: string | null;
  answeredAt: number | null;
  bridgeId: string | null;
  tried: string[];
  timers: NodeJS.Timeout[];
  /** Scripted by a scenario: no auto-answer timers. */
  manual?: boolean;
  /** An attended transfer in progress (AMI Atxfer): the consultation call the agent placed. */
  consult?: SimCall | null;
  /** Set on a consultation (sim-engine-xfer.ts): the call it consults about, the Local pair's ;1 half, its bridge. */
  consultFor?: SimCall;
  consultLocal?: SimChannel;
  consultBridge?: string;
}

export interface EngineOptions {
  tech: string; channelVars: string[]; recordingsDir: string; trunk: string;
  /** Where queue_log rows go, as Asterisk writes them through realtime (server/pbx/queue-log.ts). */
  queueLog?: (row: QueueLogEntry) => void;
}

export class SimEngine {
  readonly calls = new Map<string, SimCall>();
  readonly f: FrameBuilder;

  constructor(readonly model: SimModel, private readonly publish: (frame: Frame) => void, readonly opts: EngineOptions) {
    this.f = new FrameBuilder(model, opts.channelVars);
  }

  out(...frames: Frame[]): void { for (const fr of frames) this.publish(fr); }

  /** One queue_log row (app_queue's ast_queue_log): callid is the caller channel's Uniqueid. */
  qlog(callid: string, queue: string, agent: string, event: string, ...data: Array<string | number>): void {
    this.opts.queueLog?.({ time: new Date(), callid, queuename: queue, agent, event, data: data.map(String) });
  }

  private agentChannel(ext: string, linkedid: string, spec: Partial<SimChannel> = {}): SimChannel {
    return this.model.newChannel(ext, { linkedid, callerNum: ext, callerName: `Agent ${ext}`, context: 'from-agents', ...spec });
  }

  private setState(ch: SimChannel, state: number): void {
    ch.state = state;
    this.out(this.f.chanEvent('Newstate', 'call,all', ch));
  }

  private recording(ch: SimChannel, dir: 'in' | 'out'): void {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const path = `${this.opts.recordingsDir}/${dir}-${stamp}-${ch.linkedid}.wav`;
    ch.priority += 1;
    this.out(this.f.newexten(ch, 'Set', `RECORDING_FILE=${path}`), this.f.varSet(ch, 'RECORDING_FILE', path));
    ch.priority += 1;
    this.out(this.f.newexten(ch, 'MixMonitor', path), this.f.varSet(ch, 'MIXMONITOR_FILENAME', path),
      this.f.chanEvent('MixMonitorStart', 'call,all', ch));
  }

  /** A call from the trunk reaches from-trunk: NoOp, then Answer(); inboundAnswered() goes on once Answer() returned. */
  inbound(from: string, did: string, callerName: string, queue: string | null): SimCall {
    const ch = this.model.newChannel(this.opts.trunk, { callerNum: from, callerName, context: 'from-trunk', exten: did });
    const call: SimCall = { linkedid: ch.linkedid, kind: queue ? 'queue' : 'direct', caller: ch, agent: null, ringing: [],
      queue, answeredAt: null, bridgeId: null, tried: [], timers: [] };
    this.calls.set(call.linkedid, call);
    this.out(this.f.chanEvent('Newchannel', 'call,all', ch));
    if (this.opts.tech === 'SIP') this.out(this.f.varSet(ch, 'SIPCALLID', `${randomUUID()}@127.0.0.1`));
    this.setState(ch, 4);
    this.out(this.f.newexten(ch, 'NoOp', `Inbound "${callerName}" <${from}> -> DID ${did}`));
    ch.priority = 2;
    this.out(this.f.newexten(ch, 'Answer', ''));
    return call;
  }

  /** Answer() returned: the channel is Up, RECORDING_FILE and MixMonitor, then Queue() (or the caller's Dial()). */
  inboundAnswered(call: SimCall): void {
    const ch = call.caller;
    const queue = call.queue;
    this.setState(ch, 6);
    this.recording(ch, 'in');
    ch.priority += 1;
    if (queue) this.enqueue(call, queue);
  }

  /** Queue(): the caller joins `queue` and hears its music while it waits (also a blind transfer to a queue). */
  enqueue(call: SimCall, queue: string): void {
    const ch = call.caller;
    call.kind = 'queue'; call.queue = queue; call.tried = [];
    this.out(this.f.newexten(ch, 'Queue', `${queue},,,,300`));
    for (const v of ['ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS', 'QUEUEWAIT', 'QUEUEWAIT_MS']) this.out(this.f.varSet(ch, v, ''));
    const q = this.model.queues.get(queue);
    if (q) {
      q.waiting.push(ch.uniqueid);
      if (q.waiting.length === 1) this.out(this.f.device(`Queue:${queue}`, 'RINGING'));
      ch.queue = queue; ch.queuePosition = q.waiting.length; ch.queueJoinedAt = Date.now();
      this.out(this.f.chanEvent('QueueCallerJoin', 'agent,all', ch, ['Queue', queue], ['Position', String(q.waiting.length)], ['Count', String(q.waiting.length)]));
      this.qlog(ch.uniqueid, queue, 'NONE', 'ENTERQUEUE', '', ch.callerNum, q.waiting.length);
    }
    this.out(this.f.chanEvent('MusicOnHoldStart', 'call,all', ch, ['Class', 'default']));
  }

  /** Next member to ring: not paused, not on a call, not tried yet for this caller (rrmemory-ish). */
  pickMember(call: SimCall): string | null {
    const q = call.queue ? this.model.queues.get(call.queue) : undefined;
    if (!q) return null;
    const free = q.members.filter((m) => !m.paused && !this.model.agentBusy(m.extension));
    // app_queue rings the lowest penalty among the members it may ring; higher ones only when none of those is free.
    const fresh = free.filter((m) => !call.tried.includes(m.extension)).sort((x, y) => x.penalty - y.penalty);
    return (fresh[0] ?? null)?.extension ?? null;
  }

  ringMember(call: SimCall, ext: string): SimChannel {
    const c = call.caller;
    const a = this.agentChannel(ext, call.linkedid);
    call.tried.push(ext);
    call.ringing.push(a);
    this.out(this.f.chanEvent('Newchannel', 'call,all', a));
    a.exten = c.exten; a.connectedNum = c.callerNum; a.connectedName = c.callerName;
    this.out(this.f.newexten(a, 'AppQueue', '(Outgoing Line)'), this.f.chanEvent('NewConnectedLine', 'call,all', a),
      this.f.varSet(a, 'DIALEDPEERNUMBER', ext));
    const m = this.model.member(call.queue ?? '', ext);
    if (m) { m.status = 6; this.out(this.f.memberStatus(call.queue ?? '', m)); }
    this.out(this.f.event('AgentCalled', 'agent,all', ...this.f.chan(c), ...this.f.chan(a, 'Dest'), ['Queue', call.queue ?? ''],
      ['Interface', `${this.opts.tech}/${ext}`], ['MemberName', `Agent ${ext}`]));
    this.out(this.f.device(`${this.opts.tech}/${ext}`, 'RINGING'),
      this.f.dial('DialBegin', c, a, ['DialString', `${this.opts.tech}/${ext}`]));
    c.connectedNum = ext; c.connectedName = `Agent ${ext}`;
    this.out(this.f.chanEvent('NewConnectedLine', 'call,all', c));
    this.setState(a, 5);
    this.out(this.f.dial('DialState', c, a, ['DialStatus', 'RINGING']), this.f.device(`${this.opts.tech}/${ext}`, 'RINGING'));
    return a;
  }

  /** app_queue rna(): AgentRingNoAnswer, then the member's leg is torn down. */
  memberNoAnswer(call: SimCall, a: SimChannel): void {
    const c = call.caller;
    const ringTime = Math.round((Date.now() - a.createdAt) / 1000);
    this.out(this.f.event('AgentRingNoAnswer', 'agent,all', ...this.f.chan(c), ...this.f.chan(a, 'Dest'), ['Queue', call.queue ?? ''],
      ['Interface', `${this.opts.tech}/${a.endpoint}`], ['MemberName', `Agent ${a.endpoint}`], ['RingTime', String(ringTime)]));
    this.qlog(c.uniqueid, call.queue ?? '', `Agent ${a.endpoint}`, 'RINGNOANSWER', ringTime * 1000);
    this.out(this.f.dial('DialEnd', c, a, ['DialStatus', 'NOANSWER']));
    this.dropLeg(call, a, 16);
  }

  /** A ringing leg that goes away without answering (caller left, other member answered, busy...). */
  dropLeg(call: SimCall, a: SimChannel, cause: number): void {
    call.ringing = call.ringing.filter((x) => x !== a);
    this.out(this.f.device(`${this.opts.tech}/${a.endpoint}`, 'NOT_INUSE'), this.f.hangup(a, cause));
    this.model.channels.delete(a.uniqueid);
    for (const { queue, member } of this.model.membersOf(a.endpoint)) {
      member.status = 1;
      if (queue.name === call.queue) this.out(this.f.memberStatus(queue.name, member));
    }
  }

  bridgeUp(a: SimChannel, b: SimChannel): string {
    const id = randomUUID();
    this.model.bridges.set(id, new Set([a.uniqueid, b.uniqueid]));
    a.bridgeId = id; b.bridgeId = id;
    this.out(this.f.bridge('BridgeCreate', id, 0), this.f.bridge('BridgeEnter', id, 1, a));
    return id;
  }

  bridgeVars(a: SimChannel, b: SimChannel): void {
    this.out(this.f.varSet(a, 'BRIDGEPEER', b.name), this.f.varSet(b, 'BRIDGEPEER', a.name));
  }

  /** Queue member answers: DialEnd, MOH stops, caller leaves the queue, AgentConnect, bridge. */
  memberAnswer(call: SimCall, a: SimChannel): void {
    const c = call.caller;
    const queue = call.queue ?? '';
    this.setState(a, 6);
    this.out(this.f.dial('DialEnd', c, a, ['DialStatus', 'ANSWER']), this.f.chanEvent('MusicOnHoldStop', 'call,all', c));
    for (const v of ['MEMBERINTERFACE', 'MEMBERNAME']) this.out(this.f.varSet(c, v, v === 'MEMBERNAME' ? `Agent ${a.endpoint}` : `${this.opts.tech}/${a.endpoint}`));
    this.out(this.f.device(`${this.opts.tech}/${a.endpoint}`, 'INUSE'));
    const hold = Math.round((Date.now() - (c.queueJoinedAt ?? c.createdAt)) / 1000);
    this.out(this.f.varSet(c, 'QEHOLDTIME', String(hold)), this.f.varSet(c, 'QUEUENAME', queue));
    const q = this.model.queues.get(queue);
    if (q) {
      q.waiting = q.waiting.filter((u) => u !== c.uniqueid);
      if (q.waiting.length === 0) this.out(this.f.device(`Queue:${queue}`, 'NOT_INUSE'));
      q.completed += 1;
    }
    this.out(this.f.chanEvent('QueueCallerLeave', 'agent,all', c, ['Queue', queue], ['Position', String(c.queuePosition ?? 1)], ['Count', String(q?.waiting.length ?? 0)]));
    c.queue = null;
    this.out(this.f.varSet(c, 'QUEUEPOSITION', String(c.queuePosition ?? 1)), this.f.varSet(c, 'QUEUEWAIT', String(hold)));
    this.out(this.f.event('AgentConnect', 'agent,all', ...this.f.chan(c), ...this.f.chan(a, 'Dest'), ['Queue', queue],
      ['Interface', `${this.opts.tech}/${a.endpoint}`], ['MemberName', `Agent ${a.endpoint}`], ['HoldTime', String(hold)],
      ['RingTime', String(Math.round((Date.now() - a.createdAt) / 1000))]));
    this.qlog(c.uniqueid, queue, `Agent ${a.endpoint}`, 'CONNECT', hold, a.uniqueid, Math.round((Date.now() - a.createdAt) / 1000));
    call.ringing = call.ringing.filter((x) => x !== a);
    for (const other of [...call.ringing]) { this.out(this.f.dial('DialEnd', c, other, ['DialStatus', 'CANCEL'])); this.dropLeg(call, other, 26); }
    call.agent = a;
    call.answeredAt = Date.now();
    const id = this.bridgeUp(a, c);
    call.bridgeId = id;
    const m = this.model.member(queue, a.endpoint);
    if (m) { m.inCall = true; m.status = 2; m.callsTaken += 1; this.out(this.f.memberStatus(queue, m)); }
    this.out(this.f.bridge('BridgeEnter', id, 2, c));
    this.bridgeVars(a, c);
    this.out(this.f.rtcpSent(c), this.f.rtcpSent(a));
  }

  /** Caller gives up while waiting: HangupRequest, ringing legs cancelled, QueueCallerAbandon, leave, Hangup. */
  abandon(call: SimCall): void {
    const c = call.caller;
    const queue = call.queue ?? '';
    this.out(this.f.chanEvent('HangupRequest', 'call,all', c));
    for (const a of [...call.ringing]) { this.out(this.f.dial('DialEnd', c, a, ['DialStatus', 'CANCEL'])); this.dropLeg(call, a, 16); }
    this.out(this.f.chanEvent('MusicOnHoldStop', 'call,all', c));
    const hold = Math.round((Date.now() - (c.queueJoinedAt ?? c.createdAt)) / 1000);
    this.out(this.f.chanEvent('QueueCallerAbandon', 'agent,all', c, ['Queue', queue], ['Position', String(c.queuePosition ?? 1)],
      ['OriginalPosition', String(c.queuePosition ?? 1)], ['HoldTime', String(hold)]));
    this.qlog(c.uniqueid, queue, 'NONE', 'ABANDON', c.queuePosition ?? 1, c.queuePosition ?? 1, hold);
    const q = this.model.queues.get(queue);
    if (q) {
      q.waiting = q.waiting.filter((u) => u !== c.uniqueid);
      q.abandoned += 1;
      if (q.waiting.length === 0) this.out(this.f.device(`Queue:${queue}`, 'NOT_INUSE'));
    }
    this.out(this.f.chanEvent('QueueCallerLeave', 'agent,all', c, ['Queue', queue], ['Position', String(c.queuePosition ?? 1)], ['Count', String(q?.waiting.length ?? 0)]));
    this.out(this.f.cdr(c, null, 'Queue', `${queue},,,,300`, null), this.f.hangup(c, 16));
    this.finish(call);
  }

  finish(call: SimCall): void {
    for (const t of call.timers) clearTimeout(t);
    for (const ch of [call.caller, call.agent, ...call.ringing]) if (ch) this.model.channels.delete(ch.uniqueid);
    if (call.bridgeId) this.model.bridges.delete(call.bridgeId);
    // A consultation shares its Linkedid with the call it is about, under another key (sim-engine-xfer.ts).
    for (const [key, c] of this.calls) if (c === call) this.calls.delete(key);
  }
}
