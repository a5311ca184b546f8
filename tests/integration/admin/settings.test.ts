import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pino from 'pino';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createDb, type DbHandle } from '../../../server/db/database';
import { SettingsRepository } from '../../../server/settings/settings.repository';
import { SettingsService } from '../../../server/settings/settings.service';
import { AuditRepository } from '../../../server/audit/audit.repository';
import { seedReferenceData } from '../../../server/db/seed-reference';
import { createCall } from '../../factories/call.factory';

// Issue #21: wrap-up time, service level, missed-ring policy, the console grace period, business hours and holidays
// were environment variables or constants, read once at start. They are settings now: stored in the database,
// audited, applied from the next use on the node that changed them and, through LISTEN, on every other node.
let ctx: TestContext;
let admin: TestUser;
let supervisor: TestUser;
let agent: TestUser;
let otherNode: DbHandle;

beforeAll(async () => {
  ctx = await createTestContext({ env: { WRAPUP_SECONDS: '60', MISSED_OFFERS_BEFORE_PAUSE: '2', SERVICE_LEVEL_SECONDS: '20', CONSOLE_AWAY_SECONDS: '30',
    DEFAULT_REGION: 'US', DEFAULT_TIMEZONE: 'UTC' } });
  await seedReferenceData(ctx.db.db);
  admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
  supervisor = await createUser(ctx.services, ctx.app, { role: 'supervisor', extension: null });
  agent = await createUser(ctx.services, ctx.app, { role: 'operator' });
  otherNode = createDb(ctx.db.url, { max: 2, applicationName: 'warmline-test-node-b' });
});
afterAll(async () => {
  await otherNode?.close();
  await ctx?.close();
});

const patch = (payload: object, who: TestUser = admin) => ctx.app.inject({ method: 'PATCH', url: '/api/settings', headers: authHeader(who), payload });
const secondsUntil = (iso: string | null) => (new Date(iso!).getTime() - Date.now()) / 1000;

describe('settings', () => {
  it('starts from the configuration, validates, refuses non-admins, audits before and after', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/settings', headers: authHeader(admin) });
    expect(res.json()).toEqual({ wrapupSeconds: 60, serviceLevelSeconds: 20, missedOffersBeforePause: 2, consoleAwaySeconds: 30,
      businessHours: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }], holidays: [], defaultRegion: 'US', defaultTimezone: 'UTC' });
    for (const bad of [{}, { wrapupSeconds: -1 }, { serviceLevelSeconds: 0 }, { holidays: ['31/12/2026'] }, { nope: 1 },
      { businessHours: [{ days: [8], start: '09:00', end: '17:00' }] }, { businessHours: [{ days: [1], start: '09:00', end: '09:00' }] }]) {
      expect((await patch(bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await patch({ wrapupSeconds: 5 }, supervisor)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/settings', headers: authHeader(supervisor) })).statusCode).toBe(403);

    const saved = await patch({ missedOffersBeforePause: 3, holidays: ['2026-12-31', '2026-12-25'] });
    expect(saved.json()).toMatchObject({ missedOffersBeforePause: 3, holidays: ['2026-12-25', '2026-12-31'], wrapupSeconds: 60 });
    const audit = await ctx.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.updated').execute();
    expect(audit).toEqual([expect.objectContaining({ user_id: admin.id, details: {
      before: { missedOffersBeforePause: 2, holidays: [] }, after: { missedOffersBeforePause: 3, holidays: ['2026-12-25', '2026-12-31'] } } })]);
    expect(ctx.services.settings.current().missedOffersBeforePause).toBe(3);
  });

  it('applies the wrap-up time from the next call, a queue\'s own before it, without a restart', async () => {
    await ctx.services.agents.login(agent.id);
    expect((await patch({ wrapupSeconds: 300 })).statusCode).toBe(200);
    const first = { callId: await createCall(ctx.db.db, { start: new Date().toISOString(), agentId: agent.id }) };
    const second = { callId: await createCall(ctx.db.db, { start: new Date().toISOString(), agentId: agent.id }) };
    await ctx.services.agents.startWrapup(agent.id, first.callId, null);
    expect(secondsUntil((await ctx.services.agents.view(agent.id)).wrapupDeadline)).toBeGreaterThan(200);
    await ctx.services.agents.endWrapup(agent.id, first.callId, 'submitted');

    const support = await ctx.db.db.selectFrom('queues').select('id').where('name', '=', 'support').executeTakeFirstOrThrow();
    await ctx.app.inject({ method: 'PATCH', url: `/api/queues/${support.id}`, headers: authHeader(admin), payload: { wrapupSeconds: 2000 } });
    await ctx.services.agents.startWrapup(agent.id, second.callId, 'support');
    expect(secondsUntil((await ctx.services.agents.view(agent.id)).wrapupDeadline)).toBeGreaterThan(1000);
  });

  it('reaches another node through LISTEN', async () => {
    const defaults = ctx.services.settings.current();
    const nodeB = new SettingsService(new SettingsRepository(otherNode.db), new AuditRepository(otherNode.db), { ...defaults, consoleAwaySeconds: 30 }, pino({ level: 'silent' }));
    const stop = nodeB.start(otherNode.sql);
    try {
      await waitFor(async () => nodeB.current().missedOffersBeforePause === 3);
      expect((await patch({ consoleAwaySeconds: 90 })).statusCode).toBe(200);
      await waitFor(async () => nodeB.current().consoleAwaySeconds === 90);
    } finally {
      await stop();
    }
  });

  it('judges the service level of reports by the setting', async () => {
    expect((await patch({ serviceLevelSeconds: 45 })).statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const report = await ctx.app.inject({ method: 'GET', url: `/api/reports/operational?from=${today}&to=${today}`, headers: authHeader(admin) });
    expect(report.statusCode, report.body).toBe(200);
    const row = await sql<{ s: number }>`SELECT default_service_level_seconds AS s FROM report_settings`.execute(ctx.db.db);
    expect(row.rows[0]!.s).toBe(45);
  });

  it('parses numbers and dates customers by the default region and time zone: the environment\'s until set', async () => {
    const create = async (number: string) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/customers', headers: authHeader(admin), payload: { fullName: `Region ${number}`, phones: [{ number }] } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { timezone: string; phones: Array<{ e164: string }> };
    };
    expect(await create('(202) 555-0147')).toMatchObject({ timezone: 'UTC', phones: [{ e164: '+12025550147' }] });
    for (const bad of [{ defaultRegion: 'ZZ' }, { defaultRegion: 'india' }, { defaultTimezone: 'Mars/Olympus' }, { defaultTimezone: '' }]) {
      const res = await patch(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation-failed' } });
    }
    const saved = await patch({ defaultRegion: 'IN', defaultTimezone: 'Asia/Kolkata' });
    expect(saved.json()).toMatchObject({ defaultRegion: 'IN', defaultTimezone: 'Asia/Kolkata' });
    expect(await create('098765 43210')).toMatchObject({ timezone: 'Asia/Kolkata', phones: [{ e164: '+919876543210' }] });
    expect(ctx.services.locale.region()).toBe('IN');
    const audit = await ctx.db.db.selectFrom('audit_log').select('details').where('action', '=', 'settings.updated').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ before: { defaultRegion: 'US', defaultTimezone: 'UTC' }, after: { defaultRegion: 'IN', defaultTimezone: 'Asia/Kolkata' } });
  });

  it('keeps campaigns from calling on a holiday, in the campaign\'s time zone', async () => {
    const days = '"days": [1, 2, 3, 4, 5, 6, 7]';
    const always = sql.raw(`'[{${days}, "start": "00:00", "end": "12:00"}, {${days}, "start": "12:00", "end": "00:00"}]'::jsonb`);
    const inWindow = async () => (await sql<{ ok: boolean }>`SELECT campaign_in_window(${always}, 'Pacific/Kiritimati', now()) AS ok`.execute(ctx.db.db)).rows[0]!.ok;
    expect(await inWindow()).toBe(true);
    const kiritimatiToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    expect((await patch({ holidays: [kiritimatiToday] })).statusCode).toBe(200);
    expect(await inWindow()).toBe(false);
  });
});

async function waitFor(fn: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
