import type { WarmlineIo, WarmlineSocket } from '../realtime/gateway';
import { rooms } from '../realtime/rooms';
import type { Logger } from '../logger';

export interface PresenceAgents {
  consoleGone(userId: number): Promise<boolean>;
  consoleBack(userId: number): Promise<boolean>;
}

// Issue #20.1: a closed tab must not stay Ready for ever. When a user's last console socket goes, a timer waits
// CONSOLE_AWAY_SECONDS (a reload or a network blip reconnects well within it); if no socket of that user is back by
// then (on any node: fetchSockets asks the whole cluster through the adapter), the agent is paused as 'away'. The
// next console connection restores the state the agent had. Timers are per node and in memory: a node that dies
// with a timer pending leaves the agent as it was, which is what happened before this existed.
export class AgentPresence {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly io: WarmlineIo, private readonly agents: PresenceAgents, private readonly graceMs: () => number, private readonly log: Logger) {}

  start(): void {
    this.io.on('connection', (socket: WarmlineSocket) => this.connected(socket));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private connected(socket: WarmlineSocket): void {
    const userId = socket.data.user.id;
    const pending = this.timers.get(userId);
    if (pending) clearTimeout(pending);
    this.timers.delete(userId);
    this.agents.consoleBack(userId).catch((err: unknown) => this.log.warn({ err, userId }, 'restoring an agent after reconnect failed'));
    socket.on('disconnect', (reason) => {
      // The server closing its own sockets (shutdown, a node leaving) says nothing about the agent.
      if (this.stopped || reason === 'server namespace disconnect' || reason === 'server shutting down') return;
      this.schedule(userId);
    });
  }

  private schedule(userId: number): void {
    const pending = this.timers.get(userId);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      this.timers.delete(userId);
      void this.check(userId);
    }, this.graceMs());
    timer.unref?.();
    this.timers.set(userId, timer);
  }

  private async check(userId: number): Promise<void> {
    if (this.stopped) return;
    try {
      const sockets = await this.io.in(rooms.user(userId)).fetchSockets();
      if (sockets.length > 0 || this.stopped) return;
      if (await this.agents.consoleGone(userId)) this.log.info({ userId }, 'agent paused: console closed');
    } catch (err) {
      this.log.warn({ err, userId }, 'pausing an agent whose console closed failed');
    }
  }
}
