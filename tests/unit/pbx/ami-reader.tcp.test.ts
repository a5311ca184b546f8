import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import Manager, { type AsteriskManagerInstance } from 'asterisk-manager';
import { loadRawHeaders, projectRoot, rawFixtureFiles, wireText } from './fixture-loader';
import { rawServer, type RawServer } from './raw-ami-server';
import { below, prng } from '../../support/prng';

// patches/asterisk-manager+0.2.0.patch replaces the library's frame reader (docs/PBX.md, "The AMI reader"). Its
// contract is to hand over exactly what the original did, for any way TCP cuts the stream. The original is rebuilt
// here by reverse-applying the patch to a copy of the installed package (which also proves the patch is applied),
// both readers read the same bytes from one server, and what they emit must be the same.

const PATCH = path.join(projectRoot, 'patches/asterisk-manager+0.2.0.patch');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'wl-ami-reader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function originalManager(): typeof Manager {
  cpSync(path.join(projectRoot, 'node_modules/asterisk-manager'), path.join(scratch, 'node_modules/asterisk-manager'), { recursive: true });
  execFileSync('git', ['apply', '-R', PATCH], { cwd: scratch, stdio: 'pipe' });
  return createRequire(import.meta.url)(path.join(scratch, 'node_modules/asterisk-manager/lib/ami.js')) as typeof Manager;
}
const OriginalManager = originalManager();

let server: RawServer | undefined;
const managers: AsteriskManagerInstance[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) m.disconnect();
  await server?.close();
  server = undefined;
});

/** Logs in, then records every frame the reader emits (the library's own dispatch is detached: raw output only). */
async function reader(factory: typeof Manager, port: number): Promise<unknown[]> {
  const mgr = factory(undefined, '127.0.0.1', 'u', 's', true);
  managers.push(mgr);
  await new Promise<void>((resolve, reject) => mgr.connect(port, '127.0.0.1', () => mgr.login((err) => (err ? reject(err) : resolve()))));
  for (const l of mgr.listeners('rawevent')) mgr.removeListener('rawevent', l);
  const out: unknown[] = [];
  mgr.on('rawevent', (item: unknown) => out.push(item));
  return out;
}

async function both(): Promise<{ server: RawServer; patched: unknown[]; original: unknown[] }> {
  server = await rawServer();
  const [patched, original] = await Promise.all([reader(Manager, server.port), reader(OriginalManager, server.port)]);
  return { server, patched, original };
}

const random = prng(7);
const rnd = (n: number) => below(random, n);
const tick = () => new Promise((r) => setTimeout(r, 1));

/** Writes `text` in random pieces (1 byte to 2 KB, often inside a CRLF or a multi-byte character), pausing now and then so they arrive as separate reads. */
async function writeCut(s: RawServer, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0, n = 0; at < bytes.length; n++) {
    const size = rnd(4) === 0 ? 1 + rnd(8) : 1 + rnd(2048);
    s.write(bytes.subarray(at, at + size));
    at += size;
    if (n % 3 === 0) await tick();
  }
}

async function settled(a: unknown[], b: unknown[], atLeast: number): Promise<void> {
  for (let i = 0; i < 500 && (a.length < atLeast || b.length < atLeast || a.length !== b.length); i++) await tick();
  await tick();
}

const fixtureStream = () => rawFixtureFiles().flatMap((f) => loadRawHeaders(f)).map(wireText);

describe('the patched asterisk-manager reader', () => {
  it('emits what the original emits for every fixture frame, the real captures among them, however TCP cuts them', async () => {
    const frames = fixtureStream();
    expect(frames.length).toBeGreaterThan(300);
    const { server, patched, original } = await both();
    await writeCut(server, frames.join(''));
    await settled(patched, original, frames.length);
    expect(patched.length).toBe(frames.length);
    expect(patched).toEqual(original);
    // Spot check of the shape: repeated headers become arrays, Variable/ChanVariable a name -> value object.
    expect(patched.some((f) => typeof (f as { chanvariable?: unknown }).chanvariable === 'object')).toBe(true);
  });

  it('emits what the original emits for Command output (Response: Follows) cut anywhere, and for malformed input', async () => {
    const { server, patched, original } = await both();
    const follows = 'Response: Follows\r\nPrivilege: Command\r\nActionID: cmd-1\r\nSystem uptime: 3 minutes\r\nKey: with: colons\r\n--END COMMAND--\r\n\r\n';
    const pieces = ['Event: ', 'Response: ', 'ActionID: ', 'UserEvent: ', 'Variable: a=b=c', 'ChanVariable: x', ':', ': ', '  Spaced : v',
      '\r\n', '\n', '\r', '\r\n\r\n', 'Asterisk Call Manager/2.0', 'Response: Follows', '--END COMMAND--', '--END SMS EVENT--',
      '__proto__: 1', 'constructor: 2', '\u00a0Nbsp\ufeff: v', 'é€😀', '\u0000', 'x'.repeat(300)];
    let text = follows;
    for (let i = 0; i < 3000; i++) {
      for (let j = 1 + rnd(10); j > 0; j--) text += pieces[rnd(pieces.length)];
      if (rnd(3) > 0) text += '\r\n\r\n';
      if (rnd(50) === 0) text += follows;
    }
    // Whatever state the noise left the reader in (even inside a Follows block), this ends it and one last event.
    text += '\r\n--END COMMAND--\r\n\r\n\r\n\r\nEvent: Last\r\n\r\n';
    await writeCut(server, text);
    const last = (out: unknown[]) => out.some((f) => (f as { event?: unknown }).event === 'Last');
    for (let i = 0; i < 1000 && !(last(patched) && last(original)); i++) await tick();
    expect(last(patched)).toBe(true);
    expect(patched.length).toBeGreaterThan(1000);
    // Compared as printed: `__proto__: 1` makes both libraries give an item a fresh array as its prototype, which
    // deep equality cannot match across two items even when they are built the same way.
    const show = (items: unknown[]) => items.map((x) => inspect(x, { depth: 4 }));
    expect(show(patched)).toEqual(show(original));
    expect(patched[0]).toEqual({ response: 'follows', actionid: 'cmd-1', content: 'Response: Follows\nPrivilege: Command\nActionID: cmd-1\nSystem uptime: 3 minutes\nKey: with: colons' });
  });
});
