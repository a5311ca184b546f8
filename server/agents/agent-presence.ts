import type { RealtimeGateway, WarmlineSocket } from '../realtime/gateway';
import { rooms } from '../realtime/rooms';
import type { JobQueue } from '../jobs/job-queue';
import { JOBS } from '../jobs/job-queue';
import type { Logger } from '../logger';

export interface PresenceAgents {
  consoleGone(userId: number, generation: number): Promise<boolean>;
  consoleBack(userId: number): Promise<boolean>;
}

export interface PresenceConsoles {
  consoleConnected(userId: number): Promise<number>;
  consoleDisconnected(userId: number): Promise<number>;
  consolesLeftConnected(): Promise<Array<{ userId: number; generation: number }>>;
  consoleLost(userId: number, generation: number): Promise<boolean>;
}

// Issue #20.1: a closed tab must not stay Ready for ever. When a user's console socket goes, a delayed job waits
// CONSOLE_AWAY_SECONDS (a reload or a network blip reconnects well within it); if by then no socket of that user is
// connected on any node (fetchSockets asks the whole cluster through the adapter) and no console connected since
// (the generation in agent_consoles, bumped on every connection), the agent is paused as 'away'. The next console
// connection restores the state the agent had.
// The job is a BullMQ delayed job when Redis is configured, so it survives the node that scheduled it (a restart, a
// node leaving) and any node runs it. A node closing its sockets on shutdown schedules it too: the browser
// reconnects to another node (a new generation: nothing happens) or it does not (the agent is paused).
// Race this closes (the e2e flake of shift-missed-away): the check saw no socket, a console connected and found
// the agent still ready (nothing to restore), then the pause landed: paused 'away' with a console open. Now the
// connection's generation bump and the pause's generation check take the same row lock.
// A node killed outright (SIGKILL, a lost machine) never sees its sockets disconnect, so it schedules nothing: every
// node sweeps for consoles the database counts as connected that no node of the cluster holds, records the missing
// disconnect (only if no console connected since) and schedules the same check, so those agents are paused too.
export class AgentPresence {
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly agents: PresenceAgents,
    private readonly consoles: PresenceConsoles,
    private readonly jobs: JobQueue,
    private readonly graceMs: () => number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.gateway.io.on('connection', (socket: WarmlineSocket) => this.connected(socket));
    this.jobs.process(JOBS.agentConsoleAway, async (payload) => {
      await this.check(Number(payload.userId), Number(payload.generation));
    });
    // As often as the grace period, within 1-15 s: a dead node's consoles are found within about twice the grace.
    const every = Math.max(1000, Math.min(this.graceMs(), 15_000));
    this.sweeper = setInterval(() => void this.sweep(), every);
    this.sweeper.unref();
  }

  /** Consoles left behind by a node that died: see the class comment. */
  async sweep(): Promise<void> {
    if (this.gateway.closed) { clearInterval(this.sweeper); return; }
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const { userId, generation } of await this.consoles.consolesLeftConnected()) {
        const sockets = await this.gateway.io.in(rooms.user(userId)).fetchSockets();
        if (sockets.length > 0 || !(await this.consoles.consoleLost(userId, generation))) continue;
        this.log.info({ userId }, 'console left by a node that is gone: scheduling the away check');
        await this.enqueueCheck(userId, generation);
      }
    } catch (err) {
      this.log.warn({ err }, 'sweeping for consoles of gone nodes failed');
    } finally {
      this.sweeping = false;
    }
  }

  private connected(socket: WarmlineSocket): void {
    const userId = socket.data.user.id;
    // The bump first: once it is committed, a pending away job of an older generation can no longer pause the agent,
    // and a pause that committed before it is seen (and undone) by consoleBack.
    this.consoles.consoleConnected(userId)
      .then(() => this.agents.consoleBack(userId))
      .catch((err: unknown) => this.log.warn({ err, userId }, 'restoring an agent after reconnect failed'));
    socket.on('disconnect', () => this.gateway.track(this.schedule(userId)));
  }

  private async schedule(userId: number): Promise<void> {
    try {
      await this.enqueueCheck(userId, await this.consoles.consoleDisconnected(userId));
    } catch (err) {
      this.log.warn({ err, userId }, 'scheduling the closed-console check failed');
    }
  }

  /** The away check for this console generation, after the grace period (one job per generation). */
  private async enqueueCheck(userId: number, generation: number): Promise<void> {
    await this.jobs.add(JOBS.agentConsoleAway, { userId, generation },
      { jobId: `console-away-${userId}-${generation}`, delayMs: this.graceMs(), attempts: 3, backoffMs: 1000 });
  }

  private async check(userId: number, generation: number): Promise<void> {
    // A node whose gateway closed sees none of the cluster's sockets: leave the job to a node that still serves.
    if (this.gateway.closed) {
      if (this.jobs.kind === 'bullmq') throw new Error('gateway closed on this node');
      return;
    }
    const sockets = await this.gateway.io.in(rooms.user(userId)).fetchSockets();
    if (sockets.length > 0) return;
    if (await this.agents.consoleGone(userId, generation)) this.log.info({ userId }, 'agent paused: console closed');
  }
}
