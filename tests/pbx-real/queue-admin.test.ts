import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QueueView } from '@contract/queues.schemas';
import { field, type AmiFrame } from '../../server/pbx/ami-frame';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { watchAmi, type AmiWatch } from './support/ami-watch';
import { startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';

// Issue #21 on a real Asterisk: an admin puts an agent in a queue with a penalty through Warmline's API, and
// app_queue has that member (QueueStatus and `queue show`, read on a second AMI session and the CLI, not through the
// code under test) with that penalty; a carrier call into the queue rings the member's phone; a new penalty and the
// removal reach the PBX live, and a restarted Asterisk (no dynamic members any more) gets the member back. The
// simulator's side of the same: tests/integration/admin/queues.test.ts.

const CALLER = '+12122050061';

realPbxDescribe('real Asterisk: queue membership administered in Warmline', () => {
  let stack: RealStack;
  let admin: Agent;
  let agent: Agent;
  let ami: AmiWatch;
  let support: QueueView;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '4' });
    admin = await stack.addUser('rp-qa-admin', 'admin', null);
    agent = await stack.addUser('rp-qa-op', 'operator', '1001');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    ami = await watchAmi();
    const list = await api('GET', '/api/queues');
    expect(list.statusCode, list.body).toBe(200);
    support = (list.json() as { queues: QueueView[] }).queues.find((q) => q.name === 'support')!;
    expect(support).toBeDefined();
  });

  afterAll(async () => {
    await ami?.stop();
    await stack?.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, who?: Agent) =>
    stack.app.inject({ method, url, headers: { authorization: `Bearer ${(who ?? admin).token}` }, ...(payload ? { payload } : {}) });

  /** The members app_queue reports for `support` (QueueStatus on the test's own AMI session). */
  const members = async (queue = 'support'): Promise<AmiFrame[]> => (await ami.list({ Action: 'QueueStatus', Queue: queue }))
    .filter((f) => field(f, 'event')?.toLowerCase() === 'queuemember');
  const memberOf = async (iface: string, queue = 'support') => (await members(queue)).find((f) => field(f, 'location') === iface || field(f, 'interface') === iface);
  const explain = async () => `${await stack.pbx.cli('queue show support')}\n${stack.pbx.output().slice(-3000)}`;

  const dial = (talkMs: number | null) => runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Quinn', talkMs }), {
    remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16030, timeoutS: 60,
  });

  it('adds the agent with the penalty, the carrier call rings them, a new penalty and the removal apply live', async () => {
    const put = await api('PUT', `/api/queues/${support.id}/members/${agent.id}`, { penalty: 4 });
    expect(put.statusCode, put.body).toBe(200);

    const added = await waitFor('PJSIP/1001 in support with penalty 4', async () => {
      const m = await memberOf('PJSIP/1001');
      return m && field(m, 'penalty') === '4' ? m : null;
    }, 20_000, explain);
    expect(field(added, 'membership')).toBe('dynamic');
    // Not signed in yet: added paused, as the agent is.
    expect(field(added, 'paused')).toBe('1');
    // app_queue stamps a member added paused (create_queue_member): LastPause is now, not 0 (the simulator had 0).
    expect(Number(field(added, 'lastpause'))).toBeGreaterThan(0);
    expect(await stack.pbx.cli('queue show support')).toMatch(/\(PJSIP\/1001\) with penalty 4 \(ringinuse disabled\) \(dynamic\)/);

    // The agent signs in and goes ready: the carrier's call to the support DID rings their phone, which answers.
    const phone = await stack.phone(agent, { ringMs: 500, talkMs: null });
    const ready = await api('POST', '/api/agents/me/state', { state: 'ready' }, agent);
    expect(ready.statusCode, ready.body).toBe(200);
    await waitFor('1001 a ready member of support', async () => {
      const m = await memberOf('PJSIP/1001');
      return m && field(m, 'paused') === '0' && field(m, 'status') === '1';
    }, 20_000, explain);
    const before = new Date();
    const carrier = dial(2000);
    const rang = await ami.waitFor('AgentConnect', (f) => field(f, 'queue') === 'support' && field(f, 'interface') === 'PJSIP/1001', 20_000)
      .catch(async (err: Error) => { throw new Error(`${err.message}\n${await explain()}`); });
    expect(field(rang, 'membername')).toContain('1001');
    expect((await carrier.done).code).toBe(0);
    const call = await waitFor('the queue call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('started_at', '>=', before).where('status', '=', 'ended').executeTakeFirst();
      return row ?? null;
    });
    expect(call).toMatchObject({ direction: 'inbound', outcome: 'answered', agent_user_id: agent.id, queue_name: 'support' });

    // A new penalty: QueuePenalty on the live member (not a remove and add: the calls it took stay).
    const repenalised = await api('PUT', `/api/queues/${support.id}/members/${agent.id}`, { penalty: 7 });
    expect(repenalised.statusCode, repenalised.body).toBe(200);
    const moved = await waitFor('penalty 7', async () => {
      const m = await memberOf('PJSIP/1001');
      return m && field(m, 'penalty') === '7' ? m : null;
    }, 20_000, explain);
    expect(field(moved, 'callstaken')).toBe('1');

    // Removed: out of the queue at once; the next caller waits in an empty queue and the phone does not ring.
    const removed = await api('DELETE', `/api/queues/${support.id}/members/${agent.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    await waitFor('PJSIP/1001 out of support', async () => (await memberOf('PJSIP/1001')) === undefined, 20_000, explain);
    expect(await stack.pbx.cli('queue show support')).not.toContain('PJSIP/1001');
    await stack.server.services.agents.endWrapup(agent.id, null, 'submitted').catch(() => undefined);
    const afterRemoval = new Date();
    const second = dial(3000);
    expect((await second.done).code).toBe(0);
    const unanswered = await waitFor('the second call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('started_at', '>=', afterRemoval).where('status', '=', 'ended').executeTakeFirst();
      return row ?? null;
    });
    expect(unanswered.agent_user_id).toBeNull();
    expect(ami.frames.filter((f) => field(f, 'event') === 'AgentCalled' && field(f, 'interface') === 'PJSIP/1001')).toHaveLength(1);
    phone.kill();
  });

  it('a restarted Asterisk, which forgets dynamic members, gets the member back with its penalty', async () => {
    const put = await api('PUT', `/api/queues/${support.id}/members/${agent.id}`, { penalty: 2 });
    expect(put.statusCode, put.body).toBe(200);
    await waitFor('penalty 2 before the restart', async () => field((await memberOf('PJSIP/1001')) ?? {}, 'penalty') === '2', 20_000, explain);
    await ami.stop();
    await stack.pbx.restart();
    ami = await watchAmi();
    const back = await waitFor('PJSIP/1001 back in support after the restart', async () => (await memberOf('PJSIP/1001').catch(() => undefined)) ?? null,
      30_000, explain);
    expect(field(back, 'penalty')).toBe('2');
    expect(field(back, 'membership')).toBe('dynamic');
  });

  it('a queue created in Admin after Asterisk started gets its member (realtime); deactivating the user removes it', async () => {
    const created = await api('POST', '/api/queues', { name: 'billing', displayName: 'Billing', strategy: 'linear' });
    expect(created.statusCode, created.body).toBe(201);
    const billing = created.json() as QueueView;
    const put = await api('PUT', `/api/queues/${billing.id}/members/${agent.id}`, { penalty: 1 });
    expect(put.statusCode, put.body).toBe(200);
    // app_queue loads the queue from the ast_queues view on first use (QueueAdd), with the strategy set in Admin.
    const added = await waitFor('PJSIP/1001 in billing', async () => (await memberOf('PJSIP/1001', 'billing')) ?? null, 20_000,
      async () => stack.pbx.cli('queue show billing'));
    expect(field(added, 'penalty')).toBe('1');
    expect(await stack.pbx.cli('queue show billing')).toMatch(/'linear' strategy/);

    const off = await api('PATCH', `/api/users/${agent.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    await waitFor('PJSIP/1001 out of billing and support', async () =>
      (await memberOf('PJSIP/1001', 'billing')) === undefined && (await memberOf('PJSIP/1001')) === undefined, 20_000, explain);
    const on = await api('PATCH', `/api/users/${agent.id}`, { active: true });
    expect(on.statusCode, on.body).toBe(200);
    const back = await waitFor('PJSIP/1001 back in billing', async () => (await memberOf('PJSIP/1001', 'billing')) ?? null, 20_000, explain);
    expect(field(back, 'paused')).toBe('1');
  });
});
