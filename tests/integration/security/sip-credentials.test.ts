import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser } from '../../factories/user.factory';
import { sipHa1 } from '../../../server/sip/sip-credentials';

// Issue #18 (defect 2): one source of truth for SIP credentials. Warmline keeps each user's digest HA1; Asterisk reads
// the same rows through the ps_* realtime views (migration 0015) and the browser registers with the HA1 from
// /api/auth/sip. Mutations caught: the API handing out anything but the stored HA1; rotation not changing what the
// PBX sees; a deactivated user still present in ps_endpoints; the view not following the user's phone kind.
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const view = (name: 'ps_endpoints' | 'ps_auths' | 'ps_aors', id: string) =>
  sql<Record<string, string | null>>`SELECT * FROM ${sql.table(name)} WHERE id = ${id}`.execute(ctx.db.db).then((r) => r.rows[0]);

describe('SIP credentials', () => {
  it('issues a secret once, keeps only its HA1, and the PBX and the browser see the same digest', async () => {
    const user = await createUser(ctx.services, ctx.app, { role: 'operator', extension: '3101' });
    const issued = await ctx.services.auth.issueSipCredentials(user.id, null);
    expect(issued?.extension).toBe('3101');
    expect(issued!.secret.length).toBeGreaterThanOrEqual(24);
    const ha1 = sipHa1('3101', ctx.services.config.sipRealm, issued!.secret);

    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/sip', headers: authHeader(user) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ extension: '3101', ha1 });
    expect(JSON.stringify(res.json())).not.toContain(issued!.secret);

    expect(await view('ps_auths', '3101')).toMatchObject({ username: '3101', realm: ctx.services.config.sipRealm, md5_cred: ha1, auth_type: 'digest' });
    expect(await view('ps_endpoints', '3101')).toMatchObject({ aors: '3101', auth: '3101', context: 'from-agents', allow: 'ulaw,alaw', webrtc: 'yes' });
    const stored = await ctx.db.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(Object.values(stored).map(String)).not.toContain(issued!.secret);

    const rotated = await ctx.services.auth.issueSipCredentials(user.id, null);
    expect(rotated!.secret).not.toBe(issued!.secret);
    expect((await view('ps_auths', '3101'))?.md5_cred).toBe(sipHa1('3101', ctx.services.config.sipRealm, rotated!.secret));
    const audits = await ctx.db.db.selectFrom('audit_log').select('action').where('target', '=', String(user.id)).execute();
    expect(audits.filter((a) => a.action === 'user.sip_credentials_issued')).toHaveLength(2);
  });

  it('gives a desk phone a plain SIP endpoint and removes a deactivated user from the PBX', async () => {
    const user = await createUser(ctx.services, ctx.app, { role: 'operator', extension: '3102' });
    await ctx.db.db.updateTable('users').set({ sip_phone: 'sip' }).where('id', '=', user.id).execute();
    expect(await view('ps_endpoints', '3102')).toMatchObject({ webrtc: 'no', transport: 'transport-udp', rewrite_contact: 'no' });
    await ctx.db.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    expect(await view('ps_endpoints', '3102')).toBeUndefined();
    expect(await view('ps_auths', '3102')).toBeUndefined();
    expect(await view('ps_aors', '3102')).toBeUndefined();
  });

  it('has no SIP account for a user without an extension', async () => {
    const admin = await createUser(ctx.services, ctx.app, { role: 'admin', extension: null });
    expect(await ctx.services.auth.issueSipCredentials(admin.id, null)).toBeNull();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/sip', headers: authHeader(admin) });
    expect(res.statusCode).toBe(404);
  });
});
