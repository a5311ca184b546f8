/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { seedCampaign, seedCustomer } from '../factories/campaign.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/console-page';

// Issue #22.8: a Running campaign outside its calling window showed pending numbers while the operator read "No
// customers to preview", with no hint why. Both now say the window is closed and when the next one opens, in the
// user's own time zone (the browser runs in Tokyo, the customer lives in New York).
const BROWSER_TZ = 'Asia/Tokyo';
const HOUR = 3_600_000;

const inTokyo = async (page: Page) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: BROWSER_TZ });
};
const flat = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('a running campaign outside its calling window', () => {
  let stack: ConsoleStack;
  let operator: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: { agents: ['1001'], queues: { support: ['1001'] } } });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: '1001' });
    manager = await createUser(stack.services, stack.app, { role: 'campaign_manager', extension: null });
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('tells the operator and the campaign page when the next window opens, in their time zone', async () => {
    // The window opens two whole hours from now in New York (whole-hour offsets: the next hour there is the next
    // hour in UTC) and lasts one hour, every day: closed now, whatever the time the test runs.
    const opensAt = new Date(Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR);
    const nyHour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(opensAt));
    const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;
    await seedCustomer(stack.services, { fullName: 'Nora Nightly', timezone: 'America/New_York', tags: ['window-e2e'] });
    await seedCampaign(stack.services, { all: [{ type: 'tags', match: 'any', tags: ['window-e2e'] }] }, {
      name: 'Evening offers', mode: 'preview', agentIds: [operator.id], start: true,
      callingWindows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: hhmm(nyHour), end: nyHour === 23 ? '24:00' : hhmm(nyHour + 1) }],
    });
    // The oracle: the opening as Tokyo shows it in English, the time alone if it is today there.
    const sameDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: BROWSER_TZ }).format(d);
    const when = sameDay(opensAt) === sameDay(new Date())
      ? new Intl.DateTimeFormat('en', { timeStyle: 'short', timeZone: BROWSER_TZ }).format(opensAt)
      : new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: BROWSER_TZ }).format(opensAt);
    const expected = flat(`Outside calling window, next window opens at ${when}`);

    const page = await stack.login(operator, inTokyo);
    let last = '';
    // Mutation caught: without the server's reason the panel says "No customers to preview for you right now".
    await eventually(async () => {
      last = flat(await page.textContent('[data-testid=outbound-empty]'));
      if (last === expected) return true;
      if (await page.locator('[data-testid=outbound-check]:enabled').count()) await page.click('[data-testid=outbound-check]');
      return false;
    }, `the operator's hint "${expected}"`).catch((err: Error) => { throw new Error(`${err.message}; the panel said "${last}"`); });
    expect(await page.locator('[data-testid=outbound-customer]').count()).toBe(0);
    await page.locator('[data-testid=outbound-panel]').screenshot({ path: 'docs/img/console-outside-window.png' });

    const admin = await stack.login(manager, inTokyo);
    await admin.click('[data-testid=nav-campaigns]');
    await admin.waitForURL(/\/campaigns$/);
    const row = admin.locator('[data-testid=campaign-row]', { hasText: 'Evening offers' });
    await row.locator('[data-testid=campaign-window-hint]').waitFor();
    expect(flat(await row.locator('[data-testid=campaign-window-hint]').textContent())).toBe(expected);
    expect(flat(await row.locator('[data-testid=stat-pending]').textContent())).toBe('1');
    await admin.screenshot({ path: 'docs/img/campaign-outside-window.png' });
  });
});
