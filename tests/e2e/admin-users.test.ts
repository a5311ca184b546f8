/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { launchBrowser } from './support/browser';
import { startConsoleApp, type ConsoleApp } from './support/console-app';
import { loginInBrowser } from './support/console-page';

// Issue #21 "must show": an admin creates an operator with an extension in Admin → Users, the operator signs in,
// is made to change the temporary password, reaches a live console with a registered softphone (the demo
// loopback phone); the admin deactivates them and their open console is cut off at once. The socket sweep is set
// to 10 minutes, so the cut can only come from the deactivation itself (mutation: without
// gateway.disconnectUser the operator's console stays up and the last wait times out).
describe('Admin → Users', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let admin: TestUser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp({ SOCKET_RECHECK_MS: '600000' }), launchBrowser()]);
    admin = await createUser(app.ctx.services, app.ctx.app, { role: 'admin' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('creates an operator with an extension; forced password change; deactivation cuts the open console', async () => {
    const adminPage = await loginInBrowser(browser, app.baseUrl, admin);
    adminPage.on('dialog', (d) => void d.accept());
    await adminPage.click('[data-testid=nav-admin]');
    await adminPage.waitForSelector('[data-testid=users-table]');

    const username = `e2e-op-${process.pid}`;
    const extension = `6${String(process.pid).slice(-5)}`;
    await adminPage.fill('[data-testid=user-username]', username);
    await adminPage.fill('[data-testid=user-display-name]', 'E2E Operator');
    await adminPage.selectOption('[data-testid=user-role]', 'operator');
    await adminPage.fill('[data-testid=user-extension]', extension);
    await adminPage.click('[data-testid=user-create-submit]');
    const temporary = (await (await adminPage.waitForSelector('[data-testid=secret-password]')).textContent())!.trim();
    const sipSecret = (await adminPage.textContent('[data-testid=secret-sip]'))!.trim();
    expect(temporary).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(sipSecret.length).toBeGreaterThan(20);
    const row = `[data-testid=user-row-${username}]`;
    await adminPage.waitForSelector(row);
    expect(await adminPage.textContent(`${row} [data-testid=user-status]`)).toContain('must change');
    // Shown once: dismissed, the secrets are nowhere on the page.
    await adminPage.click('[data-testid=secret-dismiss]');
    expect(await adminPage.content()).not.toContain(temporary);

    // The operator: the temporary password leads only to the change-password page.
    const opPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await opPage.goto(`${app.baseUrl}/console`);
    await opPage.fill('[data-testid=login-username]', username);
    await opPage.fill('[data-testid=login-password]', temporary);
    await opPage.click('[data-testid=login-submit]');
    await opPage.waitForURL(/\/password$/);
    await opPage.goto(`${app.baseUrl}/customers`);
    await opPage.waitForURL(/\/password$/);
    await opPage.fill('[data-testid=password-current]', temporary);
    await opPage.fill('[data-testid=password-new]', 'my own long password');
    await opPage.fill('[data-testid=password-confirm]', 'my own long password');
    await opPage.click('[data-testid=password-submit]');
    await opPage.waitForURL(/\/console$/);
    await opPage.waitForSelector('[data-testid=realtime-status].rt-online', { timeout: 15_000 });
    await opPage.waitForSelector('[data-testid=softphone-registration]:has-text("Registered")', { timeout: 15_000 });
    expect(await opPage.textContent('[data-testid=user-name]')).toBe('E2E Operator');

    // The admin deactivates them: the open console goes back to the sign-in page, and the old password is refused.
    await adminPage.fill('[data-testid=users-search]', username);
    await adminPage.press('[data-testid=users-search]', 'Enter');
    await adminPage.click(`${row} [data-testid=user-deactivate]`);
    await adminPage.waitForSelector(`${row} [data-testid=user-reactivate]`);
    await opPage.waitForURL(/\/login/, { timeout: 15_000 });
    await opPage.fill('[data-testid=login-username]', username);
    await opPage.fill('[data-testid=login-password]', 'my own long password');
    await opPage.click('[data-testid=login-submit]');
    await opPage.waitForSelector('[data-testid=login-error]');

    const audit = await app.ctx.services.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', 'like', 'user.%')
      .where('user_id', 'in', [admin.id]).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.created', 'user.deactivated']));
    // The audit log browser shows the changes, filtered to user changes.
    await adminPage.click('[data-testid=admin-audit-link]');
    await adminPage.fill('[data-testid=audit-action]', 'user.');
    await adminPage.click('[data-testid=audit-submit]');
    await adminPage.waitForSelector('[data-testid=audit-table] code:has-text("user.deactivated")');
    expect(await adminPage.textContent('[data-testid=audit-table]')).not.toContain('auth.login');
    await opPage.close();
    await adminPage.close();
  });
});
