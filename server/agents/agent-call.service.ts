import type { AgentsRepository } from './agents.repository';
import type { CallsRepository } from '../calls/calls.repository';
import { toCallSummary } from '../calls/calls.repository';
import type { PbxPort } from '../pbx/pbx-port';
import type { CallSummary, ScreenPopPayload } from '@contract/wire-events';
import type { QueuesWaitingView } from '@contract/agents.schemas';
import type { Logger } from '../logger';
import { ConflictError, UnavailableError } from '../http/app-error';

export interface CurrentCall {
  call: CallSummary | null;
  pop: ScreenPopPayload | null;
  /** An attended transfer's consultation is in progress on this call (Complete/Cancel shown). */
  consulting: boolean;
}

// Issue #20.2: the server is the truth of the agent's call. After a reload the console asks here for the call the
// agent is on (or ringing with) and its pop, and when the browser's own SIP leg is gone (a reload drops it, an
// outbound call was placed by Originate) the call is controlled through the PBX: hang up over AMI.
export class AgentCallService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly calls: CallsRepository,
    private readonly pbx: Map<string, PbxPort>,
    private readonly buildPop: (callId: number, userId: number) => Promise<ScreenPopPayload | null>,
    private readonly log: Logger,
  ) {}

  private async liveCallOf(userId: number) {
    const state = await this.agents.current(userId);
    if (!state?.callId || (state.state !== 'on_call' && state.state !== 'ringing')) return null;
    const row = await this.calls.findById(state.callId);
    return row && row.status !== 'ended' ? row : null;
  }

  async current(userId: number): Promise<CurrentCall> {
    const row = await this.liveCallOf(userId);
    if (!row) return { call: null, pop: null, consulting: false };
    const pop = await this.buildPop(row.id, userId).catch((err: unknown) => {
      this.log.warn({ err, callId: row.id }, 'pop for the current call not built');
      return null;
    });
    // A consultation counts while the caller is held on this call: an abort on the PBX (the target declined, the
    // desk phone's own cancel) gives the caller back, which ends the hold, and leaves no Complete to press.
    const consultation = await this.agents.consultation(userId);
    const consulting = consultation?.callId === row.id && row.hold_started_at !== null;
    return { call: toCallSummary(row), pop, consulting };
  }

  /** The header's "calls waiting": callers queued (or being rung) in the agent's queues, pending wrap-ups not counted. */
  async queuesWaiting(userId: number): Promise<QueuesWaitingView> {
    const queues = await this.agents.queuesWaiting(userId);
    return { total: queues.reduce((n, q) => n + q.waiting, 0), queues };
  }

  /** Hangs up the agent's current call on the PBX: the agent's own leg, or the customer's where no leg is the agent's. */
  async hangup(userId: number): Promise<{ callId: number }> {
    const row = await this.liveCallOf(userId);
    if (!row) throw new ConflictError('no-current-call', 'You have no call to hang up');
    const legs = await this.calls.liveChannels(row.id);
    const leg = legs.find((l) => l.userId === userId) ?? legs.find((l) => l.role === 'agent') ?? legs.find((l) => l.role === 'caller' || l.role === 'external') ?? legs[0];
    const port = this.pbx.get(row.pbx_id);
    if (!leg || !port) throw new ConflictError('no-current-call', 'The call has no channel left to hang up');
    try {
      await port.hangup(leg.channel, undefined, 'agent');
    } catch (err) {
      this.log.warn({ err, callId: row.id }, 'hangup over AMI failed');
      throw new UnavailableError('pbx-unavailable', 'The phone system did not hang up the call; try again in a moment');
    }
    return { callId: row.id };
  }
}
