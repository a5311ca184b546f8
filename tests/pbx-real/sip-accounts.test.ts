import { afterAll, beforeAll, expect, it } from 'vitest';
import { realPbxDescribe } from './support/asterisk-lab';
import { startRealStack, waitFor, type RealStack } from './support/real-stack';
import { tryRegister } from './support/sipp-register';
import { sipHa1 } from '../../server/sip/sip-credentials';

// Issue #18: SIP accounts reach a running Asterisk on every change, with no restart or reload by hand. Asterisk
// keeps the agents' realtime accounts in full memory caches (pbx-config/sorcery.conf), which it reads again only
// when they go stale (5 min): without Warmline's refresh (migration 0032 + server/sip/sip-account-sync.ts), a user
// added after the caches were filled is not listed, a rotated secret keeps the old one working and the new one
// refused, and a deactivated agent keeps registering. Each wait below reads the cache through the CLI and would
// time out on the old code; each registration is a real digest REGISTER from sipp.

realPbxDescribe('real Asterisk: SIP accounts follow Warmline', () => {
  let stack: RealStack;

  beforeAll(async () => {
    stack = await startRealStack();
    await waitFor('the AMI link', async () => [...stack.server.services.pbx.values()].every((p) => p.isConnected()));
  });
  afterAll(async () => stack?.close());

  const endpoints = () => stack.pbx.cli('pjsip show endpoints');
  const listed = async (ext: string) => new RegExp(`Endpoint:\\s+${ext}\\b`).test(await endpoints());

  it('lets a user added after Asterisk filled its caches register at once', async () => {
    const first = await stack.addUser('rp-acc1', 'operator', '1001');
    expect((await tryRegister('1001', first.secret)).result).toBe('registered');
    expect(await listed('1001')).toBe(true);

    const later = await stack.addUser('rp-acc2', 'operator', '1003');
    await waitFor('1003 in Asterisk\'s endpoints', () => listed('1003'), 15_000, endpoints);
    const reg = await tryRegister('1003', later.secret);
    expect(reg.result, reg.output).toBe('registered');
  });

  it('takes a rotated secret and refuses the old one', async () => {
    const user = await stack.addUser('rp-acc3', 'operator', '1004');
    await waitFor('1004 in Asterisk\'s endpoints', () => listed('1004'), 15_000, endpoints);
    expect((await tryRegister('1004', user.secret)).result).toBe('registered');

    const rotated = await stack.server.services.auth.issueSipCredentials(user.id, null);
    const ha1 = sipHa1('1004', stack.server.services.config.sipRealm, rotated!.secret);
    const auth = () => stack.pbx.cli('pjsip show auth 1004');
    await waitFor('the new digest in Asterisk', async () => (await auth()).includes(ha1), 15_000, auth);
    expect((await tryRegister('1004', rotated!.secret)).result).toBe('registered');
    const old = await tryRegister('1004', user.secret);
    expect(old.result, old.output).toBe('refused');
  });

  it('refuses a deactivated user, and takes them back when reactivated', async () => {
    const user = await stack.addUser('rp-acc4', 'operator', '1005');
    await waitFor('1005 in Asterisk\'s endpoints', () => listed('1005'), 15_000, endpoints);
    expect((await tryRegister('1005', user.secret)).result).toBe('registered');

    await stack.db.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    await waitFor('1005 gone from Asterisk\'s endpoints', async () => !(await listed('1005')), 15_000, endpoints);
    const refused = await tryRegister('1005', user.secret);
    expect(refused.result, refused.output).toBe('refused');

    await stack.db.db.updateTable('users').set({ active: true }).where('id', '=', user.id).execute();
    await waitFor('1005 back in Asterisk\'s endpoints', () => listed('1005'), 15_000, endpoints);
    expect((await tryRegister('1005', user.secret)).result).toBe('registered');
  });
});
