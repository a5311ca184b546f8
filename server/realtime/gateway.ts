import { Server, type Socket } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import type { AuthService } from '../auth/auth.service';
import type { AuthUser, Role } from '../auth/roles';
import { SUPERVISORS } from '../auth/roles';
import type { Logger } from '../logger';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@contract/wire-events';
import { rooms } from './rooms';
import { AppError } from '../http/app-error';

export type WarmlineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
export type WarmlineIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;

export interface SocketCommand<S extends TSchema = TSchema> {
  event: string;
  roles: readonly Role[];
  schema: S;
  handle(user: AuthUser, payload: unknown, socket: WarmlineSocket): Promise<unknown>;
}

// Authenticates on handshake (auth.token), joins the user's own rooms, and runs client commands after checking
// role and payload schema. A command never crashes the socket: bad input gets an error ack.
export class RealtimeGateway {
  readonly io: WarmlineIo;
  private readonly commands = new Map<string, SocketCommand>();

  constructor(httpServer: HttpServer, private readonly auth: AuthService, private readonly log: Logger) {
    this.io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024, cors: { origin: false } });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      this.auth.authenticate(typeof token === 'string' ? token : undefined)
        .then((user) => {
          if (!user) return next(new Error('unauthorized'));
          socket.data.user = user;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  register(command: SocketCommand): void {
    this.commands.set(command.event, command);
  }

  listCommands(): SocketCommand[] {
    return [...this.commands.values()];
  }

  private onConnection(socket: WarmlineSocket): void {
    const user = socket.data.user;
    void socket.join(rooms.user(user.id));
    void socket.join(rooms.role(user.role));
    if (SUPERVISORS.includes(user.role)) void socket.join(rooms.supervision);
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack<unknown>) : undefined;
      void this.dispatch(socket, event, args[0], ack);
    });
  }

  private async dispatch(socket: WarmlineSocket, event: string, payload: unknown, ack?: Ack<unknown>): Promise<void> {
    const reply = ack ?? (() => {});
    const command = this.commands.get(event);
    if (!command) return reply({ ok: false, error: { code: 'unknown-event', message: `Unknown event ${String(event).slice(0, 64)}` } });
    const user = socket.data.user;
    if (!command.roles.includes(user.role)) return reply({ ok: false, error: { code: 'forbidden', message: 'You do not have permission for this action' } });
    if (!Value.Check(command.schema, payload)) {
      const first = Value.Errors(command.schema, payload).First();
      return reply({ ok: false, error: { code: 'validation-failed', message: first ? `${first.path || 'payload'}: ${first.message}` : 'Invalid payload' } });
    }
    try {
      const data = await command.handle(user, payload, socket);
      reply({ ok: true, data: data ?? null });
    } catch (err) {
      if (err instanceof AppError && err.statusCode < 500) return reply({ ok: false, error: { code: err.code, message: err.message } });
      this.log.error({ err, event }, 'socket command failed');
      reply({ ok: false, error: { code: 'internal-error', message: 'Something went wrong on our side; it has been logged.' } });
    }
  }

  // Not io.close(): that would also close the HTTP server, which fastify owns and closes itself. `local`: with the
  // Redis adapter a plain disconnectSockets() would disconnect every node's sockets, not just this node's.
  close(): void {
    this.io.local.disconnectSockets(true);
    this.io.engine.close();
  }
}
