import net from 'node:net';
import { ActionParser } from '../../../server/pbx/simulator/sim-wire';

// A tiny raw AMI server that answers Login/Ping properly and lets the test write arbitrary bytes to the client.

export interface RawServer { port: number; write(data: string | Buffer): void; close(): Promise<void> }

export async function rawServer(): Promise<RawServer> {
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

