import { describe, expect, it } from 'vitest';
import { replay } from './fixture-loader';
import { rawHeadersToFrame, varSetName, type AmiFrame } from '../../../server/pbx/ami-frame';
import { toSpySessions } from '../../../server/pbx/spy-sessions';
import { SPY_SESSION } from './spy-session.frames';

// A supervisor's spy session is no call, but their console must show it while it lasts (issue #20.9): the
// translator reports the ChanSpy session's start and end for the supervisor's extension.
const frames = SPY_SESSION.map(rawHeadersToFrame);
const isSpyVar = (f: AmiFrame) => f.event === 'VarSet' && varSetName(f) === 'WARMLINE_SPY';
const spyEvents = (f = frames) => replay(f).events.filter((e) => e.type.startsWith('spy.'));

describe('translate() on a supervisor\'s spy session (Asterisk 20 frames)', () => {
  it('reports spy.started on ChanSpyStart with the mode, the supervisor\'s extension and the spied channel, and spy.ended once the phone hangs up', () => {
    const sut = spyEvents();
    expect(sut).toEqual([
      expect.objectContaining({ type: 'spy.started', pbxId: 'main', uniqueid: '1796500331.3', channel: 'PJSIP/1009-00000002', extension: '1009',
        targetChannel: 'PJSIP/1001-00000001', mode: 'listen' }),
      expect.objectContaining({ type: 'spy.ended', uniqueid: '1796500331.3', channel: 'PJSIP/1009-00000002', extension: '1009' }),
    ]);
  });

  // Mutation caught: onSpyFrame reporting any ChanSpyStart (another tool's ChanSpy, without WARMLINE_SPY).
  it('reports nothing for a ChanSpy it did not start (no WARMLINE_SPY on the channel)', () => {
    expect(spyEvents(frames.filter((f) => !isSpyVar(f)))).toEqual([]);
  });

  // On real Asterisk with phones sending no RTP, the spying channel's Hangup came only with the end of the spied call:
  // the HangupRequest (the supervisor's BYE, or Stop's AMI Hangup) is the end. Mutation caught: ending on Hangup only.
  it('reports the end at the HangupRequest, before the channel\'s Hangup', () => {
    const untilRequest = frames.slice(0, frames.findIndex((f) => f.event === 'HangupRequest') + 1);
    expect(spyEvents(untilRequest).map((e) => e.type)).toEqual(['spy.started', 'spy.ended']);
  });

  it('reports the end once when the Hangup is seen again (a replaying AMI server)', () => {
    const hangup = frames.find((f) => f.event === 'Hangup')!;
    expect(spyEvents([...frames, hangup]).map((e) => e.type)).toEqual(['spy.started', 'spy.ended']);
  });

  it('takes the mode from WARMLINE_SPY', () => {
    const barge = frames.map((f) => (isSpyVar(f) ? { ...f, value: 'barge' } : f));
    expect(spyEvents(barge)[0]).toMatchObject({ type: 'spy.started', mode: 'barge' });
  });
});

describe('toSpySessions()', () => {
  const row = (channel: string, uniqueid: string, app: string, data: string) => ({ event: 'CoreShowChannel', channel, uniqueid, linkedid: uniqueid,
    channelstatedesc: 'Up', application: app, applicationdata: data, duration: '00:00:05' });

  it('lists the channels in a ChanSpy Warmline started, with their mode, and leaves out calls and other tools\' ChanSpy', () => {
    const now = new Date('2026-12-06T08:00:00.000Z');
    const sut = toSpySessions([
      row('PJSIP/1001-00000001', '1.1', 'AppQueue', '(Outgoing Line)'),
      row('PJSIP/1009-00000002', '1.3', 'ChanSpy', 'PJSIP/1001-00000001,qwE'),
      row('PJSIP/1008-00000004', '1.4', 'ChanSpy', 'PJSIP/1001-00000001,bq'),
    ], now);
    expect(sut).toEqual([{ channel: 'PJSIP/1009-00000002', uniqueid: '1.3', extension: '1009', targetChannel: 'PJSIP/1001-00000001', mode: 'whisper',
      startedAt: '2026-12-06T07:59:55.000Z' }]);
  });
});
