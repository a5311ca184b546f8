/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/console-page';

// Issue #21, lead sources as an admin clicks them: Admin → Lead sources creates one, renames it, deactivates it;
// the server's list for new customers drops it, and the audit log has a row for each change.
describe('Admin → Lead sources', () => {
  let stack: ConsoleStack;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack();
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  const row = () => stack.services.db.selectFrom('lead_sources').selectAll().where('code', '=', 'podcast_ads').executeTakeFirst();

  it('creates, renames and deactivates a lead source', async () => {
    const page = await stack.login(admin);
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-lead-sources-link]');
    await page.waitForSelector('[data-testid=admin-lead-sources]');

    await page.fill('[data-testid=lead-source-new-code]', 'podcast_ads');
    await page.fill('[data-testid=lead-source-new-name]', 'Podcast ads');
    await page.click('[data-testid=lead-source-new-submit]');
    await page.waitForSelector('[data-testid=lead-source-row-podcast_ads]');
    expect(await row()).toMatchObject({ name: 'Podcast ads', active: true });

    await page.fill('[data-testid=lead-source-name-podcast_ads]', 'Podcast sponsorships');
    await page.click('[data-testid=lead-source-save-podcast_ads]');
    await eventually(async () => (await row())?.name === 'Podcast sponsorships', 'the new name saved');

    await page.click('[data-testid=lead-source-deactivate-podcast_ads]');
    await page.waitForSelector('[data-testid=lead-source-reactivate-podcast_ads]');
    expect(await row()).toMatchObject({ active: false });
    expect(await page.textContent('[data-testid=lead-source-status-podcast_ads]')).toBe('Deactivated');
    expect(await page.inputValue('[data-testid=lead-source-name-podcast_ads]')).toBe('Podcast sponsorships');

    const audit = await stack.services.db.selectFrom('audit_log').select('action').where('target', '=', 'lead-source:podcast_ads').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['lead_source.created', 'lead_source.updated', 'lead_source.deactivated']);
  });

  it('enters a month\'s cost, which the analytical lead-sources report then counts', async () => {
    const page = await stack.login(admin);
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-lead-sources-link]');
    await page.waitForSelector('[data-testid=lead-source-cost-row-podcast_ads]');
    await page.fill('[data-testid=lead-source-cost-month]', '2026-03');
    // A bad amount is explained in the page and nothing is saved.
    await page.fill('[data-testid=lead-source-cost-podcast_ads]', '12,345.678');
    await page.click('[data-testid=lead-source-cost-save-podcast_ads]');
    await page.waitForSelector('[data-testid=lead-source-costs-error]');
    await page.fill('[data-testid=lead-source-cost-podcast_ads]', '777.25');
    await page.click('[data-testid=lead-source-cost-save-podcast_ads]');
    await page.waitForSelector('[data-testid=lead-source-cost-remove-podcast_ads]');
    const costs = await stack.services.db.selectFrom('lead_source_costs as k').innerJoin('lead_sources as ls', 'ls.id', 'k.lead_source_id')
      .select(['k.amount', sql<string>`to_char(k.month, 'YYYY-MM')`.as('month')]).where('ls.code', '=', 'podcast_ads').execute();
    expect(costs).toEqual([{ amount: '777.25', month: '2026-03' }]);
    const audit = await stack.services.db.selectFrom('audit_log').select(['action', 'details']).where('target', '=', 'lead-source:podcast_ads').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'lead_source.cost_set', details: { month: '2026-03', before: null, after: '777.25' } });

    await page.click('[data-testid=nav-reports]');
    await page.selectOption('[data-testid=report-kind]', 'analytical');
    await page.selectOption('[data-testid=report-name]', 'lead-sources');
    await page.uncheck('[data-testid=report-all-time]');
    await page.fill('[data-testid=report-from]', '2026-03-01');
    await page.fill('[data-testid=report-to]', '2026-03-31');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/reports/analytical/lead-sources') && r.request().method() === 'GET'),
      page.click('[data-testid=report-run]'),
    ]);
    const body = await response.json() as { rows: Array<{ code: string; cost: string }> };
    expect(body.rows.find((r) => r.code === 'podcast_ads')).toMatchObject({ cost: '777.25' });
    const shown = page.locator('[data-testid=report-table-lead-sources] tr', { hasText: 'Podcast sponsorships' });
    expect(await shown.textContent()).toMatch(/777[.,]25/);
  });
});
