import { handleAction, type ActionBehaviour } from './sim-actions';
import { SimEngine, type SimCall } from './sim-engine';
import { dialAgent, dialAnswer, dialFail, hangupBridged, originateAnswer, originateFail, originateLeg,
  type OriginateOutcome, type OriginateSpec } from './sim-engine-legs';
import { attendedTransfer, blindTransfer, hold } from './sim-engine-transfer';
import { amiBlindTransfer, atxferCancel, atxferComplete, atxferStart, dtmf, routeOf } from './sim-engine-xfer';
import { SimModel, type Frame, type SimChannel } from './sim-model';
import { AmiSimServer } from './sim-server';
import { SimPredictive } from './sim-predictive';
import type { SimQueueMembership } from './sim-queue-members';
import type { QueueLogEntry } from '../queue-log';

// An AMI server that behaves like Asterisk 20 for Warmline's purposes. Tests drive calls step by step
// ("agent 1002 answers now") or run whole scenarios; QueueStatus/CoreShowChannels reflect the live state.

export interface SimTiming {
  /** Auto-answer delay for a ringing agent (null: wait for answer()). */
  agentAnswerMs: number | null;
  /**
   * How long Answer() takes on an inbound call before the dialplan goes on to MixMonitor and Queue(): 15 ms in the
   * inbound_answered capture (Newchannel to AgentCalled: 16.5 ms). 0: everything up to the first ring in the same
   * instant, the worst case for a screen pop, whose caller lookup starts at the Newchannel.
   */
  answerMs: number;
  ringTimeoutMs: number;
  retryMs: number;
  customerAnswerMs: number;
  talkMs: number;
}

export interface PbxSimulatorOptions {
  port?: number;
  host?: string;
  username?: string;
  secret?: string;
  agents?: string[];
  queues?: Record<string, string[]>;
  tech?: 'PJSIP' | 'SIP';
  trunk?: string;
  channelVars?: string[];
  recordingsDir?: string;
  timing?: Partial<SimTiming>;
  /** Outcome of the next Originate actions (default: agent and customer answer). */
  originateOutcome?: OriginateOutcome;
  /** Queue steps as Asterisk writes them to queue_log (e.g. QueueLogRepository.append); none by default. */
  queueLog?: (row: QueueLogEntry) => void;
  /**
   * Queues that exist besides `queues`, as Asterisk's realtime `queues` family (pbx-config's ast_queues view): asked
   * on a QueueAdd or QueuePenalty naming an unknown queue. Absent: only `queues` exist.
   */
  realtimeQueues?: (queue: string) => Promise<boolean>;
}

export type { ActionBehaviour };

export class PbxSimulator {
  readonly options: Required<Omit<PbxSimulatorOptions, 'timing' | 'port' | 'host' | 'queueLog' | 'realtimeQueues'>>;
  readonly queueMembership: SimQueueMembership;
  readonly model: SimModel;
  readonly engine: SimEngine;
  readonly server: AmiSimServer;
  /** Predictive campaign dials (customer first, AMD, 2 s for a Redirect to an agent). */
  readonly predictive: SimPredictive;
  timing: SimTiming;
  private listenedOn = 0;
  private readonly behaviours = new Map<string, ActionBehaviour>();
  private readonly specs = new Map<string, OriginateSpec>();
  private readonly listeners = new Set<(frame: Frame) => void>();
  /**
   * Asterisk 20 with phones that send no media (the lab's sipp phones): an AMI Hangup of a spying channel raises no
   * event and ChanSpy stays, listed, until a frame passes through the spied channel, here until the spied call ends
   * (tests/pbx-real/supervision-session.test.ts). Off: the spying channel goes at once, as with phones sending RTP.
   */
  spyLingers = false;

  constructor(opts: PbxSimulatorOptions = {}) {
    const agents = opts.agents ?? ['1001', '1002', '1003'];
    this.options = {
      username: opts.username ?? 'warmline', secret: opts.secret ?? 'warmline-demo-secret', agents,
      queues: opts.queues ?? { support: agents }, tech: opts.tech ?? 'PJSIP', trunk: opts.trunk ?? 'trunk',
      channelVars: opts.channelVars ?? ['RECORDING_FILE'], recordingsDir: opts.recordingsDir ?? '/var/spool/asterisk/monitor',
      originateOutcome: opts.originateOutcome ?? 'answer',
    };
    this.timing = { agentAnswerMs: 2000, answerMs: 0, ringTimeoutMs: 15000, retryMs: 1000, customerAnswerMs: 1500, talkMs: 8000, ...opts.timing };
    this.model = new SimModel(this.options.tech, this.options.queues);
    this.server = new AmiSimServer((session, action) => handleAction(this, session, action));
    this.engine = new SimEngine(this.model, (frame) => this.publish(frame), {
      tech: this.options.tech, channelVars: this.options.channelVars, recordingsDir: this.options.recordingsDir, trunk: this.options.trunk,
      queueLog: opts.queueLog,
    });
    this.predictive = new SimPredictive(this.engine, (call, ms, fn) => this.later(call, ms, fn));
    this.queueMembership = { model: this.model, engine: this.engine, tech: this.options.tech, realtime: opts.realtimeQueues, changed: () => this.redistribute() };
  }

  private publish(frame: Frame): void {
    this.server.broadcast(frame);
    for (const l of this.listeners) l(frame);
  }

  /** Every frame the simulator publishes (tests replay them through the translator). */
  onFrame(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Make an action slow (ms) or unanswered ('ignore'); undefined restores normal behaviour. */
  setActionBehaviour(action: string, behaviour: ActionBehaviour): void {
    if (behaviour === undefined) this.behaviours.delete(action.toLowerCase());
    else this.behaviours.set(action.toLowerCase(), behaviour);
  }

  behaviourFor(action: string): ActionBehaviour { return this.behaviours.get(action); }

  get liveCalls(): SimCall[] { return [...this.engine.calls.values()]; }

  private later(call: SimCall | null, ms: number | null, fn: () => void): void {
    if (ms === null) return;
    const t = setTimeout(() => { try { fn(); } catch { /* call already gone */ } }, ms);
    t.unref?.();
    call?.timers.push(t);
  }

  // ---- inbound -------------------------------------------------------------------------------------------------

  placeInboundCall(o: { from: string; queue?: string | null; did?: string; callerName?: string; toExtension?: string;
    manual?: boolean }): SimCall {
    const call = this.engine.inbound(o.from, o.did ?? '5000', o.callerName ?? `Customer ${o.from}`, o.toExtension ? null : (o.queue ?? 'support'));
    call.manual = o.manual ?? false;
    const answered = () => {
      if (!this.engine.calls.has(call.linkedid)) return;
      this.engine.inboundAnswered(call);
      if (o.toExtension) {
        const a = dialAgent(this.engine, call, o.toExtension);
        if (!call.manual) this.later(call, this.timing.agentAnswerMs, () => this.answer(a.endpoint));
      } else {
        this.distribute(call);
      }
    };
    if (this.timing.answerMs > 0) this.later(call, this.timing.answerMs, answered);
    else answered();
    return call;
  }

  /** An agent dials another extension (internal call, Dial() without a queue). */
  placeInternalCall(fromExtension: string, toExtension: string, manual = false): SimCall {
    const c = this.model.newChannel(fromExtension, { callerNum: fromExtension, callerName: `Agent ${fromExtension}`,
      context: 'from-agents', exten: toExtension });
    const call: SimCall = { linkedid: c.linkedid, kind: 'direct', caller: c, agent: null, ringing: [], queue: null, answeredAt: null,
      bridgeId: null, tried: [], timers: [], manual };
    this.engine.calls.set(call.linkedid, call);
    this.engine.out(this.engine.f.chanEvent('Newchannel', 'call,all', c));
    c.state = 4;
    this.engine.out(this.engine.f.chanEvent('Newstate', 'call,all', c), this.engine.f.device(`${this.options.tech}/${fromExtension}`, 'INUSE'));
    c.priority = 0;
    dialAgent(this.engine, call, toExtension);
    if (!manual) this.later(call, this.timing.agentAnswerMs, () => this.answer(toExtension));
    return call;
  }

  /** Rings the next free member; rna() after ringTimeoutMs, then retries the next member after retryMs. */
  distribute(call: SimCall): void {
    if (!this.engine.calls.has(call.linkedid) || call.agent || call.ringing.length > 0) return;
    let ext = this.engine.pickMember(call);
    if (!ext && call.tried.length > 0) { call.tried = []; ext = this.engine.pickMember(call); }
    if (!ext) return;
    const a = this.engine.ringMember(call, ext);
    if (!call.manual) this.later(call, this.timing.agentAnswerMs, () => this.answer(ext));
    this.later(call, this.timing.ringTimeoutMs, () => {
      if (!call.ringing.includes(a)) return;
      this.engine.memberNoAnswer(call, a);
      this.later(call, this.timing.retryMs, () => this.distribute(call));
    });
  }

  private redistribute(): void {
    for (const call of this.engine.calls.values()) if (call.kind === 'queue' && !call.agent) this.distribute(call);
  }

  /** The ringing leg of `ext` answers (queue member, direct call, or the agent leg of an Originate). */
  answer(ext: string): boolean {
    for (const call of this.engine.calls.values()) {
      const leg = call.ringing.find((ch) => ch.endpoint === ext);
      if (leg && call.kind === 'queue') { this.engine.memberAnswer(call, leg); return true; }
      if (leg) { dialAnswer(this.engine, call, leg); return true; }
      if ((call.kind === 'originate' || call.kind === 'spy') && call.caller.endpoint === ext && call.caller.state === 5) {
        this.answerOriginate(call);
        return true;
      }
    }
    return false;
  }

  /** Ends a call: `by` caller (customer BYE) or agent. A caller leaving a queue before an answer abandons. */
  hangup(o: { linkedid?: string; extension?: string; by?: 'caller' | 'agent' }): boolean {
    // A ringing queue member's phone declining (486 Busy Here): app_queue handles it like its ring timeout, rna()
    // (AgentRingNoAnswer), tears the member's leg down and tries the members again after `retry`; the caller stays.
    const declined = o.extension && !o.linkedid
      ? this.liveCalls.find((c) => c.kind === 'queue' && !c.agent && c.ringing.some((ch) => ch.endpoint === o.extension)) : undefined;
    const leg = declined?.ringing.find((ch) => ch.endpoint === o.extension);
    if (declined && leg) {
      this.engine.memberNoAnswer(declined, leg);
      this.later(declined, this.timing.retryMs, () => this.distribute(declined));
      return true;
    }
    const call = o.linkedid ? this.engine.calls.get(o.linkedid)
      : this.liveCalls.find((c) => c.agent?.endpoint === o.extension || c.caller.endpoint === o.extension);
    if (!call) return false;
    // The target of an attended transfer hangs up (or declines) during the consultation: the agent has the caller back.
    if (call.consultFor) {
      atxferCancel(this.engine, call.consultFor);
      this.afterEnd();
      return true;
    }
    if (call.kind === 'queue' && !call.agent) this.engine.abandon(call);
    else if (call.agent) hangupBridged(this.engine, call, o.by ?? 'caller');
    else if (call.ringing[0]) dialFail(this.engine, call, call.ringing[0], 'NOANSWER', 16);
    else return false;
    this.afterEnd();
    return true;
  }

  private afterEnd(): void {
    for (const spy of this.liveCalls.filter((c) => c.kind === 'spy')) {
      const target = spy.caller.appData.split(',')[0] ?? '';
      if (target && !this.model.byName(target)) {
        this.engine.out(this.engine.f.hangup(spy.caller, 16));
        this.engine.finish(spy);
      }
    }
    this.redistribute();
  }

  hold(extension: string, on: boolean): boolean {
    const call = this.liveCalls.find((c) => c.agent?.endpoint === extension);
    if (!call?.agent) return false;
    hold(this.engine, call, call.agent, on);
    return true;
  }

  blindTransfer(fromExtension: string, toExtension: string): boolean {
    const call = this.liveCalls.find((c) => c.agent?.endpoint === fromExtension);
    if (!call) return false;
    const leg = blindTransfer(this.engine, call, toExtension);
    if (leg && !call.manual) this.later(call, this.timing.agentAnswerMs, () => this.answer(toExtension));
    return leg !== null;
  }

  attendedTransfer(fromExtension: string, toExtension: string): boolean {
    const call = this.liveCalls.find((c) => c.agent?.endpoint === fromExtension);
    return call ? attendedTransfer(this.engine, call, toExtension) !== null : false;
  }

  /** A phone's keypad during a call: the digit is received on the agent's channel and sent on to the far end. */
  phoneDtmf(extension: string, digits: string): boolean {
    const call = this.liveCalls.find((c) => c.agent?.endpoint === extension || (c.kind === 'originate' && c.caller.endpoint === extension && c.agent));
    if (!call?.agent) return false;
    const [own, far] = call.agent.endpoint === extension ? [call.agent, call.caller] : [call.caller, call.agent];
    for (const d of digits) { dtmf(this.engine, own, d, 'Received'); dtmf(this.engine, far, d, 'Sent'); }
    return true;
  }

  // ---- AMI-driven actions ---------------------------------------------------------------------------------------

  private callOfAgentChannel(name: string): SimCall | undefined {
    const ch = this.model.byName(name);
    return ch ? this.liveCalls.find((c) => c.agent === ch) : undefined;
  }

  /** AMI BlindTransfer: null when done, else Asterisk's error message. */
  blindTransferAction(channel: string, context: string, exten: string): string | null {
    if (!exten) return 'No extension specified';
    const call = this.callOfAgentChannel(channel);
    if (!call) return this.model.byName(channel) ? 'Transfer invalid' : 'Channel specified does not exist';
    const route = routeOf(context, exten);
    if (!route) return 'Transfer failed';
    const leg = amiBlindTransfer(this.engine, call, route, context, exten);
    this.afterTransfer(call, leg, route.kind);
    return null;
  }

  private afterTransfer(call: SimCall, leg: SimChannel | null, kind: 'extension' | 'queue' | 'number'): void {
    if (kind === 'queue') { this.distribute(call); return; }
    if (!leg || call.manual) return;
    if (kind === 'extension') this.later(call, this.timing.agentAnswerMs, () => this.answer(leg.endpoint));
    else this.later(call, this.timing.customerAnswerMs, () => { if (call.ringing.includes(leg)) dialAnswer(this.engine, call, leg); });
  }

  /** AMI Atxfer: the consultation starts (the target rings); null when done, else Asterisk's error message. */
  atxferAction(channel: string, context: string, exten: string): string | null {
    const call = this.callOfAgentChannel(channel);
    if (!call) return 'Channel specified does not exist';
    const route = routeOf(context, exten);
    if (!route) return 'Extension does not exist';
    const consult = atxferStart(this.engine, call, route, context, exten);
    if (!consult) return 'Atxfer not available';
    this.afterTransfer(consult, consult.ringing[0] ?? null, route.kind);
    return null;
  }

  cancelAtxferAction(channel: string): string | null {
    const call = this.callOfAgentChannel(channel);
    if (!call) return 'Channel specified does not exist';
    return atxferCancel(this.engine, call) ? null : 'No attended transfer to cancel';
  }

  playDtmfAction(channel: string, digit: string): string | null {
    const ch = this.model.byName(channel);
    if (!ch) return 'Channel not found';
    if (!/^[0-9*#A-D]$/i.test(digit)) return 'No digit specified';
    dtmf(this.engine, ch, digit.toUpperCase(), 'Sent');
    return null;
  }

  originateFromAction(spec: OriginateSpec): SimCall {
    const call = originateLeg(this.engine, spec);
    this.specs.set(call.linkedid, spec);
    const outcome = spec.application ? 'answer' : (spec.outcome ?? this.options.originateOutcome);
    call.manual = spec.outcome !== undefined;
    if (outcome === 'answer' || outcome === 'customer_busy') {
      this.later(call, this.timing.agentAnswerMs ?? 0, () => this.answer(spec.ext));
    } else {
      this.later(call, Math.min(this.timing.ringTimeoutMs, this.timing.customerAnswerMs), () => {
        originateFail(this.engine, call, spec, outcome);
        this.afterEnd();
      });
    }
    return call;
  }

  private answerOriginate(call: SimCall): void {
    const spec = this.specs.get(call.linkedid);
    if (!spec) return;
    const trunkLeg = originateAnswer(this.engine, call, spec);
    if (!trunkLeg) return;
    if (call.manual) return;
    this.later(call, this.timing.customerAnswerMs, () => {
      if (!call.ringing.includes(trunkLeg)) return;
      if ((spec.outcome ?? this.options.originateOutcome) === 'customer_busy') { dialFail(this.engine, call, trunkLeg, 'BUSY', 17); this.afterEnd(); return; }
      dialAnswer(this.engine, call, trunkLeg);
    });
  }

  hangupChannel(name: string): boolean {
    const ch = this.model.byName(name);
    if (!ch) return false;
    // The transferer hangs up during an attended transfer: answered consultation completes it (Asterisk's default).
    const consulting = this.liveCalls.find((c) => c.agent === ch && c.consult);
    if (consulting?.consult?.agent) return atxferComplete(this.engine, consulting);
    if (consulting) atxferCancel(this.engine, consulting);
    // A queue member's ringing leg hung up over AMI: app_queue counts it as not answered and rings the next member.
    const ringingCall = this.liveCalls.find((c) => c.kind === 'queue' && c.ringing.includes(ch));
    if (ringingCall) {
      this.engine.memberNoAnswer(ringingCall, ch);
      this.later(ringingCall, this.timing.retryMs, () => this.distribute(ringingCall));
      return true;
    }
    const call = this.engine.calls.get(ch.linkedid) ?? this.liveCalls.find((c) => c.agent === ch || c.ringing.includes(ch));
    if (!call) return false;
    if (call.kind === 'spy') {
      if (this.spyLingers) return true;
      this.engine.out(this.engine.f.hangup(ch, 16));
      this.engine.finish(call);
      return true;
    }
    const by = ch === call.caller && call.kind !== 'originate' ? 'caller' : 'agent';
    this.engine.out(this.engine.f.chanEvent('SoftHangupRequest', 'call,all', ch, ['Cause', '16']));
    return this.hangup({ linkedid: call.linkedid, by });
  }

  pauseMember(iface: string, paused: boolean, reason: string, queue: string | null): boolean {
    const ext = iface.split('/')[1] ?? '';
    // app_queue finds the member by its interface as configured: on a chan_sip site `PJSIP/1002` is "Interface not
    // found" (Asterisk 20: the member's interface string is compared, case-insensitively).
    const targets = this.model.membersOf(ext).filter((x) => (!queue || x.queue.name === queue)
      && x.member.interface.toLowerCase() === iface.toLowerCase());
    for (const { queue: q, member } of targets) {
      member.paused = paused;
      member.pausedReason = paused ? reason : '';
      if (paused) member.lastPause = Math.floor(Date.now() / 1000);
      // Only QueueMemberPause: app_queue publishes no QueueMemberStatus for a pause (the device state did not
      // change), as an AMI trace of
      // Asterisk 20.20.1 showed (the add / ready / remove of tests/pbx-real/queue-admin.test.ts).
      this.engine.out(this.engine.f.event('QueueMemberPause', 'agent,all', ...this.engine.f.memberFields(q.name, member)));
    }
    if (!paused) this.redistribute();
    return targets.length > 0;
  }

  redirect(name: string, exten: string): boolean {
    const ch: SimChannel | undefined = this.model.byName(name);
    const call = ch ? this.liveCalls.find((c) => c.caller === ch || c.agent === ch) : undefined;
    if (!ch || !call) return false;
    if (call.agent && ch === call.caller) return this.blindTransfer(call.agent.endpoint, exten);
    return true;
  }

  /** pbx-config/sorcery.conf's full caches of the agents' SIP accounts, and each SorceryMemoryCachePopulate received. */
  readonly sipCaches = new Set(['warmline_auths', 'warmline_aors', 'warmline_endpoints']);
  readonly cachePopulations: string[] = [];

  populateCache(name: string): boolean {
    if (!this.sipCaches.has(name)) return false;
    this.cachePopulations.push(name);
    return true;
  }

  dropAllConnections(): void { this.server.dropAll(); }

  /** The AMI port it listens on (0 until listen()). */
  get port(): number { return this.listenedOn; }

  async listen(port: number, host: string): Promise<number> {
    this.listenedOn = await this.server.listen(port, host);
    return this.listenedOn;
  }

  async stop(): Promise<void> {
    for (const call of this.liveCalls) for (const t of call.timers) clearTimeout(t);
    await this.server.close();
  }
}

export async function startPbxSimulator(opts: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
  const sim = new PbxSimulator(opts);
  await sim.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return sim;
}
