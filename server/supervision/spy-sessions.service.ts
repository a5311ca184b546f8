import type { SpySessionView } from '@contract/supervision.schemas';
import type { AuthRepository } from '../auth/auth.repository';
import type { AuthUser } from '../auth/roles';
import type { DomainEvents } from '../events/domain-events';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { PbxPort, PbxSpySession } from '../pbx/pbx-port';
import type { SupervisionRepository } from './supervision.repository';

// A supervisor's listen/whisper/barge session (issue #20.9). It is no call (server/pbx drops it from the call
// record), so nothing is written: the PBX is the truth. What runs now is read from the PBX's channels (a reloaded
// console, Stop), and the PBX's ChanSpyStart and Hangup of the spying channel (pbx.spy_changed) are pushed to the
// supervisor as they happen. A spying channel asked to leave that ChanSpy still lists is left out by the PbxPort
// itself, on every node (SpyEnds in server/pbx/spy-sessions.ts).
export class SpySessionsService {
  private readonly offs: Array<() => void> = [];
  /**
   * The session this node last pushed as running to each supervisor. A session that ends while the AMI link is down
   * is never seen ending (the resync leaves spy channels out), so when the link comes back these are looked up on the
   * PBX again and the supervisor is told what runs now (onLinkUp).
   */
  private readonly reported = new Map<number, { pbxId: string; uniqueid: string; channel: string; extension: string }>();

  constructor(
    private readonly repo: SupervisionRepository,
    private readonly users: AuthRepository,
    private readonly bus: EventBus,
    private readonly pbx: Map<string, PbxPort>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.offs.push(this.bus.subscribe('pbx.spy_changed', (e) => this.onSpyChanged(e)));
    this.offs.push(this.bus.subscribe('pbx.connection_changed', (e) => (e.connected ? this.onLinkUp(e.pbxId) : undefined)));
  }

  stop(): void {
    this.offs.splice(0).forEach((off) => off());
  }

  /** The supervisor's session now, from the PBX's channels; null when their phone spies on no live call. */
  async current(user: AuthUser): Promise<SpySessionView | null> {
    return user.extension ? (await this.runningView(user.extension))?.view ?? null : null;
  }

  async isSpying(user: AuthUser): Promise<boolean> {
    return (await this.running(user.extension)).length > 0;
  }

  /**
   * Hangs up the supervisor's spying channels on the PBX (AMI Hangup). The browser phone (sip.js) ends its own leg
   * with a BYE; this is for a phone the console does not hold: the loopback phone, a desk phone, a reloaded console.
   */
  async stopAll(user: AuthUser): Promise<number> {
    let stopped = 0;
    let failure: unknown = null;
    for (const { port, session } of await this.running(user.extension)) {
      try {
        await port.stopSpy(session.channel, session.uniqueid);
        stopped++;
        // Asterisk 20 reports no hangup request for an AMI Hangup (manager.c sets the soft hangup flag only), and
        // ChanSpy leaves only when a frame passes through the spied channel: the end is told from here.
        this.report(user.id, null, session.channel);
      } catch (err) {
        // The session may have ended between the listing and the Hangup (the call ended, the phone hung up).
        this.log.warn({ err, channel: session.channel }, 'spy channel not hung up');
        failure ??= err;
      }
    }
    if (stopped === 0 && failure) throw failure;
    return stopped;
  }

  private async running(extension: string | null): Promise<Array<{ port: PbxPort; session: PbxSpySession }>> {
    if (!extension) return [];
    const out: Array<{ port: PbxPort; session: PbxSpySession }> = [];
    for (const port of this.pbx.values()) {
      if (!port.isConnected()) continue;
      try {
        for (const session of await port.spySessions()) {
          if (session.extension === extension) out.push({ port, session });
        }
      } catch (err) {
        this.log.warn({ err, pbxId: port.pbxId }, 'spy sessions not read from the PBX');
      }
    }
    // The newest first (Uniqueid is the channel's creation time, then a counter).
    return out.sort((a, b) => b.session.uniqueid.localeCompare(a.session.uniqueid, 'en', { numeric: true }));
  }

  private async view(s: { channel: string; targetChannel: string; mode: SpySessionView['mode']; startedAt: string }): Promise<SpySessionView | null> {
    const call = await this.repo.spiedCall(s.targetChannel);
    if (!call) return null;
    return {
      callId: call.callId, mode: s.mode, agentUserId: call.agentUserId, agentName: call.agentName,
      customerNumber: call.direction === 'outbound' ? call.calledNumber : call.callerNumber, customerName: call.customerName,
      channel: s.channel, startedAt: s.startedAt,
    };
  }

  private async onSpyChanged(e: DomainEvents['pbx.spy_changed']): Promise<void> {
    if (!e.extension) return;
    const user = await this.users.findByExtension(e.extension);
    if (!user) return;
    if (!e.active) {
      this.report(user.id, null, e.channel);
      return;
    }
    if (!e.targetChannel || !e.mode) return;
    const session = await this.view({ channel: e.channel, targetChannel: e.targetChannel, mode: e.mode, startedAt: e.at });
    if (session) this.report(user.id, session, null, { pbxId: e.pbxId, uniqueid: e.uniqueid, extension: e.extension });
  }

  /**
   * The PBX link is up again: every session pushed as running on this PBX that it no longer runs ended unseen. Its
   * supervisor is told what runs now (null, or another session started meanwhile, e.g. from another node).
   */
  private async onLinkUp(pbxId: string): Promise<void> {
    const affected = [...this.reported].filter(([, r]) => r.pbxId === pbxId);
    const port = this.pbx.get(pbxId);
    if (affected.length === 0 || !port?.isConnected()) return;
    let live: PbxSpySession[];
    try {
      live = await port.spySessions();
    } catch (err) {
      this.log.warn({ err, pbxId }, 'spy sessions not re-read after the PBX link came back');
      return;
    }
    const running = new Set(live.map((s) => s.uniqueid));
    for (const [userId, was] of affected) {
      if (running.has(was.uniqueid) || this.reported.get(userId) !== was) continue;
      const now = await this.runningView(was.extension);
      if (this.reported.get(userId) !== was) continue; // pushed again meanwhile (a new session, a Stop)
      this.report(userId, now?.view ?? null, was.channel, now ? { pbxId: now.pbxId, uniqueid: now.uniqueid, extension: was.extension } : undefined);
    }
  }

  private async runningView(extension: string): Promise<{ view: SpySessionView; pbxId: string; uniqueid: string } | null> {
    for (const { port, session } of await this.running(extension)) {
      const view = await this.view(session);
      if (view) return { view, pbxId: port.pbxId, uniqueid: session.uniqueid };
    }
    return null;
  }

  /** Pushes the supervisor's session (through server/realtime/fanout.ts) and remembers what was pushed. */
  private report(userId: number, session: SpySessionView | null, endedChannel: string | null,
    on?: { pbxId: string; uniqueid: string; extension: string }): void {
    if (session && on) this.reported.set(userId, { ...on, channel: session.channel });
    else this.reported.delete(userId);
    this.bus.publish('supervision.session_changed', { userId, session, endedChannel });
  }
}
