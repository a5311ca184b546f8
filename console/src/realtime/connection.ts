import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import type { ClientToServerEvents, ServerToClientEvents } from '@contract/wire-events';

// The socket itself and the commands sent on it. Kept apart from socket.ts (which maps pushes to store actions and
// so imports the stores) because stores send commands too: with both in one file a store and the socket module
// imported each other.

export type WarmlineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AckReply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

let socket: WarmlineSocket | null = null;

export const realtimeStatus = ref<'offline' | 'connecting' | 'online'>('offline');

/** Opens the one socket of the console (closing any earlier one's listeners first is the caller's job). */
export function openSocket(token: string): WarmlineSocket {
  realtimeStatus.value = 'connecting';
  socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });
  return socket;
}

export function closeSocket(): void {
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  realtimeStatus.value = 'offline';
}

/** Client -> server command with the gateway's ack contract {ok:true,data}|{ok:false,error}. */
export function sendCommand<T = unknown>(event: string, payload: unknown, timeoutMs = 8000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!socket?.connected) {
      reject(new Error('Not connected to the server'));
      return;
    }
    // socket.io's typed timeout() rewrites the ack signature in a way the index-signature contract cannot express.
    const timed = socket.timeout(timeoutMs) as unknown as { emit(ev: string, payload: unknown, cb: (err: Error | null, reply: AckReply) => void): void };
    timed.emit(event, payload, (err, reply) => {
      if (err) reject(new Error('The server did not answer in time'));
      else if (reply.ok) resolve(reply.data as T);
      else reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
  });
}
