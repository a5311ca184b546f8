import type { Browser, Page } from 'playwright-core';
import { startFullStack, type FullStack, type FullStackOptions } from '../../support/full-stack';
import { launchBrowser } from './browser';
import { buildConsoleOnce } from './console-build';
import { loginInBrowser } from './console-page';

/** The full stack (simulator, server serving the built console) plus a headless Chromium; `close` ends both. */
export interface ConsoleStack extends FullStack {
  browser: Browser;
  /** Logs a user in through the login form on a new page and waits until the console is live. */
  login(user: { username: string; password: string }, prepare?: (page: Page) => Promise<unknown>): Promise<Page>;
}

/**
 * What every console e2e file needs: the console built (once per run), the server on a fresh DB talking AMI to the
 * simulator, the simulator's desk phones given to the loopback softphone (`phones` defaults to true), and Chromium.
 */
export async function startConsoleStack(opts: FullStackOptions = {}): Promise<ConsoleStack> {
  const consoleDir = buildConsoleOnce();
  const [stackResult, browserResult] = await Promise.allSettled([
    startFullStack({ phones: true, ...opts, env: { CONSOLE_DIR: consoleDir, ...opts.env } }),
    launchBrowser(),
  ]);
  if (stackResult.status === 'rejected' || browserResult.status === 'rejected') {
    if (stackResult.status === 'fulfilled') await stackResult.value.close();
    if (browserResult.status === 'fulfilled') await browserResult.value.close();
    throw stackResult.status === 'rejected' ? stackResult.reason : (browserResult as PromiseRejectedResult).reason;
  }
  const stack = stackResult.value;
  const browser = browserResult.value;
  return {
    ...stack,
    browser,
    login: (user, prepare) => loginInBrowser(browser, stack.url, user, prepare),
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}
