import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import { loadRawHeaders, wireText } from '../../unit/pbx/fixture-loader';
import type { ScreenPopPayload } from '@contract/wire-events';
import type { AmiFrame, RawHeaders } from '../../../server/pbx/ami-frame';
import { PJSIP_OTHER_TOOL_ORIGINATE } from '../../unit/pbx/pjsip-other-tool-originate.frames';

// Issue #27 end to end: the real chan_sip capture of an answered queue call (Asterisk 20.20.1, caller 5551230001
// as the PBX delivered it, agent SIP/1002) written on the AMI socket as Asterisk wrote it, in order, again with the
// same ids, and with its Hangup frames first. The simulator only carries the bytes (and a marker call after, so
// that "nothing more happened" is checked without a timed wait).

const CAPTURE = loadRawHeaders('inbound_answered.raw.jsonl');
const LINKEDID = '1795367247.8';
const name = (h: RawHeaders) => h.find(([k]) => k === 'Event')?.[1];

let stack: FullStack;
let agent: TestUser;
let agentSocket: RecordingSocket;

function write(frames: readonly RawHeaders[], rewrite: (v: string) => string = (v) => v): void {
  stack.sim.server.writeRaw(frames.map((h) => wireText(h.map(([k, v]) => [k, rewrite(String(v))] as const))).join(''));
}

/** A simulated call placed after the frames under test: once its pop arrives, everything written before was read. */
async function marker(): Promise<void> {
  // Dialled to the extension, not through the queue: after the capture's call the agent is paused in wrap-up there.
  const call = stack.sim.placeInboundCall({ from: '2125550111', toExtension: '1002' });
  await agentSocket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === call.linkedid, 20_000);
  stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
}

const popsFor = (linkedid: string) => agentSocket.received.filter((r) => r.event === 'screen-pop' && (r.payload as ScreenPopPayload).linkedid === linkedid);
const ended = (linkedid: string) => until(async () => {
  const r = await stack.services.callsRepo.find('main', linkedid);
  return r?.status === 'ended' ? r : undefined;
}, 20_000, `call ${linkedid} ended`);

beforeAll(async () => {
  stack = await startFullStack({ sim: { agents: ['1002'], queues: { support: ['1002'] }, tech: 'SIP', timing: { agentAnswerMs: null } } });
  agent = await createUser(stack.services, stack.app, { role: 'operator', extension: '1002' });
  await stack.waitConnected();
  agentSocket = await connectSocket(stack.url, agent.token);
});
afterAll(async () => {
  agentSocket?.close();
  await stack?.close();
});

describe('real Asterisk traffic at the server (#27)', () => {
  it('#27.1: a number libphonenumber calls invalid is stored by the API, flagged, and the PBX\'s form of it is matched', async () => {
    const res = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: authHeader(agent),
      payload: { fullName: 'Test Range Caller', phones: [{ number: '+1 (555) 123-0001' }] } });
    expect(res.statusCode).toBe(201);
    expect(res.json().phones).toEqual([expect.objectContaining({ e164: '+15551230001', valid: false })]);

    write(CAPTURE);
    const pop = await agentSocket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === LINKEDID, 20_000);
    // Before: match 'unknown' and callerNumber null, because '5551230001' was "not a phone number".
    expect(pop.match).toBe('matched');
    expect(pop.callerNumber).toBe('+15551230001');
    expect(pop.customer?.fullName).toBe('Test Range Caller');
    const row = await ended(LINKEDID);
    expect(row).toMatchObject({ caller_number: '+15551230001', outcome: 'answered', hung_up_by: 'customer', wait_seconds: 2, talk_seconds: 12 });
    // The pop links the call to the customer it found (after the call's own writes).
    await until(async () => (await stack.services.callsRepo.find('main', LINKEDID))?.customer_id === res.json().id, 5000, 'call linked to the customer');
  });

  it('#27.6: the same frames replayed with the same ids pop once and leave one row', async () => {
    write(CAPTURE);
    await marker();
    expect(popsFor(LINKEDID)).toHaveLength(1);
    const rows = await stack.db.db.selectFrom('calls').select('id').where('linkedid', '=', LINKEDID).execute();
    expect(rows).toHaveLength(1);
  });

  it('#27.5: Hangup frames first: the call is recorded, ended within seconds from its hangups, every leg ended', async () => {
    // Fresh ids (the capture's with another prefix) so this is a new call, delivered with its Hangups first.
    const fresh = (v: string) => v.replaceAll('1795367247.8', '1795367999.8').replaceAll('1795367247.9', '1795367999.9');
    const hangups = CAPTURE.filter((h) => name(h) === 'Hangup');
    write([...hangups, ...CAPTURE.filter((h) => name(h) !== 'Hangup')], fresh);
    const row = await ended('1795367999.8');
    // The end comes from the hangups' own timestamps: the talk time is the capture's 12 s, not the time until a sweep.
    expect(row).toMatchObject({ outcome: 'answered', talk_seconds: 12, agent_user_id: agent.id });
    const legs = await stack.db.db.selectFrom('call_legs').select(['uniqueid', 'ended_at']).where('call_id', '=', row.id).execute();
    expect(legs.length).toBeGreaterThanOrEqual(2);
    expect(legs.filter((l) => l.ended_at === null)).toEqual([]);
    await until(async () => (await stack.services.agents.view(agent.id)).state !== 'on_call', 5000, 'agent off the call');
  });

  it('#27.2: an outbound call (chan_sip capture of an Originate through the carrier) keeps the dialled number, both legs, who hung up, and pops and links the callee', async () => {
    const customer = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: authHeader(agent),
      payload: { fullName: 'Callee Customer', phones: [{ number: '+1 555 123 9999' }] } });
    expect(customer.statusCode).toBe(201);
    write(loadRawHeaders('originate_outbound.raw.jsonl'));
    const linkedid = '1795367283.11';
    // The agent whose phone the Originate rang first is popped at once, before anyone knows whom it will dial.
    await agentSocket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === linkedid, 20_000);
    // When the carrier leg names the number, the agent gets the same call's pop again with the callee's story.
    // Fails on the old code (no lookup after leg_started set called_number late: the only pop is match 'unknown').
    const calleePop = await agentSocket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === linkedid && p.match === 'matched', 20_000);
    expect(calleePop).toMatchObject({ direction: 'outbound', callerNumber: '+15551239999', customer: expect.objectContaining({ id: customer.json().id, fullName: 'Callee Customer' }) });
    const row = await ended(linkedid);
    // The carrier (the callee) hung up first: that is the customer.
    expect(row).toMatchObject({ direction: 'outbound', called_number: '+15551239999', hung_up_by: 'customer', outcome: 'answered', agent_user_id: agent.id });
    // The call is linked to the callee's customer (before: customer_id stayed NULL for an Originate by another tool).
    await until(async () => (await stack.services.callsRepo.find('main', linkedid))?.customer_id === customer.json().id, 5000, 'outbound call linked to the callee');
    const legs = await stack.db.db.selectFrom('call_legs').select(['channel', 'role', 'user_id', 'answered_at', 'ended_at']).where('call_id', '=', row.id).orderBy('id').execute();
    expect(legs).toEqual([
      expect.objectContaining({ channel: 'SIP/1002-0000000b', user_id: agent.id, answered_at: expect.any(Date), ended_at: expect.any(Date) }),
      expect.objectContaining({ channel: 'SIP/carrier-0000000c', role: 'external', answered_at: expect.any(Date), ended_at: expect.any(Date) }),
    ]);
  });

  it('#27.2: another tool\'s Originate on PJSIP (agent channel starts with Exten \'s\') is recorded outbound once the trunk leg starts, and pops and links the callee', async () => {
    const customer = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: authHeader(agent),
      payload: { fullName: 'Olga Otherdialler', phones: [{ number: '+1 212 205 0098' }] } });
    expect(customer.statusCode).toBe(201);
    // The frames of Asterisk 20.20.1's run (tests/pbx-real/outbound.test.ts), with this suite's agent 1002 for 1001.
    const agentExt = (v: string) => v.replace('PJSIP/1001-', 'PJSIP/1002-').replace(/^1001$/, '1002');
    const headers = (f: AmiFrame): RawHeaders => Object.entries(f).flatMap(([k, v]) => k === 'chanvariable'
      ? Object.entries(v as Record<string, string>).map(([n, x]) => ['ChanVariable', `${n}=${x}`] as const)
      : [[k === 'event' ? 'Event' : k, agentExt(String(v))] as const]);
    write(PJSIP_OTHER_TOOL_ORIGINATE.map(headers));
    const linkedid = '1796504130.2';
    // Fails on the old code: the call stayed 'internal', so no callee pop (only the offer-less start) and no link.
    const calleePop = await agentSocket.waitFor<ScreenPopPayload>('screen-pop', (p) => p.linkedid === linkedid && p.match === 'matched', 20_000);
    expect(calleePop).toMatchObject({ direction: 'outbound', callerNumber: '+12122050098', customer: expect.objectContaining({ id: customer.json().id }) });
    const row = await ended(linkedid);
    expect(row).toMatchObject({ direction: 'outbound', called_number: '+12122050098', hung_up_by: 'customer', outcome: 'answered', agent_user_id: agent.id });
    await until(async () => (await stack.services.callsRepo.find('main', linkedid))?.customer_id === customer.json().id, 5000, 'the call linked to the callee');
  });
});
