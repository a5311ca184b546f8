/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCall, createQueue } from '../factories/call.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

// Issue #22: a report's CSV export had camelCase keys as headers in every language. Downloaded from the reports
// view in Russian, its header is the table's own Russian labels; the values stay plain (numbers, ISO dates), and the
// export is still audited by the server.
describe('report CSV in the user language', () => {
  let stack: ConsoleStack;
  let supervisor: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: ['1003'], queues: { support: ['1003'] } } });
    supervisor = await createUser(stack.services, stack.app, { role: 'supervisor', extension: '1003' });
    // The answered call is another agent's: the supervisor owes no wrap-up, whose drawer would cover the page.
    const agent = await createUser(stack.services, stack.app, { role: 'operator', extension: null });
    await createQueue(stack.db.db, 'csvq', 20);
    await createCall(stack.db.db, { start: new Date(Date.now() - 3_600_000).toISOString(), queue: 'csvq', waitSeconds: 12, talkSeconds: 90, agentId: agent.id });
    await createCall(stack.db.db, { start: new Date(Date.now() - 1_800_000).toISOString(), queue: 'csvq', result: 'abandoned', waitSeconds: 40 });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('names the columns as the table does, in Russian, with plain values', async () => {
    const res = await stack.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { authorization: `Bearer ${supervisor.token}` }, payload: { locale: 'ru' } });
    expect(res.statusCode).toBe(200);
    const page = await stack.login(supervisor);
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.goto(`${stack.url}/reports`);
    const table = page.locator('[data-testid=report-table-operational]');
    await table.locator('tbody tr').first().waitFor();
    const shown = (await table.locator('thead th').allTextContents()).map((s) => s.trim());

    const [download] = await Promise.all([page.waitForEvent('download'), table.locator('[data-testid=report-csv]').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    // Mutation caught: without the console's relabelling the header reads displayName, offered, abandonRateExShort...
    for (const label of shown) expect(header).toContain(label);
    expect(header).toContain('Поступило');
    expect(header!.filter((h) => /^[a-z]+[A-Z]\w*$/.test(h))).toEqual([]);
    const row = rows.find((r) => r.includes('csvq'))!;
    expect(row[header!.indexOf('Поступило')]).toBe('2');
    expect(row[header!.indexOf('Доля потерь')]).toMatch(/^0(\.\d+)?$|^1$/);
    const audit = await stack.db.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'report.export').execute();
    expect(audit).toEqual([{ action: 'report.export', target: 'operational-queue' }]);
  });
});
