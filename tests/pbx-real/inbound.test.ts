import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { connectSocket, type RecordingSocket } from '../support/socket-client';

// Inbound calls through a real Asterisk loaded with pbx-config/: the carrier (sipp at 127.0.0.2) calls DID 5000, the
// support queue rings the agent's registered SIP phone (sipp, credentials issued by Warmline and read by Asterisk
// through realtime), Warmline pops the caller's story to that agent only and records the call.

const CALLER = '+12122050001';

realPbxDescribe('real Asterisk: inbound queue calls', () => {
  let stack: RealStack;
  let agent: Agent;
  let other: Agent;
  let agentSocket: RecordingSocket;
  let otherSocket: RecordingSocket;
  let customerId: number;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '4' });
    agent = await stack.addUser('rp-op1', 'operator', '1001', ['support']);
    other = await stack.addUser('rp-op2', 'operator', '1002', ['support']);
    const created = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${agent.token}` },
      payload: { fullName: 'Rita Realcaller', phones: [{ number: CALLER, kind: 'mobile' }] } });
    expect(created.statusCode, created.body).toBe(201);
    customerId = (created.json() as { id: number }).id;
    const note = await stack.app.inject({ method: 'POST', url: `/api/customers/${customerId}/interactions`, headers: { authorization: `Bearer ${agent.token}` },
      payload: { channel: 'email', direction: 'inbound', subject: 'Router keeps rebooting', summary: 'Asked for a technician', outcome: 'Case opened' } });
    expect(note.statusCode, note.body).toBe(201);
    agentSocket = await connectSocket(stack.url, agent.token);
    otherSocket = await connectSocket(stack.url, other.token);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
  });

  afterAll(async () => {
    agentSocket?.close();
    otherSocket?.close();
    await stack?.close();
  });

  async function ready(a: Agent): Promise<void> {
    const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${a.token}` }, payload: { state: 'ready' } });
    expect(res.statusCode, res.body).toBe(200);
  }

  const dial = (talkMs: number | null) => runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Rita', talkMs }), {
    remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16010, timeoutS: 60,
  });

  it('pops the caller to the ringing agent only, records talk time and a recording served with Range', async () => {
    await stack.phone(agent, { ringMs: 1500, talkMs: 4000 });
    await ready(agent);
    const queue = () => stack.pbx.cli('queue show support');
    await waitFor('1001 to be a ready member of support', async () => /PJSIP\/1001\)[^\n]*\(Not in use\)/.test(await queue()), 20_000, queue);
    const carrier = dial(null);

    type Pop = { callId: number; match: string; customer?: { id: number; fullName: string }; recentInteractions: Array<{ subject: string }> };
    const pop = await agentSocket.waitFor<Pop>('screen-pop', undefined, 20_000).catch(async (err: Error) => {
      const calls = await stack.db.db.selectFrom('calls').selectAll().execute();
      const sipp = await Promise.race([carrier.done, new Promise((r) => setTimeout(() => r('still running'), 100))]);
      throw new Error(`${err.message}\ncalls: ${JSON.stringify(calls)}\ncarrier: ${JSON.stringify(sipp).slice(-3000)}\nasterisk:\n${stack.pbx.output().slice(-4000)}`);
    });
    expect(pop.match).toBe('matched');
    expect(pop.customer?.id).toBe(customerId);
    expect(pop.recentInteractions.map((i) => i.subject)).toContain('Router keeps rebooting');
    expect((await carrier.done).code).toBe(0);

    const call = await waitFor('the call to end', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', pop.callId).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    expect(call.direction).toBe('inbound');
    expect(call.outcome).toBe('answered');
    expect(call.agent_user_id).toBe(agent.id);
    expect(call.customer_id).toBe(customerId);
    const talk = (call.ended_at!.getTime() - call.answered_at!.getTime()) / 1000;
    expect(talk).toBeGreaterThan(3);
    expect(talk).toBeLessThan(8);
    expect(call.recording_path).toMatch(/\.wav$/);
    expect(otherSocket.received.filter((r) => r.event === 'screen-pop')).toHaveLength(0);

    const full = await stack.app.inject({ method: 'GET', url: `/api/calls/${pop.callId}/recording`, headers: { authorization: `Bearer ${agent.token}` } });
    expect(full.statusCode).toBe(200);
    expect(full.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const part = await stack.app.inject({ method: 'GET', url: `/api/calls/${pop.callId}/recording`, headers: { authorization: `Bearer ${agent.token}`, range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.length).toBe(100);
  });

  it('records a caller who gives up in the queue as abandoned, with the wait', async () => {
    // Nobody ready: 1001 is in wrap-up or paused after the first test, 1002 never went ready.
    await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` }, payload: { state: 'paused', reason: 'break' } });
    const before = new Date();
    const carrier = dial(3000);
    const done = await carrier.done;
    expect(done.code, done.output).toBe(0);
    const call = await waitFor('the abandoned call', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('started_at', '>=', before).where('status', '=', 'ended').executeTakeFirst();
      return row ?? null;
    });
    expect(call.outcome).toBe('abandoned');
    expect(call.answered_at).toBeNull();
    const wait = (call.ended_at!.getTime() - call.started_at.getTime()) / 1000;
    expect(wait).toBeGreaterThan(2);
    expect(wait).toBeLessThan(6);
  });
});
