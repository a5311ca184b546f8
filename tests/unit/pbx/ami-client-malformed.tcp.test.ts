import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../server/pbx/ami-client';
import { rawServer, type RawServer } from './raw-ami-server';

let server: RawServer | undefined;
let sut: AmiClient | undefined;
afterEach(async () => { await sut?.stop(); await server?.close(); sut = undefined; server = undefined; });

async function connect(): Promise<{ server: RawServer; sut: AmiClient; frames: Array<Record<string, unknown>> }> {
  server = await rawServer();
  sut = new AmiClient({ host: '127.0.0.1', port: server.port, username: 'u', secret: 's', pingIntervalMs: 60_000 });
  const frames: Array<Record<string, unknown>> = [];
  sut.on('frame', (f) => frames.push(f as Record<string, unknown>));
  const up = once(sut, 'connected');
  sut.start();
  await up;
  return { server, sut, frames };
}

const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe('AmiClient with malformed input', () => {
  it('survives frames that crash a bare asterisk-manager (duplicate UserEvent, ActionID: close, prototype keys)', async () => {
    const { server, sut, frames } = await connect();
    let disconnected = false;
    sut.on('disconnected', () => { disconnected = true; });
    server.write('Event: UserEvent\r\nUserEvent: a\r\nUserEvent: b\r\n\r\n');
    server.write('Response: Success\r\nActionID: close\r\n\r\n');
    server.write('Event: X\r\n__proto__: polluted\r\nconstructor: y\r\n\r\n');
    server.write('garbage without colon\r\n\r\n\u0000\u0001\u00ff binary\r\n\r\n');
    server.write(`Event: Huge\r\nValue: ${'x'.repeat(200_000)}\r\n\r\n`);
    server.write('Event: Fine\r\nChannel: PJSIP/1001-00000001\r\n\r\n');
    await settle(150);
    expect(disconnected).toBe(false);
    expect(sut.isConnected()).toBe(true);
    expect(frames.map((f) => f.event)).toContain('Fine');
    expect(frames.map((f) => f.event)).not.toContain('Huge');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expect(sut.action({ Action: 'Ping' })).resolves.toMatchObject({ ping: 'Pong' });
  });

  it('fuzz: 10,000 random malformed or truncated frames neither throw nor kill the link', async () => {
    const { server, sut } = await connect();
    let seed = 42;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const pieces = ['Event: ', 'Response: ', 'ActionID: ', 'UserEvent: ', 'EventList: Complete', 'Variable: a=b', ':', ': ',
      '\r\n', '\n', '\r', '\r\n\r\n', 'Linkedid: 1.1', 'Uniqueid: ', 'Channel: Local/x;1', 'close', 'error', '__proto__: 1',
      '\u0000', '\uFFFD', 'é', 'Hangup', 'AgentConnect', 'Follows', '--END COMMAND--', 'x'.repeat(300)];
    let batch = '';
    for (let i = 0; i < 10_000; i++) {
      const parts = 1 + rnd(12);
      let frame = '';
      for (let j = 0; j < parts; j++) frame += pieces[rnd(pieces.length)];
      if (rnd(3) > 0) frame += '\r\n\r\n';
      batch += frame;
      if (batch.length > 64_000) { server.write(batch); batch = ''; }
    }
    server.write(`${batch}\r\n\r\n\r\n`);
    await settle(300);
    expect(sut.isConnected()).toBe(true);
    await expect(sut.action({ Action: 'Ping' })).resolves.toMatchObject({ ping: 'Pong' });
  });
});
