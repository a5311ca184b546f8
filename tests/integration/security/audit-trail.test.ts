import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import { seedCustomer } from '../../factories/campaign.factory';

// Issue "Reliability and security": every supervision action and every data export lands in the audit log, with
// who did it and on what; the log itself is for supervisors and admins only.
const AGENT_EXT = '1001';
const SUPERVISOR_EXT = '1003';
let stack: FullStack;
let operator: TestUser;
let supervisor: TestUser;
let manager: TestUser;
let admin: TestUser;
let supSocket: RecordingSocket;

const auditRows = (action: string) =>
  stack.db.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

beforeAll(async () => {
  stack = await startFullStack({
    sim: { agents: [AGENT_EXT, '1002', SUPERVISOR_EXT], queues: { support: [AGENT_EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
  });
  [operator, supervisor, manager, admin] = await Promise.all([
    createUser(stack.services, stack.app, { role: 'operator', extension: AGENT_EXT }),
    createUser(stack.services, stack.app, { role: 'supervisor', extension: SUPERVISOR_EXT }),
    createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null }),
    createUser(stack.services, stack.app, { role: 'admin', extension: null }),
  ]);
  await stack.waitConnected(15_000);
  supSocket = await connectSocket(stack.url, supervisor.token);
}, 60_000);

afterAll(async () => {
  supSocket?.close();
  await stack?.close();
});

describe('audit trail', () => {
  it('records a customers CSV export by a campaign manager, with the filter and the row count', async () => {
    const tag = `audit-export-${process.pid}`;
    await seedCustomer(stack.services, { tags: [tag] });
    await seedCustomer(stack.services, { tags: [tag] });
    const res = await stack.app.inject({ method: 'GET', url: `/api/customers/export.csv?tag=${tag}`, headers: authHeader(manager) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = await auditRows('customers.exported');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: manager.id, ip: '127.0.0.1' });
    expect(rows[0]!.details).toMatchObject({ rows: Number(res.headers['x-total-rows']), filter: { tag } });
    // An operator may not export at all, and a refused export leaves no trace of an export.
    expect((await stack.app.inject({ method: 'GET', url: '/api/customers/export.csv', headers: authHeader(operator) })).statusCode).toBe(403);
    expect(await auditRows('customers.exported')).toHaveLength(1);
  });

  it('records report CSV exports (operational and analytical), and not JSON reads', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const json = await stack.app.inject({ method: 'GET', url: `/api/reports/operational?from=${day}&to=${day}&groupBy=agent`, headers: authHeader(supervisor) });
    expect(json.statusCode, json.body).toBe(200);
    expect(await auditRows('report.export')).toHaveLength(0);

    const op = await stack.app.inject({ method: 'GET', url: `/api/reports/operational?from=${day}&to=${day}&groupBy=agent&format=csv`, headers: authHeader(supervisor) });
    expect(op.statusCode, op.body).toBe(200);
    expect(op.headers['content-type']).toContain('text/csv');
    const an = await stack.app.inject({ method: 'GET', url: '/api/reports/analytical/segments?by=tag&format=csv', headers: authHeader(manager) });
    expect(an.statusCode, an.body).toBe(200);

    const rows = await auditRows('report.export');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ user_id: supervisor.id, target: 'operational-agent' });
    expect(rows[0]!.details).toMatchObject({ query: { from: day, to: day, groupBy: 'agent', format: 'csv' } });
    expect((rows[0]!.details as { filename: string }).filename).toBe(/filename="([^"]+)"/.exec(op.headers['content-disposition'] as string)![1]);
    expect(rows[1]).toMatchObject({ user_id: manager.id, target: 'segments-tag' });
  });

  it('records customer imports, the dry run as a check and the real one as an import', async () => {
    const csv = 'full_name,phones,email\nAudit Import One,+14155550111,one@audit.example\nAudit Import Two,+14155550112,\n';
    const send = (qs: string) => stack.app.inject({ method: 'POST', url: `/api/customers/import${qs}`, headers: { ...authHeader(manager), 'content-type': 'text/csv' }, payload: csv });
    expect((await send('?dryRun=true')).statusCode).toBe(200);
    const real = await send('');
    expect(real.statusCode, real.body).toBe(200);
    // Both requests check the file (an import is all or nothing); only the second imports it.
    expect(await auditRows('customers.import_checked')).toEqual([
      expect.objectContaining({ user_id: manager.id, details: { rows: 2, valid: 2, invalid: 0 } }),
      expect.objectContaining({ user_id: manager.id, details: { rows: 2, valid: 2, invalid: 0 } }),
    ]);
    expect(await auditRows('customers.imported')).toEqual([expect.objectContaining({ user_id: manager.id, target: String(real.json().importId), details: { rows: 2, imported: 2, skipped: 0 } })]);
  });

  it('records a supervisor listening to a live call (spy) with the agent channel it targeted', async () => {
    await stack.services.agents.login(operator.id);
    await stack.services.agents.setState(operator.id, 'ready', null);
    const call = stack.sim.placeInboundCall({ from: '+14155550123', queue: 'support' });
    await until(() => Promise.resolve(stack.sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.ringing.length), 15_000, 'agent ringing');
    expect(stack.sim.answer(AGENT_EXT)).toBe(true);
    const row = await until(async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('linkedid', '=', call.linkedid).executeTakeFirst();
      return r?.answered_at && r.agent_user_id === operator.id ? r : undefined;
    }, 15_000, 'answered call recorded');
    const res = await until(async () => {
      const r = await stack.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(supervisor), payload: { callId: row.id, mode: 'listen' } });
      return r.statusCode === 409 ? undefined : r; // the agent leg may still be on its way into the DB
    }, 15_000, 'spy accepted');
    expect(res.statusCode, res.body).toBe(200);
    const { channel } = res.json() as { channel: string };
    expect(channel).toMatch(new RegExp(`^PJSIP/${AGENT_EXT}-`));
    // One session at a time (issue #20.9): the listen is stopped before the whisper.
    await until(async () => stack.sim.liveCalls.some((c) => c.kind === 'spy' && c.caller.application === 'ChanSpy'), 15_000, 'listen leg up');
    const stop = await stack.app.inject({ method: 'POST', url: '/api/supervision/stop', headers: authHeader(supervisor) });
    expect(stop.json()).toEqual({ stopped: 1 });
    // Whisper over the socket command: same audit, the handshake address as ip.
    const whisper = await supSocket.command<{ channel: string }>('supervision:spy', { callId: row.id, mode: 'whisper' });
    expect(whisper.ok, JSON.stringify(whisper.error)).toBe(true);

    expect(await auditRows('supervision.listen')).toEqual([expect.objectContaining({
      user_id: supervisor.id, target: `call:${row.id}`, ip: '127.0.0.1', details: { channel, pbxId: 'main' },
    })]);
    const w = await auditRows('supervision.whisper');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ user_id: supervisor.id, target: `call:${row.id}`, details: { channel } });
    expect(w[0]!.ip).toMatch(/127\.0\.0\.1/);

    // A refused spy (operator) writes nothing.
    const refused = await stack.app.inject({ method: 'POST', url: '/api/supervision/spy', headers: authHeader(operator), payload: { callId: row.id, mode: 'barge' } });
    expect(refused.statusCode).toBe(403);
    expect(await auditRows('supervision.barge')).toEqual([]);
    stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
  });

  it('records agent control (pause, unpause, logoff) with the agent as target', async () => {
    await until(async () => (await stack.services.agents.view(operator.id)).state !== 'on_call', 15_000, 'agent off the call');
    const pause = await stack.app.inject({ method: 'POST', url: '/api/supervision/agent-control', headers: authHeader(supervisor), payload: { userId: operator.id, action: 'pause', reason: 'training' } });
    expect(pause.statusCode, pause.body).toBe(200);
    const unpause = await supSocket.command('supervision:agent-control', { userId: operator.id, action: 'unpause' });
    expect(unpause.ok, JSON.stringify(unpause.error)).toBe(true);
    const logoff = await stack.app.inject({ method: 'POST', url: '/api/supervision/agent-control', headers: authHeader(admin), payload: { userId: operator.id, action: 'logoff' } });
    expect(logoff.statusCode, logoff.body).toBe(200);

    expect(await auditRows('supervision.agent_pause')).toEqual([expect.objectContaining({ user_id: supervisor.id, target: `user:${operator.id}`, details: { reason: 'training' } })]);
    expect(await auditRows('supervision.agent_unpause')).toEqual([expect.objectContaining({ user_id: supervisor.id, target: `user:${operator.id}`, details: { reason: null } })]);
    expect(await auditRows('supervision.agent_logoff')).toEqual([expect.objectContaining({ user_id: admin.id, target: `user:${operator.id}` })]);
  });

  it('records do-not-call list changes', async () => {
    const add = await stack.app.inject({ method: 'POST', url: '/api/dnc-numbers', headers: authHeader(manager), payload: { number: '+1 415 555 0177', reason: 'asked on the phone' } });
    expect(add.statusCode, add.body).toBe(201);
    const e164 = (add.json() as { e164: string }).e164;
    const del = await stack.app.inject({ method: 'DELETE', url: `/api/dnc-numbers/${encodeURIComponent(e164)}`, headers: authHeader(supervisor) });
    expect(del.statusCode, del.body).toBe(204);
    expect(await auditRows('dnc.added')).toEqual([expect.objectContaining({ user_id: manager.id, target: `dnc:${e164}` })]);
    expect(await auditRows('dnc.removed')).toEqual([expect.objectContaining({ user_id: supervisor.id, target: `dnc:${e164}` })]);
  });

  it('shows the log to admins only', async () => {
    for (const user of [operator, manager, supervisor]) {
      const res = await stack.app.inject({ method: 'GET', url: '/api/audit', headers: authHeader(user) });
      expect(res.statusCode, user.role).toBe(403);
    }
    expect((await stack.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    const op = await connectSocket(stack.url, operator.token);
    try {
      expect(await op.command('supervision:agent-control', { userId: operator.id, action: 'unpause' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      op.close();
    }
    const res = await stack.app.inject({ method: 'GET', url: '/api/audit?action=supervision.listen', headers: authHeader(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ user_id: supervisor.id, action: 'supervision.listen' })]);
    const all = (await stack.app.inject({ method: 'GET', url: '/api/audit?limit=500', headers: authHeader(admin) })).json() as Array<{ action: string }>;
    const actions = new Set(all.map((r) => r.action));
    for (const a of ['customers.exported', 'report.export', 'customers.imported', 'supervision.listen', 'supervision.whisper', 'supervision.agent_pause', 'dnc.added']) {
      expect(actions, a).toContain(a);
    }
  });
});
