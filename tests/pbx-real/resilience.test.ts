import { afterAll, beforeAll, expect, it } from 'vitest';
import { AMI_PORT, CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp, type SippRun } from './support/sipp';
import { CuttableProxy } from '../support/cuttable-proxy';

// The AMI link and the PBX itself failing under live calls, on a real Asterisk: Warmline talks AMI through a TCP
// proxy the test cuts (RST, new connections refused) while a customer is talking to an agent, and Asterisk is
// restarted in the middle of a call. Whatever happened while Warmline was blind, each call is recorded exactly
// once, answered, and ended: the resync after the reconnect (CoreShowChannels) reconciles what the PBX still has
// with what the database believed.

const CALLER = '+12122050041';

realPbxDescribe('real Asterisk: AMI link cuts and a PBX restart', () => {
  let stack: RealStack;
  let agent: Agent;
  let proxy: CuttableProxy;
  let carrierRuns = 0;

  beforeAll(async () => {
    proxy = new CuttableProxy({ host: '127.0.0.1', port: AMI_PORT });
    await proxy.listen();
    stack = await startRealStack({ AMI_PORT: String(proxy.port), WRAPUP_SECONDS: '1' });
    agent = await stack.addUser('rp-res-op', 'operator', '1001', ['support']);
    await linkUp();
    await stack.phone(agent, { ringMs: 300, talkMs: null });
  });
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
  });

  const linkUp = () => waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()), 30_000);
  const linkDown = () => waitFor('the AMI link down', async () => [...stack.server.services.pbx.values()].every((p) => !p.isConnected()), 30_000);
  const member = async () => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes('PJSIP/1001)')) ?? '';

  async function readyAndIdle(): Promise<void> {
    await waitFor('the agent out of wrap-up', async () => {
      const s = (await stack.app.inject({ method: 'GET', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` } })).json() as { state: string };
      if (s.state === 'wrapup') return false;
      if (s.state !== 'ready') {
        const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` }, payload: { state: 'ready' } });
        return res.statusCode === 200;
      }
      return true;
    }, 20_000);
    await waitFor('1001 ready in support', async () => /\(Not in use\)/.test(await member()) && !/paused/.test(await member()), 30_000, member);
  }

  function dial(talkMs: number | null): SippRun {
    carrierRuns += 1;
    return runSipp(dialScenario({ to: '5000', from: CALLER, talkMs }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16600 + carrierRuns * 4, timeoutS: 60,
    });
  }

  async function answeredCall(after: Date) {
    return waitFor('the answered call', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('started_at', '>=', after).where('answered_at', 'is not', null).executeTakeFirst();
      return row ?? null;
    }, 30_000, async () => JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().execute()));
  }

  async function endedOnce(linkedid: string) {
    const row = await waitFor('the call ended', async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('linkedid', '=', linkedid).executeTakeFirst();
      return r?.status === 'ended' ? r : null;
    }, 30_000, async () => JSON.stringify(await stack.db.db.selectFrom('calls').selectAll().where('linkedid', '=', linkedid).execute()));
    const rows = await stack.db.db.selectFrom('calls').select('id').where('linkedid', '=', linkedid).execute();
    expect(rows).toHaveLength(1);
    return row;
  }

  it('a cut that heals while the call is up: the call goes on and ends once, answered, hung up by the customer', async () => {
    await readyAndIdle();
    const t0 = new Date(Date.now() - 1000);
    const carrier = dial(8000);
    const call = await answeredCall(t0);
    proxy.down();
    await linkDown();
    await new Promise((r) => setTimeout(r, 1500));
    proxy.up();
    await linkUp();
    expect((await carrier.done).code).toBe(0);
    const ended = await endedOnce(call.linkedid);
    expect(ended).toMatchObject({ outcome: 'answered', agent_user_id: agent.id, hung_up_by: 'customer' });
    expect(ended.ended_at!.getTime()).toBeGreaterThan(ended.answered_at!.getTime());
  });

  it('a call that ends while the link is down is ended by the resync, once, still answered', async () => {
    await readyAndIdle();
    const t0 = new Date(Date.now() - 1000);
    const carrier = dial(2500);
    const call = await answeredCall(t0);
    proxy.down();
    await linkDown();
    expect((await carrier.done).code).toBe(0); // the customer hung up while Warmline could not see it
    await waitFor('the call gone from Asterisk', async () => !(await stack.pbx.cli('core show channels concise')).includes('PJSIP/trunk'), 10_000);
    expect((await stack.db.db.selectFrom('calls').select('status').where('id', '=', call.id).executeTakeFirstOrThrow()).status).not.toBe('ended');
    proxy.up();
    await linkUp();
    const ended = await endedOnce(call.linkedid);
    expect(ended.outcome).toBe('answered');
    expect(ended.agent_user_id).toBe(agent.id);
  });

  it('Asterisk restarted under a live call: that call is ended once, answered; the next call after the restart is recorded too', async () => {
    await readyAndIdle();
    const t0 = new Date(Date.now() - 1000);
    const carrier = dial(null);
    const call = await answeredCall(t0);
    await stack.pbx.restart();
    carrier.kill();
    await linkUp();
    const ended = await endedOnce(call.linkedid);
    expect(ended.outcome).toBe('answered');
    expect(ended.agent_user_id).toBe(agent.id);

    // Traffic goes on after the restart: the phone's registration survived (astdb) and the next call is recorded.
    await readyAndIdle();
    const t1 = new Date();
    const next = dial(2000);
    const second = await answeredCall(t1);
    expect(second.linkedid).not.toBe(call.linkedid);
    expect((await next.done).code).toBe(0);
    expect(await endedOnce(second.linkedid)).toMatchObject({ outcome: 'answered', hung_up_by: 'customer' });
    const all = await stack.db.db.selectFrom('calls').select(['linkedid']).where('direction', '=', 'inbound').execute();
    expect(new Set(all.map((c) => c.linkedid)).size).toBe(all.length);
  });
});
