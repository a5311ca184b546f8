/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { capturePeerConnections, launchSoftphoneBrowser, parseChannelStats, type ChannelStats } from './support/browser';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { CARRIER_PORT, PASSWORD, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { answerScenario, dialScenario, runSipp } from './support/sipp';
import { buildConsoleOnce } from '../e2e/support/console-build';
import { loginInBrowser, waitForAgentState } from '../e2e/support/console-page';

// The Vue console in headless Chromium against a real Asterisk (issue #18): its sip.js softphone registers over WSS
// with the HA1 Warmline issued (read by Asterisk through realtime), a carrier call (sipp at 127.0.0.2, echoing the
// RTP it gets) into the support queue rings it with the screen pop, the operator answers by clicking, audio flows
// both ways through Asterisk (RTP counters of both legs), the operator hangs up in the browser and wraps up.
// Before #18 the endpoint offered opus,ulaw and the answered call died on "no codec translation path (opus) ->
// (ulaw)": with ps_endpoints.allow set back to 'opus,ulaw' this test fails (checked: app_queue drops the call,
// "couldn't make PJSIP/trunk compatible with PJSIP/1003", and the console never shows the call in progress).

const EXT = '1003';
const CALLER = '+12122050031';

const noBrowser = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (CHROMIUM_PATH; Debian package chromium)`;
if (noBrowser) console.log(`[pbx-real] softphone skipped: ${noBrowser}`);

(noBrowser ? describe.skip : realPbxDescribe)('real Asterisk: the browser softphone (sip.js over WSS)', () => {
  let stack: RealStack;
  let browser: Browser;
  let page: Page;
  let agent: Agent;
  let customerId: number;

  beforeAll(async () => {
    const consoleDir = buildConsoleOnce();
    [stack, browser] = await Promise.all([
      startRealStack({ CONSOLE_DIR: consoleDir, WRAPUP_SECONDS: '600' }),
      launchSoftphoneBrowser(),
    ]);
    agent = await stack.addUser('rp-web1', 'operator', EXT, ['support'], 'webrtc');
    const created = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${agent.token}` },
      payload: { fullName: 'Wanda Webcaller', phones: [{ number: CALLER, kind: 'mobile' }] } });
    expect(created.statusCode, created.body).toBe(201);
    customerId = (created.json() as { id: number }).id;
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const explainPbx = async () => `${await stack.pbx.cli('pjsip show contacts')}\n${await stack.pbx.cli('queue show support')}\n` +
    `${await stack.pbx.cli('core show channels')}\nasterisk:\n${stack.pbx.output().slice(-5000)}`;

  it('registers over WSS, rings with the pop, answers, carries audio both ways, hangs up and wraps up', async () => {
    // The page's RTCPeerConnections, kept where the test can ask them for their RTP statistics (sip.js keeps its own
    // out of reach): the browser's side of "media both ways".
    page = await loginInBrowser(browser, stack.url, { username: agent.username, password: PASSWORD }, (p) => p.addInitScript(capturePeerConnections));
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });

    // sip.js registers with /api/auth/sip's HA1 over wss://127.0.0.1:8089/ws; Asterisk holds a WSS contact for 1003.
    await page.waitForSelector('[data-testid=softphone-registration].reg-registered', { timeout: 20_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nregistration: ${await page.textContent('[data-testid=softphone-registration]')}\nbrowser: ${consoleErrors.join('\n')}\n${await explainPbx()}`);
    });
    const contacts = await stack.pbx.cli(`pjsip show aor ${EXT}`);
    expect(contacts).toMatch(/transport=ws/i);

    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    const queue = () => stack.pbx.cli('queue show support');
    await waitFor(`${EXT} a ready member of support`, async () => new RegExp(`PJSIP/${EXT}\\)[^\\n]*\\(Not in use\\)`).test(await queue()), 20_000, explainPbx);

    // The customer calls; the carrier echoes whatever audio reaches it, so the browser's tone comes back.
    const carrier = runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Wanda', talkMs: null }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5070, mediaPort: 16050, timeoutS: 120,
    });

    await page.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nbrowser: ${consoleErrors.join('\n')}\n${await explainPbx()}`);
    });
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Wanda Webcaller")', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=pop-caller-number]')).toContain(CALLER);
    await waitForAgentState(page, 'ringing');

    await page.click('[data-testid=softphone-answer]');
    await page.waitForSelector('[data-testid=softphone-in-call]', { timeout: 15_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nbrowser: ${consoleErrors.join('\n')}\n${await explainPbx()}`);
    });
    await waitForAgentState(page, 'on_call');

    // Media both ways on both legs: Asterisk receives the browser's RTP (SRTP over ICE) and sends it to the carrier,
    // receives the carrier's echo and sends it to the browser. 50 packets are one second of G.711 at 20 ms.
    let stats: ChannelStats[] = [];
    const legs = await waitFor('RTP both ways on the browser and carrier legs', async () => {
      stats = parseChannelStats(await stack.pbx.cli('pjsip show channelstats'));
      const web = stats.find((s) => s.channel.startsWith(`PJSIP/${EXT}-`));
      const trunk = stats.find((s) => s.channel.startsWith('PJSIP/trunk-'));
      return web && trunk && [web, trunk].every((s) => s.rx >= 50 && s.tx >= 50) ? { web, trunk } : null;
    }, 20_000, async () => `${JSON.stringify(stats)}\n${await stack.pbx.cli('pjsip show channelstats')}\nbrowser: ${consoleErrors.join('\n')}\n${await explainPbx()}`);
    expect(legs.web.codec).toMatch(/^(ulaw|alaw)$/);
    expect(legs.trunk.codec).toMatch(/^(ulaw|alaw)$/);
    // The browser plays what it receives: its remote audio track is live and the element is playing.
    const remote = await page.evaluate(() => {
      const el = document.querySelector('audio') as HTMLAudioElement | null;
      const stream = el?.srcObject as MediaStream | null;
      return { tracks: stream?.getAudioTracks().map((t) => t.readyState) ?? [], paused: el?.paused ?? true };
    });
    expect(remote.tracks).toContain('live');
    const rtp = () => page.evaluate(async () => {
      const out = { sent: 0, received: 0 };
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
          if (r.type === 'outbound-rtp' && r.kind === 'audio') out.sent += r.packetsSent ?? 0;
          if (r.type === 'inbound-rtp' && r.kind === 'audio') out.received += r.packetsReceived ?? 0;
        });
      }
      return out;
    });
    let browserRtp = { sent: 0, received: 0 };
    await waitFor('the browser sending and receiving RTP', async () => {
      browserRtp = await rtp();
      return browserRtp.sent >= 50 && browserRtp.received >= 50;
    }, 15_000, async () => JSON.stringify(browserRtp));

    const call = await waitFor('the call answered in Warmline', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
      return row?.answered_at ? row : null;
    });

    // Hang up in the browser: sip.js sends BYE, Asterisk hangs up the carrier (its scenario ends on that BYE).
    await page.click('[data-testid=softphone-hangup]');
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    await page.waitForSelector('[data-testid=softphone-in-call]', { state: 'detached' });
    await page.waitForSelector('[data-testid=wrapup-form]');
    await waitForAgentState(page, 'wrapup');
    await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await page.fill('[data-testid=wrapup-notes]', 'Answered in the browser on a real PBX.');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(page, 'ready');

    const ended = await waitFor('the call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', call.id).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    expect(ended).toMatchObject({ direction: 'inbound', outcome: 'answered', agent_user_id: agent.id, customer_id: customerId, hung_up_by: 'agent', queue_name: 'support' });
    // Nothing went wrong on the PBX during registration, the WebRTC call and the hangup (DTLS, ICE, codecs).
    expect(stack.pbx.unexplainedProblems(), stack.pbx.output().slice(-6000)).toEqual([]);
    const wrapups = await stack.db.db.selectFrom('wrapups').selectAll().where('call_id', '=', call.id).execute();
    expect(wrapups).toHaveLength(1);
    expect(wrapups[0]).toMatchObject({ user_id: agent.id, disposition_code: 'resolved', notes: 'Answered in the browser on a real PBX.' });
  });

  // Click-to-dial from the customer's page with the browser phone. Warmline originates: Asterisk calls the agent's
  // WebRTC endpoint first with Call-Info answer-after=0, which the softphone picks up by itself, then the customer's
  // E.164 number through [dial-out] and the trunk (sipp at 127.0.0.2 answers and echoes). Before, the browser showed
  // an incoming call the console immediately hid (an outbound call is "attached"), nobody answered it and every
  // click-to-dial and campaign dial timed out on a WebRTC phone; and the softphone's own dial bypassed the server
  // (no customer, no E.164 normalisation).
  it('click-to-dial answers the PBX\'s ring by itself and reaches the customer with audio both ways', async () => {
    const carrier = runSipp(answerScenario({ ringMs: 500, talkMs: null }, 'carrier'), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort: 16060, timeoutS: 120,
    });
    await page.evaluate((id) => {
      history.pushState({}, '', `/customers/${id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, customerId);
    const call = page.locator(`button[aria-label="Call ${CALLER}"]`);
    await call.waitFor({ timeout: 15_000 });
    await page.waitForFunction((sel) => !(document.querySelector(sel) as HTMLButtonElement | null)?.disabled, `button[aria-label="Call ${CALLER}"]`, { timeout: 15_000 });
    await call.click();

    const row = await waitFor('the outbound call answered by the customer', async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('direction', '=', 'outbound').executeTakeFirst();
      return r?.answered_at ? r : null;
    }, 30_000, explainPbx);
    await page.waitForSelector('[data-testid=softphone-in-call]', { timeout: 15_000 });
    let stats: ChannelStats[] = [];
    await waitFor('RTP both ways on the browser and carrier legs', async () => {
      stats = parseChannelStats(await stack.pbx.cli('pjsip show channelstats'));
      const web = stats.find((s) => s.channel.startsWith(`PJSIP/${EXT}-`));
      const trunk = stats.find((s) => s.channel.startsWith('PJSIP/trunk-'));
      return web && trunk && [web, trunk].every((s) => s.rx >= 50 && s.tx >= 50);
    }, 20_000, async () => `${JSON.stringify(stats)}\n${await explainPbx()}`);

    await page.click('[data-testid=softphone-hangup]');
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    await page.waitForSelector('[data-testid=wrapup-form]', { timeout: 15_000 });
    await page.selectOption('[data-testid=wrapup-disposition]', 'info_given');
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });

    const ended = await waitFor('the outbound call ended', async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', row.id).executeTakeFirst();
      return r?.status === 'ended' ? r : null;
    });
    expect(ended).toMatchObject({ direction: 'outbound', outcome: 'answered', agent_user_id: agent.id, customer_id: customerId, called_number: CALLER, hung_up_by: 'agent' });
    const wrapups = await stack.db.db.selectFrom('wrapups').selectAll().where('call_id', '=', row.id).execute();
    expect(wrapups).toHaveLength(1);
    expect(stack.pbx.unexplainedProblems(), stack.pbx.output().slice(-6000)).toEqual([]);
  });
});
