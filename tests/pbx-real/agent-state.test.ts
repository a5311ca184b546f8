import { afterAll, beforeAll, expect, it } from 'vitest';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';

// Agent state against a real app_queue: Warmline's ready/pause is Asterisk's member pause (with the reason), the
// wrap-up pauses the member and its deadline releases it (issue #18 defect 8), and a pause made on the PBX itself
// (CLI, another tool, a feature code) is the agent's state in Warmline too (#27.4).

realPbxDescribe('real Asterisk: agent state and the queue', () => {
  let stack: RealStack;
  let agent: Agent;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '3' });
    agent = await stack.addUser('rp-state1', 'operator', '1002', ['support']);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await stack.phone(agent, { ringMs: 500, talkMs: 2500 });
  });

  afterAll(async () => stack?.close());

  const member = async () => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes('PJSIP/1002)')) ?? '';
  const setState = (state: 'ready' | 'paused', reason?: string) => stack.app.inject({ method: 'POST', url: '/api/agents/me/state',
    headers: { authorization: `Bearer ${agent.token}` }, payload: reason ? { state, reason } : { state } });
  const myState = async () => (await stack.app.inject({ method: 'GET', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` } })).json() as { state: string; reason: string | null };

  it('mirrors ready and pause (with its reason) to the queue member', async () => {
    expect((await setState('paused', 'lunch')).statusCode).toBe(200);
    await waitFor('the member paused for lunch', async () => /\(paused:lunch/.test(await member()), 10_000, member);
    expect((await setState('ready')).statusCode).toBe(200);
    await waitFor('the member unpaused', async () => !/paused/.test(await member()) && /Not in use/.test(await member()), 10_000, member);
  });

  it('pauses the member for the wrap-up and releases it at the deadline without a submitted wrap-up', async () => {
    const carrier = runSipp(dialScenario({ to: '5000', from: '+12122050005', talkMs: null }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16300, timeoutS: 60,
    });
    expect((await carrier.done).code).toBe(0);
    await waitFor('wrap-up', async () => (await myState()).state === 'wrapup', 10_000, async () => JSON.stringify(await myState()));
    await waitFor('the member paused for wrap-up', async () => /\(paused:wrapup/.test(await member()), 10_000, member);
    await waitFor('ready after the deadline', async () => (await myState()).state === 'ready', 15_000, async () => JSON.stringify(await myState()));
    await waitFor('the member unpaused after the deadline', async () => !/paused/.test(await member()), 10_000, member);
  });

  it('takes a pause made on the PBX itself as the agent\'s state, and an unpause there too', async () => {
    await stack.pbx.cli('queue pause member PJSIP/1002 queue support reason supervisor-desk');
    await waitFor('paused in Warmline', async () => (await myState()).state === 'paused', 10_000, async () => JSON.stringify(await myState()));
    expect((await myState()).reason).toBe('pbx');
    await stack.pbx.cli('queue unpause member PJSIP/1002 queue support');
    await waitFor('ready in Warmline', async () => (await myState()).state === 'ready', 10_000, async () => JSON.stringify(await myState()));
  });
});
