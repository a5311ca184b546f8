import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../../support/test-app';
import { authHeader, createUser, type TestUser } from '../../factories/user.factory';
import { createCall } from '../../factories/call.factory';

// Issue "Reliability and security": who may hear a recording, with HTTP ranges for <audio> seeking, and a stored
// recording_path (Asterisk's, i.e. untrusted) that can never lead outside RECORDINGS_DIR.
let ctx: TestContext;
let base: string;
let recordingsDir: string;
let taker: TestUser;
let legOperator: TestUser;
let otherOperator: TestUser;
let manager: TestUser;
let supervisor: TestUser;
let admin: TestUser;
let callId: number;
const AUDIO = Buffer.alloc(4000, 0);
// A RIFF header so the bytes look like what MixMonitor writes; the content does not matter to the route.
AUDIO.write('RIFF', 0, 'ascii');
AUDIO.write('WAVEfmt ', 8, 'ascii');
for (let i = 44; i < AUDIO.length; i++) AUDIO[i] = i % 251;

async function callWithRecording(recordingPath: string, agentId: number | null = taker.id): Promise<number> {
  const id = await createCall(ctx.db.db, { start: new Date(Date.now() - 120_000).toISOString(), agentId, queue: null });
  await ctx.db.db.updateTable('calls').set({ recording_path: recordingPath }).where('id', '=', id).execute();
  return id;
}

const get = (id: number, headers: Record<string, string> = {}, query = '') =>
  ctx.app.inject({ method: 'GET', url: `/api/calls/${id}/recording${query}`, headers });

const plays = async (id: number) =>
  ctx.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'recording.play').where('target', '=', `call:${id}`).orderBy('id').execute();

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'warmline-rec-'));
  // Two levels deep, so that "../../x.wav" relative to the recordings dir names a real file outside it.
  recordingsDir = path.join(base, 'spool', 'monitor');
  await mkdir(recordingsDir, { recursive: true });
  await writeFile(path.join(recordingsDir, 'call-1.wav'), AUDIO);
  await writeFile(path.join(base, 'x.wav'), Buffer.from('SECRET OUTSIDE RECORDINGS DIR'));
  await writeFile(path.join(base, 'spool', 'y.wav'), Buffer.from('SECRET ONE LEVEL UP'));
  ctx = await createTestContext({ env: { RECORDINGS_DIR: recordingsDir } });
  [taker, legOperator, otherOperator, manager, supervisor, admin] = await Promise.all([
    createUser(ctx.services, ctx.app, { role: 'operator' }),
    createUser(ctx.services, ctx.app, { role: 'operator' }),
    createUser(ctx.services, ctx.app, { role: 'operator' }),
    createUser(ctx.services, ctx.app, { role: 'campaign_manager', extension: null }),
    createUser(ctx.services, ctx.app, { role: 'supervisor' }),
    createUser(ctx.services, ctx.app, { role: 'admin' }),
  ]);
  callId = await callWithRecording('/var/spool/asterisk/monitor/call-1.wav');
  // legOperator took part through a transfer: a leg of the call, not its main agent.
  await ctx.db.db.insertInto('call_legs').values({
    call_id: callId, uniqueid: `leg-${process.pid}`, channel: `PJSIP/${legOperator.extension}-00000001`, role: 'agent', user_id: legOperator.id, started_at: new Date(),
  }).execute();
});

afterAll(async () => {
  await ctx?.close();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('GET /api/calls/:id/recording', () => {
  it('plays the whole file to the operator who took the call, as audio/wav, and audits it', async () => {
    const before = (await plays(callId)).length;
    const res = await get(callId, authHeader(taker));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^audio\/(wav|x-wav|wave)/);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.equals(AUDIO)).toBe(true);
    const rows = await plays(callId);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ user_id: taker.id, action: 'recording.play', target: `call:${callId}` });
  });

  it('serves ranges (206, Content-Range) and audits the first chunk only, not every later chunk', async () => {
    const before = (await plays(callId)).length;
    const first = await get(callId, { ...authHeader(taker), range: 'bytes=0-99' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${AUDIO.length}`);
    expect(first.headers['content-length']).toBe('100');
    expect(first.headers['content-type']).toMatch(/^audio\/(wav|x-wav|wave)/);
    expect(first.rawPayload.equals(AUDIO.subarray(0, 100))).toBe(true);
    expect(await plays(callId)).toHaveLength(before + 1);

    // <audio> seeking: later chunks are the same listening, not new ones.
    for (const [from, to] of [[100, 1099], [1100, 2099], [3000, AUDIO.length - 1]] as const) {
      const chunk = await get(callId, { ...authHeader(taker), range: `bytes=${from}-${to}` });
      expect(chunk.statusCode).toBe(206);
      expect(chunk.headers['content-range']).toBe(`bytes ${from}-${to}/${AUDIO.length}`);
      expect(chunk.rawPayload.equals(AUDIO.subarray(from, to + 1))).toBe(true);
    }
    expect(await plays(callId)).toHaveLength(before + 1);

    const unsatisfiable = await get(callId, { ...authHeader(taker), range: `bytes=${AUDIO.length + 10}-${AUDIO.length + 20}` });
    expect(unsatisfiable.statusCode).toBe(416);
    expect(unsatisfiable.headers['content-range']).toBe(`bytes */${AUDIO.length}`);
    expect(await plays(callId)).toHaveLength(before + 1);
  });

  it('lets an operator who was on a leg of the call listen', async () => {
    expect((await get(callId, authHeader(legOperator))).statusCode).toBe(200);
  });

  it('refuses another operator and a campaign manager (403), and records no play for them', async () => {
    const before = (await plays(callId)).length;
    const other = await get(callId, authHeader(otherOperator));
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(other.body).not.toContain('RIFF');
    const cm = await get(callId, authHeader(manager));
    expect(cm.statusCode).toBe(403);
    expect(await plays(callId)).toHaveLength(before);
  });

  it('lets supervisors and admins listen to any call', async () => {
    for (const user of [supervisor, admin]) {
      const res = await get(callId, authHeader(user));
      expect(res.statusCode, user.role).toBe(200);
      expect(res.rawPayload.equals(AUDIO)).toBe(true);
      expect((await plays(callId)).at(-1)).toMatchObject({ user_id: user.id });
    }
  });

  it('answers 401 without a token or with a bad one', async () => {
    expect((await get(callId)).statusCode).toBe(401);
    expect((await get(callId, {}, '?token=not-a-jwt')).statusCode).toBe(401);
    expect((await get(callId, { authorization: 'Bearer nope' })).statusCode).toBe(401);
  });

  // Issue #19 point 8: a session token in a URL is refused; <audio src> plays a short-lived recording link.
  it('accepts a recording link for <audio src>, with ranges, and still applies the roles', async () => {
    const link = async (user: TestUser, id = callId) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/recording-link', headers: authHeader(user), payload: { callId: id } });
      expect(res.statusCode).toBe(200);
      return (res.json() as { url: string }).url;
    };
    const url = await link(taker);
    expect(url).toMatch(new RegExp(`^/api/calls/${callId}/recording\\?link=`));
    const res = await ctx.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(AUDIO)).toBe(true);
    const ranged = await ctx.app.inject({ method: 'GET', url, headers: { range: 'bytes=0-99' } });
    expect(ranged.statusCode).toBe(206);
    expect((await ctx.app.inject({ method: 'GET', url: await link(otherOperator) })).statusCode).toBe(403);
    // The session token itself in the URL: refused (it used to be accepted on every route).
    expect((await get(callId, {}, `?token=${encodeURIComponent(taker.token)}`)).statusCode).toBe(401);
    // A link is for its call only, and never a session token.
    const other = await callWithRecording('/var/spool/asterisk/monitor/other.wav');
    expect((await get(other, {}, `?${url.split('?')[1]}`)).statusCode).toBe(401);
    const linkToken = decodeURIComponent(url.split('link=')[1]!);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${linkToken}` } })).statusCode).toBe(401);
  });

  it('never reads outside RECORDINGS_DIR whatever recording_path says (404)', async () => {
    const crafted = [
      '/var/spool/asterisk/monitor/../../../etc/passwd',
      '../../x.wav',
      '../y.wav',
      `${path.join(base, 'x.wav')}`,
      '/var/spool/asterisk/monitor/..%2f..%2fx.wav',
      'monitor/../../x.wav',
      '/var/spool/asterisk/monitor/.hidden.wav',
      '/var/spool/asterisk/monitor/',
      '/var/spool/asterisk/monitor/..',
    ];
    await writeFile(path.join(recordingsDir, '.hidden.wav'), Buffer.from('dotfile'));
    for (const recordingPath of crafted) {
      const id = await callWithRecording(recordingPath);
      for (const user of [taker, admin]) {
        const res = await get(id, authHeader(user));
        expect(res.statusCode, `${recordingPath} as ${user.role}`).toBe(404);
        expect(res.body).not.toContain('SECRET');
        expect(res.body).not.toContain('root:');
        expect(res.body).not.toContain('dotfile');
        const ranged = await get(id, { ...authHeader(user), range: 'bytes=0-99' });
        expect(ranged.statusCode, `${recordingPath} ranged`).toBe(404);
      }
      expect(await plays(id)).toEqual([]);
    }
  });

  it('answers 404 for a missing file, a call without a recording, and an unknown call', async () => {
    const missing = await callWithRecording('/var/spool/asterisk/monitor/never-written.wav');
    const res = await get(missing, authHeader(taker));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'recording-not-found' } });
    // Nothing was heard, so nothing is recorded as played.
    expect(await plays(missing)).toEqual([]);
    const none = await createCall(ctx.db.db, { start: new Date().toISOString(), agentId: taker.id, queue: null });
    expect((await get(none, authHeader(taker))).statusCode).toBe(404);
    expect((await get(2_000_000_000, authHeader(admin))).statusCode).toBe(404);
  });
});
