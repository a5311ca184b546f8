import { describe, expect, it } from 'vitest';
import { field } from '../../../server/pbx/ami-frame';
import { endGoneCalls } from '../../../server/pbx/ami-translator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { loadRawFrames, replay } from './fixture-loader';

// Issue #27.5 and #27.6 on the real chan_sip capture of an answered queue call (Asterisk 20.20.1): its frames
// replayed with the same ids, and delivered out of order, as an independent AMI server did.

const frames = loadRawFrames('inbound_answered.raw.jsonl');
const RECEIVED = new Date('2030-01-01T00:00:00Z');
const types = (events: PbxEvent[]) => events.filter((e) => e.type.startsWith('call.')).map((e) => e.type);
const count = (events: PbxEvent[], type: PbxEvent['type']) => events.filter((e) => e.type === type).length;
const isHangup = (f: (typeof frames)[number]) => field(f, 'event') === 'Hangup';

describe('a call replayed with the same ids (#27.6)', () => {
  it('after the call ended: the replay starts, offers and ends nothing', () => {
    const first = replay(frames);
    expect(count(first.events, 'call.offered')).toBe(1);
    const sut = replay(frames, 'main', first.state);
    // Mutation caught: without the ended-ids memory (isEnded in onNewChannel) the replay is a second call with a
    // second call.offered, which popped the agent twice.
    expect(types(sut.events)).toEqual([]);
    expect(Object.keys(sut.state.calls)).toEqual([]);
  });

  it('while the call is up: the agent is offered it once and it is answered and ended once', () => {
    const connect = frames.findIndex((f) => field(f, 'event') === 'AgentConnect');
    const bridged = frames.findIndex((f, i) => i > connect && field(f, 'event') === 'BridgeEnter');
    const sut = replay([...frames.slice(0, bridged + 1), ...frames.slice(0, bridged + 1), ...frames.slice(bridged + 1)]);
    // Mutation caught: without the answered/ended guard in onAgentCalled the replayed AgentCalled is a new offer.
    expect(count(sut.events, 'call.offered')).toBe(1);
    expect(count(sut.events, 'call.answered')).toBe(1);
    expect(count(sut.events, 'call.ended')).toBe(1);
    expect(count(sut.events, 'call.started')).toBe(1);
  });
});

describe('Hangup frames that arrive before the call\'s other frames (#27.5)', () => {
  const hangups = frames.filter(isHangup);
  const lastHangupAt = (events: PbxEvent[]) => events.filter((e) => e.type === 'call.leg_ended').map((e) => e.at).sort().at(-1);

  it('every Hangup first: the call is recorded from the rest, then ended from the hangups a moment later', () => {
    const early = replay([...hangups, ...frames.filter((f) => !isHangup(f))]);
    // Recorded from what was seen: started, queued, offered and answered, but not ended yet (frames may still come).
    expect(count(early.events, 'call.answered')).toBe(1);
    expect(count(early.events, 'call.ended')).toBe(0);
    expect(endGoneCalls(early.state, 'main', new Date(RECEIVED.getTime() + 500)).events).toEqual([]);

    const sut = endGoneCalls(early.state, 'main', new Date(RECEIVED.getTime() + 2000));
    // Mutation caught: without the early-hangup memory the late Newchannels make live channels, the call is never
    // ended (the agent stayed on_call until a reconnect), and nothing here is emitted.
    expect(types(sut.events)).toEqual(['call.leg_ended', 'call.leg_ended', 'call.ended']);
    const inOrder = replay(frames).events;
    const ended = sut.events.at(-1) as Extract<PbxEvent, { type: 'call.ended' }>;
    // The end is the time the hangups carry, not the time of the sweep (no invented talk time).
    expect(ended.at).toBe(lastHangupAt(inOrder));
    expect(ended.cause).toBe(16);
    expect(sut.events.filter((e) => e.type === 'call.leg_ended').map((e) => e.at).sort())
      .toEqual(inOrder.filter((e) => e.type === 'call.leg_ended').map((e) => e.at).sort());
    expect(Object.keys(sut.state.calls)).toEqual([]);
    expect(Object.keys(sut.state.channels)).toEqual([]);
  });

  it('the agent leg\'s Hangup before its Newchannel: the call ends when the caller hangs up, with both legs ended', () => {
    const agentHangup = hangups.find((f) => field(f, 'channel')?.startsWith('SIP/1002'))!;
    const rest = frames.filter((f) => f !== agentHangup);
    const early = replay([agentHangup, ...rest]);
    const sut = endGoneCalls(early.state, 'main', new Date(RECEIVED.getTime() + 5000));
    const all = [...early.events, ...sut.events];
    expect(count(all, 'call.ended')).toBe(1);
    expect(count(all, 'call.leg_ended')).toBe(2);
    expect(Object.keys(sut.state.calls)).toEqual([]);
  });

  it('frames of a call that arrive after it ended start nothing', () => {
    const late = frames.filter((f) => ['Newchannel', 'AgentCalled', 'AgentConnect', 'Newstate', 'BridgeEnter'].includes(field(f, 'event') ?? ''));
    const ended = replay(frames);
    expect(types(replay(late, 'main', ended.state).events)).toEqual([]);
  });
});
