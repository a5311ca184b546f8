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
// priority 1 (Hangup), which ends the Local pair. The carrier channel keeps ;1's Linkedid.

export type TrunkNumberFormat = 'e164' | 'digits';

export interface LocalPair { one: SimChannel; two: SimChannel; outnum: string }

let localSeq = 0;
const localName = (number: string, seq: string, half: 1 | 2) => `Local/${number}@dial-out-${seq};${half}`;

/** ;1, ;2, the variables, [dial-out] up to Dial, and the carrier channel ringing. Returns the pair and the carrier channel. */
export function dialThroughDialOut(e: SimEngine, o: { number: string; variables: Record<string, string>; callerId: string | null; format: TrunkNumberFormat }): { pair: LocalPair; trunk: SimChannel } {
  const seq = (localSeq++).toString(16).padStart(8, '0');
  const callerNum = /<([^>]*)>/.exec(o.callerId ?? '')?.[1] ?? '';
  const callerName = /"([^"]*)"/.exec(o.callerId ?? '')?.[1] ?? '';
  const one = e.model.newChannel('local', { name: localName(o.number, seq, 1), context: 'campaign-answered', exten: 'originated', callerNum: callerNum || '<unknown>', callerName: callerName || '<unknown>' });
  const two = e.model.newChannel('local', { name: localName(o.number, seq, 2), linkedid: one.linkedid, context: 'dial-out', exten: o.number,
    callerNum: callerNum || '<unknown>', callerName: callerName || '<unknown>' });
  e.out(e.f.chanEvent('Newchannel', 'call,all', one), e.f.chanEvent('Newchannel', 'call,all', two));
  for (const [k, v] of Object.entries(o.variables)) e.out(e.f.varSet(one, k, v));
  for (const [k, v] of Object.entries(o.variables)) e.out(e.f.varSet(two, k, v));
  const outnum = o.format === 'digits' ? o.number.replace(/[^0-9]/g, '') : o.number;
  const step = (app: string, data: string) => { two.priority += 1; e.out(e.f.newexten(two, app, data)); };
  two.priority = 0;
  step('NoOp', `Outbound by ${callerNum} -> ${o.number}`);
  step('Set', `OUTNUM=${outnum}`);
  e.out(e.f.varSet(two, 'OUTNUM', outnum));
  step('GotoIf', '1?answered');
  two.priority = 8;
  e.out(e.f.newexten(two, 'Dial', `${e.opts.tech}/${outnum}@${e.opts.trunk},45,aG(campaign-answered^s^1)`));
  const trunk = e.model.newChannel(e.opts.trunk, { linkedid: one.linkedid, callerNum: outnum, callerName: '<unknown>', context: 'from-trunk', exten: 's',
    connectedNum: two.callerNum, connectedName: two.callerName });
  e.out(e.f.chanEvent('Newchannel', 'call,all', trunk));
  for (const [k, v] of Object.entries(o.variables)) if (/^_[^_]/.test(k)) e.out(e.f.varSet(trunk, k.slice(1), v));
  trunk.exten = o.number;
  e.out(e.f.dial('DialBegin', two, trunk, ['DialString', `${outnum}@${e.opts.trunk}`]));
  trunk.state = 5;
  one.state = 5;
  e.out(e.f.chanEvent('Newstate', 'call,all', trunk), e.f.dial('DialState', two, trunk, ['DialStatus', 'RINGING']), e.f.chanEvent('Newstate', 'call,all', one));
  return { pair: { one, two, outnum }, trunk };
}

function localHangup(e: SimEngine, ch: SimChannel, cause: number): Frame {
  e.model.channels.delete(ch.uniqueid);
  return e.f.hangup(ch, cause);
}

/**
 * The carrier answered: ;2 and ;1 answered (`a`), the carrier channel handed to [campaign-answered] priority 2 and on
 * to [campaign-predictive] (G), DialEnd ANSWER, ;2 hangs up at priority 1 and takes ;1 with it. `success` is the
 * OriginateResponse for ;1, sent once ;1 is up.
 */
export function answeredThroughDialOut(e: SimEngine, pair: LocalPair, trunk: SimChannel, success: (one: SimChannel) => Frame): void {
  const { one, two } = pair;
  trunk.state = 6;
  e.out(e.f.chanEvent('Newstate', 'call,all', trunk));
  two.state = 6;
  one.state = 6;
  e.out(e.f.chanEvent('Newstate', 'call,all', two), e.f.chanEvent('Newstate', 'call,all', one), success(one));
  // ;1 plays hold music into ;2, whose answer (ast_answer) waits for a first media frame before Dial goes on.
  one.priority = 1;
  e.out(e.f.newexten(one, 'MusicOnHold', 'default,30'), e.f.chanEvent('MusicOnHoldStart', 'call,all', one, ['Class', 'default']));
  trunk.context = 'campaign-answered'; trunk.exten = 's'; trunk.priority = 2;
  e.out(e.f.newexten(trunk, 'Goto', 'campaign-predictive,s,1'));
  e.out(e.f.dial('DialEnd', two, trunk, ['DialStatus', 'ANSWER']));
  two.context = 'campaign-answered'; two.exten = 's'; two.priority = 1;
  e.out(e.f.newexten(two, 'Hangup', ''));
  e.out(localHangup(e, two, 16), e.f.chanEvent('SoftHangupRequest', 'call,all', one, ['Cause', '16']),
    e.f.chanEvent('MusicOnHoldStop', 'call,all', one), localHangup(e, one, 16));
}

/**
 * The carrier refused (486: cause 17) or never answered (the Originate's timeout: cause 19 on ;1). Busy: Dial hangs the
 * carrier channel up and returns, ;2 runs Hangup() with the cause Dial copied, ;1 follows, then the OriginateResponse.
 * Timeout: the Originate gives up on ;1 first (response, ;1, ;2), and Dial cancels the carrier channel.
 */
export function failedThroughDialOut(e: SimEngine, pair: LocalPair, trunk: SimChannel, why: 'busy' | 'no_answer', failure: Frame): void {
  const { one, two } = pair;
  if (why === 'busy') {
    e.out(localHangup(e, trunk, 17), e.f.dial('DialEnd', two, trunk, ['DialStatus', 'BUSY']));
    two.priority = 9;
    e.out(e.f.newexten(two, 'Hangup', ''), localHangup(e, two, 17), localHangup(e, one, 17), failure);
    return;
  }
  e.out(failure, localHangup(e, one, 19), e.f.chanEvent('SoftHangupRequest', 'call,all', two, ['Cause', '19']));
  e.out(e.f.dial('DialEnd', two, trunk, ['DialStatus', 'CANCEL']), localHangup(e, trunk, 16), localHangup(e, two, 19));
}
