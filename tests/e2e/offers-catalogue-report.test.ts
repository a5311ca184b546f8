/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer, createProduct } from '../factories/customer.factory';
import { launchBrowser } from './support/browser';
import { startConsoleApp, type ConsoleApp } from './support/console-app';
import { loginInBrowser } from './support/console-page';
import type { OfferReportRow } from '@contract/offers.schemas';

// Issue #23 leftovers in Chromium: a campaign manager reaches the offer catalogue from the side menu, and picks the
// offers report's date range (the outcomes are 40 days old: the last week holds none of them, all time all 30).
describe('offer catalogue in the menu, offers report by date range', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let manager: TestUser;
  const OFFER = 'Range test router';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
    const { services, db } = app.ctx;
    manager = await createUser(services, app.ctx.app, { role: 'campaign_manager' });
    const product = await createProduct(services, { name: 'Range router', price: '100.00' });
    const customer = await createCustomer(services, { fullName: 'Range Customer' });
    const offer = await services.offers.create({ productId: product.id, name: OFFER, price: 100, margin: 30, eligibility: { all: [{ type: 'do_not_call', value: false }] } }, manager.id);
    await db.db.insertInto('offer_outcomes').values(Array.from({ length: 30 }, (_, i) => ({
      offer_id: offer.id, customer_id: customer.id, result: i % 3 === 0 ? 'accepted' : 'refused', refusal_code: i % 3 === 0 ? null : 'no_need',
      features: {} as never, occurred_at: new Date(Date.now() - 40 * 86_400_000 - i * 60_000),
    }))).execute();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function runReport(page: Page): Promise<{ url: URL; row: OfferReportRow | undefined }> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/reports/analytical/offers') && r.request().method() === 'GET'),
      page.click('[data-testid=report-run]'),
    ]);
    const body = await response.json() as { rows: OfferReportRow[] };
    await page.waitForSelector('[data-testid=report-table-offers]');
    return { url: new URL(response.url()), row: body.rows.find((r) => r.name === OFFER) };
  }

  it('opens the catalogue from the menu and filters the offers report by the chosen days', async () => {
    const page = await loginInBrowser(browser, app.baseUrl, manager);
    await page.click('[data-testid=nav-offers]');
    await page.waitForSelector('[data-testid=offers-table]');
    expect(new URL(page.url()).pathname).toBe('/campaigns/offers');
    expect(await page.getAttribute('[data-testid=nav-offers]', 'aria-current')).toBe('page');
    expect(await page.textContent('[data-testid=offers-table]')).toContain(OFFER);

    await page.click('[data-testid=nav-reports]');
    await page.selectOption('[data-testid=report-kind]', 'analytical');
    await page.selectOption('[data-testid=report-name]', 'offers');
    const allTime = await runReport(page);
    expect(allTime.url.searchParams.has('from')).toBe(false);
    expect(allTime.row).toMatchObject({ offered: 30, accepted: 10 });

    await page.uncheck('[data-testid=report-all-time]');
    const today = new Date();
    const weekAgo = new Date(today.getTime() - 6 * 86_400_000);
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await page.fill('[data-testid=report-from]', day(weekAgo));
    await page.fill('[data-testid=report-to]', day(today));
    const lastWeek = await runReport(page);
    expect(lastWeek.url.searchParams.get('from')).toBeTruthy();
    expect(lastWeek.row?.offered ?? 0).toBe(0);

    const fiftyDaysAgo = new Date(today.getTime() - 50 * 86_400_000);
    await page.fill('[data-testid=report-from]', day(fiftyDaysAgo));
    const wider = await runReport(page);
    expect(wider.row).toMatchObject({ offered: 30, accepted: 10 });
  });
});
