import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { inboundAnsweredCall } from '../../factories/pbx-event.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { startRuntime } from '../../../server/runtime';

let ctx: TestContext;
let stopRuntime: () => Promise<void>;
let url: string;
let supervisor: TestUser, agentA: TestUser, bystander: TestUser;
let supSocket: RecordingSocket, agentSocket: RecordingSocket, bystanderSocket: RecordingSocket;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedReferenceData(ctx.db.db);
  stopRuntime = startRuntime(ctx.services, ctx.app);
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor', extension: '1909' });
  agentA = await createUser(ctx.services, ctx.app, { role: 'operator', extension: '1901' });
  bystander = await createUser(ctx.services, ctx.app, { role: 'operator', extension: '1902' });
  supSocket = await connectSocket(url, supervisor.token);
  agentSocket = await connectSocket(url, agentA.token);
  bystanderSocket = await connectSocket(url, bystander.token);
});
afterAll(async () => {
  [supSocket, agentSocket, bystanderSocket].forEach((s) => s?.close());
  await stopRuntime();
  await ctx.close();
});

describe('supervision', () => {
  it('pushes a live call to the supervisor and its agent, and nothing to another operator', async () => {
    await ctx.services.agents.login(agentA.id);
    await ctx.services.agents.setState(agentA.id, 'ready', null);
    const { linkedid, events } = inboundAnsweredCall({ extension: '1901' });
    for (const e of events.slice(0, 4)) ctx.services.calls.ingest(e); // up to call.offered: still waiting
    await ctx.services.calls.drain();
    const stats = await supSocket.waitFor<{ queue: string; waiting: number }>('queue:stats', (s) => s.queue === 'support' && s.waiting === 1);
    expect(stats.waiting).toBe(1);
    const snap = await ctx.app.inject({ method: 'GET', url: '/api/supervision/snapshot', headers: authHeader(supervisor) });
    expect(snap.statusCode).toBe(200);
    const body = snap.json();
    expect(body.calls.map((c: { linkedid: string }) => c.linkedid)).toContain(linkedid);
    expect(body.agents.find((a: { userId: number }) => a.userId === agentA.id)).toMatchObject({ state: 'ringing' });
    for (const e of events.slice(4)) ctx.services.calls.ingest(e);
    await ctx.services.calls.drain();
    await supSocket.waitFor<{ linkedid: string; status: string }>('call:updated', (c) => c.linkedid === linkedid && c.status === 'ended');
    await agentSocket.waitFor<{ linkedid: string; status: string }>('call:updated', (c) => c.linkedid === linkedid && c.status === 'ended');
    await agentSocket.waitFor('screen-pop');
    await new Promise((r) => setTimeout(r, 400)); // leave time for any wrongly addressed push to arrive
    const leaked = bystanderSocket.received.filter((r) => ['call:updated', 'queue:stats', 'screen-pop', 'wallboard:alert'].includes(r.event)
      || (r.event === 'agent:state' && (r.payload as { userId: number }).userId !== bystander.id));
    expect(leaked).toEqual([]);
    expect(agentSocket.received.filter((r) => r.event === 'queue:stats')).toEqual([]);
  });

  it('refuses supervision routes and socket commands to operators', async () => {
    for (const req of [
      { method: 'GET' as const, url: '/api/supervision/snapshot' },
      { method: 'POST' as const, url: '/api/supervision/spy', payload: { callId: 1, mode: 'listen' } },
      { method: 'POST' as const, url: '/api/supervision/agent-control', payload: { userId: bystander.id, action: 'pause' } },
      { method: 'GET' as const, url: '/api/audit' },
    ]) {
      expect((await ctx.app.inject({ ...req, headers: authHeader(agentA) })).statusCode).toBe(403);
    }
    const spy = await agentSocket.command('supervision:spy', { callId: 1, mode: 'listen' });
    expect(spy).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const snap = await agentSocket.command('supervision:snapshot', {});
    expect(snap.ok).toBe(false);
  });

  it('validates socket payloads instead of crashing', async () => {
    for (const payload of [null, 'x', { callId: 'abc', mode: 'listen' }, { callId: 1, mode: 'shout' }, [1, 2]]) {
      const res = await supSocket.command('supervision:spy', payload);
      expect(res).toMatchObject({ ok: false, error: { code: 'validation-failed' } });
    }
    expect(await supSocket.command('no-such-event', {})).toMatchObject({ ok: false, error: { code: 'unknown-event' } });
    expect(supSocket.socket.connected).toBe(true);
  });

  it('lets a supervisor force-pause an agent, and audits it', async () => {
    const res = await supSocket.command<{ state: string; reason: string }>('supervision:agent-control', { userId: bystander.id, action: 'pause', reason: 'meeting' });
    expect(res).toMatchObject({ ok: true, data: { state: 'paused', reason: 'meeting' } });
    const pushed = await bystanderSocket.waitFor<{ state: string; userId: number }>('agent:state', (s) => s.userId === bystander.id && s.state === 'paused');
    expect(pushed.state).toBe('paused');
    const audit = await ctx.services.audit.list({ limit: 5, action: 'supervision.agent_pause' });
    expect(audit[0]).toMatchObject({ user_id: supervisor.id, target: `user:${bystander.id}` });
  });

  it('refuses an unauthenticated socket', async () => {
    await expect(connectSocket(url, 'not-a-token')).rejects.toThrow(/unauthorized/);
  });
});
