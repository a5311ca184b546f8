import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';

// Issue #21: POST /api/customers/import (the API clients' one-request import) read its whole body into a string
// and parsed it at once: a 10 MB file held the memory and blocked /health for seconds. It now streams like the
// console's import. Proven over a real socket, with a body the client writes in two halves:
// - streaming: the server has stored the first chunk of the file (customer_import_chunks) while the client has
//   not sent the second half yet. A server that buffers the body before working on it never stores anything
//   before the body is complete, and the test fails waiting for it;
// - not blocking: /health answers while the import request is in flight, during the upload, the check and the
//   import (whether it answers, never how fast: two shared cores).
let ctx: TestContext;
let manager: TestUser;
let url: URL;
const FIRST = 30_000; // ~1.5 MiB, more than one stored chunk (1 MiB)
const ROWS = 60_000;

beforeAll(async () => {
  ctx = await createTestContext({ env: { DEFAULT_REGION: 'US' } });
  manager = await createUser(ctx.services, ctx.app, { role: 'campaign_manager', extension: null });
  url = new URL(await ctx.app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(async () => { await ctx?.close(); });

const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => {
  const i = from + k;
  return `Stream ${i},stream${i}@example.com,+1${String(2000000000 + i)}\n`;
}).join('');
const scalar = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(ctx.db.db)).rows[0]!.n);
const chunksStored = () => scalar(sql<{ n: string }>`SELECT count(*) AS n FROM customer_import_chunks`);
const importStatus = async () => (await sql<{ status: string }>`SELECT status FROM customer_imports ORDER BY id DESC LIMIT 1`.execute(ctx.db.db)).rows[0]?.status ?? 'none';
const healthy = async () => (await fetch(new URL('/health', url))).status === 200;

/** A POST whose body the test writes piece by piece; `done` resolves with the answer. */
function openUpload(path: string) {
  const req = request({ host: url.hostname, port: url.port, path, method: 'POST', headers: { ...authHeader(manager), 'content-type': 'text/csv' } });
  let answered = false;
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => { answered = true; resolve({ status: res.statusCode ?? 0, body }); });
    });
    req.on('error', reject);
  });
  const write = (text: string) => new Promise<void>((resolve, reject) => req.write(text, (err) => (err ? reject(err) : resolve())));
  return { write, end: () => req.end(), done, answered: () => answered };
}

describe('POST /api/customers/import streams its body', () => {
  it('stores the file as it arrives and keeps /health answering through upload, check and import', async () => {
    const sut = openUpload('/api/customers/import');
    await sut.write('full_name,email,phones\n');
    for (let i = 0; i < FIRST; i += 5_000) await sut.write(rows(i, Math.min(FIRST, i + 5_000)));

    // Half of the body is sent, the rest is not: the server must already have stored part of it.
    let waited = 0;
    while ((await chunksStored()) === 0) {
      if ((waited += 1) > 3_000) throw new Error('the server stored nothing of a half-sent body: it is buffering the body, not streaming it');
      await new Promise((r) => setTimeout(r, 20));
    }
    const healthDuring: Record<string, number> = {};
    const note = async () => {
      const status = await importStatus();
      if ((await healthy()) && !sut.answered()) healthDuring[status] = (healthDuring[status] ?? 0) + 1;
    };
    await note();
    expect(sut.answered()).toBe(false);
    expect(healthDuring.uploaded ?? 0, JSON.stringify(healthDuring)).toBeGreaterThan(0);

    for (let i = FIRST; i < ROWS; i += 5_000) await sut.write(rows(i, Math.min(ROWS, i + 5_000)));
    sut.end();
    while (!sut.answered()) {
      await note();
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await sut.done;
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ dryRun: false, rows: ROWS, imported: ROWS });
    expect(await scalar(sql<{ n: string }>`SELECT count(*) AS n FROM customers WHERE full_name LIKE 'Stream %'`)).toBe(ROWS);
    // /health answered while the request was still in flight, in each phase of the import.
    expect(healthDuring.checking ?? 0, JSON.stringify(healthDuring)).toBeGreaterThan(0);
    expect(healthDuring.importing ?? 0, JSON.stringify(healthDuring)).toBeGreaterThan(0);
    console.log(JSON.stringify({ bodyBytes: Number((await sql<{ n: string }>`SELECT size_bytes AS n FROM customer_imports ORDER BY id DESC LIMIT 1`.execute(ctx.db.db)).rows[0]!.n), healthDuring }));
  }, 600_000);
});
