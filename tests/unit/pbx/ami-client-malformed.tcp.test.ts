import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../server/pbx/ami-client';
import { ActionParser } from '../../../server/pbx/simulator/sim-wire';

// A tiny raw AMI server that answers Login/Ping properly and lets the test write arbitrary bytes to the client.

interface RawServer { port: number; write(data: string | Buffer): void; close(): Promise<void> }

async function rawServer(): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    const parser = new ActionParser();
    s.write('Asterisk Call Manager/9.0.0\r\n');
    s.on('data', (chunk) => {
      for (const a of parser.push(chunk.toString('utf8'))) {
        const id = a.headers.get('actionid') ?? '';
        if (a.name === 'login') s.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
        else if (a.name === 'ping') s.write(`\r\n\r\nResponse: Success\r\nActionID: ${id}\r\nPing: Pong\r\nTimestamp: 1.0\r\n\r\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    write: (data) => { for (const s of sockets) s.write(data); },
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

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
