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
// 20.20.1 sent it in tests/pbx-real/predictive-amd.test.ts (AMI trace, WARMLINE_AMI_DUMP, 2026-12-06): answered and
// busy; the no-answer order is not captured.

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

/**
 * The carrier refused (486: cause 17) or never answered. Busy, as Asterisk 20.20.1 sent it: HangupRequest on the
 * carrier channel, DialEnd BUSY, ;2 runs Hangup() with the cause Dial copied, ;1 follows (CHANLOCALSTATUS), the
 * OriginateResponse (before the carrier channel's Hangup), then the two Hangups. Its Reason is the last control
 * frame ;1 saw: 0 for a carrier that said 486 at once (measured), 3 (ringing) once the carrier's 180 was relayed, as
 * here. No answer (not captured): the Originate gives up on ;1 at its timeout (response, ;1, ;2), Dial cancels the
 * carrier channel.
 */
export function failedThroughDialOut(e: SimEngine, pair: LocalPair, trunk: SimChannel, why: 'busy' | 'no_answer', failure: Frame): void {
  const { one, two } = pair;
  if (why === 'busy') {
    e.out(e.f.chanEvent('HangupRequest', 'call,all', trunk, ['Cause', '17']), e.f.dial('DialEnd', two, trunk, ['DialStatus', 'BUSY']),
      e.f.varSet(two, 'DIALSTATUS', 'BUSY'));
    two.priority = 9;
    e.out(e.f.newexten(two, 'Hangup', ''), e.f.chanEvent('SoftHangupRequest', 'call,all', two, ['Cause', '16']), e.f.varSet(one, 'CHANLOCALSTATUS', 'BUSY'),
      e.f.chanEvent('HangupRequest', 'call,all', one, ['Cause', '17']), localHangup(e, two, 17), failure, localHangup(e, trunk, 17), localHangup(e, one, 17));
    return;
  }
  e.out(failure, localHangup(e, one, 19), e.f.chanEvent('SoftHangupRequest', 'call,all', two, ['Cause', '19']));
  e.out(e.f.dial('DialEnd', two, trunk, ['DialStatus', 'CANCEL']), localHangup(e, trunk, 16), localHangup(e, two, 19));
}
