import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createAgentState, createCall, createDisposition, createQueue, createWrapup } from '../../factories/call.factory';

let ctx: TestContext;
let sup: TestUser;
let agentA: TestUser;
let agentB: TestUser;
let c1: number;

// Hand-computed day (2024-03-10 UTC) in queue "sales" (SL 20 s):
//  C1 09:00 answered wait 10, talk 300 (hold 30), agent A, wrap 45 s "fixed" (resolved), caller +15550000001
//  C2 09:10 answered wait 30, talk 120, agent B, wrap 15 s "pending" (unresolved)
//  C3 09:20 abandoned after 3 s (short abandon)
//  C4 15:00 abandoned after 40 s, same caller as C1 (repeat within 24 h, so C1 is not first-contact resolved)
//  C5 10:00 outbound, no queue, answered, talk 60, agent A
//  C7 11:00 answered wait 5, talk 100, agent B, wrap 20 s "fixed" (first-contact resolved)
//  C6 live (still in progress): excluded. C8 in queue "night" crosses midnight: only with the night queue.
beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.db.db;
  sup = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
  agentA = await createUser(ctx.services, ctx.app, { role: 'operator' });
  agentB = await createUser(ctx.services, ctx.app, { role: 'operator' });
  await createQueue(db, 'sales', 20);
  await createQueue(db, 'night', 20);
  await createDisposition(db, 'fixed', 'resolved');
  await createDisposition(db, 'pending', 'unresolved');
  c1 = await createCall(db, { start: '2024-03-10T09:00:00Z', caller: '+15550000001', waitSeconds: 10, talkSeconds: 300, holdSeconds: 30, agentId: agentA.id });
  const c2 = await createCall(db, { start: '2024-03-10T09:10:00Z', waitSeconds: 30, talkSeconds: 120, agentId: agentB.id });
  await createCall(db, { start: '2024-03-10T09:20:00Z', result: 'abandoned', waitSeconds: 3 });
  await createCall(db, { start: '2024-03-10T15:00:00Z', caller: '+15550000001', result: 'abandoned', waitSeconds: 40 });
  await createCall(db, { start: '2024-03-10T10:00:00Z', direction: 'outbound', queue: null, caller: null, talkSeconds: 60, agentId: agentA.id });
  await createCall(db, { start: '2024-03-10T12:00:00Z', result: 'live', agentId: agentA.id });
  const c7 = await createCall(db, { start: '2024-03-10T11:00:00Z', waitSeconds: 5, talkSeconds: 100, agentId: agentB.id });
  await createCall(db, { start: '2024-03-10T23:50:00Z', queue: 'night', waitSeconds: 0, talkSeconds: 1800, agentId: agentB.id });
  await createWrapup(db, { callId: c1, userId: agentA.id, disposition: 'fixed', seconds: 45 });
  await createWrapup(db, { callId: c7, userId: agentB.id, disposition: 'fixed', seconds: 20 });
  // A late wrap-up, after the call was already folded into the rollups.
  await createWrapup(db, { callId: c2, userId: agentB.id, disposition: 'pending', seconds: 15 });
  await createAgentState(db, { userId: agentA.id, state: 'ready', from: '2024-03-10T09:00:00Z', to: '2024-03-10T09:30:00Z' });
  await createAgentState(db, { userId: agentA.id, state: 'on_call', from: '2024-03-10T09:30:00Z', to: '2024-03-10T09:40:00Z' });
  await createAgentState(db, { userId: agentA.id, state: 'wrapup', from: '2024-03-10T09:40:00Z', to: '2024-03-10T09:45:00Z' });
  await createAgentState(db, { userId: agentA.id, state: 'paused', reason: 'lunch', from: '2024-03-10T09:45:00Z', to: '2024-03-10T10:15:00Z' });
  await createAgentState(db, { userId: agentA.id, state: 'ready', from: '2024-03-10T10:15:00Z', to: '2024-03-10T10:30:00Z' });
});
afterAll(async () => { await ctx.close(); });

const get = (url: string, user: TestUser = sup) => ctx.app.inject({ method: 'GET', url, headers: authHeader(user) });

describe('operational report', () => {
  it('totals for the sales queue match the hand-computed figures', async () => {
    const res = await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=queue&queue=sales&tz=UTC');
    expect(res.statusCode).toBe(200);
    const sut = res.json().totals;
    expect(sut).toMatchObject({
      offered: 5, answered: 3, abandoned: 2, shortAbandoned: 1, avgTimeToAbandon: 21.5, abandonRate: 0.4,
      answeredWithinSl: 2, abandonedAfterSl: 1, serviceLevel: 0.5, serviceLevelStrict: 0.4, asa: 15,
      handled: 3, wrapups: 3, avgWrapup: 26.7, repeatBase: 5, repeatCalls24h: 1, repeatRate24h: 0.2, fcrEligible: 3, fcr: 1, fcrRate: 0.3333,
    });
    expect(sut.abandonHistogram).toEqual({ lt5: 1, '5to15': 0, '15to30': 0, '30to60': 1, '60to120': 0, ge120: 0 });
    // (talk 270 + 120 + 100) + hold 30 + wrap (45 + 15 + 20) = 600 over 3 handled calls.
    expect(sut.aht).toBe(200);
    expect(sut.avgHold).toBe(10);
  });

  it('per agent: handle time includes outbound calls, occupancy and pause come from the state log', async () => {
    const res = await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=agent&tz=UTC&direction=outbound');
    const rowsOut = res.json().rows as Array<{ key: string; handled: number; aht: number }>;
    expect(rowsOut.find((r) => r.key === String(agentA.id))).toMatchObject({ handled: 1, aht: 60 });
    const all = (await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=agent&tz=UTC')).json();
    const a = all.rows.find((r: { key: string }) => r.key === String(agentA.id));
    // C1 (270 + 30 + 45) and C5 (60): 405 / 2.
    expect(a).toMatchObject({ handled: 2, aht: 202.5, occupancy: 0.25, pauseSeconds: 1800, pauseByReason: { lunch: 1800 } });
    expect(a.label).toMatch(/Test operator/);
    expect(all.totals.occupancy).toBe(0.25);
  });

  it('groups by local hour with zero rows for quiet hours, and excludes live calls', async () => {
    const res = await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=hour&tz=UTC&queue=sales');
    const rows = res.json().rows as Array<{ key: string; offered: number }>;
    expect(rows).toHaveLength(24);
    expect(rows.find((r) => r.key === '2024-03-10T09:00')?.offered).toBe(3);
    expect(rows.find((r) => r.key === '2024-03-10T12:00')?.offered).toBe(0);
    expect(rows.find((r) => r.key === '2024-03-10T15:00')?.offered).toBe(1);
  });

  it('days follow the requested zone: a call at 23:50 UTC belongs to the next day in Asia/Kolkata (+05:30)', async () => {
    const utc = (await get('/api/reports/operational?from=2024-03-10&to=2024-03-11&groupBy=day&tz=UTC&queue=night')).json();
    expect(utc.rows.map((r: { offered: number }) => r.offered)).toEqual([1, 0]);
    const ist = (await get('/api/reports/operational?from=2024-03-10&to=2024-03-11&groupBy=day&tz=Asia/Kolkata&queue=night')).json();
    expect(ist.rows.map((r: { offered: number }) => r.offered)).toEqual([0, 1]);
    // Half-hour zone, hourly agent table: partial hours at the ends come from per-call facts, so nothing is lost.
    const agents = (await get('/api/reports/operational?from=2024-03-11&to=2024-03-11&groupBy=agent&tz=Asia/Kolkata&queue=night')).json();
    expect(agents.rows.find((r: { key: string }) => r.key === String(agentB.id))?.handled).toBe(1);
  });

  it('by disposition carries the category', async () => {
    const res = await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=disposition&tz=UTC&queue=sales');
    const rows = res.json().rows as Array<{ key: string; category: string; handled: number }>;
    expect(rows.find((r) => r.key === 'fixed')).toMatchObject({ category: 'resolved', handled: 2 });
    expect(rows.find((r) => r.key === 'pending')).toMatchObject({ category: 'unresolved', handled: 1 });
  });

  it('a queue threshold change re-judges already folded calls', async () => {
    await ctx.db.db.updateTable('queues').set({ service_level_seconds: 35 }).where('name', '=', 'sales').execute();
    const sut = (await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&queue=sales&tz=UTC')).json().totals;
    expect(sut).toMatchObject({ answeredWithinSl: 3, abandonedAfterSl: 1, serviceLevel: 0.75 });
    await ctx.db.db.updateTable('queues').set({ service_level_seconds: 20 }).where('name', '=', 'sales').execute();
  });

  it('refuses bad parameters with a clear 400', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=2024-03-11&to=2024-03-10', /must not be after/],
      ['from=2023-01-01&to=2024-03-10', /at most 400 are allowed/],
      ['from=2024-03-10&to=2024-03-10&groupBy=week', /groupBy must be one of/],
      ['from=2024-03-10&to=2024-03-10&tz=Nowhere/City', /IANA time zone/],
    ];
    for (const [q, message] of cases) {
      const res = await get(`/api/reports/operational?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message, q).toMatch(message);
    }
    expect((await get('/api/reports/operational?to=2024-03-10')).statusCode).toBe(400);
  });

  it('operators get 403; campaign managers may read analytical but not operational reports', async () => {
    const op = await createUser(ctx.services, ctx.app, { role: 'operator' });
    expect((await get('/api/reports/operational?from=2024-03-10&to=2024-03-10', op)).statusCode).toBe(403);
    expect((await get('/api/reports/analytical/lead-sources', op)).statusCode).toBe(403);
    const cm = await createUser(ctx.services, ctx.app, { role: 'campaign_manager' });
    expect((await get('/api/reports/operational?from=2024-03-10&to=2024-03-10', cm)).statusCode).toBe(403);
    expect((await get('/api/reports/analytical/lead-sources', cm)).statusCode).toBe(200);
  });

  it('exports CSV with a filename and records the export in the audit log', async () => {
    const res = await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&groupBy=agent&tz=UTC&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="warmline-operational-agent-2024-03-10_2024-03-10.csv"');
    const [header, ...lines] = res.body.trim().split('\n');
    expect(header).toContain('key,label,calls,offered');
    expect(header).toContain('pauseByReason.lunch');
    expect(lines.some((l) => l.startsWith(`${agentA.id},`))).toBe(true);
    const audit = await ctx.services.audit.list({ limit: 5, action: 'report.export' });
    expect(audit[0]).toMatchObject({ user_id: sup.id, action: 'report.export', target: 'operational-agent' });
    const details = typeof audit[0]?.details === 'string' ? JSON.parse(audit[0].details) : audit[0]?.details;
    expect(details).toMatchObject({ query: { groupBy: 'agent', format: 'csv' } });
  });

  it('deleting the repeat call restores first-contact resolution for C1', async () => {
    await ctx.db.db.deleteFrom('calls').where('started_at', '=', new Date('2024-03-10T15:00:00Z')).execute();
    const sut = (await get('/api/reports/operational?from=2024-03-10&to=2024-03-10&queue=sales&tz=UTC')).json().totals;
    expect(sut).toMatchObject({ offered: 4, abandoned: 1, repeatCalls24h: 0, fcr: 2 });
    expect(c1).toBeGreaterThan(0);
  });
});
