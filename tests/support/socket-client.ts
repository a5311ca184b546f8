import { io, type Socket } from 'socket.io-client';

export interface RecordingSocket {
  socket: Socket;
  received: Array<{ event: string; payload: unknown }>;
  waitFor<T = unknown>(event: string, predicate?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  command<T = unknown>(event: string, payload: unknown): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }>;
  close(): void;
}

// A real socket.io client that records everything the server pushes to it.
export async function connectSocket(baseUrl: string, token: string): Promise<RecordingSocket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: RecordingSocket['received'] = [];
  const waiters: Array<{ event: string; predicate: (p: unknown) => boolean; resolve: (p: unknown) => void }> = [];
  socket.onAny((event: string, payload: unknown) => {
    received.push({ event, payload });
    for (const w of [...waiters]) {
      if (w.event === event && w.predicate(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return {
    socket,
    received,
    waitFor<T>(event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 5000) {
      const hit = received.find((r) => r.event === event && predicate(r.payload as T));
      if (hit) return Promise.resolve(hit.payload as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
        waiters.push({ event, predicate: predicate as (p: unknown) => boolean, resolve: (p) => { clearTimeout(timer); resolve(p as T); } });
      });
    },
    command(event, payload) {
      return new Promise((resolve) => socket.emit(event, payload, resolve));
    },
    close: () => socket.close(),
  };
}
