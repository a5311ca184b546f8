import { describe, expect, it } from 'vitest';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';
import type { LiveChannelSnapshot } from '../../../server/pbx/pbx-events';
import { resync, resyncKnownCalls } from '../../../server/pbx/resync';
import { loadRawFrames } from './fixture-loader';

const snap = (o: Partial<LiveChannelSnapshot>): LiveChannelSnapshot => ({
  pbxId: 'main', linkedid: '100.1', uniqueid: '100.1', channel: 'PJSIP/trunk-00000001', state: 'up', callerNumber: '555',
  calledNumber: '5000', extension: null, queue: null, bridgedTo: null, startedAt: '2030-01-01T00:00:00.000Z', context: 'from-trunk', ...o,
});

describe('resync()', () => {
  it('ends a call the translator knew but the PBX no longer shows, once', () => {
    let state = createTranslatorState();
    for (const f of loadRawFrames('inbound_answered.raw.jsonl').slice(0, 60)) state = translate(state, f, 'main', new Date()).state;
    expect(Object.keys(state.calls)).toEqual(['1795367247.8']);
    const sut = resync(state, [], 'main', '2030-01-01T00:00:10.000Z');
    expect(sut.events).toEqual([{ type: 'call.ended', pbxId: 'main', linkedid: '1795367247.8', at: '2030-01-01T00:00:10.000Z',
      cause: null, causeText: null, hungUpBy: 'system', failure: null, unseen: true }]);
    expect(resync(sut.state, [], 'main').events).toEqual([]);
  });

  it('starts an unknown inbound call and marks it queued when it waits in a queue', () => {
    const sut = resync(createTranslatorState(), [snap({ queue: 'support', queuePosition: 2 })], 'main', '2030-01-01T00:00:05.000Z');
    expect(sut.events.map((e) => e.type)).toEqual(['call.started', 'call.queued']);
    expect(sut.events[0]).toMatchObject({ direction: 'inbound', at: '2030-01-01T00:00:00.000Z', callerNumber: '555' });
    expect(sut.events[1]).toMatchObject({ queue: 'support', position: 2 });
  });

  it('starts an unknown answered call and reports the bridged agent', () => {
    const rows = [snap({ bridgedTo: 'PJSIP/1002-00000002' }),
      snap({ uniqueid: '100.2', channel: 'PJSIP/1002-00000002', extension: '1002', bridgedTo: 'PJSIP/trunk-00000001', context: 'from-agents' })];
    const sut = resync(createTranslatorState(), rows, 'main');
    expect(sut.events.map((e) => e.type)).toEqual(['call.started', 'call.answered']);
    expect(sut.events[1]).toMatchObject({ extension: '1002', answeredUniqueid: '100.2' });
  });

  it('does not repeat call.started for a call it already knows, and the state keeps translating', () => {
    const first = resync(createTranslatorState(), [snap({})], 'main');
    const second = resync(first.state, [snap({})], 'main');
    expect(second.events).toEqual([]);
    const hangup = translate(second.state, { event: 'Hangup', uniqueid: '100.1', linkedid: '100.1', channel: 'PJSIP/trunk-00000001', cause: '16' }, 'main', new Date());
    expect(hangup.events.map((e) => e.type)).toEqual(['call.leg_ended', 'call.ended']);
  });

  it('works from the server list of open calls (after a restart)', () => {
    const sut = resyncKnownCalls([{ linkedid: 'gone.1', answered: true }, { linkedid: '100.1', answered: false }],
      [snap({ bridgedTo: 'PJSIP/1002-00000002' }), snap({ uniqueid: '100.2', channel: 'PJSIP/1002-00000002', extension: '1002', context: 'from-agents', bridgedTo: 'x' })], 'main');
    expect(sut.events.map((e) => `${e.type}:${(e as { linkedid?: string }).linkedid}`)).toEqual(['call.ended:gone.1', 'call.answered:100.1']);
  });
});
