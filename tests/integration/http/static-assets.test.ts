import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import { createTestContext, type TestContext } from '../../support/test-app';

// The console as the server sends it (issue #22.6). A fixture folder shaped like a Vite build with the compression
// plugin: index.html, a hashed chunk with its .br/.gz twins, and a source map a debug build would leave behind.
const JS = `export const hello = ${JSON.stringify('warmline '.repeat(200))};\n`;
let dir: string;
let ctx: TestContext;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'warmline-console-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="/assets/index-Ab12Cd34.js"></script>');
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js'), JS);
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(JS));
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.gz'), gzipSync(JS));
  writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.map'), '{"version":3,"sources":["secret.ts"]}');
  writeFileSync(path.join(dir, 'assets/plain-Zz99Yy88.js'), 'export {};\n');
  ctx = await createTestContext({ env: { CONSOLE_DIR: dir } });
});
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('console static assets', () => {
  it('hashed assets are immutable for a year', async () => {
    // Catches: @fastify/send's default "max-age=0" overwriting the header (the bug issue #22.6 saw in production).
    const res = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('the HTML shell is revalidated on every load, under its own name and on a client route', async () => {
    for (const url of ['/', '/index.html', '/customers/42']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
    }
  });

  it('sends the brotli file when the browser accepts br, gzip when only gzip', async () => {
    // Catches: preCompressed off (the plain 2 KB file sent uncompressed).
    const br = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(JS);

    const gz = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(JS);

    const plain = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.payload).toBe(JS);
  });

  it('falls back to the plain file when no compressed twin exists', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/assets/plain-Zz99Yy88.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.payload).toBe('export {};\n');
  });

  it('never serves a source map, even one left in the folder', async () => {
    // Catches: the .map served like any other asset (2.6 MB of source public).
    const res = await ctx.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js.map' });
    expect(res.statusCode).toBe(404);
    expect(res.payload).not.toContain('secret.ts');
  });

  it('a missing hashed asset is a 404, not the HTML shell', async () => {
    // Catches: a stale tab's old chunk answered with index.html (a MIME error instead of a clean failure).
    const res = await ctx.app.inject({ method: 'GET', url: '/assets/gone-00000000.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
