/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { launchSoftphoneBrowser } from './support/browser';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { PASSWORD, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { buildConsoleOnce } from '../e2e/support/console-build';
import { loginInBrowser, waitForAgentState } from '../e2e/support/console-page';

// Issue #20 point 1 on a real Asterisk, driven in Chromium as the operator would, with the console's sip.js
// softphone registered over WSS: a queue call nobody answers pauses the operator as "missed" after
// MISSED_OFFERS_BEFORE_PAUSE offers (app_queue's own ring timeout, AgentRingNoAnswer), on the console, in the
// database and on the PBX (`queue show`: paused:missed), and asks for no wrap-up.

const EXT = '1003';

const noBrowser = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (CHROMIUM_PATH; Debian package chromium)`;
if (noBrowser) console.log(`[pbx-real] operator-shift skipped: ${noBrowser}`);

(noBrowser ? describe.skip : realPbxDescribe)('real Asterisk: an operator\'s shift in the browser (issue #20.1)', () => {
  let stack: RealStack;
  let browser: Browser;
  let agent: Agent;
  let page: Page;

  beforeAll(async () => {
    const consoleDir = buildConsoleOnce();
    [stack, browser] = await Promise.all([
      startRealStack({ CONSOLE_DIR: consoleDir, WRAPUP_SECONDS: '600', MISSED_OFFERS_BEFORE_PAUSE: '2', CONSOLE_AWAY_SECONDS: '2' }),
      launchSoftphoneBrowser(),
    ]);
    agent = await stack.addUser('rp-shift1', 'operator', EXT, ['support'], 'webrtc');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
  }, 300_000); // the console's build and a cold Asterisk on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const member = async () => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes(`PJSIP/${EXT})`)) ?? '';
  const explainPbx = async () => `${await stack.pbx.cli('pjsip show contacts')}\n${await stack.pbx.cli('queue show support')}\n` +
    `${await stack.pbx.cli('core show channels')}\nasterisk:\n${stack.pbx.output().slice(-4000)}`;
  const dbState = async () => stack.db.db.selectFrom('agent_state_log').select(['state', 'reason'])
    .where('user_id', '=', agent.id).where('ended_at', 'is', null).executeTakeFirst();

  async function openConsole(): Promise<Page> {
    const p = await loginInBrowser(browser, stack.url, { username: agent.username, password: PASSWORD });
    await p.waitForSelector('[data-testid=softphone-registration].reg-registered', { timeout: 20_000 })
      .catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    return p;
  }

  async function goReady(p: Page): Promise<void> {
    if ((await p.getAttribute('[data-testid=agent-state]', 'data-state')) !== 'ready') await p.click('[data-testid=agent-ready]');
    await waitForAgentState(p, 'ready');
    await waitFor(`${EXT} a ready member of support`, async () => /\(Not in use\)/.test(await member()) && !/paused/.test(await member()), 20_000, explainPbx);
  }

  it('(1) pauses the operator as "missed" after two real queue offers nobody answered', async () => {
    page = await openConsole();
    await goReady(page);
    const carrier = runSipp(dialScenario({ to: '5000', from: '+12122050042', fromName: 'Nobody Answers', talkMs: null }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16700, timeoutS: 120,
    });
    await page.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 });
    // Nobody clicks Answer: app_queue rings the browser for the queue's timeout (15 s), AgentRingNoAnswer, retries.
    await waitForAgentState(page, 'paused', 60_000);
    await page.waitForSelector('[data-testid=agent-reason][data-reason=missed]');
    await page.waitForSelector('[data-testid=missed-notice]');
    expect(await dbState()).toEqual({ state: 'paused', reason: 'missed' });
    await waitFor('the member paused as missed on the PBX', async () => /paused:missed/.test(await member()), 10_000, member);
    const missed = await stack.db.db.selectFrom('missed_offers').selectAll().where('user_id', '=', agent.id).execute();
    expect(missed.map((m) => m.reason)).toEqual(['no_answer', 'no_answer']);
    // The paused member is not rung again; the caller is still waiting: the PBX ends it, the carrier gets its BYE.
    await page.waitForSelector('[data-testid=softphone-incoming]', { state: 'detached' });
    await stack.pbx.cli('channel request hangup all');
    expect((await carrier.done).code).toBe(0);
    // A ring that never connected asks for no wrap-up.
    expect(await page.locator('[data-testid=wrapup-form]').count()).toBe(0);
  });

  it('(2) Go ready after the missed pause reaches ready, on the console and on the PBX, and the queue rings again', async () => {
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await page.waitForSelector('[data-testid=missed-notice]', { state: 'detached' });
    expect(await dbState()).toEqual({ state: 'ready', reason: null });
    await waitFor(`${EXT} a ready member of support again`, async () => /\(Not in use\)/.test(await member()) && !/paused/.test(await member()), 20_000, explainPbx);
    const carrier = runSipp(dialScenario({ to: '5000', from: '+12122050043', fromName: 'Second Try', talkMs: 3000 }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16710, timeoutS: 120,
    });
    await page.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 }).catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    expect((await carrier.done).code).toBe(0);
    await page.waitForSelector('[data-testid=wrapup-form]');
  });
});
