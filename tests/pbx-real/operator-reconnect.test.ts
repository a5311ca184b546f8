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
import { loginInBrowser, waitForAgentState } from '../e2e/support/console-page';
import { field, type AmiFrame } from '../../server/pbx/ami-frame';

// Issue #20 points 1 and 2 on a real Asterisk, in Chromium with the console's sip.js softphone over WSS:
// (1) the operator's last console closes mid-shift: after CONSOLE_AWAY_SECONDS the agent is paused on the PBX
// (QueueStatus over a separate AMI session: QueueMember Paused 1), the next queued call goes to another agent (a
// sipp desk phone), and logging in again restores the agent as they were (ready, unpaused on the PBX);
// (2) F5 during an answered call: the browser's SIP leg is gone with the page, the call is not (Asterisk keeps the
// caller); the reloaded console restores the call with its pop and Hang up, which ends it on Asterisk through AMI
// (Hangup of the agent's channel, the carrier gets its BYE), and the wrap-up is written.

const EXT = '1003';
const OTHER = '1004';
const CALLER = '+12122050044';

const noBrowser = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (CHROMIUM_PATH; Debian package chromium)`;
if (noBrowser) console.log(`[pbx-real] operator-reconnect skipped: ${noBrowser}`);

(noBrowser ? describe.skip : realPbxDescribe)('real Asterisk: a closed console and a reload mid-call (issue #20.1, #20.2)', () => {
  let stack: RealStack;
  let browser: Browser;
  let agent: Agent;
  let other: Agent;
  let watch: AmiWatch;
  let page: Page;

  beforeAll(async () => {
    const consoleDir = buildConsoleOnce();
    [stack, browser] = await Promise.all([
      startRealStack({ CONSOLE_DIR: consoleDir, WRAPUP_SECONDS: '600', CONSOLE_AWAY_SECONDS: '2' }),
      launchSoftphoneBrowser(),
    ]);
    agent = await stack.addUser('rp-away1', 'operator', EXT, ['support'], 'webrtc');
    other = await stack.addUser('rp-away2', 'operator', OTHER, ['support']);
    const created = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${agent.token}` },
      payload: { fullName: 'Rita Reload', phones: [{ number: CALLER, kind: 'mobile' }] } });
    expect(created.statusCode, created.body).toBe(201);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    await setState(other, 'paused');
    await stack.phone(other, { ringMs: 500, talkMs: null });
    watch = await watchAmi();
  }, 300_000);

  afterAll(async () => {
    await watch?.stop();
    await browser?.close();
    await stack?.close();
  });

  async function setState(a: Agent, state: 'ready' | 'paused'): Promise<void> {
    // The calls row ends before the agent leaves on_call (wrap-up starts on its own subscriber to the call's end): a
    // pause asked in between is refused 409 agent-busy (seen once in a full run, 2026-12-06).
    const current = async () => ((await stack.app.inject({ method: 'GET', url: '/api/agents/me/state', headers: { authorization: `Bearer ${a.token}` } })).json() as { state: string });
    await waitFor(`the server to end ${a.extension}'s ring or call`, async () => !['ringing', 'on_call'].includes((await current()).state),
      20_000, async () => JSON.stringify(await current()));
    const res = await stack.app.inject({ method: 'POST', url: '/api/agents/me/state', headers: { authorization: `Bearer ${a.token}` },
      payload: state === 'paused' ? { state, reason: 'break' } : { state } });
    expect(res.statusCode, res.body).toBe(200);
  }
  const member = async (ext = EXT) => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes(`PJSIP/${ext})`)) ?? '';
  const explainPbx = async () => `${await stack.pbx.cli('pjsip show contacts')}\n${await stack.pbx.cli('queue show support')}\n` +
    `${await stack.pbx.cli('core show channels')}\nasterisk:\n${stack.pbx.output().slice(-4000)}`;
  const dbState = async () => stack.db.db.selectFrom('agent_state_log').select(['state', 'reason'])
    .where('user_id', '=', agent.id).where('ended_at', 'is', null).executeTakeFirst();

  /** QueueStatus on the test's own AMI session: the member's QueueMember entry as Asterisk reports it. */
  async function queueMember(): Promise<AmiFrame> {
    watch.frames.length = 0;
    await watch.action({ Action: 'QueueStatus', Queue: 'support', Member: `PJSIP/${EXT}` });
    return watch.waitFor('QueueMember', (f) => field(f, 'stateinterface') === `PJSIP/${EXT}` || field(f, 'location') === `PJSIP/${EXT}`);
  }

  async function openConsole(): Promise<Page> {
    const p = await loginInBrowser(browser, stack.url, { username: agent.username, password: PASSWORD });
    await p.waitForSelector('[data-testid=softphone-registration].reg-registered', { timeout: 20_000 })
      .catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    return p;
  }

  it('(1) a closed console pauses the agent on the PBX, the queue gives the call to another agent, the agent comes back ready', async () => {
    page = await openConsole();
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await waitFor(`${EXT} a ready member`, async () => /\(Not in use\)/.test(await member()) && !/paused/.test(await member()), 20_000, explainPbx);
    expect(field(await queueMember(), 'paused')).toBe('0');

    await page.close();
    await waitFor('paused as away after the grace period', async () => {
      const s = await dbState();
      return s?.state === 'paused' && s.reason === 'away';
    }, 20_000);
    const away = await waitFor('QueueMember Paused 1 on the PBX', async () => {
      const m = await queueMember();
      return field(m, 'paused') === '1' ? m : null;
    }, 10_000, async () => `${await member()}\n${await explainPbx()}`);
    expect(field(away, 'pausedreason')).toBe('away');

    // A customer calls: the absent agent is not rung, the other agent's desk phone takes the call.
    await setState(other, 'ready');
    await waitFor(`${OTHER} ready on the PBX`, async () => /\(Not in use\)/.test(await member(OTHER)) && !/paused/.test(await member(OTHER)), 10_000, explainPbx);
    const carrier = runSipp(dialScenario({ to: '5000', from: '+12122050045', talkMs: 3000 }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16720, timeoutS: 120,
    });
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    const call = await waitFor('the call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('caller_number', '=', '+12122050045').executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    expect(call).toMatchObject({ agent_user_id: other.id, outcome: 'answered' });
    const offeredToAway = await stack.db.db.selectFrom('call_legs').select('id').where('call_id', '=', call.id).where('user_id', '=', agent.id).execute();
    expect(offeredToAway).toEqual([]);
    await setState(other, 'paused');

    // Back: the agent was ready before the console closed, so ready again, unpaused on the PBX.
    page = await openConsole();
    await waitForAgentState(page, 'ready');
    expect(await dbState()).toEqual({ state: 'ready', reason: null });
    await waitFor('QueueMember Paused 0 on the PBX', async () => field(await queueMember(), 'paused') === '0', 10_000, explainPbx);
  });

  it('(2) F5 during an answered call restores the call; Hang up ends it on Asterisk over AMI; the wrap-up is written', async () => {
    await waitFor(`${EXT} a ready member`, async () => /\(Not in use\)/.test(await member()) && !/paused/.test(await member()), 20_000, explainPbx);
    const carrier = runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Rita', talkMs: null }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16730, timeoutS: 120,
    });
    await page.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 });
    await page.click('[data-testid=softphone-answer]');
    await page.waitForSelector('[data-testid=softphone-in-call]', { timeout: 15_000 });
    await waitForAgentState(page, 'on_call');
    const channel = await waitFor('the agent\'s channel up', async () => /(PJSIP\/1003-\S+)\s.*Up/.exec(await stack.pbx.cli('core show channels'))?.[1], 10_000, explainPbx);

    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await waitForAgentState(page, 'on_call');
    await page.waitForSelector('[data-testid=softphone-in-call]');
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Rita Reload")');
    // The call is still up on Asterisk: the reload took the browser's leg of the media, not the PBX's channels.
    expect(await stack.pbx.cli('core show channels')).toContain(channel);

    watch.frames.length = 0;
    await page.click('[data-testid=softphone-hangup]');
    await watch.waitFor('Hangup', (f) => field(f, 'channel') === channel);
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    const ended = await waitFor('the call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('caller_number', '=', CALLER).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    // Asterisk reports the AMI Hangup as a SoftHangupRequest (the system's): the server names the agent on the channel
    // first (Setvar WARMLINE_HANGUP_BY), so the call is the agent's to have ended (issue #20.2).
    expect(ended).toMatchObject({ agent_user_id: agent.id, status: 'ended', hung_up_by: 'agent' });
    await page.waitForSelector('[data-testid=wrapup-form]');
    await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await page.fill('[data-testid=wrapup-notes]', 'Hung up after a reload on a real PBX');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(page, 'ready');
    const wrapups = await stack.db.db.selectFrom('wrapups').selectAll().where('call_id', '=', ended.id).execute();
    expect(wrapups).toMatchObject([{ user_id: agent.id, disposition_code: 'resolved', notes: 'Hung up after a reload on a real PBX' }]);
  });
});
