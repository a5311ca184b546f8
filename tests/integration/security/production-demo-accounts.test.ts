import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../support/test-db';
import { createTestContext, type TestContext } from '../../support/test-app';
import { testConfig } from '../../support/test-config';
import { hashPassword } from '../../../server/auth/password';
import { startServer } from '../../../server/main';
import { DemoCredentialsError } from '../../../server/auth/demo-credentials';

// Issue #19 point 1: NODE_ENV=production must not run with the seeded demo accounts (admin/warmline).
// Mutation caught: without the start-up check startServer comes up and admin/warmline signs in.
const STRONG = 'q3J9vX2LmP8tR5wZ1nB7cF4hK6dS0gYe';
const production = { NODE_ENV: 'production', JWT_SECRET: STRONG, PORT: '0', LOG_LEVEL: 'silent' };

describe('production start-up with demo accounts', () => {
  let db: TestDb;
  beforeAll(async () => { db = await createTestDb(); });
  afterAll(async () => { await db.drop(); });

  it('refuses to start while admin still has the demo password, and starts once it is changed', async () => {
    const demoHash = await hashPassword('warmline');
    await db.db.insertInto('users').values([
      { username: 'admin', display_name: 'Ada Admin', role: 'admin', password_hash: demoHash },
      // Not a demo name, but the seed's very hash: the same password.
      { username: 'copied', display_name: 'Copied', role: 'supervisor', password_hash: demoHash },
    ]).execute();
    const err = await startServer(testConfig(production, db.url)).then(async (s) => { await s.stop(); return null; }, (e: unknown) => e);
    expect(err).toBeInstanceOf(DemoCredentialsError);
    expect((err as DemoCredentialsError).usernames).toEqual(['admin', 'copied']);

    const fresh = await hashPassword('a-real-passphrase-nobody-knows');
    await db.db.updateTable('users').set({ password_hash: fresh }).execute();
    const server = await startServer(testConfig(production, db.url));
    await server.stop();
  });
});

describe('production sign-in with a published password', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext({ env: production }); });
  afterAll(async () => { await ctx.close(); });

  it('refuses admin/warmline created after start-up (403), and accepts a real password', async () => {
    await ctx.db.db.insertInto('users').values([
      { username: 'late-admin', display_name: 'Late', role: 'admin', password_hash: await hashPassword('warmline') },
      { username: 'real-admin', display_name: 'Real', role: 'admin', password_hash: await hashPassword('a-real-passphrase-nobody-knows') },
    ]).execute();
    const demo = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'late-admin', password: 'warmline' } });
    expect(demo.statusCode).toBe(403);
    expect(demo.json().token).toBeUndefined();
    const real = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'real-admin', password: 'a-real-passphrase-nobody-knows' } });
    expect(real.statusCode).toBe(200);
  });
});
