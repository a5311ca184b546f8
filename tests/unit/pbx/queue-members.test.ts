import { describe, expect, it } from 'vitest';
import { field, rawHeadersToFrame } from '../../../server/pbx/ami-frame';
import { QueueMembers } from '../../../server/pbx/queue-members';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';
import { loadRawFrames } from './fixture-loader';

// Issue #27.3/#27.4 on frames: the chan_sip capture's QueueMemberStatus frames (Interface: SIP/1002, Asterisk
// 20.20.1) and QueueMemberPause frames as app_queue writes them for a pause made outside Warmline (CLI
// `queue pause member SIP/1002 queue support reason lunch`).

const captured = loadRawFrames('inbound_answered.raw.jsonl').filter((f) => field(f, 'event') === 'QueueMemberStatus');
const memberPause = (iface: string, paused: boolean, reason = '') => rawHeadersToFrame([
  ['Event', 'QueueMemberPause'], ['Privilege', 'agent,all'], ['Queue', 'support'], ['MemberName', 'Agent 1002'],
  ['Interface', iface], ['StateInterface', iface], ['Membership', 'static'], ['Penalty', '0'], ['CallsTaken', '1'],
  ['LastCall', '0'], ['LastPause', '0'], ['LoginTime', '0'], ['InCall', '0'], ['Status', '1'],
  ['Paused', paused ? '1' : '0'], ['PausedReason', reason], ['Ringinuse', '0'], ['Wrapuptime', '0'],
]);

describe('QueueMembers: each member\'s interface and pause, as the PBX reports them', () => {
  it('learns chan_sip members from a real capture: the interface QueuePause must name is SIP/1002', () => {
    const sut = new QueueMembers();
    expect(captured.length).toBeGreaterThan(0);
    for (const f of captured) expect(sut.learn(f)).toBe(true);
    // Mutation caught: the hard-wired `PJSIP/{ext}` template would have named PJSIP/1002, which that PBX has not.
    expect(sut.interfaceOf('1002')).toBe('SIP/1002');
    expect(sut.deviceOf('1002')).toBe('SIP/1002');
  });

  it('learns PJSIP members and Local/ members (whose phone is the StateInterface)', () => {
    const sut = new QueueMembers();
    sut.learn(memberPause('PJSIP/1003', false));
    sut.learn(rawHeadersToFrame([['Event', 'QueueMember'], ['Queue', 'sales'], ['Location', 'Local/1004@agents/n'],
      ['StateInterface', 'PJSIP/1004'], ['Paused', '0']]));
    expect(sut.interfaceOf('1003')).toBe('PJSIP/1003');
    expect(sut.interfaceOf('1004')).toBe('Local/1004@agents/n');
    expect(sut.deviceOf('1004')).toBe('PJSIP/1004');
  });

  it('a QueuePause is needed only when it changes what the PBX last reported', () => {
    const sut = new QueueMembers();
    expect(sut.pauseNeeded('1002', false, null)).toBe(true); // unknown member: always sent
    for (const f of captured) sut.learn(f);
    // Mutation caught: sending unconditionally (one no-op QueuePause per ended call in a load run).
    expect(sut.pauseNeeded('1002', false, null)).toBe(false);
    expect(sut.pauseNeeded('1002', true, 'lunch')).toBe(true);
    sut.learn(memberPause('SIP/1002', true, 'lunch'));
    expect(sut.pauseNeeded('1002', true, 'lunch')).toBe(false);
    expect(sut.pauseNeeded('1002', true, 'training')).toBe(true);
    expect(sut.pauseNeeded('1002', false, null)).toBe(true);
    sut.forgetPauses();
    expect(sut.pauseNeeded('1002', true, 'lunch')).toBe(true); // after a reconnect nothing is assumed
    expect(sut.interfaceOf('1002')).toBe('SIP/1002');
  });
});

describe('a pause made outside Warmline (#27.4) on frames', () => {
  it('QueueMemberPause from the PBX is a pause change for agent 1002; QueueMemberStatus is only a report', () => {
    let state = createTranslatorState();
    const out = [];
    for (const f of [captured[0]!, memberPause('SIP/1002', true, 'lunch'), memberPause('SIP/1002', false)]) {
      const r = translate(state, f, 'main', new Date('2030-01-01T00:00:00Z'));
      state = r.state;
      out.push(...r.events);
    }
    expect(out.map((e) => e.type === 'queue.member_status' && [e.extension, e.paused, e.pausedReason, e.pauseChanged])).toEqual([
      ['1002', false, null, false], ['1002', true, 'lunch', true], ['1002', false, null, true],
    ]);
  });
});
