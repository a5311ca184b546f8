import { afterAll, beforeAll, expect, it } from 'vitest';
import { realPbxDescribe } from './support/asterisk-lab';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import type { AmiPbxPort } from '../../server/pbx/ami-pbx-port';

// Issue #27.3 on a real app_queue: the member interface Warmline names in QueuePause is the one Asterisk reports.
// A chan_sip member (`SIP/1003`, added from the CLI as on a chan_sip site; this lab's phones are PJSIP) is paused
// and unpaused by Warmline under that name; the server was configured for PJSIP and never told otherwise. PJSIP
// members, outside CLI pauses and outbound calls through the trunk: agent-state.test.ts and outbound.test.ts.

realPbxDescribe('real Asterisk: queue member interfaces learnt from the PBX (#27.3)', () => {
  let stack: RealStack;
  let agent: Agent;

  beforeAll(async () => {
    stack = await startRealStack();
    agent = await stack.addUser('rp-ami-sip', 'operator', '1003');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await stack.pbx.cli('queue add member SIP/1003 to support');
  });

  afterAll(async () => {
    await stack?.pbx.cli('queue remove member SIP/1003 from support').catch(() => undefined);
    await stack?.close();
  });

  const port = () => [...stack.server.services.pbx.values()][0] as unknown as AmiPbxPort;
  const member = async () => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes('SIP/1003') && !l.includes('PJSIP/1003')) ?? '';
  const setState = (state: 'ready' | 'paused', reason?: string) => stack.app.inject({ method: 'POST', url: '/api/agents/me/state',
    headers: { authorization: `Bearer ${agent.token}` }, payload: reason ? { state, reason } : { state } });

  it('learns SIP/1003 from QueueMemberAdded and pauses/unpauses that member, not PJSIP/1003', async () => {
    await waitFor('the member learnt', async () => port().members.interfaceOf('1003') === 'SIP/1003', 10_000, async () => String(port().members.interfaceOf('1003')));
    expect((await setState('paused', 'lunch')).statusCode).toBe(200);
    // Before: QueuePause Interface: PJSIP/1003, which app_queue answers "Interface not found".
    await waitFor('SIP/1003 paused for lunch', async () => /paused:lunch/.test(await member()), 10_000, member);
    expect((await setState('ready')).statusCode).toBe(200);
    await waitFor('SIP/1003 unpaused', async () => !/paused/.test(await member()), 10_000, member);
  });
});
