import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/test-app';
import { createUser, type TestUser } from '../../factories/user.factory';
import { softphoneSources } from '../../../server/http/security-headers';

// Issue #19 point 9: no CSP, no frame-ancestors / X-Frame-Options, no nosniff (supervisor barge and force-pause
// open to clickjacking), and Socket.IO accepted any Origin.
let ctx: TestContext;
let url: string;
let sup: TestUser;
beforeAll(async () => {
  ctx = await createTestContext({ env: { SIP_WSS_URL: 'wss://pbx.example.com:8089/ws', ALLOWED_ORIGINS: 'https://crm.example.com' } });
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  sup = await createUser(ctx.services, ctx.app, { role: 'supervisor' });
});
afterAll(async () => { await ctx.close(); });

describe('security headers', () => {
  // Mutation caught: without @fastify/helmet none of these headers is sent.
  it('sends a CSP for the console and sip.js, frame-ancestors none, X-Frame-Options DENY and nosniff', async () => {
    for (const path of ['/health', '/api/auth/me', '/api/nope']) {
      const res = await ctx.app.inject({ method: 'GET', url: path });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toMatch(/connect-src 'self' wss:\/\/pbx\.example\.com:8089/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('lets the softphone reach its PBX (WSS) or the demo loopback phones (HTTP)', () => {
    expect(softphoneSources('wss://10.0.0.5:8089/ws')).toEqual(['wss://10.0.0.5:8089']);
    expect(softphoneSources('loopback:http://127.0.0.1:4567')).toEqual(['http://127.0.0.1:4567']);
    expect(softphoneSources('loopback:')).toEqual([]);
  });
});

describe('Socket.IO origin allow-list', () => {
  const attempt = (origin: string | undefined) => new Promise<string>((resolve) => {
    const socket = io(url, {
      auth: { token: sup.token }, transports: ['websocket'], reconnection: false, forceNew: true,
      extraHeaders: origin ? { origin } : {},
    });
    socket.once('connect', () => { socket.close(); resolve('connected'); });
    socket.once('connect_error', () => { socket.close(); resolve('refused'); });
  });

  // Mutation caught: the old gateway connected a page from any site.
  it('refuses a foreign origin, accepts the console\'s own, a listed one, and clients without Origin', async () => {
    expect(await attempt('https://evil.example')).toBe('refused');
    expect(await attempt('null')).toBe('refused');
    expect(await attempt(url)).toBe('connected');
    expect(await attempt('https://crm.example.com')).toBe('connected');
    expect(await attempt(undefined)).toBe('connected');
  });
});
