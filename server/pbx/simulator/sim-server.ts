import net from 'node:net';
import { serializeFrame } from './sim-frames';
import type { Frame } from './sim-model';
import { SessionEventFilters } from './sim-filters';
import { ActionParser, type ActionFrame } from './sim-wire';

// TCP side of the simulator: banner, one session per socket, event fan-out to logged-in sessions with events on.

export interface SimSession {
  readonly id: number;
  authed: boolean;
  events: boolean;
  /** Added with the Filter action; applied to events only (see sim-filters.ts). */
  readonly filters: SessionEventFilters;
  send(frame: Frame): void;
  close(): void;
}

export type ActionHandler = (session: SimSession, action: ActionFrame) => void;

export class AmiSimServer {
  private readonly server: net.Server;
  private readonly sessions = new Set<SimSession & { socket: net.Socket; write(payload: string): void }>();
  private seq = 0;

  constructor(private readonly onAction: ActionHandler, private readonly banner = 'Asterisk Call Manager/9.0.0') {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    const parser = new ActionParser();
    const write = (payload: string) => { if (!socket.destroyed && socket.writable) socket.write(payload); };
    const session = {
      id: ++this.seq, authed: false, events: true, socket, filters: new SessionEventFilters(), write,
      send: (frame: Frame) => write(serializeFrame(frame)),
      close: () => socket.end(),
    };
    this.sessions.add(session);
    socket.on('data', (chunk: string) => {
      for (const action of parser.push(chunk)) {
        try { this.onAction(session, action); } catch (err) {
          session.send([['Response', 'Error'], ['ActionID', action.headers.get('actionid') ?? ''], ['Message', String((err as Error).message)]]);
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sessions.delete(session));
    socket.write(`${this.banner}\r\n`);
  }

  broadcast(frame: Frame): void {
    let payload: string | undefined;
    for (const s of this.sessions) {
      if (!s.authed || !s.events) continue;
      payload ??= serializeFrame(frame);
      if (s.filters.passes(payload)) s.write(payload);
    }
  }

  /** Writes raw bytes to every connected socket (tests: malformed input). */
  writeRaw(data: string | Buffer): void {
    for (const s of this.sessions) if (!s.socket.destroyed) s.socket.write(data);
  }

  get sessionCount(): number { return this.sessions.size; }

  /** Abruptly resets every connection (RST), like a PBX restart or a network cut. */
  dropAll(): void {
    for (const s of this.sessions) s.socket.resetAndDestroy();
    this.sessions.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
