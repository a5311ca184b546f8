import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeSipRegistrar, header, type SipMessage } from '../../support/fake-sip-registrar';
import { SipJsSoftphone } from '../../../console/src/softphone/sip-js-softphone';

// console/src/softphone/sip-js-softphone.ts, the console's real softphone, driven in Node against a fake registrar
// at the wire (SIP over WebSocket, tests/support/fake-sip-registrar.ts): registration with the digest from the HA1
// the server hands out, incoming calls, busy, decline, a caller's CANCEL, unregister. Answering, dialling, hold and
// DTMF need WebRTC (getUserMedia, RTCPeerConnection), which Node lacks: those are tested in Chromium against real
// Asterisk (tests/pbx-real). Mutations caught: the X-Warmline-Call-Id header ignored (callId from the last offer
// instead); a second call not refused with 486; decline() sending anything but 603; 'ended' not emitted on CANCEL;
// the HA1 not used for the digest (registration fails).

const EXT = '1001';
const REALM = 'warmline';
const HA1 = createHash('md5').update(`${EXT}:${REALM}:s3cret-sip-password`).digest('hex');
let registrar: FakeSipRegistrar;
let sut: SipJsSoftphone;
const events: Array<[string, unknown]> = [];

const statusOf = (m: SipMessage) => Number(m.startLine.split(' ')[1]);
const responseTo = (callId: string, status: number) => (m: SipMessage) => m.startLine.startsWith('SIP/2.0 ') && header(m, 'Call-ID') === callId && statusOf(m) === status;
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out: ${what}; events ${JSON.stringify(events)}`);
}

beforeAll(async () => {
  // sip.js opens its transport with the browser's global WebSocket, which Node 20 lacks: the ws package stands in.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  registrar = await FakeSipRegistrar.start({ realm: REALM, ha1: HA1 });
  sut = new SipJsSoftphone({ wssUrl: registrar.url, domain: 'warmline.test', extension: EXT, ha1: HA1 });
  for (const name of ['incoming', 'accepted', 'ended', 'registration'] as const) sut.on(name, (...args: unknown[]) => { events.push([name, args.length > 1 ? args : args[0]]); });
});
afterAll(async () => {
  await sut?.unregister().catch(() => undefined);
  await registrar?.close();
});

describe('SipJsSoftphone at the wire', () => {
  it('registers with a digest computed from the HA1 (no password in the browser)', async () => {
    await sut.register();
    await until(() => events.some(([n, s]) => n === 'registration' && s === 'registered'), 'registered');
    expect(events.filter(([n]) => n === 'registration').map(([, s]) => s)).toEqual(['registering', 'registered']);
    expect(registrar.badAuth).toEqual([]);
  });

  it('an incoming INVITE is announced with the Warmline call id from its header; a second call gets 486', async () => {
    const first = registrar.invite({ ext: EXT, from: '5551230001', warmlineCallId: 42 });
    await until(() => events.some(([n]) => n === 'incoming'), 'incoming');
    expect(events.find(([n]) => n === 'incoming')![1]).toEqual({ callId: 42, from: '5551230001' });
    expect(sut.currentCallId).toBe(42);

    const second = registrar.invite({ ext: EXT, from: '5551230002', warmlineCallId: 43 });
    await registrar.next(responseTo(second, 486), '486 Busy Here to the second call');
    expect(events.filter(([n]) => n === 'incoming')).toHaveLength(1);

    await sut.decline();
    await registrar.next(responseTo(first, 603), '603 Decline');
    await until(() => events.some(([n]) => n === 'ended'), 'ended after decline');
    expect(events.find(([n]) => n === 'ended')![1]).toEqual({ callId: 42, reason: 'terminated' });
    expect(sut.currentCallId).toBeNull();
  });

  it('without the header the call id comes from the last screen pop; the caller hanging up (CANCEL) ends it', async () => {
    events.length = 0;
    sut.offered(77);
    const call = registrar.invite({ ext: EXT, from: '5551230003' });
    await until(() => events.some(([n]) => n === 'incoming'), 'incoming');
    expect(events.find(([n]) => n === 'incoming')![1]).toEqual({ callId: 77, from: '5551230003' });
    registrar.cancel(call, EXT);
    await registrar.next(responseTo(call, 487), '487 Request Terminated');
    await until(() => events.some(([n]) => n === 'ended'), 'ended after CANCEL');
    expect(events.find(([n]) => n === 'ended')![1]).toEqual({ callId: 77, reason: 'terminated' });
  });

  it('unregisters with expires 0', async () => {
    events.length = 0;
    await sut.unregister();
    const unregister = await registrar.next((m) => m.startLine.startsWith('REGISTER ') && (/expires=0/.test(header(m, 'Contact') ?? '') || header(m, 'Expires') === '0'), 'REGISTER expires=0');
    expect(unregister).toBeDefined();
    await until(() => events.some(([n, s]) => n === 'registration' && s === 'unregistered'), 'unregistered');
  });
});
