/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CARRIER_IP, OBSERVER_SECRET, OBSERVER_USER, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { capturePeerConnections, launchSoftphoneBrowser } from './support/browser';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { PASSWORD, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { dialScenario, runSipp } from './support/sipp';
import { watchAmi, type AmiWatch } from './support/ami-watch';
import { field } from '../../server/pbx/ami-frame';
import { buildConsoleOnce } from '../e2e/support/console-build';
import { loginInBrowser, waitForAgentState } from '../e2e/support/console-page';

// Issue #20.4 on a real Asterisk: the call controls of the browser softphone (sip.js over WSS), clicked as the
// operator does, on a carrier call (sipp at 127.0.0.2 echoing the RTP it gets) the operator answered.
// - Hold: sip.js re-INVITEs sendonly; Asterisk raises Hold then Unhold on the agent's channel (seen on a second AMI
//   session of the test's own), and Warmline records the hold time on the call.
// - Mute: the microphone track is disabled; the carrier's echo of the browser's tone falls silent, measured by the
//   browser's received audio energy (browser -> Asterisk -> carrier -> Asterisk -> browser), and returns on unmute.
// - DTMF keypad: the digits reach Asterisk from the browser's leg (DTMFEnd events on the agent's channel).

const EXT = '1003';
const CALLER = '+12122050077';

const noBrowser = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (CHROMIUM_PATH; Debian package chromium)`;
if (noBrowser) console.log(`[pbx-real] operator-call-control skipped: ${noBrowser}`);

(noBrowser ? describe.skip : realPbxDescribe)('real Asterisk: hold, mute and DTMF from the browser softphone', () => {
  let stack: RealStack;
  let browser: Browser;
  let page: Page;
  let agent: Agent;
  let ami: AmiWatch;
  let observer: AmiWatch;

  beforeAll(async () => {
    const consoleDir = buildConsoleOnce();
    [stack, browser] = await Promise.all([
      startRealStack({ CONSOLE_DIR: consoleDir, WRAPUP_SECONDS: '600' }),
      launchSoftphoneBrowser(),
    ]);
    agent = await stack.addUser('rp-ctl1', 'operator', EXT, ['support'], 'webrtc');
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    ami = await watchAmi();
    observer = await watchAmi(undefined, { username: OBSERVER_USER, secret: OBSERVER_SECRET });
  });

  afterAll(async () => {
    await ami?.stop();
    await observer?.stop();
    await browser?.close();
    await stack?.close();
  });

  const explainPbx = async () => `${await stack.pbx.cli('pjsip show contacts')}\n${await stack.pbx.cli('queue show support')}\n` +
    `${await stack.pbx.cli('core show channels')}\nasterisk:\n${stack.pbx.output().slice(-5000)}`;

  /** Audio energy the browser has received so far (WebRTC stats, inbound-rtp totalAudioEnergy). */
  const receivedEnergy = () => page.evaluate(async () => {
    let energy = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      (await pc.getStats()).forEach((r: { type: string; kind?: string; totalAudioEnergy?: number }) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') energy += r.totalAudioEnergy ?? 0;
      });
    }
    return energy;
  });
  /** Energy received over `ms`, after letting `settleMs` pass (the echo's round trip and jitter buffers). */
  const energyOver = async (ms: number, settleMs = 1500) => {
    await page.waitForTimeout(settleMs);
    const a = await receivedEnergy();
    await page.waitForTimeout(ms);
    return (await receivedEnergy()) - a;
  };

  it('holds and resumes (Asterisk sees both, Warmline records the hold), mutes and unmutes, sends keypad digits', async () => {
    page = await loginInBrowser(browser, stack.url, { username: agent.username, password: PASSWORD }, (p) => p.addInitScript(capturePeerConnections));
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    await page.waitForSelector('[data-testid=softphone-registration].reg-registered', { timeout: 20_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await explainPbx()}`);
    });
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    const queue = () => stack.pbx.cli('queue show support');
    await waitFor(`${EXT} a ready member of support`, async () => new RegExp(`PJSIP/${EXT}\\)[^\\n]*\\(Not in use\\)`).test(await queue()), 20_000, explainPbx);

    const carrier = runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Carla', talkMs: null }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: 5071, mediaPort: 16070, timeoutS: 180,
    });
    await page.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 }).catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    await page.click('[data-testid=softphone-answer]');
    await page.waitForSelector('[data-testid=softphone-in-call]', { timeout: 15_000 });
    await waitForAgentState(page, 'on_call');
    const call = await waitFor('the call answered in Warmline', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('caller_number', '=', CALLER).executeTakeFirst();
      return row?.answered_at ? row : null;
    });
    const agentChannel = (f: Parameters<typeof field>[0]) => (field(f, 'channel') ?? '').startsWith(`PJSIP/${EXT}-`);

    // Mute: the echo of the browser's tone stops coming back; unmute: it comes back.
    await waitFor('the echo of the browser tone coming back', async () => (await receivedEnergy()) > 0, 15_000);
    const talking = await energyOver(2500);
    expect(talking, 'the carrier echoes the browser tone before mute').toBeGreaterThan(0);
    await page.click('[data-testid=softphone-mute]');
    await page.waitForSelector('[data-testid=softphone-mute][aria-pressed=true]');
    const muted = await energyOver(2500);
    await page.click('[data-testid=softphone-mute]');
    await page.waitForSelector('[data-testid=softphone-mute][aria-pressed=false]');
    const unmuted = await energyOver(2500);
    expect({ mutedBelowTenthOfTalking: muted < talking / 10, unmutedBack: unmuted > talking / 4 }, JSON.stringify({ talking, muted, unmuted }))
      .toEqual({ mutedBelowTenthOfTalking: true, unmutedBack: true });

    // DTMF: each digit clicked reaches Asterisk from the browser's leg: DTMFEnd, Direction Received, on the agent's
    // channel (seen by the lab's AMI observer, which reads the dtmf class Warmline's user does not get). The carrier
    // echoes the digit back and Asterisk plays it to the browser (Direction Sent); a digit clicked while that echo
    // is still being sent is lost on the way in (seen: '2' after '4'), an artefact of an echoing far end, so each
    // digit is clicked after the echo of the one before.
    await page.click('[data-testid=softphone-keypad]');
    const dtmfEnd = (d: string, direction: 'Received', after: number) => observer.waitFor('DTMFEnd',
      (f) => agentChannel(f) && field(f, 'digit') === d && field(f, 'direction') === direction && observer.frames.indexOf(f) >= after, 10_000);
    for (const d of ['4', '2', '#']) {
      const from = observer.frames.length;
      await page.click(`.key:text-is("${d}")`);
      await dtmfEnd(d, 'Received', from);
      // ...and goes on to the customer: sent on the carrier's channel (a feature code would swallow it, as '#' was).
      await observer.waitFor('DTMFEnd', (f) => (field(f, 'channel') ?? '').startsWith('PJSIP/trunk-') && field(f, 'digit') === d
        && field(f, 'direction') === 'Sent' && observer.frames.indexOf(f) >= from, 10_000);
      await page.waitForTimeout(2_500); // the echo of this digit lasted about 2 s on Asterisk 20.20.1
    }
    await expect.poll(() => page.textContent('[data-testid=dtmf-sent]'), { timeout: 5_000 }).toContain('42#');

    // Hold, then resume: Asterisk's Hold and Unhold on the agent's channel, and the call's hold time in Warmline.
    const beforeHold = ami.frames.length;
    await page.click('[data-testid=softphone-hold]');
    await page.waitForSelector('[data-testid=softphone-hold][aria-pressed=true]', { timeout: 15_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\nphone error: ${await page.locator('p.form-error[role=alert]').allTextContents()}\nbrowser: ${consoleLines.join('\n')}`);
    });
    await ami.waitFor('Hold', (f) => agentChannel(f) && ami.frames.indexOf(f) >= beforeHold, 10_000);
    await waitFor('the hold recorded on the call', async () => (await stack.db.db.selectFrom('calls').select('hold_started_at').where('id', '=', call.id).executeTakeFirst())?.hold_started_at);
    await page.waitForTimeout(2_200);
    const beforeResume = ami.frames.length;
    await page.click('[data-testid=softphone-hold]');
    await ami.waitFor('Unhold', (f) => agentChannel(f) && ami.frames.indexOf(f) >= beforeResume, 10_000);
    await page.waitForSelector('[data-testid=softphone-hold][aria-pressed=false]');
    const resumed = await waitFor('the hold time added', async () => {
      const row = await stack.db.db.selectFrom('calls').select(['hold_started_at', 'hold_seconds']).where('id', '=', call.id).executeTakeFirst();
      return row && row.hold_started_at === null && row.hold_seconds > 0 ? row : null;
    });
    expect(resumed.hold_seconds).toBeGreaterThanOrEqual(2);

    await page.click('[data-testid=softphone-hangup]');
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    await page.waitForSelector('[data-testid=wrapup-form]');
    const ended = await waitFor('the call ended', async () => {
      const row = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', call.id).executeTakeFirst();
      return row?.status === 'ended' ? row : null;
    });
    expect(ended).toMatchObject({ outcome: 'answered', hung_up_by: 'agent', agent_user_id: agent.id });
    expect(ended.hold_seconds).toBe(resumed.hold_seconds);
    expect(stack.pbx.unexplainedProblems(), stack.pbx.output().slice(-6000)).toEqual([]);
  }, 180_000);
});
