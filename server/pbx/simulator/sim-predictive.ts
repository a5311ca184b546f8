import type { SimCall, SimEngine } from './sim-engine';
import { dialAgent, dialAnswer } from './sim-engine-legs';
import type { Frame, SimChannel } from './sim-model';
import { answeredThroughDialOut, dialThroughDialOut, DIAL_OUT_FAILURE_REASON, failedThroughDialOut, type DialOutFailure, type LocalPair, type TrunkNumberFormat } from './sim-predictive-local';

// Predictive dials (issue #24) as Asterisk 20 runs them with pbx-config/extensions.conf. Warmline's Originate is
// Channel Local/<number>@dial-out/n into [campaign-answered] (sim-predictive-local.ts: the Local pair, [dial-out],
// TRUNK_NUMBER_FORMAT, the carrier channel handed to [campaign-predictive] by Dial's G()). An Originate of
// Channel PJSIP/<number>@trunk straight into campaign-predictive (a site's customerChannelTemplate) is played too: the
// customer leg is then the Originate's channel, carrying its variables; a failure is its Hangup (17 busy, 21 declined,
// 19 no answer) then OriginateResponse Failure (Reason 5 busy, 0 declined, 3 no answer). Either way an answer runs
// [campaign-predictive] on the carrier channel: Newstate Up, the recording, OriginateResponse Success (Reason 4; for
// the Local form earlier, on ;1), AMD() setting AMDSTATUS and AMDCAUSE (app_amd.c: pbx_builtin_setvar_helper, so a VarSet each;
// HANGUP leaves AMDCAUSE empty), then CAMPAIGN_STAGE. A live answer waits 1.8 s (Wait(1.8)) for a Redirect to
// [campaign-connect], else the abandon message (CAMPAIGN_STAGE=abandoned, Playback, Hangup).
// Dials ring until a test (or a scenario) answers them (answer/fail).

export type AmdResult = 'HUMAN' | 'MACHINE' | 'NOTSURE' | 'HANGUP';
export type CustomerResult = { amd: AmdResult | null } | DialOutFailure;

const AMD_CAUSE: Record<AmdResult, string> = { HUMAN: 'HUMAN-1000-800', MACHINE: 'LONGGREETING-1600-1500', NOTSURE: 'TOOLONG-5000', HANGUP: '' };
// The carrier channel Originated straight into campaign-predictive (no Local pair): its Hangup cause, then the Reason.
const FAIL = { busy: { cause: 17, reason: 5 }, declined: { cause: 21, reason: 0 }, no_answer: { cause: 19, reason: 3 } } as const;

interface Dial {
  crmCallId: string; number: string; actionId: string; amdAction: string; ch: SimChannel; call: SimCall;
  stage: 'ringing' | 'waiting' | 'connected' | 'over';
  /** The Originate's Local pair when the customer was dialled through [dial-out]. */
  local: LocalPair | null;
}

export interface SimPredictiveTiming { amdMs: number; waitMs: number; messageMs: number; agentAnswerMs: number }

export class SimPredictive {
  readonly dials = new Map<string, Dial>();
  timing: SimPredictiveTiming = { amdMs: 0, waitMs: 1_800, messageMs: 50, agentAnswerMs: 0 };
  /** pbx-config's TRUNK_NUMBER_FORMAT global, applied by [dial-out]. */
  trunkNumberFormat: TrunkNumberFormat = 'e164';

  constructor(private readonly e: SimEngine, private readonly later: (call: SimCall, ms: number, fn: () => void) => void) {}

  private out(...frames: Frame[]): void { this.e.out(...frames); }

  /** `viaDialOut`: Channel Local/<number>@dial-out (pbx-config), else PJSIP/<number>@trunk straight into campaign-predictive. */
  originate(o: { actionId: string; number: string; variables: Record<string, string>; callerId: string | null; viaDialOut: boolean }): void {
    const e = this.e;
    const v = (name: string) => o.variables[name] ?? o.variables[`_${name}`];
    const crmCallId = v('CRM_CALL_ID') ?? `sim-${o.actionId}`;
    let ch: SimChannel;
    let local: LocalPair | null = null;
    if (o.viaDialOut) {
      const placed = dialThroughDialOut(e, { number: o.number, variables: o.variables, callerId: o.callerId, format: this.trunkNumberFormat });
      ch = placed.trunk;
      local = placed.pair;
    } else {
      ch = e.model.newChannel(e.opts.trunk, { callerNum: o.number, callerName: '<unknown>', context: 'campaign-predictive', exten: 's', priority: 1 });
      ch.connectedNum = o.number;
      this.out(e.f.chanEvent('Newchannel', 'call,all', ch));
      for (const [k, val] of Object.entries(o.variables)) this.out(e.f.varSet(ch, k, val));
      ch.state = 5;
      this.out(e.f.chanEvent('Newstate', 'call,all', ch));
    }
    const call: SimCall = { linkedid: ch.linkedid, kind: 'direct', caller: ch, agent: null, ringing: [], queue: null, answeredAt: null, bridgeId: null,
      tried: [], timers: [], manual: true };
    e.calls.set(call.linkedid, call);
    const dial: Dial = { crmCallId, number: o.number, actionId: o.actionId, amdAction: v('AMD_ACTION') ?? 'hangup', ch, call, stage: 'ringing', local };
    this.dials.set(crmCallId, dial);
  }

  /** The number the carrier was sent for a dial (after [dial-out]'s TRUNK_NUMBER_FORMAT), as in the Dial's data. */
  carrierNumber(crmCallId: string): string | null {
    const d = this.dials.get(crmCallId);
    return d ? d.local?.outnum ?? d.number : null;
  }

  /** The customer's phone answers; AMD (unless the campaign turned it off) says `amd`. */
  answer(crmCallId: string, amd: AmdResult | null = 'HUMAN'): boolean {
    const d = this.dials.get(crmCallId);
    if (d?.stage !== 'ringing') return false;
    this.settle(d, { amd });
    return true;
  }

  /** The customer's phone, having rung, refuses (busy: 486, declined: 603) or rings until the Originate gives up. */
  fail(crmCallId: string, why: DialOutFailure): boolean {
    const d = this.dials.get(crmCallId);
    if (d?.stage !== 'ringing') return false;
    this.settle(d, why);
    return true;
  }

  ringing(): string[] { return [...this.dials.values()].filter((d) => d.stage === 'ringing').map((d) => d.crmCallId); }
  waiting(): string[] { return [...this.dials.values()].filter((d) => d.stage === 'waiting').map((d) => d.crmCallId); }

  private originateResponse(d: Dial, success: boolean, reason: number): Frame {
    const e = this.e;
    const channel = d.local ? d.local.one : d.ch;
    const failed = d.local ? `Local/${d.number}@dial-out/n` : `${e.opts.tech}/${d.number}@${e.opts.trunk}`;
    const [context, exten] = d.local ? ['campaign-answered', 'originated'] : ['campaign-predictive', 's'];
    return e.f.event('OriginateResponse', 'call,all', ['ActionID', d.actionId], ['Response', success ? 'Success' : 'Failure'],
      ['Channel', success ? channel.name : failed], ['Context', context], ['Exten', exten],
      ['Reason', String(reason)], ['Uniqueid', success ? channel.uniqueid : '<null>'], ['CallerIDNum', '<unknown>'], ['CallerIDName', '<unknown>']);
  }

  private step(d: Dial, app: string, data: string): void {
    d.ch.priority += 1;
    this.out(this.e.f.newexten(d.ch, app, data));
  }

  private stage(d: Dial, stage: string): void {
    const v = `${stage}|${d.ch.vars.AMDSTATUS ?? ''}|${d.ch.vars.AMDCAUSE ?? ''}`;
    this.step(d, 'Set', `CAMPAIGN_STAGE=${v}`);
    this.out(this.e.f.varSet(d.ch, 'CAMPAIGN_STAGE', v));
  }

  private hangup(d: Dial, cause: number): void {
    if (d.stage === 'over') return;
    d.stage = 'over';
    this.out(this.e.f.hangup(d.ch, cause));
    this.e.model.channels.delete(d.ch.uniqueid);
    this.e.finish(d.call);
  }

  private settle(d: Dial, result: CustomerResult): void {
    if (d.stage !== 'ringing') return;
    const e = this.e;
    if (typeof result === 'string') {
      d.stage = 'over';
      if (d.local) {
        failedThroughDialOut(e, d.local, d.ch, result, this.originateResponse(d, false, DIAL_OUT_FAILURE_REASON[result]));
      } else {
        this.out(e.f.hangup(d.ch, FAIL[result].cause));
        e.model.channels.delete(d.ch.uniqueid);
        this.out(this.originateResponse(d, false, FAIL[result].reason));
      }
      e.finish(d.call);
      return;
    }
    d.call.answeredAt = Date.now();
    if (d.local) {
      answeredThroughDialOut(e, d.local, d.ch, () => this.originateResponse(d, true, 4));
    } else {
      d.ch.state = 6;
      this.out(e.f.chanEvent('Newstate', 'call,all', d.ch));
    }
    d.ch.context = 'campaign-predictive'; d.ch.exten = 's'; d.ch.priority = 0;
    this.step(d, 'NoOp', `Predictive dial ${d.crmCallId} answered, AMD ${d.amdAction}`);
    const path = `${e.opts.recordingsDir}/out-${d.ch.linkedid}.wav`;
    this.step(d, 'Set', `RECORDING_FILE=${path}`);
    this.out(e.f.varSet(d.ch, 'RECORDING_FILE', path));
    this.step(d, 'MixMonitor', path);
    this.out(e.f.varSet(d.ch, 'MIXMONITOR_FILENAME', path), e.f.chanEvent('MixMonitorStart', 'call,all', d.ch));
    if (!d.local) this.out(this.originateResponse(d, true, 4));
    const amd = d.amdAction === 'off' ? null : (result.amd ?? 'HUMAN');
    const go = () => {
      if (amd) {
        this.step(d, 'AMD', '');
        this.out(e.f.varSet(d.ch, 'AMDSTATUS', amd), e.f.varSet(d.ch, 'AMDCAUSE', AMD_CAUSE[amd]));
      }
      if (amd === 'HANGUP') { this.stage(d, 'gone'); this.hangup(d, 16); return; }
      if (amd === 'MACHINE') {
        this.stage(d, 'machine');
        if (d.amdAction === 'message') this.step(d, 'Playback', 'warmline/campaign-machine-message');
        this.later(d.call, this.timing.messageMs, () => this.hangup(d, 16));
        return;
      }
      this.stage(d, 'live');
      d.stage = 'waiting';
      this.step(d, 'Wait', '1.8');
      this.later(d.call, this.timing.waitMs, () => {
        if (d.stage !== 'waiting') return;
        this.stage(d, 'abandoned');
        this.step(d, 'Playback', 'warmline/campaign-abandoned');
        this.later(d.call, this.timing.messageMs, () => this.hangup(d, 16));
      });
    };
    if (this.timing.amdMs > 0) this.later(d.call, this.timing.amdMs, go); else go();
  }

  /** A Redirect of a waiting customer to [campaign-connect],<ext>: Dial the agent (auto-answered) and bridge. */
  redirect(channel: string, context: string, exten: string): boolean | null {
    const d = [...this.dials.values()].find((x) => x.ch.name === channel);
    if (!d) return null;
    if (d.stage === 'over') return false;
    if (context !== 'campaign-connect' || d.stage !== 'waiting') return true;
    d.stage = 'connected';
    const e = this.e;
    d.ch.context = 'campaign-connect'; d.ch.exten = exten; d.ch.priority = 0;
    this.stage(d, 'connecting');
    const a = dialAgent(e, d.call, exten);
    this.later(d.call, this.timing.agentAnswerMs, () => { if (d.call.ringing.includes(a)) dialAnswer(e, d.call, a); });
    return true;
  }
}
