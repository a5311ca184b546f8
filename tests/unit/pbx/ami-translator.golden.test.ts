import { describe, expect, it } from 'vitest';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { loadParsedFrames, loadRawFrames, replay } from './fixture-loader';

// Golden tests on the real Asterisk 20.20 captures (tests/fixtures/ami, copied from ../shared/ami-captures).

const strip = (e: PbxEvent) => { const { pbxId: _p, ...rest } = e; return rest; };

describe('translate() on the inbound_answered capture', () => {
  const sut = replay(loadRawFrames('inbound_answered.raw.jsonl'));
  const L = '1795367247.8';

  it('produces the exact PbxEvent sequence', () => {
    expect(sut.events.map(strip)).toEqual([
      { type: 'call.started', linkedid: L, at: '2026-11-22T17:07:27.628Z', uniqueid: L, channel: 'SIP/trunk-00000008', direction: 'inbound',
        callerNumber: '5551230001', callerName: 'Customer 5551230001', calledNumber: '5000', crmCallId: null, extension: null },
      { type: 'call.recording_started', linkedid: L, at: '2026-11-22T17:07:27.644Z', path: '/work/pbx-lab/recordings/in-20261122-170727-1795367247.8.wav' },
      { type: 'call.queued', linkedid: L, at: '2026-11-22T17:07:27.644Z', queue: 'support', position: 1 },
      { type: 'queue.caller_count', at: '2026-11-22T17:07:27.644Z', queue: 'support', count: 1 },
      { type: 'queue.member_status', at: '2026-11-22T17:07:27.645Z', queue: 'support', extension: '1002', paused: false, pausedReason: null, inCall: false, status: 6, pauseChanged: false },
      { type: 'call.offered', linkedid: L, at: '2026-11-22T17:07:27.645Z', queue: 'support', extension: '1002', agentUniqueid: '1795367247.9', agentChannel: 'SIP/1002-00000009' },
      { type: 'agent.device_state', at: '2026-11-22T17:07:27.645Z', extension: '1002', state: 'ringing' },
      { type: 'agent.device_state', at: '2026-11-22T17:07:29.657Z', extension: '1002', state: 'in_use' },
      { type: 'queue.caller_count', at: '2026-11-22T17:07:29.658Z', queue: 'support', count: 0 },
      { type: 'call.answered', linkedid: L, at: '2026-11-22T17:07:29.658Z', extension: '1002', queue: 'support', waitSeconds: 2, answeredUniqueid: '1795367247.9' },
      { type: 'queue.member_status', at: '2026-11-22T17:07:29.659Z', queue: 'support', extension: '1002', paused: false, pausedReason: null, inCall: true, status: 2, pauseChanged: false },
      { type: 'agent.device_state', at: '2026-11-22T17:07:41.637Z', extension: '1002', state: 'idle' },
      { type: 'call.leg_ended', linkedid: L, at: '2026-11-22T17:07:41.637Z', uniqueid: '1795367247.9', channel: 'SIP/1002-00000009', cause: 16, causeText: 'Normal Clearing' },
      { type: 'queue.member_status', at: '2026-11-22T17:07:41.637Z', queue: 'support', extension: '1002', paused: false, pausedReason: null, inCall: false, status: 1, pauseChanged: false },
      { type: 'call.leg_ended', linkedid: L, at: '2026-11-22T17:07:41.637Z', uniqueid: L, channel: 'SIP/trunk-00000008', cause: 16, causeText: 'Normal Clearing' },
      { type: 'call.ended', linkedid: L, at: '2026-11-22T17:07:41.637Z', cause: 16, causeText: 'Normal Clearing', hungUpBy: 'customer', failure: null },
    ]);
  });

  it('forgets the call once it ended', () => {
    expect(sut.state.calls).toEqual({});
    expect(sut.state.channels).toEqual({});
  });

  it('gives the same events from the asterisk-manager parsed capture', () => {
    expect(replay(loadParsedFrames('inbound_answered.jsonl')).events).toEqual(sut.events);
  });
});

describe('translate() on the originate_outbound capture', () => {
  const sut = replay(loadRawFrames('originate_outbound.raw.jsonl'));
  const L = '1795367283.11';

  it('produces the exact call event sequence', () => {
    const calls = sut.events.filter((e) => e.type.startsWith('call.')).map(strip);
    expect(calls).toEqual([
      { type: 'call.started', linkedid: L, at: '2026-11-22T17:08:03.988Z', uniqueid: L, channel: 'SIP/1002-0000000b', direction: 'outbound',
        callerNumber: '1002', callerName: 'CRM click2dial', calledNumber: null, crmCallId: 'crm-1795367283987', extension: '1002' },
      { type: 'call.recording_started', linkedid: L, at: '2026-11-22T17:08:05.996Z', path: '/work/pbx-lab/recordings/out-20261122-170805-1795367283.11.wav' },
      // This Originate (another tool's) set no CRM_TO_NUMBER: the dialled number is learnt from the carrier leg's DialBegin.
      { type: 'call.leg_started', linkedid: L, at: '2026-11-22T17:08:05.997Z', uniqueid: '1795367285.12', channel: 'SIP/carrier-0000000c', role: 'external', dialledNumber: '5551239999' },
      { type: 'call.answered', linkedid: L, at: '2026-11-22T17:08:07.504Z', extension: '1002', queue: null, waitSeconds: null, answeredUniqueid: '1795367285.12' },
      { type: 'call.leg_ended', linkedid: L, at: '2026-11-22T17:08:15.508Z', uniqueid: '1795367285.12', channel: 'SIP/carrier-0000000c', cause: 16, causeText: 'Normal Clearing' },
      { type: 'call.leg_ended', linkedid: L, at: '2026-11-22T17:08:15.508Z', uniqueid: L, channel: 'SIP/1002-0000000b', cause: 16, causeText: 'Normal Clearing' },
      { type: 'call.ended', linkedid: L, at: '2026-11-22T17:08:15.508Z', cause: 16, causeText: 'Normal Clearing', hungUpBy: 'customer', failure: null },
    ]);
  });

  it('reports the agent presence in order and the carrier device not at all', () => {
    const presence = sut.events.filter((e) => e.type === 'agent.device_state').map((e) => (e as { state: string }).state);
    expect(presence).toEqual(['ringing', 'in_use', 'idle']);
    expect(sut.events.some((e) => 'extension' in e && e.extension === 'carrier')).toBe(false);
  });

  it('gives the same events from the asterisk-manager parsed capture', () => {
    expect(replay(loadParsedFrames('originate_outbound.jsonl')).events).toEqual(sut.events);
  });
});

describe('translate() robustness', () => {
  it('ignores unknown events and frames with missing fields without throwing', () => {
    let state = createTranslatorState();
    const frames = [{}, { event: 'Hangup' }, { event: 'Newchannel' }, { event: 'AgentConnect', linkedid: 'x' },
      { event: 'DialEnd', destuniqueid: 'y' }, { event: ['Hangup', 'Hangup'] }, { event: 'VarSet', variable: { a: 'b' } },
      { event: 'SomethingNew', channel: 'PJSIP/1-00000001' }, { event: 'Newchannel', channel: 'Local/1002@agents-00000001;1', uniqueid: '1.1' }];
    for (const f of frames) {
      const r = translate(state, f as never, 'main', new Date(0));
      expect(r.events).toEqual([]);
      state = r.state;
    }
    expect(state.calls).toEqual({});
  });

  it('does not mutate the state it was given', () => {
    const frames = loadRawFrames('inbound_answered.raw.jsonl');
    let state = createTranslatorState();
    for (const f of frames.slice(0, 40)) state = translate(state, f, 'main', new Date()).state;
    const snapshot = JSON.stringify(state);
    for (const f of frames.slice(40)) translate(state, f, 'main', new Date());
    expect(JSON.stringify(state)).toBe(snapshot);
  });
});
