/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
