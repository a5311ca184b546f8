import { describe, expect, it } from 'vitest';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { loadRawFrames, replay } from './fixture-loader';
import { toLiveChannels } from '../../../server/pbx/live-channels';
import { rawHeadersToFrame } from '../../../server/pbx/ami-frame';
import { SPY_SESSION } from './spy-session.frames';
import { PJSIP_OTHER_TOOL_ORIGINATE } from './pjsip-other-tool-originate.frames';

// AMI fixtures of tests/fixtures/ami: recordings of real Asterisk 20.20.1 over PJSIP (tests/pbx-real/ami-captures.test.ts)
// for abandon, ring_no_answer, direct_extension and originate_*; still simulator-written for the transfers and hold
// (PROVENANCE.json).

function calls(file: string): Array<Record<string, unknown>> {
  return replay(loadRawFrames(file)).events
    .filter((e) => e.type.startsWith('call.') || e.type === 'originate.failed')
    .map((e: PbxEvent) => {
      const o = e as unknown as Record<string, unknown>;
      const keep: Record<string, unknown> = { type: e.type };
      for (const k of ['extension', 'queue', 'reason', 'kind', 'toExtension', 'hungUpBy', 'failure', 'cause', 'direction']) if (k in o) keep[k] = o[k];
      return keep;
    });
}

describe('translate() on hand-built scenario fixtures', () => {
  it('abandon: offer withdrawn because the caller left, then call.abandoned and call.ended by the caller', () => {
    const sut = calls('abandon.raw.jsonl');
    // Real Asterisk (PJSIP) withdraws the ringing member before its leg's Hangup arrives.
    expect(sut.map((e) => e.type)).toEqual(['call.started', 'call.recording_started', 'call.queued', 'call.offered',
      'call.offer_withdrawn', 'call.abandoned', 'call.leg_ended', 'call.leg_ended', 'call.ended']);
    expect(sut[4]).toMatchObject({ extension: '1001', reason: 'caller_left' });
    expect(sut[8]).toMatchObject({ hungUpBy: 'customer', failure: null });
  });

  it('ring no answer: first member withdrawn (no_answer), next member offered and answers', () => {
    const sut = calls('ring_no_answer.raw.jsonl').filter((e) => e.type !== 'call.leg_ended');
    expect(sut.slice(3, 7)).toEqual([
      { type: 'call.offered', extension: '1001', queue: 'support' },
      { type: 'call.offer_withdrawn', extension: '1001', queue: 'support', reason: 'no_answer' },
      { type: 'call.offered', extension: '1002', queue: 'support' },
      { type: 'call.answered', extension: '1002', queue: 'support' },
    ]);
  });

  it('direct extension call: internal, offered and answered without a queue, agent hangs up', () => {
    const sut = calls('direct_extension.raw.jsonl');
    expect(sut[0]).toMatchObject({ type: 'call.started', direction: 'internal' });
    expect(sut.filter((e) => e.type === 'call.offered' || e.type === 'call.answered'))
      .toEqual([{ type: 'call.offered', extension: '1002', queue: null }, { type: 'call.answered', extension: '1002', queue: null }]);
    expect(sut.at(-1)).toMatchObject({ type: 'call.ended', hungUpBy: 'agent', failure: null });
  });

  it.each([
    ['originate_busy.raw.jsonl', 17, 'busy'],
    ['originate_no_answer.raw.jsonl', 19, 'no_answer'],
    ['originate_failed.raw.jsonl', 21, 'failed'],
  ])('%s: call.ended with cause %i / failure %s, then originate.failed', (file, cause, failure) => {
    const sut = calls(file);
    expect(sut.map((e) => e.type)).toEqual(['call.started', 'call.leg_ended', 'call.ended', 'originate.failed']);
    expect(sut[0]).toMatchObject({ direction: 'outbound' });
    expect(sut[2]).toMatchObject({ cause, failure, hungUpBy: 'system' });
    expect(sut[3]).toMatchObject({ reason: failure });
  });

  it('blind transfer: call.transferred to 1002, the new agent answers, the call ends once, by the caller', () => {
    const sut = calls('blind_transfer.raw.jsonl');
    expect(sut.find((e) => e.type === 'call.transferred')).toEqual({ type: 'call.transferred', kind: 'blind', toExtension: '1002' });
    expect(sut.filter((e) => e.type === 'call.answered').map((e) => e.extension)).toEqual(['1001', '1002']);
    expect(sut.filter((e) => e.type === 'call.ended')).toEqual([{ type: 'call.ended', cause: 16, hungUpBy: 'customer', failure: null }]);
  });

  // Real Asterisk 20 (AMI Atxfer): the consultation is dialled through a Local channel created by the agent's own
  // channel, so the target's leg shares the customer call's Linkedid: one call, not a separate consult call.
  it('attended transfer: the target takes the customer call (one call), which ends by the caller', () => {
    const { events, state } = replay(loadRawFrames('attended_transfer.raw.jsonl'));
    const customer = (events.find((e) => e.type === 'call.started') as { linkedid: string }).linkedid;
    const transferred = events.find((e) => e.type === 'call.transferred');
    expect(transferred).toMatchObject({ linkedid: customer, kind: 'attended', toExtension: '1002', target: 'PJSIP/1002-00000005' });
    // The consultation (Local/1002@from-agents;2 dialling 1002 on the customer call's Linkedid) is an internal call
    // from 1001 to 1002, over when the transfer completes; the target's channel then is the customer call's.
    // Mutation caught: with Local frames dropped, 1002 was never offered the consultation (busy, but shown ready).
    const consult = `${customer}/consult/1796524544.6`;
    expect(events.filter((e) => 'linkedid' in e && e.linkedid === consult).map((e) => e.type))
      .toEqual(['call.started', 'call.offered', 'call.answered', 'call.ended']);
    expect(events.find((e) => e.type === 'call.started' && e.linkedid === consult)).toMatchObject({ direction: 'internal', extension: '1001' });
    expect(events.find((e) => e.type === 'call.offered' && e.linkedid === consult)).toMatchObject({ extension: '1002', queue: null });
    const ended = events.filter((e) => e.type === 'call.ended');
    expect(ended).toEqual([expect.objectContaining({ linkedid: consult, failure: null }), expect.objectContaining({ linkedid: customer, hungUpBy: 'customer' })]);
    expect(events.findIndex((e) => e.type === 'call.ended' && e.linkedid === consult))
      .toBeLessThan(events.findIndex((e) => e.type === 'call.answered' && e.linkedid === customer && e.extension === '1002'));
    expect(events.filter((e) => e.type === 'call.answered' && (e as { linkedid: string }).linkedid === customer).map((e) => (e as { extension: string }).extension))
      .toEqual(['1001', '1002']);
    // The target's channel becomes a leg of the customer call before its answer there (which stamps that leg): the
    // target's console acts on the call through it. Mutation caught: with no leg_started, the target had no leg.
    const joined = events.findIndex((e) => e.type === 'call.leg_started' && e.linkedid === customer && e.role === 'agent');
    expect(events[joined]).toMatchObject({ uniqueid: '1796524544.7', channel: 'PJSIP/1002-00000005', extension: '1002' });
    expect(joined).toBeLessThan(events.findIndex((e) => e.type === 'call.answered' && e.linkedid === customer && e.extension === '1002'));
    expect(state.calls).toEqual({});
  });

  it('hold: one call.held and one call.unheld despite Hold + MusicOnHoldStart pairs', () => {
    const sut = calls('hold.raw.jsonl');
    expect(sut.filter((e) => e.type === 'call.held' || e.type === 'call.unheld').map((e) => e.type)).toEqual(['call.held', 'call.unheld']);
    expect(sut.at(-1)).toMatchObject({ type: 'call.ended', hungUpBy: 'agent' });
  });
});

describe('translate() on a supervisor\'s spy session', () => {
  // Real Asterisk 20 recorded each listen/whisper/barge session as an internal call from the supervisor that ended
  // 'no_answer' (tests/pbx-real/supervision.test.ts). Mutation caught: dropping the WARMLINE_SPY check.
  it('reports nothing: the session is no call', () => {
    expect(replay(SPY_SESSION.map(rawHeadersToFrame)).events.filter((e) => e.type.startsWith('call.'))).toEqual([]);
  });
});

describe('translate() on another tool\'s Originate over PJSIP (#27.2)', () => {
  // The agent's channel starts with Exten 's', so call.started says 'internal'; the carrier leg's DialBegin names the
  // number and makes the tracked call outbound. Mutation caught: dropping the promotion in onDialBegin
  // (translator-call-events.ts) leaves the tracked direction 'internal'.
  it('announces the carrier leg with the dialled number and tracks the call as outbound from then on', () => {
    const frames = PJSIP_OTHER_TOOL_ORIGINATE;
    const dialOut = frames.findIndex((f) => f.event === 'DialBegin' && f.channel !== undefined);
    const before = replay(frames.slice(0, dialOut));
    expect(before.events.find((e) => e.type === 'call.started')).toMatchObject({ direction: 'internal', extension: '1001', calledNumber: null });
    const after = replay(frames.slice(dialOut, dialOut + 1), 'main', before.state);
    expect(after.events).toEqual([expect.objectContaining({ type: 'call.leg_started', role: 'external', channel: 'PJSIP/trunk-00000003', dialledNumber: '+12122050098' })]);
    expect(after.state.calls['1796504130.2']?.direction).toBe('outbound');
    const end = replay(frames.slice(dialOut + 1), 'main', after.state).events.filter((e) => e.type === 'call.ended');
    expect(end).toEqual([expect.objectContaining({ hungUpBy: 'customer', failure: null })]);
  });
});

describe('toLiveChannels() during a spy session', () => {
  // After an AMI reconnect the resync builds calls from CoreShowChannels: a supervisor's phone in ChanSpy would have
  // become a call there too. Mutation caught: dropping the ChanSpy filter in live-channels.ts.
  it('leaves out the channel running ChanSpy and keeps the spied call', () => {
    const row = (channel: string, uniqueid: string, app: string, data: string) => ({ event: 'CoreShowChannel', channel, uniqueid, linkedid: uniqueid,
      channelstatedesc: 'Up', application: app, applicationdata: data, duration: '00:00:05', calleridnum: '1001', exten: '5000', context: 'from-agents' });
    const sut = toLiveChannels('main', [row('PJSIP/1001-00000001', '1.1', 'AppQueue', '(Outgoing Line)'), row('PJSIP/1009-00000002', '1.3', 'ChanSpy', 'PJSIP/1001-00000001,qE')], []);
    expect(sut.map((c) => c.channel)).toEqual(['PJSIP/1001-00000001']);
  });
});
