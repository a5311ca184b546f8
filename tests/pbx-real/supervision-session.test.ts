/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { launchSoftphoneBrowser } from './support/browser';
import { watchAmi, type AmiWatch } from './support/ami-watch';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { PASSWORD, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { buildConsoleOnce } from '../e2e/support/console-build';
import { loginInBrowser } from '../e2e/support/console-page';
import { field, varSetName } from '../../server/pbx/ami-frame';

// Issue #20.9 on a real Asterisk, the supervisor in Chromium with the console's sip.js phone over WSS: Listen on the
// wallboard makes Asterisk ring the browser phone, which picks up by itself (Call-Info answer-after=0); the softphone
// panel shows the session from the PBX's ChanSpyStart, Stop sends the BYE of that session (the spying channel's
// Hangup follows on Asterisk) and the customer's call goes on. After a reload the server reads the session back from
// Asterisk's channels, and Stop without a browser leg hangs the spying channel up over AMI.

const AGENT_EXT = '1001';
const SUPERVISOR_EXT = '1009';
const CALLER = '+12122050061';

const noBrowser = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (CHROMIUM_PATH; Debian package chromium)`;
if (noBrowser) console.log(`[pbx-real] supervision-session skipped: ${noBrowser}`);

(noBrowser ? describe.skip : realPbxDescribe)('real Asterisk: the supervisor\'s listen session in the console (issue #20.9)', () => {
  let stack: RealStack;
  let browser: Browser;
  let agent: Agent;
  let supervisor: Agent;
  let ami: AmiWatch;

  beforeAll(async () => {
    const consoleDir = buildConsoleOnce();
    [stack, browser] = await Promise.all([startRealStack({ CONSOLE_DIR: consoleDir, WRAPUP_SECONDS: '30' }), launchSoftphoneBrowser()]);
    agent = await stack.addUser('rp-ss-op', 'operator', AGENT_EXT, ['support']);
    supervisor = await stack.addUser('rp-ss-sup', 'supervisor', SUPERVISOR_EXT, [], 'webrtc');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    ami = await watchAmi();
    await stack.phone(agent, { ringMs: 300, talkMs: null });
  }, 300_000);

  afterAll(async () => {
    await ami?.stop();
    await browser?.close();
    await stack?.close();
  });

  const explainPbx = async () => `${await stack.pbx.cli('pjsip show contacts')}\n${await stack.pbx.cli('core show channels concise')}\nasterisk:\n${stack.pbx.output().slice(-3000)}`;
  const spyChannels = async () => (await stack.pbx.cli('core show channels concise')).split('\n')
    .filter((l) => l.startsWith(`PJSIP/${SUPERVISOR_EXT}-`) && l.split('!')[5] === 'ChanSpy');


  it('shows the session while the browser phone spies, Stop ends it by BYE, and a reloaded console restores and stops it over AMI', async () => {
    const ready = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${agent.token}` }, payload: { state: 'ready' } });
    expect(ready.statusCode, ready.body).toBe(200);
    await waitFor(`${AGENT_EXT} ready in support`, async () => /PJSIP\/1001\)[^\n]*\(Not in use\)/.test(await stack.pbx.cli('queue show support')), 20_000, explainPbx);
    const carrier = runSipp(dialScenario({ to: '5000', from: CALLER, talkMs: 40_000 }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16460, timeoutS: 120,
    });
    const call = await waitFor('the answered call', async () => (await stack.db.db.selectFrom('calls').selectAll()
      .where('caller_number', '=', CALLER).where('answered_at', 'is not', null).executeTakeFirst()) ?? null, 30_000);
    const agentLeg = await waitFor('the agent\'s leg', () => stack.db.db.selectFrom('call_legs').select('channel').where('call_id', '=', call.id)
      .where('role', '=', 'agent').where('ended_at', 'is', null).executeTakeFirst());

    const page: Page = await loginInBrowser(browser, stack.url, { username: supervisor.username, password: PASSWORD });
    await page.waitForSelector('[data-testid=softphone-registration].reg-registered', { timeout: 20_000 })
      .catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    await page.click('[data-testid=nav-wallboard]');
    const row = page.locator(`[data-testid=live-call][data-call-id="${call.id}"][data-status=answered]`);
    await row.waitFor({ timeout: 15_000 });

    const started = ami.frames.length;
    await row.locator('[data-testid=spy-listen]').click();
    const panel = page.locator('[data-testid=softphone-spy]');
    await panel.waitFor({ timeout: 20_000 }).catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    const spyStart = await ami.waitFor('ChanSpyStart', (f) => ami.frames.indexOf(f) >= started);
    const spyer = field(spyStart, 'spyerchannel')!;
    expect(spyer).toMatch(new RegExp(`^PJSIP/${SUPERVISOR_EXT}-`));
    expect(field(spyStart, 'spyeechannel')).toBe(agentLeg.channel);
    expect(await page.textContent('[data-testid=softphone-spy-line]')).toBe(`Listening to Test ${agent.username} (customer ${CALLER})`);
    expect(await panel.getAttribute('data-mode')).toBe('listen');
    await row.locator('[data-testid=live-call-spied]').waitFor();
    expect(await spyChannels()).toHaveLength(1);

    // Stop in the browser: sip.js ends its session (BYE), Asterisk requests the spying channel's hangup, the panel goes
    // back to idle. ChanSpy itself leaves when a frame passes through the spied channel: these sipp phones send no
    // RTP, so the channel's Hangup comes with the end of the call (as in supervision.test.ts); it is no session any more.
    await page.click('[data-testid=softphone-spy-stop]');
    await ami.waitFor('HangupRequest', (f) => field(f, 'channel') === spyer);
    await panel.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await row.locator('[data-testid=spy-whisper]').count()).toBe(1);
    const none = await stack.app.inject({ method: 'GET', url: '/api/supervision/session', headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(none.json()).toEqual({ session: null });
    expect((await stack.db.db.selectFrom('calls').select('ended_at').where('id', '=', call.id).executeTakeFirstOrThrow()).ended_at).toBeNull();

    // Whisper, then F5: the server reads the session back from Asterisk's channels.
    const again = ami.frames.length;
    await row.locator('[data-testid=spy-whisper]').click();
    await panel.waitFor({ timeout: 20_000 });
    const second = field(await ami.waitFor('ChanSpyStart', (f) => ami.frames.indexOf(f) >= again), 'spyerchannel')!;
    expect(second).not.toBe(spyer);
    expect(await panel.getAttribute('data-mode')).toBe('whisper');
    const reloadAt = ami.frames.length;
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    const leftWithPage = ami.frames.slice(reloadAt).some((f) => field(f, 'event') === 'HangupRequest' && field(f, 'channel') === second);
    if (!leftWithPage) {
      const restored = await stack.app.inject({ method: 'GET', url: '/api/supervision/session', headers: { authorization: `Bearer ${supervisor.token}` } });
      expect(restored.json()).toMatchObject({ session: { callId: call.id, mode: 'whisper', channel: second } });
      await panel.waitFor({ timeout: 15_000 });
      expect(await panel.getAttribute('data-mode')).toBe('whisper');
      // No browser leg any more: Stop goes through the server (AMI Hangup of the spying channel).
      await page.click('[data-testid=softphone-spy-stop]');
      await waitFor('the AMI Hangup of the second spying channel', async () => stack.pbx.output().includes(`hanging up channel: ${second}`), 15_000, explainPbx);
      // The Stop's mark that every node's AMI link reads (SpyEnds): Asterisk announces the Setvar on the spying channel.
      await ami.waitFor('VarSet', (f) => field(f, 'channel') === second && varSetName(f) === 'WARMLINE_SPY' && field(f, 'value') === 'stopped');
    }
    await panel.waitFor({ state: 'detached', timeout: 15_000 });
    const after = await stack.app.inject({ method: 'GET', url: '/api/supervision/session', headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(after.json()).toEqual({ session: null });
    console.log(`[pbx-real] supervision-session: on F5 the spying channel ${leftWithPage ? 'left with the page' : 'stayed; restored, then stopped over AMI'}`);

    const done = await carrier.done;
    expect(done.code, done.output.slice(-2000)).toBe(0);
    for (const channel of [spyer, second]) await ami.waitFor('Hangup', (f) => field(f, 'channel') === channel);
    const calls = await stack.db.db.selectFrom('calls').select(['caller_number', 'agent_user_id']).execute();
    expect(calls.filter((c) => c.agent_user_id === supervisor.id || c.caller_number === SUPERVISOR_EXT)).toEqual([]);
  });
});
