import net from 'node:net';
import { ActionParser } from '../../server/pbx/simulator/sim-wire';

/**
 * The least an AMI server must do for a Warmline PBX link to connect and stay up: the banner, Login and Ping
 * answered, the resync's lists (CoreShowChannels, QueueStatus) answered empty. What else reaches the client is
 * written by the caller (`write`, `latest`): used where the PBX's frames are made up by the test or bench itself
 * (tests/unit/pbx/ami-backpressure.tcp.test.ts, bench/support/ingest-driver.ts), not scenarios (that is the simulator).
 */
export interface BareAmiServer {
  readonly port: number;
  /** The connection made last (a reconnecting client replaces the one before), or null before any. */
  readonly latest: net.Socket | null;
  /** Writes to every open connection. */
  write(data: string): void;
  close(): Promise<void>;
}

export async function startBareAmiServer(host = '127.0.0.1'): Promise<BareAmiServer> {
  const sockets = new Set<net.Socket>();
  let latest: net.Socket | null = null;
  const server = net.createServer((s) => {
    sockets.add(s);
    latest = s;
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    const parser = new ActionParser();
    s.write('Asterisk Call Manager/9.0.0\r\n');
    s.on('data', (chunk) => {
      for (const a of parser.push(chunk.toString('utf8'))) {
        const id = a.headers.get('actionid') ?? '';
        if (a.name === 'coreshowchannels' || a.name === 'queuestatus') {
          const done = a.name === 'queuestatus' ? 'QueueStatusComplete' : 'CoreShowChannelsComplete';
          s.write(`Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: follows\r\n\r\nEvent: ${done}\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`);
        } else {
          s.write(`Response: Success\r\nActionID: ${id}\r\nMessage: ok\r\n${a.name === 'ping' ? 'Ping: Pong\r\n' : ''}\r\n`);
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    port: (server.address() as net.AddressInfo).port,
    get latest() { return latest; },
    write(data) { for (const s of sockets) s.write(data); },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
