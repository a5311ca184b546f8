import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmiClient } from '../../../server/pbx/ami-client';
import { AmiPbxPort } from '../../../server/pbx/ami-pbx-port';
import { field, type AmiFrame } from '../../../server/pbx/ami-frame';
import { createTranslatorState, translate } from '../../../server/pbx/ami-translator';
import type { PbxEvent } from '../../../server/pbx/pbx-events';
import { startPbxSimulator, type PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import { loadRawFrames, replay } from './fixture-loader';

// Predictive dials through [dial-out] that nobody answers (issue #24), the simulator beside real Asterisk 20.20.1:
// the customer rings out at the Originate's timeout (tests/fixtures/ami/predictive_no_answer.raw.jsonl, recorded by
// tests/pbx-real/predictive-ring-outcomes.test.ts), or rings and is refused with 486 or 603 (what that test asserts of
// its recordings). The translator must make the same call events of the simulator's frames as of Asterisk's.

let sim: PbxSimulator | undefined;
let client: AmiClient | undefined;
afterEach(async () => { await client?.stop(); await sim?.stop(); client = undefined; sim = undefined; });

/** The fields the real-PBX test compares (tests/pbx-real/support/ami-capture.ts pickCallEvents). */
const pick = (events: PbxEvent[]) => events.filter((e) => e.type.startsWith('call.') || e.type === 'originate.failed').map((e) => {
  const o = e as unknown as Record<string, unknown>;
  const keep: Record<string, unknown> = { type: e.type };
  for (const k of ['extension', 'queue', 'reason', 'toExtension', 'hungUpBy', 'failure', 'cause', 'direction', 'kind']) if (k in o) keep[k] = o[k];
  return keep;
});

/** What the translator made of Asterisk's recordings (tests/pbx-real/predictive-ring-outcomes.test.ts). */
const asterisk = (hungUpBy: string, cause: number, failure: string) => [
  { type: 'call.started', extension: null, direction: 'outbound' },
  { type: 'call.leg_ended', cause },
  { type: 'call.ended', hungUpBy, failure, cause },
  { type: 'originate.failed', reason: failure },
];

async function simulatedDial(why: 'busy' | 'no_answer' | 'declined'): Promise<{ events: PbxEvent[]; frames: AmiFrame[] }> {
  sim = await startPbxSimulator({ username: 'u', secret: 's', agents: ['1001'] });
  client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'u', secret: 's' });
  const events: PbxEvent[] = [];
  const frames: AmiFrame[] = [];
  let state = createTranslatorState();
  client.on('frame', (f) => { frames.push(f); const r = translate(state, f, 'sim', new Date()); state = r.state; events.push(...r.events); });
  const up = once(client, 'connected');
  client.start();
  await up;
  const port = new AmiPbxPort(client, { pbxId: 'sim' });
  await port.originateCustomer({ toNumber: '+12122050111', crmCallId: 'att-1-1', timeoutMs: 30_000, amdAction: 'off', variables: { CAMPAIGN_ID: '1', CAMPAIGN_ATTEMPT_ID: '1' } });
  const s = sim;
  await vi.waitFor(() => { expect(s.predictive.ringing()).toEqual(['att-1-1']); });
  s.predictive.fail('att-1-1', why);
  await vi.waitFor(() => { expect(events.map((e) => e.type)).toContain('originate.failed'); });
  return { events, frames };
}

describe('PBX simulator: predictive dials through [dial-out] that are not answered', () => {
  it('the real capture of a customer who never answers translates as Asterisk\'s test saw it', () => {
    expect(pick(replay(loadRawFrames('predictive_no_answer.raw.jsonl')).events)).toEqual(asterisk('system', 19, 'no_answer'));
  });

  it('no answer: the simulator gives the capture\'s call events, and its frames in the capture\'s order', async () => {
    const { events, frames } = await simulatedDial('no_answer');
    expect(pick(events)).toEqual(asterisk('system', 19, 'no_answer'));
    // From the Originate's timeout on: what ends, with which cause, and the OriginateResponse last (Reason 3).
    const tail = (list: AmiFrame[]) => {
      const from = list.findIndex((f) => field(f, 'event') === 'HangupRequest');
      return list.slice(from).filter((f) => ['HangupRequest', 'DialEnd', 'SoftHangupRequest', 'Hangup', 'OriginateResponse'].includes(field(f, 'event') ?? ''))
        .map((f) => [field(f, 'event'), (field(f, 'channel') ?? '').replace(/-[0-9a-f]{8}/, ''), field(f, 'cause') ?? field(f, 'dialstatus') ?? field(f, 'reason')]);
    };
    expect(tail(frames)).toEqual(tail(loadRawFrames('predictive_no_answer.raw.jsonl')));
  });

  it.each([
    ['busy', 'customer', 17, 'busy'],
    ['declined', 'customer', 21, 'failed'],
  ] as const)('rings, then %s: the simulator gives the call events Asterisk gave', async (why, hungUpBy, cause, failure) => {
    const { events, frames } = await simulatedDial(why);
    expect(pick(events)).toEqual(asterisk(hungUpBy, cause, failure));
    // Asterisk's OriginateResponse said Reason 0 both times, though the carrier had rung (180) for 1.5 s.
    expect(field(frames.find((f) => field(f, 'event') === 'OriginateResponse')!, 'reason')).toBe('0');
  });
});
