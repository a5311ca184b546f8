import type { Browser, Page } from 'playwright-core';

/**
 * Logs a user in through the real login form and waits until the console is live (socket connected). `prepare`
 * runs on the new page before it loads anything (init scripts).
 */
export async function loginInBrowser(browser: Browser, baseUrl: string, user: { username: string; password: string }, prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await prepare?.(page);
  await page.goto(`${baseUrl}/console`);
  await page.fill('[data-testid=login-username]', user.username);
  await page.fill('[data-testid=login-password]', user.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL(/\/console$/);
  await page.waitForSelector('[data-testid=realtime-status].rt-online', { timeout: 15_000 });
  return page;
}

export async function agentState(page: Page): Promise<string | null> {
  return page.getAttribute('[data-testid=agent-state]', 'data-state');
}

export async function waitForAgentState(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.waitForSelector(`[data-testid=agent-state][data-state="${state}"]`, { timeout });
}

/** Polls an async condition (DB rows, simulator state) until it holds; no fixed sleeps for correctness. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
