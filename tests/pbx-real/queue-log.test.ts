import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { CARRIER_IP, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { QueueLogRepository, endFromQueueLog, memberExtension } from '../../server/pbx/queue-log';

// Issue #19.5: the resync reads a vanished call's true end from queue_log (server/pbx/queue-log.ts). This proves the
// real Asterisk, loaded with pbx-config/ (extconfig.conf `queue_log => pgsql,general,queue_log`, logger.conf), writes
// the rows that reader expects into migration 0048's table: callid = the call's Linkedid, CONNECT with the member
// name and the hold time, COMPLETECALLER/COMPLETEAGENT, ABANDON with the wait, times in UTC. Fails without the
// extconfig.conf line (no rows; checked). A local-time stamp (queue_log_realtime_use_gmt off) is caught only where
// the machine's zone is not UTC.

const CALLER = '+12122050019';

realPbxDescribe('real Asterisk: queue_log written to PostgreSQL', () => {
  let stack: RealStack;
  let agent: Agent;
  let queueLog: QueueLogRepository;

  beforeAll(async () => {
    stack = await startRealStack({ WRAPUP_SECONDS: '4' });
    agent = await stack.addUser('ql-op1', 'operator', '1001', ['support']);
    queueLog = new QueueLogRepository(stack.db.db);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
  });

  afterAll(async () => { await stack?.close(); });

  const dial = (talkMs: number | null) => runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Quinn', talkMs }), {
    remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16010, timeoutS: 60,
  });
  const setState = (body: Record<string, string>) => stack.app.inject({ method: 'POST', url: '/api/agents/me/state',
    headers: { authorization: `Bearer ${agent.token}` }, payload: body });

  it('an answered queue call: ENTERQUEUE, CONNECT by the member, COMPLETE*, read back as answered by 1001', async () => {
    await stack.phone(agent, { ringMs: 1000, talkMs: 3000 });
    expect((await setState({ state: 'ready' })).statusCode).toBe(200);
    const queue = () => stack.pbx.cli('queue show support');
    await waitFor('1001 to be a ready member of support', async () => /PJSIP\/1001\)[^\n]*\(Not in use\)/.test(await queue()), 20_000, queue);
    const before = new Date();
    const done = await dial(null).done;
    expect(done.code, done.output).toBe(0);
    const call = await waitFor('the call to end', async () => (await stack.db.db.selectFrom('calls').selectAll()
      .where('started_at', '>=', new Date(before.getTime() - 1000)).where('status', '=', 'ended').executeTakeFirst()) ?? null);
    expect(call.outcome).toBe('answered');
    const rows = await waitFor('queue_log rows of the call', async () => {
      const r = await queueLog.rowsFor([call.linkedid]);
      return r.some((x) => x.event.startsWith('COMPLETE')) ? r : null;
    }, 10_000, async () => JSON.stringify(await stack.db.db.selectFrom('queue_log').selectAll().execute()) + stack.pbx.output().slice(-3000));
    expect(rows.map((r) => r.event)).toEqual(expect.arrayContaining(['ENTERQUEUE', 'CONNECT']));
    const connect = rows.find((r) => r.event === 'CONNECT')!;
    expect(connect.queuename).toBe('support');
    expect(memberExtension(connect.agent)).toBe('1001');
    expect(Number(connect.data[0])).toBeGreaterThanOrEqual(0); // hold time
    // UTC: the CONNECT lies inside the call as Warmline recorded it from AMI (a local-time stamp would be hours off
    // on a machine whose zone is not UTC; within a second of the answer either way here).
    expect(Math.abs(connect.time.getTime() - call.answered_at!.getTime())).toBeLessThan(1500);
    const out = endFromQueueLog({ type: 'call.ended', pbxId: call.pbx_id, linkedid: call.linkedid, at: new Date().toISOString(), cause: null,
      causeText: null, hungUpBy: 'system', failure: null, unseen: true }, rows);
    expect(out.map((e) => e.type)).toEqual(['call.answered', 'call.ended']);
    expect(out[0]).toMatchObject({ extension: '1001', queue: 'support' });
    expect(out[1]).not.toHaveProperty('unseen');
  });

  it('an abandoned queue call: ABANDON with the wait, read back as abandoned', async () => {
    // The answered call above leaves the agent in wrap-up (WRAPUP_SECONDS 4), where a pause is refused with 409:
    // pause once the deadline has released them.
    await waitFor('the agent paused after the wrap-up', async () => ((await setState({ state: 'paused', reason: 'break' })).statusCode === 200 ? true : null), 20_000);
    const before = new Date();
    const done = await dial(3000).done;
    expect(done.code, done.output).toBe(0);
    const call = await waitFor('the abandoned call', async () => (await stack.db.db.selectFrom('calls').selectAll()
      .where('started_at', '>=', before).where('status', '=', 'ended').executeTakeFirst()) ?? null);
    expect(call.outcome).toBe('abandoned');
    const rows = await waitFor('the ABANDON row', async () => {
      const r = await queueLog.rowsFor([call.linkedid]);
      return r.some((x) => x.event === 'ABANDON') ? r : null;
    }, 10_000);
    const abandon = rows.find((r) => r.event === 'ABANDON')!;
    expect(Number(abandon.data[2])).toBeGreaterThanOrEqual(1); // wait time, seconds
    const out = endFromQueueLog({ type: 'call.ended', pbxId: call.pbx_id, linkedid: call.linkedid, at: new Date().toISOString(), cause: null,
      causeText: null, hungUpBy: 'system', failure: null, unseen: true }, rows);
    expect(out.map((e) => e.type)).toEqual(['call.abandoned', 'call.ended']);
  });
});
