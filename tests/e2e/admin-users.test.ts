/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../factories/user.factory';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';
import { eventually, waitForAgentState } from './support/console-page';

// Issue #21 "must show", whole: an admin creates an operator with an extension in Admin → Users, the operator signs
// in, is made to change the temporary password, reaches a live console whose softphone registers (the simulator's
// desk phone of that extension), goes Ready and takes a queue call from ringing to answer to hang-up; then the admin
// deactivates them and their open console is cut off at once. The socket sweep is set to 10 minutes, so the cut can
// only come from the deactivation itself (mutation: without gateway.disconnectUser the operator's console stays up
// and the wait for the sign-in page times out).
const EXT = '1001';
describe('Admin → Users', () => {
  let stack: ConsoleStack;
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startConsoleStack({
      sim: { agents: [EXT], queues: { support: [EXT] }, timing: { agentAnswerMs: null, ringTimeoutMs: 120_000 } },
      env: { SOCKET_RECHECK_MS: '600000', WRAPUP_SECONDS: '600' },
    });
    // A fresh shift, as on a real PBX: the member starts paused until its operator presses Ready.
    stack.sim.pauseMember(`PJSIP/${EXT}`, true, 'login', null);
    admin = await createUser(stack.services, stack.app, { role: 'admin', extension: null });
    await stack.waitConnected();
  });
  afterAll(async () => { await stack?.close(); });

  it('creates an operator with an extension; forced password change; takes a call; deactivation cuts the console', async () => {
    const { sim } = stack;
    const adminPage = await stack.login(admin);
    adminPage.on('dialog', (d) => void d.accept());
    await adminPage.click('[data-testid=nav-admin]');
    await adminPage.waitForSelector('[data-testid=users-table]');

    const username = `e2e-op-${process.pid}`;
    const extension = EXT;
    await adminPage.fill('[data-testid=user-username]', username);
    await adminPage.fill('[data-testid=user-display-name]', 'E2E Operator');
    await adminPage.selectOption('[data-testid=user-role]', 'operator');
    await adminPage.fill('[data-testid=user-extension]', extension);
    await adminPage.click('[data-testid=user-create-submit]');
    const temporary = (await (await adminPage.waitForSelector('[data-testid=secret-password]')).textContent())!.trim();
    const sipSecret = (await adminPage.textContent('[data-testid=secret-sip]'))!.trim();
    expect(temporary).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(sipSecret.length).toBeGreaterThan(20);
    const row = `[data-testid=user-row-${username}]`;
    await adminPage.waitForSelector(row);
    expect(await adminPage.textContent(`${row} [data-testid=user-status]`)).toContain('must change');
    // Shown once: dismissed, the secrets are nowhere on the page.
    await adminPage.click('[data-testid=secret-dismiss]');
    expect(await adminPage.content()).not.toContain(temporary);

    // The operator: the temporary password leads only to the change-password page.
    const opPage = await stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await opPage.goto(`${stack.url}/console`);
    await opPage.fill('[data-testid=login-username]', username);
    await opPage.fill('[data-testid=login-password]', temporary);
    await opPage.click('[data-testid=login-submit]');
    await opPage.waitForURL(/\/password$/);
    await opPage.goto(`${stack.url}/customers`);
    await opPage.waitForURL(/\/password$/);
    await opPage.fill('[data-testid=password-current]', temporary);
    await opPage.fill('[data-testid=password-new]', 'my own long password');
    await opPage.fill('[data-testid=password-confirm]', 'my own long password');
    await opPage.click('[data-testid=password-submit]');
    await opPage.waitForURL(/\/console$/);
    await opPage.waitForSelector('[data-testid=realtime-status].rt-online', { timeout: 15_000 });
    await opPage.waitForSelector('[data-testid=softphone-registration]:has-text("Registered")', { timeout: 15_000 });
    expect(await opPage.textContent('[data-testid=user-name]')).toBe('E2E Operator');

    // The new operator takes a call: Ready unpauses their queue member on the PBX, a caller queues, the softphone
    // rings, they answer and hang up; the server records the call as theirs.
    await opPage.click('[data-testid=agent-ready]');
    await waitForAgentState(opPage, 'ready');
    await eventually(() => sim.model.membersOf(EXT).every(({ member }) => !member.paused), 'member unpaused on the PBX');
    const call = sim.placeInboundCall({ from: '2125550188', queue: 'support' });
    await opPage.waitForSelector('[data-testid=softphone-incoming]', { timeout: 15_000 });
    await opPage.click('[data-testid=softphone-answer]');
    await opPage.waitForSelector('[data-testid=softphone-in-call]');
    await waitForAgentState(opPage, 'on_call');
    const operatorId = (await stack.services.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    await eventually(async () => (await stack.services.db.selectFrom('calls').select('agent_user_id').where('linkedid', '=', call.linkedid)
      .where('answered_at', 'is not', null).executeTakeFirst())?.agent_user_id === operatorId, 'the call answered by the new operator in the DB');
    await opPage.click('[data-testid=softphone-hangup]');
    await opPage.waitForSelector('[data-testid=softphone-in-call]', { state: 'detached' });
    await waitForAgentState(opPage, 'wrapup');

    // The admin deactivates them: the open console goes back to the sign-in page, and the old password is refused.
    await adminPage.fill('[data-testid=users-search]', username);
    await adminPage.press('[data-testid=users-search]', 'Enter');
    await adminPage.click(`${row} [data-testid=user-deactivate]`);
    await adminPage.waitForSelector(`${row} [data-testid=user-reactivate]`);
    await opPage.waitForURL(/\/login/, { timeout: 15_000 });
    await opPage.fill('[data-testid=login-username]', username);
    await opPage.fill('[data-testid=login-password]', 'my own long password');
    await opPage.click('[data-testid=login-submit]');
    await opPage.waitForSelector('[data-testid=login-error]');

    const audit = await stack.services.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', 'like', 'user.%')
      .where('user_id', 'in', [admin.id]).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.created', 'user.deactivated']));
    // The audit log browser shows the changes, filtered to user changes.
    await adminPage.click('[data-testid=admin-audit-link]');
    await adminPage.fill('[data-testid=audit-action]', 'user.');
    // The list shown before the filter already has user.deactivated: wait for the filtered answer itself.
    await Promise.all([
      adminPage.waitForResponse((r) => r.url().includes('/api/audit') && new URL(r.url()).searchParams.get('action') === 'user.'),
      adminPage.click('[data-testid=audit-submit]'),
    ]);
    await adminPage.waitForSelector('[data-testid=audit-table] code:has-text("user.deactivated")');
    await adminPage.waitForFunction(() => !document.querySelector('[data-testid=audit-table]')?.textContent?.includes('auth.login'), undefined, { timeout: 5_000 }).catch(() => undefined);
    expect(await adminPage.textContent('[data-testid=audit-table]')).not.toContain('auth.login');
    await opPage.close();
    await adminPage.close();
  });
});
