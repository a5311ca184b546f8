import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../../server/config';

// Issue #19 point 1. Mutation caught: the old loadConfig took any JWT_SECRET of 16+ characters in production,
// including the one in the source and docker-compose's default; docker-compose shipped that default.
const production = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', NODE_ENV: 'production' };
const strong = 'q3J9vX2LmP8tR5wZ1nB7cF4hK6dS0gYe';

describe('production secrets', () => {
  it.each([
    'warmline-dev-secret-change-me',
    'change-me-to-a-long-random-secret',
    'please-change-me-before-going-live-ok',
    'short-but-16-chars',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  ])('refuses JWT_SECRET=%s', (secret) => {
    expect(() => loadConfig({ ...production, JWT_SECRET: secret })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, JWT_SECRET: secret })).toThrow(/JWT_SECRET/);
  });

  it('accepts a long random secret, and development keeps its default', () => {
    expect(loadConfig({ ...production, JWT_SECRET: strong }).jwtSecret).toBe(strong);
    expect(loadConfig({ ...production, NODE_ENV: 'development' }).jwtSecret).toBe('warmline-dev-secret-change-me');
  });

  it('docker-compose ships no usable JWT_SECRET default (compose stops until one is set)', () => {
    const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');
    const line = compose.split('\n').find((l) => /^\s*JWT_SECRET:/.test(l));
    expect(line).toMatch(/\$\{JWT_SECRET:\?/);
    expect(compose).not.toMatch(/JWT_SECRET:-/);
  });
});

describe('security options', () => {
  it('trusts no proxy unless TRUST_PROXY lists some, and validates the list', () => {
    expect(loadConfig({ ...production, NODE_ENV: 'test' }).trustProxy).toEqual([]);
    expect(loadConfig({ ...production, NODE_ENV: 'test', TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,::1' }).trustProxy)
      .toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', '::1']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.local', '*']) {
      expect(() => loadConfig({ ...production, NODE_ENV: 'test', TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('validates ALLOWED_ORIGINS as origins', () => {
    expect(loadConfig({ ...production, NODE_ENV: 'test', ALLOWED_ORIGINS: 'https://crm.example.com,http://10.0.0.9:3000' }).allowedOrigins)
      .toEqual(['https://crm.example.com', 'http://10.0.0.9:3000']);
    for (const bad of ['*', 'crm.example.com', 'https://crm.example.com/path']) {
      expect(() => loadConfig({ ...production, NODE_ENV: 'test', ALLOWED_ORIGINS: bad })).toThrow(/ALLOWED_ORIGINS/);
    }
  });
});
