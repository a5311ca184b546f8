import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { CARRIER_PORT, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { answerScenario, runSipp } from './support/sipp';
import { connectSocket, type RecordingSocket } from '../support/socket-client';
import { createConnection } from 'node:net';
import { AMI_PORT, AMI_SECRET, AMI_USER } from './support/asterisk-lab';

/** An Originate sent by another AMI client (not Warmline's): logs in, originates, returns Asterisk's answers. */
function otherToolOriginate(fields: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: AMI_PORT });
    let buffer = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no AMI answer: ${buffer}`)); }, 10_000);
    socket.once('connect', () => socket.write(`Action: Login\r\nActionID: l\r\nUsername: ${AMI_USER}\r\nSecret: ${AMI_SECRET}\r\nEvents: off\r\n\r\n`
      + `Action: Originate\r\nActionID: o\r\n${fields}\r\n\r\n`));
    socket.on('data', (d: Buffer) => {
      buffer += d.toString();
      if (/ActionID: o/.test(buffer)) {
        clearTimeout(timer);
        socket.end('Action: Logoff\r\n\r\n');
        resolve(buffer);
      }
    });
    socket.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

// Outbound through a real Asterisk: Warmline originates the agent's phone first, then the E.164 number through
// [from-agents] -> [dial-out] -> the trunk, where the carrier (sipp at 127.0.0.2) answers as the customer would.
// Issue #18 defect 1 (every outbound call failed: `_X.` never matched "+1..."), and defect 5 / #27.2 (the dialled
// number, the customer and the carrier leg were lost).

const CUSTOMER_NUMBER = '+12122050099';

realPbxDescribe('real Asterisk: outbound calls through the trunk', () => {
  let stack: RealStack;
  let agent: Agent;
  let socket: RecordingSocket;
  let customerId: number;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '30' });
    agent = await stack.addUser('rp-out1', 'operator', '1001', ['support']);
    const created = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${agent.token}` },
      payload: { fullName: 'Otto Outbound', phones: [{ number: CUSTOMER_NUMBER, kind: 'work' }] } });
    expect(created.statusCode, created.body).toBe(201);
    customerId = (created.json() as { id: number }).id;
    socket = await connectSocket(stack.url, agent.token);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await stack.phone(agent, { ringMs: 300, talkMs: null });
  });

  afterAll(async () => {
    socket?.close();
    await stack?.close();
  });

  it('click-to-dial reaches the carrier with the E.164 number and records the call against the customer', async () => {
    const carrier = runSipp(answerScenario({ ringMs: 800, talkMs: 3000 }, 'carrier'), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort: 16200, timeoutS: 60,
    });
    const res = await stack.app.inject({ method: 'POST', url: '/api/calls/originate', headers: { authorization: `Bearer ${agent.token}` },
      payload: { number: CUSTOMER_NUMBER, customerId } });
    expect(res.statusCode, res.body).toBe(200);
    const done = await carrier.done;
    expect(done.code, done.output).toBe(0);

    const call = await waitFor('the outbound call to end', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('direction', '=', 'outbound').where('status', '=', 'ended').executeTakeFirst();
      return row ?? null;
    }, 20_000, async () => JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().execute()));
    expect(call.called_number).toBe(CUSTOMER_NUMBER);
    expect(call.customer_id).toBe(customerId);
    expect(call.agent_user_id).toBe(agent.id);
    expect(call.outcome).toBe('answered');
    expect(call.answered_at).not.toBeNull();
    expect(call.hung_up_by).toBe('customer');
    const talk = (call.ended_at!.getTime() - call.answered_at!.getTime()) / 1000;
    expect(talk).toBeGreaterThan(2);
    expect(talk).toBeLessThan(7);
    expect(call.recording_path).toMatch(/out-.*\.wav$/);
    const legs = await stack.db.db.selectFrom('call_legs').selectAll().where('call_id', '=', call.id).execute();
    expect(legs.length).toBeGreaterThanOrEqual(2);
    expect(legs.every((l) => l.ended_at !== null)).toBe(true);
    const pop = await socket.waitFor<{ callId: number; direction: string; customer?: { id: number } }>('screen-pop', (p) => p.callId === call.id, 1000);
    expect(pop.direction).toBe('outbound');
    expect(pop.customer?.id).toBe(customerId);
  });

  it('an Originate made by another tool (its own AMI session, no CRM variables) pops the callee and links the call once the trunk leg names the number', async () => {
    const otherNumber = '+12122050098';
    const created = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${agent.token}` },
      payload: { fullName: 'Olga Otherdialler', phones: [{ number: otherNumber, kind: 'work' }] } });
    expect(created.statusCode, created.body).toBe(201);
    const otherId = (created.json() as { id: number }).id;
    const carrier = runSipp(answerScenario({ ringMs: 800, talkMs: 3000 }, 'carrier'), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort: 16200, timeoutS: 60,
    });
    // Not Warmline's click-to-dial: another AMI client rings the agent's phone first, then the number through
    // [from-agents], as a dialler would. On PJSIP the agent's channel starts with Exten 's': before the trunk leg
    // promoted it, the call was stored 'internal' (found by this case), so no callee pop and customer_id stayed NULL.
    const answer = await otherToolOriginate(`Channel: PJSIP/${agent.extension}\r\nContext: from-agents\r\nExten: ${otherNumber}\r\nPriority: 1\r\nAsync: true`);
    const done = await carrier.done;
    expect(done.code, `${answer}\n${stack.pbx.output().slice(-3000)}`).toBe(0);
    const call = await waitFor('the CLI outbound call to end', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('direction', '=', 'outbound').where('called_number', '=', otherNumber)
        .where('status', '=', 'ended').executeTakeFirst();
      return row ?? null;
    }, 20_000, async () => JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().execute()));
    expect(call.agent_user_id).toBe(agent.id);
    await waitFor('the call linked to the callee', async () => (await stack.db.db.selectFrom('calls').select('customer_id').where('id', '=', call.id).executeTakeFirst())?.customer_id === otherId, 5000);
    const pop = await socket.waitFor<{ callId: number; match: string; callerNumber: string | null; customer?: { id: number } }>('screen-pop', (p) => p.callId === call.id && p.match === 'matched', 5000);
    expect(pop.callerNumber).toBe(otherNumber);
    expect(pop.customer?.id).toBe(otherId);
  });
});
