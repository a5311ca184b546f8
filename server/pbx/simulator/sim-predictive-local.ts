import type { SimEngine } from './sim-engine';
import type { Frame, SimChannel } from './sim-model';

// A predictive dial's customer reached through pbx-config's [dial-out] (issue #24), as Asterisk 20 runs
// `Originate Channel=Local/<number>@dial-out/n Context=campaign-answered Exten=originated` with `_`-prefixed variables:
// core_unreal allocates ;1 then ;2 (the ;2 half runs [dial-out]); the Originate sets its variables on ;1 (VarSet
// each); ast_unreal_call_setup copies them, names unchanged, to ;2 (VarSet each); [dial-out] sets OUTNUM from
// TRUNK_NUMBER_FORMAT and Dials the carrier with aG(campaign-answered^s^1); app_dial's ast_channel_inherit_variables
// gives the carrier channel every `_X` as `X` (VarSet each, main/channel.c), then DialBegin. On the answer, `a`
// answers ;2 (and so ;1, whose Originate then succeeds and which plays hold music into ;2: ast_answer waits for that
// first frame), G sends the carrier channel to [campaign-answered] priority 2 (-> campaign-predictive) and ;2 to
// priority 1 (Hangup), which ends the Local pair. The carrier channel keeps ;1's Linkedid. Frame order as Asterisk
// 20.20.1 sent it in tests/pbx-real/predictive-amd.test.ts (AMI trace, WARMLINE_AMI_DUMP, 2026-12-06): answered;
// busy, declined and no answer in tests/pbx-real/predictive-ring-outcomes.test.ts (see failedThroughDialOut).

export type TrunkNumberFormat = 'e164' | 'digits';

export interface LocalPair { one: SimChannel; two: SimChannel; outnum: string }

let localSeq = 0;
const localName = (number: string, seq: string, half: 1 | 2) => `Local/${number}@dial-out-${seq};${half}`;

/** ;1, ;2, the variables, [dial-out] up to Dial, and the carrier channel ringing, in the order Asterisk 20.20.1 sent them. */
export function dialThroughDialOut(e: SimEngine, o: { number: string; variables: Record<string, string>; callerId: string | null; format: TrunkNumberFormat }): { pair: LocalPair; trunk: SimChannel } {
  const seq = (localSeq++).toString(16).padStart(8, '0');
  const callerNum = /<([^>]*)>/.exec(o.callerId ?? '')?.[1] ?? '';
  const callerName = /"([^"]*)"/.exec(o.callerId ?? '')?.[1] ?? '';
  // Both halves start in the Local channel's own context and exten; ;2 is already Ring (it runs the dialplan).
  const one = e.model.newChannel('local', { name: localName(o.number, seq, 1), context: 'dial-out', exten: o.number, callerName: callerName || '<unknown>' });
  const two = e.model.newChannel('local', { name: localName(o.number, seq, 2), linkedid: one.linkedid, context: 'dial-out', exten: o.number, state: 4 });
  e.out(e.f.chanEvent('Newchannel', 'call,all', one), e.f.chanEvent('Newchannel', 'call,all', two), e.f.newexten(one, 'AppDial2', '(Outgoing Line)'));
  const vars = Object.entries(o.variables);
  for (const [k, v] of vars) e.out(e.f.varSet(one, k, v));
  // ast_unreal_call_setup copies them to ;2 (the list walked from its other end: the reverse order on the wire).
  for (const [k, v] of [...vars].reverse()) e.out(e.f.varSet(two, k, v));
  const outnum = o.format === 'digits' ? o.number.replace(/[^0-9]/g, '') : o.number;
  const step = (app: string, data: string) => { two.priority += 1; e.out(e.f.newexten(two, app, data)); };
  two.priority = 0;
  step('NoOp', `Outbound by ${callerNum} -> ${o.number}`);
  step('Set', `OUTNUM=${outnum}`);
  e.out(e.f.varSet(two, 'OUTNUM', outnum));
  step('GotoIf', '1?answered');
  two.priority = 8;
  e.out(e.f.newexten(two, 'Dial', `${e.opts.tech}/${outnum}@${e.opts.trunk},45,aG(campaign-answered^s^1)`));
  const trunk = e.model.newChannel(e.opts.trunk, { linkedid: one.linkedid, context: 'from-trunk', exten: 's' });
  e.out(e.f.chanEvent('Newchannel', 'call,all', trunk), e.f.varSet(trunk, 'DIALEDPEERNUMBER', `${outnum}@${e.opts.trunk}`));
  // app_dial's ast_channel_inherit_variables: each `_X` of ;2 as X, VarSet each.
  for (const [k, v] of [...vars].reverse()) if (/^_[^_]/.test(k)) e.out(e.f.varSet(trunk, k.slice(1), v));
  trunk.exten = o.number;
  trunk.callerNum = outnum;
  e.out(e.f.newexten(trunk, 'AppDial', '(Outgoing Line)'), e.f.dial('DialBegin', two, trunk, ['DialString', `${outnum}@${e.opts.trunk}`]));
  trunk.state = 5;
  one.state = 5;
  e.out(e.f.chanEvent('Newstate', 'call,all', trunk), e.f.chanEvent('Newstate', 'call,all', one), e.f.dial('DialState', two, trunk, ['DialStatus', 'RINGING']));
  return { pair: { one, two, outnum }, trunk };
}

function localHangup(e: SimEngine, ch: SimChannel, cause: number): Frame {
  e.model.channels.delete(ch.uniqueid);
  return e.f.hangup(ch, cause);
}

/**
 * The carrier answered (order of Asterisk 20.20.1): the three Up; `a` answers ;2, so ;1 runs [campaign-answered]
 * `originated` (hold music into ;2, which ends ast_answer's wait for media) and the Originate succeeds; G hands
 * the carrier channel to [campaign-answered] priority 2 (its Newexten still names AppDial), DialEnd ANSWER, ;2
 * hangs up at priority 1 and takes ;1 with it.
 */
export function answeredThroughDialOut(e: SimEngine, pair: LocalPair, trunk: SimChannel, success: (one: SimChannel) => Frame): void {
  const { one, two } = pair;
  for (const ch of [trunk, two, one]) { ch.state = 6; e.out(e.f.chanEvent('Newstate', 'call,all', ch)); }
  one.context = 'campaign-answered'; one.exten = 'originated'; one.priority = 1;
  e.out(e.f.newexten(one, 'MusicOnHold', 'default,30'), e.f.chanEvent('MusicOnHoldStart', 'call,all', one, ['Class', 'default']), success(one));
  e.out(e.f.varSet(two, 'DIALSTATUS', 'ANSWER'));
  trunk.context = 'campaign-answered'; trunk.exten = 's'; trunk.priority = 2;
  e.out(e.f.newexten(trunk, 'AppDial', '(Outgoing Line)'), e.f.dial('DialEnd', two, trunk, ['DialStatus', 'ANSWER']));
  two.context = 'campaign-answered'; two.exten = 's'; two.priority = 1;
  e.out(e.f.newexten(two, 'Hangup', ''), e.f.chanEvent('SoftHangupRequest', 'call,all', two, ['Cause', '16']),
    e.f.varSet(one, 'CHANLOCALSTATUS', 'ANSWER'), e.f.chanEvent('HangupRequest', 'call,all', one, ['Cause', '16']), localHangup(e, two, 16),
    e.f.chanEvent('MusicOnHoldStop', 'call,all', one), e.f.chanEvent('SoftHangupRequest', 'call,all', one, ['Cause', '16']), localHangup(e, one, 16));
}

/** Why a dial through [dial-out] ended unanswered: the carrier said 486 (busy) or 603 (declined), or nobody answered. */
export type DialOutFailure = 'busy' | 'declined' | 'no_answer';

// What each refusal leaves, as Asterisk 20.20.1 sent it (tests/pbx-real/predictive-ring-outcomes.test.ts): the carrier
// leg's cause, app_dial's DialEnd status and DIALSTATUS (a 603 ends Dial with NOANSWER, then DIALSTATUS CHANUNAVAIL).
const REFUSAL = { busy: { cause: 17, dialEnd: 'BUSY', status: 'BUSY' }, declined: { cause: 21, dialEnd: 'NOANSWER', status: 'CHANUNAVAIL' } } as const;

/** OriginateResponse Reason of an unanswered dial through [dial-out] (Asterisk 20.20.1, measured; see failedThroughDialOut). */
export const DIAL_OUT_FAILURE_REASON: Record<DialOutFailure, number> = { busy: 0, declined: 0, no_answer: 3 };

/**
 * The carrier's phone rang and then refused (486: cause 17, 603: cause 21), or rang until the Originate's timeout, in
 * the order Asterisk 20.20.1 sent them (tests/pbx-real/predictive-ring-outcomes.test.ts, 2026-12-06). Refused:
 * HangupRequest on the carrier channel, DialEnd, the carrier channel's Hangup, ;2 runs Hangup() with the cause Dial
 * copied, ;1 follows (CHANLOCALSTATUS), ;2's Hangup, the OriginateResponse, ;1's Hangup; its Reason was 0 though
 * the carrier had rung (180) for 1.5 s, as for a carrier that says 486 at once (whose channel's Hangup came after the
 * OriginateResponse instead: the two threads race). No answer (tests/fixtures/ami/predictive_no_answer.raw.jsonl):
 * the Originate gives up on ;1 at its timeout, which asks ;2 to hang up (cause 19); Dial cancels the carrier leg, and
 * every channel ends with cause 19 before the OriginateResponse, Reason 3 (ringing).
 */
export function failedThroughDialOut(e: SimEngine, pair: LocalPair, trunk: SimChannel, why: DialOutFailure, failure: Frame): void {
  const { one, two } = pair;
  if (why === 'no_answer') {
    e.out(e.f.chanEvent('HangupRequest', 'call,all', two, ['Cause', '19']), e.f.dial('DialEnd', two, trunk, ['DialStatus', 'CANCEL']),
      e.f.varSet(two, 'DIALSTATUS', 'CANCEL'), e.f.chanEvent('SoftHangupRequest', 'call,all', two, ['Cause', '16']),
      localHangup(e, trunk, 19), localHangup(e, two, 19), localHangup(e, one, 19), failure);
    return;
  }
  const r = REFUSAL[why];
  e.out(e.f.chanEvent('HangupRequest', 'call,all', trunk, ['Cause', String(r.cause)]), e.f.dial('DialEnd', two, trunk, ['DialStatus', r.dialEnd]),
    localHangup(e, trunk, r.cause), e.f.varSet(two, 'DIALSTATUS', r.status));
  two.priority = 9;
  e.out(e.f.newexten(two, 'Hangup', ''), e.f.chanEvent('SoftHangupRequest', 'call,all', two, ['Cause', '16']), e.f.varSet(one, 'CHANLOCALSTATUS', r.status),
    e.f.chanEvent('HangupRequest', 'call,all', one, ['Cause', String(r.cause)]), localHangup(e, two, r.cause), failure, localHangup(e, one, r.cause));
}
