/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';
import { launchBrowser } from './support/browser';
import { startConsoleApp, type ConsoleApp } from './support/console-app';
import { loginInBrowser } from './support/console-page';

// Issue #24 in Chromium: a campaign manager opens the two predictive reports of a campaign from the reports screen:
// abandon rate by hour of day (an hour over the cap is marked) and the answering machine outcomes, in English and
// in Russian (the AMD results and the columns are words, not codes).
describe('predictive campaign reports', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let manager: TestUser;
  let campaignId: number;
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
    const { services, db } = app.ctx;
    manager = await createUser(services, app.ctx.app, { role: 'campaign_manager' });
    const tag = `pred-rep-${process.pid}`;
    await seedCustomer(services, { tags: [tag] });
    const { campaign } = await seedCampaign(services, { all: [{ type: 'tags', match: 'any', tags: [tag] }] }, { mode: 'predictive', name: 'Evening upsell', start: true });
    campaignId = campaign.id;
    // Paused: the attempt exists (built at start) but no pacer dials it while the screens are read.
    await services.campaigns.pause(campaignId, null);
    const attempt = await db.db.selectFrom('campaign_attempts').select('id').where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
    const rows: Array<[string, string | null, string]> = [
      ...Array.from({ length: 18 }, (): [string, string, string] => ['10:15', 'HUMAN', 'connected']),
      ['10:20', 'HUMAN', 'abandoned'], ['10:25', 'NOTSURE', 'abandoned'],
      ...Array.from({ length: 12 }, (): [string, string, string] => ['15:05', 'HUMAN', 'connected']),
      ['15:10', 'MACHINE', 'machine_hangup'], ['15:11', 'MACHINE', 'machine_message'], ['15:12', 'MACHINE', 'machine_message'],
    ];
    await db.db.insertInto('campaign_dials').values(rows.map(([hm, amd, disposition], i) => {
      const at = new Date(`${day}T${hm}:00Z`);
      return { attempt_id: attempt.id, n: 100 + i, crm_call_id: `e2e-rep-${campaignId}-${i}`, dial_token: crypto.randomUUID(), status: 'ended',
        campaign_id: campaignId, predictive: true, claimed_at: new Date(at.getTime() - 9_000), answered_at: at, amd_status: amd, disposition, ended_at: at };
    })).execute();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openReport(page: Page, name: 'campaign-abandons' | 'campaign-amd'): Promise<Record<string, unknown>> {
    await page.selectOption('[data-testid=report-name]', name);
    await page.selectOption('[data-testid=report-campaign]', String(campaignId));
    await page.selectOption('[data-testid=report-tz]', 'UTC');
    await page.fill('[data-testid=report-from]', day);
    await page.fill('[data-testid=report-to]', day);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/reports/analytical/${name}`) && r.request().method() === 'GET'),
      page.click('[data-testid=report-run]'),
    ]);
    expect(response.status()).toBe(200);
    await page.waitForSelector(`[data-testid=report-table-${name}] table`);
    return await response.json() as Record<string, unknown>;
  }

  it('shows the abandon rate of each hour of the day and marks the hour over the cap', async () => {
    const page = await loginInBrowser(browser, app.baseUrl, manager);
    await page.click('[data-testid=nav-reports]');
    await page.selectOption('[data-testid=report-kind]', 'analytical');
    // Without a campaign the screen asks for one instead of running.
    await page.selectOption('[data-testid=report-name]', 'campaign-abandons');
    await page.click('[data-testid=report-run]');
    expect(await page.textContent('[role=alert]')).toContain('Choose a campaign');

    const body = await openReport(page, 'campaign-abandons');
    expect(body.totals).toMatchObject({ liveAnswers: 32, abandoned: 2 });
    const table = page.locator('[data-testid=report-table-campaign-abandons]');
    const row10 = table.locator('tr', { hasText: '10:00' });
    await expect.poll(() => row10.textContent()).toContain('Over the cap');
    const text10 = (await row10.textContent()) ?? '';
    expect(text10).toContain('20');
    expect(text10).toMatch(/10(\.0)?\s?%/);
    expect(await table.locator('tr', { hasText: '15:00' }).textContent()).not.toContain('Over the cap');
    expect(await table.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Hour', 'Live answers', 'Abandoned', 'Abandon rate', 'Over the cap']));
    await page.close();
  });

  it('shows the answering machine outcomes with translated results', async () => {
    const page = await loginInBrowser(browser, app.baseUrl, manager);
    await page.click('[data-testid=nav-reports]');
    await page.selectOption('[data-testid=report-kind]', 'analytical');
    const body = await openReport(page, 'campaign-amd');
    expect(body.totals).toMatchObject({ answers: 35, machineDropped: 1, machineMessage: 2 });
    const table = page.locator('[data-testid=report-table-campaign-amd]');
    const machine = (await table.locator('tr', { hasText: 'Answering machine' }).textContent()) ?? '';
    expect(machine).toContain('Answering machine');
    expect(await table.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Detection result', 'Machine: hung up', 'Machine: message left']));
    expect(await table.textContent()).not.toContain('notsure');

    await page.selectOption('[data-testid=locale-switcher]', 'ru');
    await expect.poll(() => table.textContent()).toContain('Автоответчик');
    expect(await table.textContent()).toContain('Человек');
    expect(await table.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Результат распознавания']));
    await page.close();
  });
});
