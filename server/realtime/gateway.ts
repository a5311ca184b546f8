import { Server, type Socket } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import type { AuthService, AuthSession } from '../auth/auth.service';
import type { AuthUser, Role } from '../auth/roles';
import { SUPERVISORS } from '../auth/roles';
import type { Logger } from '../logger';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@contract/wire-events';
import { SOCKET_COMMANDS, type SocketCommandName, type SocketCommandPayload } from '@contract/socket-commands.schemas';
import { rooms } from './rooms';
import { AppError } from '../http/app-error';
import { originAllowed, sessionRoom, untilExpiry } from './socket-auth';

/** What a socket was opened with: the user as of the last check, and the token it must keep proving. */
export interface SocketData { user: AuthUser; token: string; jti: string; expiresAt: Date }
export type WarmlineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type WarmlineIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayOptions {
  /** How often every local socket's session is re-checked (deactivation, role change, revocation). */
  recheckMs: number;
  /** Browser origins besides the console's own that may open a socket. */
  allowedOrigins: readonly string[];
}

/** A command's payload schema is the contract's (SOCKET_COMMANDS); the handler gets the payload it validated. */
export interface SocketCommand<K extends SocketCommandName = SocketCommandName> {
  event: K;
  roles: readonly Role[];
  handle(user: AuthUser, payload: SocketCommandPayload<K>, socket: WarmlineSocket): Promise<unknown>;
}
type RegisteredCommand = SocketCommand & { schema: TSchema; handle(user: AuthUser, payload: unknown, socket: WarmlineSocket): Promise<unknown> };

// Authenticates on handshake (auth.token), joins the user's own rooms, and runs client commands after checking
// role and payload schema. A command never crashes the socket: bad input gets an error ack.
// A socket lives only as long as its session: every command re-checks the token, a timer closes it when the
// token expires, logout closes the sockets of that token on every node, and a periodic sweep closes those whose
// user was deactivated or changed role (whose rooms would be wrong), so no event reaches a session that ended.
export class RealtimeGateway {
  readonly io: WarmlineIo;
  private readonly commands = new Map<string, RegisteredCommand>();
  private readonly sweepTimer: NodeJS.Timeout;
  private sweeping = false;
  private closedFlag = false;
  private readonly pendingWork = new Set<Promise<unknown>>();

  /** This node stopped serving sockets: what it sees of the room is no longer the truth (agent-presence.ts). */
  get closed(): boolean {
    return this.closedFlag;
  }

  constructor(httpServer: HttpServer, private readonly auth: AuthService, private readonly log: Logger, options: GatewayOptions) {
    this.io = new Server(httpServer, {
      serveClient: false, maxHttpBufferSize: 64 * 1024, cors: { origin: false },
      allowRequest: (req, done) => {
        const ok = originAllowed(req, options.allowedOrigins);
        done(ok ? null : 'origin not allowed', ok);
      },
    });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      this.auth.authenticateSession(typeof token === 'string' ? token : undefined)
        .then((session) => {
          if (!session) return next(new Error('unauthorized'));
          // A password set by an administrator must be replaced first (issue #21): no live console until then.
          if (session.user.mustChangePassword) return next(new Error('password-change-required'));
          socket.data.user = session.user;
          socket.data.token = token as string;
          socket.data.jti = session.claims.jti;
          socket.data.expiresAt = session.claims.expiresAt;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.sweepTimer = setInterval(() => void this.sweep(), options.recheckMs);
    this.sweepTimer.unref();
  }

  /** Logout: closes every socket opened with this token, on every node (the Redis adapter carries it). */
  disconnectSession(jti: string): void {
    this.io.in(sessionRoom(jti)).disconnectSockets(true);
  }

  /** Deactivation, role change, password reset: closes every socket of the user, on every node. */
  disconnectUser(userId: number): void {
    this.io.in(rooms.user(userId)).disconnectSockets(true);
  }

  register<K extends SocketCommandName>(command: SocketCommand<K>): void {
    this.commands.set(command.event, { ...command, schema: SOCKET_COMMANDS[command.event] } as unknown as RegisteredCommand);
  }

  listCommands(): RegisteredCommand[] {
    return [...this.commands.values()];
  }

  private onConnection(socket: WarmlineSocket): void {
    const user = socket.data.user;
    void socket.join(sessionRoom(socket.data.jti));
    const expiry = setTimeout(() => this.end(socket, 'token expired'), untilExpiry(socket.data.expiresAt));
    socket.once('disconnect', () => clearTimeout(expiry));
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
    const user = await this.recheck(socket);
    if (!user) {
      // The refusal first, then the close: the client learns why.
      reply({ ok: false, error: { code: 'unauthorized', message: 'Your session has ended; sign in again' } });
      return this.end(socket, 'session ended');
    }
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

  /** The socket's user as of now; null when its session no longer holds (or the role changed: rooms differ). */
  private async recheck(socket: WarmlineSocket): Promise<AuthUser | null> {
    const session: AuthSession | null = await this.auth.authenticateSession(socket.data.token).catch(() => null);
    if (!session || session.user.role !== socket.data.user.role || session.user.mustChangePassword) return null;
    socket.data.user = session.user;
    return session.user;
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const sockets = [...this.io.of('/').sockets.values()];
      if (sockets.length === 0) return;
      const live = await this.auth.liveSessions(sockets.map((s) => ({ userId: s.data.user.id, jti: s.data.jti })));
      const roleOf = new Map(live.map((l) => [`${l.id}/${l.jti}`, l.role]));
      const now = new Date();
      for (const socket of sockets) {
        const role = roleOf.get(`${socket.data.user.id}/${socket.data.jti}`);
        if (!role) this.end(socket, 'session ended');
        else if (role !== socket.data.user.role) this.end(socket, 'role changed');
        else if (socket.data.expiresAt <= now) this.end(socket, 'token expired');
      }
    } catch (err) {
      this.log.warn({ err }, 'socket session sweep failed; retrying at the next interval');
    } finally {
      this.sweeping = false;
    }
  }

  private end(socket: WarmlineSocket, reason: string): void {
    if (!socket.connected) return;
    this.log.info({ userId: socket.data.user.id, reason }, 'socket closed: session no longer valid');
    socket.disconnect(true);
  }

  // Not io.close(): that would also close the HTTP server, which fastify owns and closes itself. `local`: with the
  // Redis adapter a plain disconnectSockets() would disconnect every node's sockets, not just this node's.
  async close(): Promise<void> {
    this.closedFlag = true;
    clearInterval(this.sweepTimer);
    this.io.local.disconnectSockets(true);
    this.io.engine.close();
    // Work the disconnects started (agent-presence.ts schedules the closed-console check) ends before the jobs and
    // the database close after this.
    await Promise.allSettled([...this.pendingWork]);
  }

  /** Keeps the node's shutdown waiting for this promise (a socket's disconnect handler writing to the DB). */
  track(work: Promise<unknown>): void {
    this.pendingWork.add(work);
    void work.finally(() => this.pendingWork.delete(work));
  }
}
