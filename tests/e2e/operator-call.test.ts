/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue "Operator console": a simulated inbound call pops, the operator answers from the softphone UI, records a
// disposition, and the customer's timeline shows the call with its recording. The browser talks only to the
// Warmline server and to the simulator's desk-phone surface; the server learns of every step over AMI.
const EXT = '1001';
const CALLER = '2125550147';
const CASE_SUBJECT = 'Router keeps rebooting';
const PAST_SUBJECT = 'Asked about the invoice for March';
const NOTES = 'Walked the customer through a firmware reset.';

describe('operator console: an inbound call from pop to timeline', () => {
  let stack: ConsoleStack;
  let page: Page;
  let operator: TestUser;
  let customerId: number;
  let recordings: string;

  beforeAll(async () => {
    recordings = mkdtempSync(path.join(tmpdir(), 'warmline-e2e-rec-'));
    stack = await startConsoleStack({
      sim: { agents: [EXT, '1002'], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      recordingsDir: recordings, env: { WRAPUP_SECONDS: '600' },
    });
    // A fresh shift, as on a real PBX: the member starts paused until its operator presses Ready.
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    const customer = await createCustomer(stack.services, { fullName: 'Grace Hopper', company: 'Navy', phones: [{ number: `+1${CALLER}`, kind: 'mobile' }] });
    customerId = customer.id;
    const db = stack.db.db;
    await db.insertInto('cases').values({ customer_id: customerId, kind: 'complaint', subject: CASE_SUBJECT, status: 'open', agreed: 'Replace if it fails again' }).execute();
    await db.insertInto('interactions').values({
      customer_id: customerId, channel: 'email', direction: 'inbound', occurred_at: new Date(Date.now() - 3 * 86_400_000),
      subject: PAST_SUBJECT, summary: 'Invoice resent by email.', outcome: 'Information given',
    }).execute();
    await stack.waitConnected();
  });

  afterAll(async () => {
    await stack?.close();
    if (recordings) rmSync(recordings, { recursive: true, force: true });
  });

  it('pops the caller before the answer, answers from the softphone, wraps up, and shows the recorded call on the timeline', async () => {
    const { sim, db: { db } } = stack;
    page = await stack.login(operator);
    await page.waitForSelector('[data-testid=softphone-registration]:has-text("Registered")');

    // Ready: the server unpauses the queue member over AMI (QueuePause), so the simulator may now ring it.
    await page.click('[data-testid=agent-ready]');
    await waitForAgentState(page, 'ready');
    await eventually(() => sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused on the PBX');

    const call = sim.placeInboundCall({ from: CALLER, queue: 'support' });

    // The pop arrives while the phone is still ringing: name, open case and past interaction before any answer.
    await page.waitForSelector('[data-testid=softphone-incoming]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Grace Hopper")', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=pop-match]')).toContain('Known customer');
    expect(await page.textContent('[data-testid=pop-caller-number]')).toContain('+12125550147');
    expect(await page.textContent('[data-testid=pop-cases]')).toContain(CASE_SUBJECT);
    expect(await page.textContent('[data-testid=pop-interactions]')).toContain(PAST_SUBJECT);
    await waitForAgentState(page, 'ringing');
    expect(call.answeredAt).toBeNull();
    expect(sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.agent ?? null).toBeNull();
    await page.screenshot({ path: '/tmp/e2e-operator-1-pop.png', fullPage: true });

    // Answer from the softphone UI: the desk-phone surface answers on the PBX; the console hears back over AMI.
    await page.click('[data-testid=softphone-answer]');
    await page.waitForSelector('[data-testid=softphone-in-call]');
    await waitForAgentState(page, 'on_call');
    expect(sim.liveCalls.find((c) => c.linkedid === call.linkedid)?.agent?.endpoint).toBe(EXT);
    const answered = await eventually(async () => {
      const row = await db.selectFrom('calls').selectAll().where('linkedid', '=', call.linkedid).executeTakeFirst();
      return row?.answered_at && row.recording_path ? row : undefined;
    }, 'call answered and recording started in the DB');
    await page.screenshot({ path: '/tmp/e2e-operator-2-on-call.png', fullPage: true });

    // Hang up from the UI: the wrap-up drawer opens for this call.
    await page.click('[data-testid=softphone-hangup]');
    await page.waitForSelector('[data-testid=wrapup-form]');
    await waitForAgentState(page, 'wrapup');
    await page.waitForSelector('[data-testid=softphone-in-call]', { state: 'detached' });
    await page.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await page.fill('[data-testid=wrapup-notes]', NOTES);
    await page.screenshot({ path: '/tmp/e2e-operator-3-wrapup.png', fullPage: true });
    await page.click('[data-testid=wrapup-submit]');
    await page.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(page, 'ready');
    await eventually(() => sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused after the wrap-up');

    // The database holds the story: the call ended, answered by this operator, its wrap-up and its interaction.
    const ended = await db.selectFrom('calls').selectAll().where('id', '=', answered.id).executeTakeFirstOrThrow();
    expect(ended).toMatchObject({ status: 'ended', outcome: 'answered', agent_user_id: operator.id, customer_id: customerId, hung_up_by: 'agent', queue_name: 'support' });
    expect(ended.answered_at).toBeInstanceOf(Date);
    expect(ended.ended_at).toBeInstanceOf(Date);
    const wrapups = await db.selectFrom('wrapups').selectAll().where('call_id', '=', ended.id).execute();
    expect(wrapups).toHaveLength(1);
    expect(wrapups[0]).toMatchObject({ user_id: operator.id, customer_id: customerId, disposition_code: 'resolved', notes: NOTES });
    const interactions = await db.selectFrom('interactions').selectAll().where('call_id', '=', ended.id).execute();
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({ customer_id: customerId, channel: 'call', user_id: operator.id, outcome: 'Resolved', summary: NOTES });

    // The customer's page: the call on the timeline with its disposition and a recording that plays.
    await page.click('[data-testid=pop-customer-name] a');
    await page.waitForURL(new RegExp(`/customers/${customerId}$`));
    await page.waitForSelector('[data-testid=customer-card]');
    expect(await page.textContent('[data-testid=customer-phone]')).toBe('+12125550147');
    const item = page.locator('[data-testid=timeline-item]', { has: page.locator('[data-testid=recording]') });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.count()).toBe(1);
    expect((await item.locator('[data-testid=timeline-outcome]').textContent())?.trim()).toBe('Resolved');
    expect(await item.textContent()).toContain(NOTES);
    expect(await item.textContent()).toContain(`Test operator`);
    expect(await page.textContent('.timeline')).toContain(PAST_SUBJECT);

    // A short-lived recording link fetched by the player (never the session token in a URL).
    await expect.poll(() => item.locator('[data-testid=recording]').getAttribute('src'), { timeout: 10_000 }).toBeTruthy();
    const src = await item.locator('[data-testid=recording]').getAttribute('src');
    expect(src).toMatch(new RegExp(`^/api/calls/${ended.id}/recording\\?link=`));
    const ranged = await page.evaluate(async (url) => {
      const res = await fetch(url, { headers: { Range: 'bytes=0-1023' } });
      const body = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), range: res.headers.get('content-range'),
        length: body.length, magic: String.fromCharCode(...body.slice(0, 4)) + String.fromCharCode(...body.slice(8, 12)) };
    }, src!);
    expect(ranged).toMatchObject({ status: 206, length: 1024, magic: 'RIFFWAVE' });
    expect(ranged.type).toMatch(/^audio\/(x-)?wav/);
    expect(ranged.range).toMatch(/^bytes 0-1023\/\d+$/);

    // The browser itself decodes it: metadata loads and the duration is that of a real recording.
    const duration = await item.locator('[data-testid=recording]').evaluate((el: HTMLAudioElement) => new Promise<number>((resolve, reject) => {
      if (el.readyState >= 1) { resolve(el.duration); return; }
      el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
      el.addEventListener('error', () => reject(new Error(`audio error ${el.error?.code}`)), { once: true });
      el.preload = 'metadata';
      el.load();
    }));
    expect(duration).toBeGreaterThan(1);
    await page.screenshot({ path: '/tmp/e2e-operator-4-timeline.png', fullPage: true });
  });
});
