/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../factories/user.factory';
import { createCustomer } from '../factories/customer.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';
import type { Frame } from '../../server/pbx/simulator/sim-model';

// Issue #20.4, call control on the simulator, driven by clicks: hold/resume, mute, the keypad (DTMF on the PBX),
// and transfers through the PBX (AMI BlindTransfer / Atxfer / CancelAtxfer) to an agent, a queue and a number; an
// attended one runs, as on real Asterisk, through a Local channel pair on the customer call's Linkedid.
// After a transfer the first agent wraps up their part, the call and its pop follow to the receiving agent, and the
// customer's timeline shows the transfer.
const EXT = '1001';
const EXT2 = '1002';

describe('shift: call control and transfers', () => {
  let stack: ConsoleStack;
  let first: TestUser;
  let second: TestUser;
  let customerId: number;
  let page: Page;
  let page2: Page;
  const frames: Frame[] = [];
  const name = (f: Frame) => f[0]?.[1];
  const header = (f: Frame, k: string) => f.find(([h]) => h === k)?.[1];

  beforeAll(async () => {
    stack = await startConsoleStack({
      // The second agent takes the 'sales' queue; nobody answers by themselves, the customer's number answers fast.
      sim: { agents: [EXT, EXT2], queues: { support: [EXT], sales: [EXT2] },
        timing: { agentAnswerMs: null, ringTimeoutMs: 120_000, customerAnswerMs: 200, talkMs: 600_000 } },
      env: { WRAPUP_SECONDS: '600' },
    });
    stack.sim.onFrame((f) => frames.push(f));
    for (const ext of [EXT, EXT2]) stack.sim.pauseMember(`PJSIP/${ext}`, true, 'login', null);
    first = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT });
    second = await createUser(stack.services, stack.app, { role: 'operator', extension: EXT2 });
    customerId = (await createCustomer(stack.services, { fullName: 'Tara Transfer', phones: [{ number: '+12125550122', kind: 'mobile' }] })).id;
    await stack.waitConnected();
    page = await stack.login(first);
    page2 = await stack.login(second);
    for (const p of [page, page2]) {
      await p.click('[data-testid=agent-ready]');
      await waitForAgentState(p, 'ready');
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  const callRow = (linkedid: string) => stack.db.db.selectFrom('calls').selectAll().where('linkedid', '=', linkedid).executeTakeFirst();

  async function answeredByFirst(): Promise<string> {
    await eventually(() => stack.sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'first agent unpaused');
    const call = stack.sim.placeInboundCall({ from: '2125550122', queue: 'support' });
    await page.waitForSelector('[data-testid=softphone-incoming]');
    await page.click('[data-testid=softphone-answer]');
    await waitForAgentState(page, 'on_call');
    await page.waitForSelector('[data-testid=pop-customer-name]:has-text("Tara Transfer")');
    return call.linkedid;
  }

  async function openTransfer(mode: 'blind' | 'attended', kind: 'agent' | 'queue' | 'number'): Promise<void> {
    await page.click('[data-testid=softphone-transfer]');
    await page.check(`[data-testid=transfer-mode-${mode}]`);
    await page.selectOption('[data-testid=transfer-kind]', kind);
  }

  async function wrapUp(p: Page, notes: string): Promise<void> {
    await p.waitForSelector('[data-testid=wrapup-form]');
    await p.selectOption('[data-testid=wrapup-disposition]', 'resolved');
    await p.fill('[data-testid=wrapup-notes]', notes);
    await p.click('[data-testid=wrapup-submit]');
    await p.waitForSelector('[data-testid=wrapup-form]', { state: 'detached' });
    await waitForAgentState(p, 'ready');
  }

  it('holds, mutes, sends keypad digits to the PBX, and blind-transfers to an agent: wrap-up, pop and timeline follow', async () => {
    const { db } = stack.db;
    const linkedid = await answeredByFirst();

    await page.click('[data-testid=softphone-hold]');
    await eventually(async () => (await callRow(linkedid))?.hold_started_at, 'held on the PBX');
    await page.click('[data-testid=softphone-hold]');
    await eventually(async () => (await callRow(linkedid))?.hold_started_at === null, 'resumed');
    await page.click('[data-testid=softphone-mute]');
    expect(await page.getAttribute('[data-testid=softphone-mute]', 'aria-pressed')).toBe('true');
    await page.click('[data-testid=softphone-mute]');

    // The keypad: each digit reaches the PBX (DTMFBegin/DTMFEnd on the agent's channel, sent on to the caller).
    // Mutation caught: the simulator's phone accepted the digits and raised nothing.
    await page.click('[data-testid=softphone-keypad]');
    for (const d of ['1', '2', '#']) await page.click(`.key:text-is("${d}")`);
    await page.waitForSelector('[data-testid=dtmf-sent]:has-text("12#")');
    const digits = await eventually(() => {
      const ends = frames.filter((f) => name(f) === 'DTMFEnd' && header(f, 'Linkedid') === linkedid && header(f, 'Direction') === 'Received');
      return ends.length === 3 ? ends : null;
    }, 'DTMFEnd for three digits');
    expect(digits.map((f) => header(f, 'Digit'))).toEqual(['1', '2', '#']);
    expect(frames.some((f) => name(f) === 'DTMFBegin' && header(f, 'Digit') === '#')).toBe(true);
    await page.click('[data-testid=softphone-keypad]');

    // Blind transfer to the second agent, who is in no queue of this call: the PBX dials their extension.
    await openTransfer('blind', 'agent');
    await page.selectOption('[data-testid=transfer-agent]', String(second.id));
    await page.click('[data-testid=transfer-go]');
    await eventually(() => frames.some((f) => name(f) === 'BlindTransfer' && header(f, 'Extension') === EXT2), 'BlindTransfer on the wire');

    // Mutations caught: the first agent stayed on_call after the transfer (no state change on call.transferred), and
    // their wrap-up was never offered (the call was not theirs any more).
    await waitForAgentState(page, 'wrapup');
    await page.waitForSelector('[data-testid=softphone-in-call]', { state: 'detached' });
    expect(await page.textContent('[data-testid=wrapup-party]')).toContain('Tara Transfer');

    // The pop follows: the second agent's phone rings with the same call and customer.
    await page2.waitForSelector('[data-testid=softphone-incoming]');
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Tara Transfer")');
    await page2.click('[data-testid=softphone-answer]');
    await waitForAgentState(page2, 'on_call');
    const row = await eventually(async () => { const r = await callRow(linkedid); return r?.agent_user_id === second.id ? r : null; }, 'the call is the second agent\'s');
    expect(row).toMatchObject({ transferred: true, customer_id: customerId });
    const transfers = await db.selectFrom('call_transfers').selectAll().where('call_id', '=', row.id).execute();
    expect(transfers).toMatchObject([{ kind: 'blind', from_user_id: first.id, to_user_id: second.id }]);
    await page.screenshot({ path: 'docs/img/console-transfer-wrapup.png' });

    await wrapUp(page, 'Passed to billing');
    await page2.click('[data-testid=softphone-hangup]');
    await eventually(async () => (await callRow(linkedid))?.status === 'ended', 'call ended');
    await wrapUp(page2, 'Sorted the invoice');
    const wrapups = await db.selectFrom('wrapups').select(['user_id', 'notes']).where('call_id', '=', row.id).orderBy('id').execute();
    expect(wrapups).toEqual([{ user_id: first.id, notes: 'Passed to billing' }, { user_id: second.id, notes: 'Sorted the invoice' }]);

    // The customer's timeline shows who passed the call to whom (in another tab, so the consoles stay as they are).
    const names = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [first.id, second.id]).execute();
    const tab = await stack.login(second);
    await tab.evaluate((id) => { history.pushState({}, '', `/customers/${id}`); dispatchEvent(new PopStateEvent('popstate')); }, customerId);
    const shown = await tab.waitForSelector('[data-testid=timeline-transfer]');
    const text = await shown.textContent();
    for (const n of names) expect(text).toContain(n.display_name);
    await tab.screenshot({ path: 'docs/img/customer-timeline-transfer.png' });
    await tab.close();
  });

  it('blind-transfers to a queue (the queue\'s agent gets it) and to an external number', async () => {
    const { db } = stack.db;
    const toQueue = await answeredByFirst();
    await openTransfer('blind', 'queue');
    await page.fill('[data-testid=transfer-queue]', 'sales');
    await page.click('[data-testid=transfer-go]');
    await waitForAgentState(page, 'wrapup');
    await page2.waitForSelector('[data-testid=softphone-incoming]');
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Tara Transfer")');
    await page2.click('[data-testid=softphone-answer]');
    await eventually(async () => (await callRow(toQueue))?.agent_user_id === second.id, 'the sales agent has the call');
    await wrapUp(page, 'Sent to sales');
    await page2.click('[data-testid=softphone-hangup]');
    await wrapUp(page2, 'Sold');

    const toNumber = await answeredByFirst();
    // By keyboard this time: Alt+T opens the form with the focus on its first choice.
    await page.keyboard.press('Alt+KeyT');
    await page.waitForSelector('[data-testid=transfer-mode-blind]:focus');
    await page.selectOption('[data-testid=transfer-kind]', 'number');
    await page.fill('[data-testid=transfer-number]', '+12125550199');
    await page.click('[data-testid=transfer-go]');
    await waitForAgentState(page, 'wrapup');
    await eventually(() => stack.sim.liveCalls.find((c) => c.linkedid === toNumber)?.agent?.endpoint === 'trunk', 'the number answered on the trunk');
    const row = await eventually(() => callRow(toNumber), 'call row');
    expect(row.agent_user_id).toBeNull();
    const transfers = await db.selectFrom('call_transfers').selectAll().where('call_id', '=', row.id).execute();
    expect(transfers).toMatchObject([{ kind: 'blind', from_user_id: first.id, to_user_id: null, target: '+12125550199' }]);
    await wrapUp(page, 'Sent to the partner');

    // Bad input is refused with a clear 4xx, never sent to the PBX.
    const refused = await page.evaluate(async () => {
      const token = sessionStorage.getItem('warmline.token');
      const res = await fetch('/api/agents/me/call/transfer', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'blind', target: { kind: 'queue', queue: 'sales' } }) });
      return { status: res.status, body: await res.json() as { error: { code: string } } };
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'no-current-call' } } });
  });
  it('makes an attended transfer to an agent: cancel returns the caller, complete hands the call over', async () => {
    await waitForAgentState(page2, 'ready');
    const linkedid = await answeredByFirst();

    await openTransfer('attended', 'agent');
    await page.selectOption('[data-testid=transfer-agent]', String(second.id));
    await page.click('[data-testid=transfer-go]');
    await page.waitForSelector('[data-testid=transfer-consulting]');
    await eventually(async () => (await callRow(linkedid))?.hold_started_at, 'the caller held during the consultation');
    await page2.waitForSelector('[data-testid=softphone-incoming]');
    await page2.click('[data-testid=softphone-answer]');
    await waitForAgentState(page2, 'on_call');
    await page.screenshot({ path: 'docs/img/console-transfer-consulting.png' });

    // Cancel: the consultation ends, the first agent has the caller back (Asterisk's atxferabort).
    await page.click('[data-testid=transfer-cancel]');
    await page.waitForSelector('[data-testid=transfer-consulting]', { state: 'detached' });
    await eventually(async () => (await callRow(linkedid))?.hold_started_at === null, 'caller back from hold');
    // The consulted agent is free again with nothing to wrap up: the consultation had no customer. Mutation caught:
    // with a wrap-up for every internal call, the consulted agent owed one for each consultation.
    await waitForAgentState(page2, 'ready');
    expect(await page2.locator('[data-testid=wrapup-form]').count()).toBe(0);
    await waitForAgentState(page, 'on_call');

    // Again, completed this time: hanging up the first leg joins caller and target (AttendedTransfer).
    await openTransfer('attended', 'agent');
    await page.selectOption('[data-testid=transfer-agent]', String(second.id));
    await page.click('[data-testid=transfer-go]');
    await page.waitForSelector('[data-testid=transfer-consulting]');
    await page2.waitForSelector('[data-testid=softphone-incoming]');
    await page2.click('[data-testid=softphone-answer]');
    await waitForAgentState(page2, 'on_call');
    // F5 in the middle of the consultation: the server says it is in progress, so Complete/Cancel come back.
    // Mutation caught: without agent_consultations the reloaded softphone shows the call with no Complete.
    await page.reload();
    await page.waitForSelector('[data-testid=realtime-status].rt-online');
    await page.waitForSelector('[data-testid=transfer-consulting]');
    await page.click('[data-testid=transfer-complete]');
    await eventually(() => frames.some((f) => name(f) === 'AttendedTransfer' && header(f, 'TransfereeLinkedid') === linkedid), 'AttendedTransfer on the wire');
    await waitForAgentState(page, 'wrapup');
    const row = await eventually(async () => { const r = await callRow(linkedid); return r?.agent_user_id === second.id ? r : null; }, 'the call is the second agent\'s');
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Tara Transfer")');
    await wrapUp(page, 'Handed over after a word');

    // The second agent reloads: the call and its pop come back from the server, and Hang up (this browser holds no
    // leg any more) goes through the PBX on the second agent's own channel. Mutation caught: with no leg of theirs in
    // the customer call (it was the consultation's), the server hung up the caller's channel instead.
    await page2.reload();
    await page2.waitForSelector('[data-testid=realtime-status].rt-online');
    await waitForAgentState(page2, 'on_call');
    await page2.waitForSelector('[data-testid=softphone-in-call]');
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Tara Transfer")');
    await page2.click('[data-testid=softphone-hangup]');
    const ended = await eventually(async () => { const r = await callRow(linkedid); return r?.status === 'ended' ? r : null; }, 'call ended');
    expect(ended).toMatchObject({ hung_up_by: 'agent', agent_user_id: second.id });
    const hungUp = frames.filter((f) => name(f) === 'VarSet' && header(f, 'Variable') === 'WARMLINE_HANGUP_BY' && header(f, 'Linkedid') === linkedid);
    expect(hungUp.map((f) => header(f, 'Channel'))).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${EXT2}-`))]);
    await wrapUp(page2, 'Done');
    const wrapups = await stack.db.db.selectFrom('wrapups').select(['user_id', 'notes']).where('call_id', '=', row.id).orderBy('id').execute();
    expect(wrapups).toEqual([{ user_id: first.id, notes: 'Handed over after a word' }, { user_id: second.id, notes: 'Done' }]);
  });

  it('makes an attended transfer to a queue: the member who answers is consulted, then has the call and its pop', async () => {
    const { db } = stack.db;
    await waitForAgentState(page2, 'ready');
    const linkedid = await answeredByFirst();
    const salesBefore = await db.selectFrom('calls').select('id').where('queue_name', '=', 'sales').execute();

    await openTransfer('attended', 'queue');
    await page.fill('[data-testid=transfer-queue]', 'sales');
    await page.click('[data-testid=transfer-go]');
    await page.waitForSelector('[data-testid=transfer-consulting]');
    // As on real Asterisk, Atxfer dials Local/sales@warmline-queues on the customer call's Linkedid; its ;2 half
    // runs Queue(sales), which rings the sales agent. Mutation caught: the service refused an attended queue target.
    await eventually(() => frames.some((f) => name(f) === 'QueueCallerJoin' && header(f, 'Queue') === 'sales'
      && /^Local\/sales@warmline-queues-.*;2$/.test(header(f, 'Channel') ?? '') && header(f, 'Linkedid') === linkedid), 'Queue(sales) on the Local channel');
    await eventually(async () => (await callRow(linkedid))?.hold_started_at, 'the caller held during the consultation');
    await page2.waitForSelector('[data-testid=softphone-incoming]');
    await page2.click('[data-testid=softphone-answer]');
    // The consulted agent is busy on the consultation (an internal call from the first agent), not shown ready.
    await waitForAgentState(page2, 'on_call');
    await page2.waitForSelector('[data-testid=softphone-in-call]');

    await page.click('[data-testid=transfer-complete]');
    await eventually(() => frames.some((f) => name(f) === 'AttendedTransfer' && header(f, 'TransfereeLinkedid') === linkedid
      && /^Local\/sales@/.test(header(f, 'TransferTargetChannel') ?? '')), 'AttendedTransfer to the Local channel');
    await waitForAgentState(page, 'wrapup');
    // The call, its history and the pop follow to the agent who answered in the queue. Mutation caught: with the
    // Local target taken as the new party, the call had no agent and the second agent no pop.
    const row = await eventually(async () => { const r = await callRow(linkedid); return r?.agent_user_id === second.id ? r : null; }, 'the call is the sales agent\'s');
    expect(row).toMatchObject({ transferred: true, customer_id: customerId, status: 'answered' });
    await page2.waitForSelector('[data-testid=pop-customer-name]:has-text("Tara Transfer")');
    await page2.waitForSelector('[data-testid=softphone-hangup]');
    const transfers = await db.selectFrom('call_transfers').selectAll().where('call_id', '=', row.id).execute();
    expect(transfers).toMatchObject([{ kind: 'attended', from_user_id: first.id, to_user_id: second.id }]);
    // The consultation is an internal call between the two agents: no queue call in 'sales' (real Asterisk's Local
    // channel queue events never reach the server), nothing to wrap up for it.
    const consult = await db.selectFrom('calls').selectAll().where('linkedid', 'like', `${linkedid}/consult/%`).execute();
    expect(consult).toMatchObject([{ direction: 'internal', agent_user_id: second.id, status: 'ended' }]);
    expect(await db.selectFrom('calls').select('id').where('queue_name', '=', 'sales').execute()).toEqual(salesBefore);

    await wrapUp(page, 'Consulted sales, handed over');
    await page2.click('[data-testid=softphone-hangup]');
    const ended = await eventually(async () => { const r = await callRow(linkedid); return r?.status === 'ended' ? r : null; }, 'call ended');
    expect(ended.hung_up_by).toBe('agent');
    await wrapUp(page2, 'Sold after the consultation');
    const wrapups = await db.selectFrom('wrapups').select(['user_id', 'notes']).where('call_id', '=', row.id).orderBy('id').execute();
    expect(wrapups).toEqual([{ user_id: first.id, notes: 'Consulted sales, handed over' }, { user_id: second.id, notes: 'Sold after the consultation' }]);
  });
});
