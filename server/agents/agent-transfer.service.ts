import type { AgentsRepository } from './agents.repository';
import type { CallsRepository } from '../calls/calls.repository';
import type { AuthRepository } from '../auth/auth.repository';
import { PbxActionError, type PbxPort } from '../pbx/pbx-port';
import { AppError, ConflictError, NotFoundError, UnavailableError, ValidationError } from '../http/app-error';
import { normalisePhone } from '../phone/phone-number';
import { assertDialable } from '../phone/number-type-policy';
import type { Logger } from '../logger';
import type { LocaleDefaults } from '../settings/locale-defaults';

export type TransferTarget = { kind: 'agent'; userId: number } | { kind: 'queue'; queue: string } | { kind: 'number'; number: string };
export type TransferMode = 'blind' | 'attended';

// Where pbx-config/extensions.conf takes a transferred caller: [from-agents] rings an agent's extension or, for a
// number, goes out through [dial-out]; [warmline-queues] puts the caller in the named queue.
const AGENT_CONTEXT = 'from-agents';
const QUEUE_CONTEXT = 'warmline-queues';

// Issue #20.4: call control through the PBX, on the agent's own leg of their current call, so it works whatever
// the browser holds (a reload drops its SIP leg; an Originate'd call never had one). Blind: AMI BlindTransfer.
// Attended: AMI Atxfer starts the consultation (Asterisk dials exten@context through a Local channel: an agent, a
// number, or a queue, whose member who answers is consulted), hanging up the agent's first leg completes it (Asterisk
// joins the caller and the target), CancelAtxfer takes the caller back. What follows is learnt from the PBX's events
// (BlindTransfer / AttendedTransfer -> call.transferred): the agent's wrap-up, the new agent, the pop.
export class AgentTransferService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly calls: CallsRepository,
    private readonly users: AuthRepository,
    private readonly pbx: Map<string, PbxPort>,
    private readonly locale: LocaleDefaults,
    private readonly log: Logger,
    private readonly blockedNumberTypes: readonly string[] = ['PREMIUM_RATE'],
  ) {}

  private async agentLeg(userId: number): Promise<{ callId: number; channel: string; port: PbxPort }> {
    const state = await this.agents.current(userId);
    const row = state?.callId && state.state === 'on_call' ? await this.calls.findById(state.callId) : undefined;
    if (!row || row.status === 'ended') throw new ConflictError('no-current-call', 'You are not on a call');
    const legs = await this.calls.liveChannels(row.id);
    const leg = legs.find((l) => l.userId === userId) ?? legs.find((l) => l.role === 'agent');
    const port = this.pbx.get(row.pbx_id);
    if (!leg || !port) throw new ConflictError('no-current-call', 'Your leg of the call is gone');
    return { callId: row.id, channel: leg.channel, port };
  }

  private async destination(userId: number, target: TransferTarget): Promise<{ context: string; exten: string }> {
    if (target.kind === 'queue') {
      if (!/^[a-z][a-z0-9_-]{0,63}$/i.test(target.queue)) throw new ValidationError(`"${target.queue}" is not a queue name`, { field: 'queue' });
      return { context: QUEUE_CONTEXT, exten: target.queue };
    }
    if (target.kind === 'agent') {
      if (target.userId === userId) throw new ValidationError('You cannot transfer a call to yourself', { field: 'userId' });
      const user = await this.users.findById(target.userId);
      if (!user || !user.active) throw new NotFoundError('user', target.userId);
      if (!user.extension) throw new ConflictError('no-extension', 'This user has no phone to transfer to');
      return { context: AGENT_CONTEXT, exten: user.extension };
    }
    const parsed = normalisePhone(target.number, this.locale.region());
    if (!('e164' in parsed)) throw new ValidationError(`"${target.number}" is not a phone number we can dial (${parsed.error})`, { field: 'number', reason: parsed.error });
    assertDialable(parsed.e164, this.blockedNumberTypes);
    return { context: AGENT_CONTEXT, exten: parsed.e164 };
  }

  async transfer(userId: number, mode: TransferMode, target: TransferTarget): Promise<{ callId: number }> {
    const { callId, channel, port } = await this.agentLeg(userId);
    const { context, exten } = await this.destination(userId, target);
    await this.pbxDoes(callId, mode === 'blind' ? port.blindTransfer(channel, context, exten) : port.attendedTransfer(channel, context, exten));
    // The consultation is server state: a reload shows Complete/Cancel again (agent-call.service.ts current()).
    if (mode === 'attended') await this.agents.consultationStarted(userId, callId, exten);
    return { callId };
  }

  /** The consultation is answered: the agent's first leg hangs up and the PBX joins the caller and the target. */
  async complete(userId: number): Promise<{ callId: number }> {
    const { callId, channel, port } = await this.agentLeg(userId);
    await this.pbxDoes(callId, port.hangup(channel));
    await this.agents.consultationEnded(userId);
    return { callId };
  }

  async cancel(userId: number): Promise<{ callId: number }> {
    const { callId, channel, port } = await this.agentLeg(userId);
    await this.pbxDoes(callId, port.cancelAttendedTransfer(channel));
    await this.agents.consultationEnded(userId);
    return { callId };
  }

  /** Keypad digits played by the PBX towards the customer (the agent's browser may hold no leg of the call). */
  async dtmf(userId: number, digits: string): Promise<{ callId: number }> {
    if (!/^[0-9*#A-D]{1,32}$/i.test(digits)) throw new ValidationError('Digits are 0-9, *, # and A-D', { field: 'digits' });
    const { callId, channel, port } = await this.agentLeg(userId);
    for (const digit of digits.toUpperCase()) await this.pbxDoes(callId, port.playDtmf(channel, digit));
    return { callId };
  }

  private async pbxDoes(callId: number, pending: Promise<void>): Promise<void> {
    try {
      await pending;
    } catch (err) {
      this.log.warn({ err, callId }, 'call control refused or not delivered');
      if (err instanceof PbxActionError && err.kind === 'refused') {
        throw new AppError('pbx-refused', 502, `The phone system refused: ${err.pbxMessage}`, { reason: err.pbxMessage });
      }
      throw new UnavailableError('pbx-unavailable', 'The phone system did not answer; try again in a moment');
    }
  }
}
