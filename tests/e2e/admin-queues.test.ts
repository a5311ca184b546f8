/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually } from './support/console-page';

// Issue #21, Admin → Queues as an admin clicks it: create a queue, add an operator with a penalty, change the
// penalty, remove them. Each step reaches the PBX (the simulator's app_queue state, fed by QueueAdd/QueuePenalty/
// QueueRemove; the queue itself comes from the ast_queues realtime view), a second admin's open screen follows
// without a reload (queues:changed), and each change has its audit row.
describe('Admin → Queues', () => {
  let stack: ConsoleStack;
  let admin: TestUser;
  let admin2: TestUser;
  let operator: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({ sim: {
      agents: ['1001', '1002'], queues: { support: ['1002'] },
      realtimeQueues: async (name) => (await sql`SELECT 1 FROM ast_queues WHERE name = ${name}`.execute(stack.db.db)).rows.length > 0,
    } });
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    admin2 = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    operator = await createUser(stack.services, stack.app, { role: 'operator', extension: '1001' });
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  const member = (queue: string, ext: string) => stack.sim.model.member(queue, ext);

  it('creates a queue, adds, re-ranks and removes an agent; the PBX and a second admin follow', async () => {
    const page = await stack.login(admin);
    await page.click('[data-testid=nav-admin]');
    await page.click('[data-testid=admin-queues-link]');
    await page.waitForSelector('[data-testid=admin-queues]');
    const other = await stack.login(admin2);
    await other.goto(`${stack.url}/admin/queues`);
    await other.waitForSelector('[data-testid=admin-queues]');

    await page.fill('[data-testid=queue-new-name]', 'billing');
    await page.fill('[data-testid=queue-new-display]', 'Billing desk');
    await page.click('[data-testid=queue-new-submit]');
    await page.waitForSelector('[data-testid=queue-billing]');
    await other.waitForSelector('[data-testid=queue-billing]');

    await page.selectOption('[data-testid=member-new-billing]', String(operator.id));
    await page.fill('[data-testid=member-new-penalty-billing]', '2');
    await page.click('[data-testid=member-new-submit-billing]');
    await page.waitForSelector('[data-testid=member-billing-1001]');
    const added = await eventually(async () => member('billing', '1001'), 'QueueAdd on the PBX');
    expect(added).toMatchObject({ interface: 'PJSIP/1001', dynamic: true, penalty: 2 });
    await other.waitForSelector('[data-testid=member-billing-1001]');
    expect(await other.inputValue('[data-testid=penalty-billing-1001]')).toBe('2');

    await page.fill('[data-testid=penalty-billing-1001]', '5');
    await page.click('[data-testid=penalty-save-billing-1001]');
    await eventually(async () => member('billing', '1001')?.penalty === 5, 'QueuePenalty on the PBX');
    await eventually(async () => (await other.inputValue('[data-testid=penalty-billing-1001]')) === '5', 'the other admin sees 5');

    // An out-of-range penalty: a clear error in the page, nothing changed.
    await page.fill('[data-testid=penalty-billing-1001]', '5000');
    await page.click('[data-testid=penalty-save-billing-1001]');
    expect(await (await page.waitForSelector('[data-testid=queues-error]')).textContent()).toContain('0 to 1000');
    expect(member('billing', '1001')?.penalty).toBe(5);

    await page.click('[data-testid=member-remove-billing-1001]');
    await page.waitForSelector('[data-testid=member-billing-1001]', { state: 'detached' });
    await eventually(async () => member('billing', '1001') === undefined, 'QueueRemove on the PBX');
    await other.waitForSelector('[data-testid=member-billing-1001]', { state: 'detached' });

    const actions = (await stack.services.db.selectFrom('audit_log').select(['action', 'target', 'user_id']).where('action', 'like', 'queue.%').orderBy('id').execute());
    expect(actions.map((r) => `${r.action} ${r.target}`)).toEqual(['queue.created queue:billing', 'queue.member_added queue:billing',
      'queue.member_changed queue:billing', 'queue.member_removed queue:billing']);
    expect(new Set(actions.map((r) => r.user_id))).toEqual(new Set([admin.id]));
  });
});
