/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CARRIER_IP, SIP_PORT, realPbxDescribe } from './support/asterisk-lab';
import { launchSoftphoneBrowser } from './support/browser';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { CARRIER_PORT, PASSWORD, startRealStack, waitFor, type Agent, type RealStack } from './support/real-stack';
import { answerScenario, dialScenario, runSipp, type SippRun } from './support/sipp';
import { buildConsoleOnce } from '../e2e/support/console-build';
import { loginInBrowser, waitForAgentState } from '../e2e/support/console-page';
import { watchAmi, type AmiWatch } from './support/ami-watch';
import { field, varSetName } from '../../server/pbx/ami-frame';

// Issue #20 point 4 on a real Asterisk, both agents in Chromium with the console's sip.js softphone over WSS: a
// blind transfer (AMI BlindTransfer into [from-agents]) and an attended one (AMI Atxfer: Asterisk's attended-transfer
// feature dials the target through a Local channel; completed by hanging up the first agent's leg) to another
// agent. Each time the second agent's browser rings with the same call and pop, the call row becomes theirs and
// records the transfer (call_transfers), and the first agent wraps up their part. Then an attended transfer to a
// queue (Atxfer to warmline-queues: Queue(sales) runs on the Local channel, the sales member is consulted) and a
// blind transfer to a number (BlindTransfer into [from-agents] -> [dial-out] -> the trunk, a sipp UAS answering).

const EXT1 = '1003';
const EXT2 = '1005';
const CALLER = '+12122050046';

const noBrowser = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (CHROMIUM_PATH; Debian package chromium)`;
if (noBrowser) console.log(`[pbx-real] operator-transfer skipped: ${noBrowser}`);

(noBrowser ? describe.skip : realPbxDescribe)('real Asterisk: blind and attended transfer between browser agents (issue #20.4)', () => {
  let stack: RealStack;
  let browser: Browser;
  let first: Agent;
  let second: Agent;
  let page1: Page;
  let page2: Page;
  let watch: AmiWatch;

  beforeAll(async () => {
    const consoleDir = buildConsoleOnce();
    [stack, browser] = await Promise.all([
      startRealStack({ CONSOLE_DIR: consoleDir, WRAPUP_SECONDS: '600' }),
      launchSoftphoneBrowser(),
    ]);
    first = await stack.addUser('rp-xfer1', 'operator', EXT1, ['support'], 'webrtc');
    second = await stack.addUser('rp-xfer2', 'operator', EXT2, ['sales'], 'webrtc');
    const created = await stack.app.inject({ method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${first.token}` },
      payload: { fullName: 'Theo Transfer', phones: [{ number: CALLER, kind: 'mobile' }] } });
    expect(created.statusCode, created.body).toBe(201);
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
    watch = await watchAmi();
    page1 = await openConsole(first);
    page2 = await openConsole(second);
    for (const p of [page1, page2]) {
      await p.click('[data-testid=agent-ready]');
      await waitForAgentState(p, 'ready');
    }
  }, 300_000);

  afterAll(async () => {
    await watch?.stop();
    await browser?.close();
    await stack?.close();
  });

  const explainPbx = async () => `${await stack.pbx.cli('pjsip show contacts')}\n${await stack.pbx.cli('queue show support')}\n` +
    `${await stack.pbx.cli('core show channels verbose')}\nasterisk:\n${stack.pbx.output().slice(-5000)}`;
  const member = async () => (await stack.pbx.cli('queue show support')).split('\n').find((l) => l.includes(`PJSIP/${EXT1})`)) ?? '';

  async function openConsole(a: Agent): Promise<Page> {
    const p = await loginInBrowser(browser, stack.url, { username: a.username, password: PASSWORD });
    await p.waitForSelector('[data-testid=softphone-registration].reg-registered', { timeout: 20_000 })
      .catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    return p;
  }

  // The customer dials in from 127.0.0.2 (the trunk is matched by address); CARRIER_PORT stays free for a dial-out.
  async function answeredByFirst(mediaPort: number, localPort = 5070): Promise<{ carrier: SippRun; callId: number }> {
    await waitFor(`${EXT1} a ready member`, async () => /\(Not in use\)/.test(await member()) && !/paused/.test(await member()), 20_000, explainPbx);
    const carrier = runSipp(dialScenario({ to: '5000', from: CALLER, fromName: 'Theo', talkMs: null }), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort, mediaPort, timeoutS: 150,
    });
    await page1.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 });
    await page1.click('[data-testid=softphone-answer]');
    await waitForAgentState(page1, 'on_call');
    await page1.waitForSelector('[data-testid=pop-customer-name]:has-text("Theo Transfer")');
    const row = await waitFor('the call answered', async () => {
      const r = await stack.db.db.selectFrom('calls').select(['id', 'answered_at']).where('caller_number', '=', CALLER).where('status', '!=', 'ended').executeTakeFirst();
      return r?.answered_at ? r : null;
    });
    return { carrier, callId: row.id };
  }

  async function wrapUp(p: Page, notes: string): Promise<void> {
    await p.waitForSelector('[data-testid=wrapup-form]', { timeout: 15_000 });
    await p.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await p.fill('[data-testid=wrapup-notes]', notes);
    await p.click('[data-testid=wrapup-submit]');
    await p.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(p, 'ready');
  }

  /** The second agent has the call: their browser rang with the pop, they answered; the row is theirs. */
  /** The first agent opens the transfer form and fills it: to the second agent, or to a queue or number. */
  async function fillTransfer(mode: 'blind' | 'attended', kind: 'agent' | 'queue' | 'number', target = ''): Promise<void> {
    await page1.click('[data-testid=softphone-transfer]');
    await page1.check(`[data-testid=transfer-mode-${mode}]`);
    await page1.selectOption('[data-testid=transfer-kind]', kind);
    if (kind === 'agent') await page1.selectOption('[data-testid=transfer-agent]', String(second.id));
    else await page1.fill(`[data-testid=transfer-${kind}]`, target);
  }

  /** The first agent starts the consultation; the second agent's browser rings and answers it. */
  async function consultationAnsweredBySecond(): Promise<void> {
    await page1.click('[data-testid=transfer-go]');
    await page1.waitForSelector('[data-testid=transfer-consulting]');
    await page2.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 }).catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
    await page2.click('[data-testid=softphone-answer]');
    await page2.waitForSelector('[data-testid=softphone-in-call]', { timeout: 15_000 });
  }

  async function secondTakesIt(callId: number, answer: boolean): Promise<void> {
    if (answer) {
      await page2.waitForSelector('[data-testid=softphone-incoming]', { timeout: 20_000 }).catch(async (err: Error) => { throw new Error(`${err.message}\n${await explainPbx()}`); });
      await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Theo Transfer")');
      await page2.click('[data-testid=softphone-answer]');
    }
    await waitForAgentState(page2, 'on_call');
    const row = await waitFor('the call is the second agent\'s', async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
      return r?.agent_user_id === second.id ? r : null;
    }, 20_000, explainPbx);
    expect(row).toMatchObject({ transferred: true, status: 'answered' });
  }

  async function secondHangsUp(carrier: SippRun, callId: number, notes: string): Promise<void> {
    await page2.click('[data-testid=softphone-hangup]');
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    await waitFor('the call ended', async () => (await stack.db.db.selectFrom('calls').select('status').where('id', '=', callId).executeTakeFirst())?.status === 'ended');
    await wrapUp(page2, notes);
  }

  it('blind transfer: the second agent\'s browser rings with the pop, takes the call; both wrap up', async () => {
    const { carrier, callId } = await answeredByFirst(16740);
    await fillTransfer('blind', 'agent');
    await page1.click('[data-testid=transfer-go]');
    await waitForAgentState(page1, 'wrapup');
    await secondTakesIt(callId, true);
    const transfers = await stack.db.db.selectFrom('call_transfers').selectAll().where('call_id', '=', callId).execute();
    expect(transfers).toMatchObject([{ kind: 'blind', from_user_id: first.id, to_user_id: second.id }]);
    await wrapUp(page1, 'Passed on blind');
    await secondHangsUp(carrier, callId, 'Done after a blind transfer');
  });

  it('attended transfer: consult the second agent (Atxfer), complete; the call, its history and the pop follow; a reload and Hang up end it', async () => {
    const { carrier, callId } = await answeredByFirst(16750);
    await fillTransfer('attended', 'agent');
    await consultationAnsweredBySecond();
    await page1.click('[data-testid=transfer-complete]');
    await waitForAgentState(page1, 'wrapup');
    await secondTakesIt(callId, false);
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Theo Transfer")', { timeout: 15_000 });
    const transfers = await stack.db.db.selectFrom('call_transfers').selectAll().where('call_id', '=', callId).execute();
    expect(transfers).toMatchObject([{ kind: 'attended', from_user_id: first.id, to_user_id: second.id }]);
    await wrapUp(page1, 'Passed on attended');

    // F5 on the second agent's console, then Hang up by click: the restored console holds no leg of the call, so the
    // server hangs up the second agent's own channel over AMI. That channel rang for the consultation; it is a leg of
    // the customer call since the transfer completed (before, the server fell back to the caller's channel).
    const channel = await waitFor('the second agent\'s channel up', async () => new RegExp(`(PJSIP/${EXT2}-\\S+)\\s.*Up`).exec(await stack.pbx.cli('core show channels'))?.[1], 10_000, explainPbx);
    await waitFor('the second agent\'s leg of the customer call', async () => (await stack.db.db.selectFrom('call_legs').select('id')
      .where('call_id', '=', callId).where('user_id', '=', second.id).where('channel', '=', channel).where('ended_at', 'is', null).executeTakeFirst()));
    await page2.reload();
    await page2.waitForSelector('[data-testid=realtime-status].rt-online');
    await waitForAgentState(page2, 'on_call');
    await page2.waitForSelector('[data-testid=softphone-in-call]');
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Theo Transfer")');
    expect(await stack.pbx.cli('core show channels')).toContain(channel);
    watch.frames.length = 0;
    await page2.click('[data-testid=softphone-hangup]');
    const marked = await watch.waitFor('VarSet', (f) => varSetName(f) === 'WARMLINE_HANGUP_BY');
    expect(field(marked, 'channel')).toBe(channel);
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    const ended = await waitFor('the call ended', async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
      return r?.status === 'ended' ? r : null;
    });
    expect(ended).toMatchObject({ agent_user_id: second.id, hung_up_by: 'agent' });
    await wrapUp(page2, 'Done after an attended transfer');
    const wrapups = await stack.db.db.selectFrom('wrapups').select(['user_id', 'notes']).where('call_id', '=', callId).orderBy('id').execute();
    expect(wrapups).toEqual([{ user_id: first.id, notes: 'Passed on attended' }, { user_id: second.id, notes: 'Done after an attended transfer' }]);
  });

  it('attended transfer to a queue: Queue(sales) on the Local channel rings the sales agent, who is consulted, then has the call', async () => {
    const { carrier, callId } = await answeredByFirst(16770, 5072);
    await fillTransfer('attended', 'queue', 'sales');
    await consultationAnsweredBySecond();
    // The consultation is seen on real Asterisk too: the sales agent is busy on it (not shown ready).
    await waitForAgentState(page2, 'on_call');
    await page1.click('[data-testid=transfer-complete]');
    await waitForAgentState(page1, 'wrapup');
    await secondTakesIt(callId, false);
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Theo Transfer")', { timeout: 15_000 });
    const transfers = await stack.db.db.selectFrom('call_transfers').selectAll().where('call_id', '=', callId).execute();
    expect(transfers).toMatchObject([{ kind: 'attended', from_user_id: first.id, to_user_id: second.id }]);
    const linkedid = (await stack.db.db.selectFrom('calls').select('linkedid').where('id', '=', callId).executeTakeFirstOrThrow()).linkedid;
    const consult = await stack.db.db.selectFrom('calls').selectAll().where('linkedid', 'like', `${linkedid}/consult/%`).execute();
    expect(consult).toMatchObject([{ direction: 'internal', agent_user_id: second.id, status: 'ended' }]);
    expect(await stack.db.db.selectFrom('calls').select('id').where('queue_name', '=', 'sales').execute()).toEqual([]);
    await wrapUp(page1, 'Consulted sales');
    await secondHangsUp(carrier, callId, 'Done after a queue consultation');
    const ended = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
    expect(ended).toMatchObject({ agent_user_id: second.id, hung_up_by: 'agent' });
  });

  it('blind transfer to a number: the caller is dialled out on the trunk (a sipp UAS answers), the first agent wraps up', async () => {
    const target = '+12125550199';
    const dialledOut = runSipp(answerScenario({ ringMs: 300, talkMs: 2000 }, 'carrier'), {
      remote: `127.0.0.1:${SIP_PORT}`, localIp: CARRIER_IP, localPort: CARRIER_PORT, mediaPort: 16790, timeoutS: 90,
    });
    const { carrier, callId } = await answeredByFirst(16780, 5072);
    await fillTransfer('blind', 'number', target);
    await page1.click('[data-testid=transfer-go]');
    await waitForAgentState(page1, 'wrapup');
    // The number answered and hung up after 2 s; Asterisk then hangs up the caller.
    const out = await dialledOut.done;
    expect(out.code, out.output.slice(-3000)).toBe(0);
    const done = await carrier.done;
    expect(done.code, done.output.slice(-3000)).toBe(0);
    const row = await waitFor('the call ended', async () => {
      const r = await stack.db.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
      return r?.status === 'ended' ? r : null;
    }, 20_000, explainPbx);
    expect(row).toMatchObject({ transferred: true, agent_user_id: null });
    const transfers = await stack.db.db.selectFrom('call_transfers').selectAll().where('call_id', '=', callId).execute();
    expect(transfers).toMatchObject([{ kind: 'blind', from_user_id: first.id, to_user_id: null, target }]);
    const legs = await stack.db.db.selectFrom('call_legs').select(['channel', 'role']).where('call_id', '=', callId).execute();
    expect(legs.filter((l) => l.role === 'external' && l.channel.startsWith('PJSIP/trunk-'))).toHaveLength(1);
    await wrapUp(page1, 'Sent to the partner');
  });
});
