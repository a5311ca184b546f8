import type { QueueStatsView } from '@contract/supervision.schemas';
import type { SupervisionRepository, QueueStatsRow } from './supervision.repository';
import type { AgentsService } from '../agents/agents.service';
import type { AgentsRepository } from '../agents/agents.repository';
import type { AuditRepository } from '../audit/audit.repository';
import type { CallsRepository } from '../calls/calls.repository';
import { toCallSummary } from '../calls/calls.repository';
import type { EventBus } from '../events/event-bus';
import type { PbxPort, SpyMode } from '../pbx/pbx-port';
import type { AuthUser } from '../auth/roles';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../http/app-error';
import type { LocaleDefaults } from '../settings/locale-defaults';
import type { SpySessionsService } from './spy-sessions.service';

export type { QueueStatsView };

function startOfToday(timeZone: string, now = new Date()): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(now).map((p) => [p.type, p.value]));
  const elapsed = (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 + now.getMilliseconds();
  return new Date(now.getTime() - elapsed);
}

export function toQueueStats(r: QueueStatsRow, now = Date.now()): QueueStatsView {
  const longest = r.oldestQueuedAt ? Math.max(0, Math.round((now - r.oldestQueuedAt.getTime()) / 1000)) : 0;
  const slBase = r.answered + r.abandonedAfterSl;
  const alerts: QueueStatsView['alerts'] = [];
  if (longest >= r.alertWaitSeconds) alerts.push({ kind: 'wait_time', value: longest, threshold: r.alertWaitSeconds });
  if (r.waiting >= r.alertQueueLength) alerts.push({ kind: 'queue_length', value: r.waiting, threshold: r.alertQueueLength });
  return {
    queue: r.queue, displayName: r.displayName, waiting: r.waiting, longestWaitSeconds: longest, offered: r.offered,
    answered: r.answered, abandoned: r.abandoned, serviceLevel: slBase ? Math.round((1000 * r.answeredWithinSl) / slBase) / 10 : null,
    serviceLevelSeconds: r.serviceLevelSeconds, avgAnswerSeconds: r.avgAnswerSeconds === null ? null : Math.round(r.avgAnswerSeconds * 10) / 10,
    avgHandleSeconds: r.avgHandleSeconds === null ? null : Math.round(r.avgHandleSeconds * 10) / 10, alerts,
  };
}

// Supervisors' live view and their actions on the floor. Every action lands in the audit log; spying is
// announced to nobody (ChanSpy with the quiet option).
export class SupervisionService {
  private readonly raised = new Set<string>();

  constructor(
    private readonly repo: SupervisionRepository,
    private readonly agents: AgentsService,
    private readonly agentsRepo: AgentsRepository,
    private readonly calls: CallsRepository,
    private readonly audit: AuditRepository,
    private readonly bus: EventBus,
    private readonly pbx: Map<string, PbxPort>,
    private readonly locale: LocaleDefaults,
    private readonly sessions: SpySessionsService,
  ) {}

  async queueStats(queue?: string): Promise<QueueStatsView[]> {
    const stats = (await this.repo.queueStats(startOfToday(this.locale.timezone()), queue)).map((r) => toQueueStats(r));
    for (const s of stats) this.raiseAlerts(s);
    return stats;
  }

  /** Alerts are raised once when a threshold is crossed, and re-armed when the queue falls back under it. */
  private raiseAlerts(s: QueueStatsView): void {
    for (const kind of ['wait_time', 'queue_length'] as const) {
      const key = `${s.queue}/${kind}`;
      const alert = s.alerts.find((a) => a.kind === kind);
      if (alert && !this.raised.has(key)) {
        this.raised.add(key);
        this.bus.publish('supervision.alert_raised', { queue: s.queue, kind, value: alert.value, threshold: alert.threshold });
      } else if (!alert) {
        this.raised.delete(key);
      }
    }
  }

  async snapshot() {
    const since = startOfToday(this.locale.timezone());
    const [queues, agents, states, handled, calls] = await Promise.all([
      this.queueStats(), this.agentsRepo.listAgents(), this.agents.snapshot(), this.repo.agentCallsToday(since), this.repo.liveCalls(),
    ]);
    const stateBy = new Map(states.map((s) => [s.userId, s]));
    return {
      at: new Date().toISOString(),
      queues,
      agents: agents.map((a) => {
        const s = stateBy.get(a.id);
        return {
          userId: a.id, displayName: a.displayName, extension: a.extension, role: a.role,
          state: s?.state ?? 'offline', reason: s?.reason ?? null, since: s?.since ?? null, callId: s?.callId ?? null,
          callsHandled: handled.get(a.id) ?? 0,
        };
      }),
      calls: calls.map(toCallSummary),
    };
  }

  async spy(supervisor: AuthUser, callId: number, mode: SpyMode, ip: string | null): Promise<{ channel: string }> {
    if (!supervisor.extension) throw new ValidationError('Your user has no extension to listen from');
    const call = await this.calls.findById(callId);
    if (!call || call.status === 'ended') throw new NotFoundError('live-call', callId);
    const channel = await this.repo.liveAgentChannel(callId);
    if (!channel) throw new ConflictError('call-not-connected', 'The call has no agent on it yet');
    const port = this.pbx.get(call.pbx_id);
    if (!port?.isConnected()) throw new UnavailableError('pbx-unavailable', 'The phone system is not connected');
    // One session per supervisor: a second Originate would ring a phone that is on the first one (the browser phone
    // refuses it 486). Another mode is Stop, then the new mode.
    if (await this.sessions.isSpying(supervisor)) throw new ConflictError('spy-session-active', 'You are already listening to a call: stop it first');
    await port.spy(supervisor.extension, channel, mode);
    await this.audit.record({ userId: supervisor.id, action: `supervision.${mode}`, target: `call:${callId}`, details: { channel, pbxId: call.pbx_id }, ip });
    return { channel };
  }

  /** Ends the supervisor's spy session on the PBX (their spying channel is hung up); audited like its start. */
  async stopSpy(supervisor: AuthUser, ip: string | null): Promise<{ stopped: number }> {
    const session = await this.sessions.current(supervisor);
    const stopped = await this.sessions.stopAll(supervisor);
    if (stopped > 0) await this.audit.record({ userId: supervisor.id, action: 'supervision.stop', target: session ? `call:${session.callId}` : null, details: { mode: session?.mode ?? null }, ip });
    return { stopped };
  }

  async agentControl(supervisor: AuthUser, userId: number, action: 'pause' | 'unpause' | 'logoff', reason: string | null, ip: string | null) {
    const view = action === 'logoff'
      ? await this.agents.logoff(userId)
      : await this.agents.setState(userId, action === 'pause' ? 'paused' : 'ready', action === 'pause' ? reason ?? 'admin' : null, { force: true });
    await this.audit.record({ userId: supervisor.id, action: `supervision.agent_${action}`, target: `user:${userId}`, details: { reason }, ip });
    return view;
  }
}
