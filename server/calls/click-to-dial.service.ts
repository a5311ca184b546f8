import { randomUUID } from 'node:crypto';
import type { CallsRepository } from './calls.repository';
import type { PbxPort } from '../pbx/pbx-port';
import { PbxActionError } from '../pbx/pbx-port';
import { AppError, ConflictError, UnavailableError, ValidationError } from '../http/app-error';
import { normalisePhone } from '../phone/phone-number';
import { assertDialable } from '../phone/number-type-policy';
import type { Logger } from '../logger';
import type { LocaleDefaults } from '../settings/locale-defaults';

export interface DialRequest { number: string; customerId?: number | null; taskId?: number | null }

// An agent's click-to-dial: Originate rings the agent's own phone first, then continues in [from-agents] to the
// number in E.164 (pbx-config/extensions.conf [dial-out] adapts it to the carrier). The request is remembered under
// the Originate's id so that the call Asterisk reports is linked to its customer and task, and a refusal is kept
// with the PBX's reason.
export class ClickToDialService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly pbx: Map<string, PbxPort>,
    private readonly locale: LocaleDefaults,
    private readonly log: Logger,
    private readonly blockedNumberTypes: readonly string[] = ['PREMIUM_RATE'],
  ) {}

  async dial(user: { id: number; extension: string | null }, req: DialRequest): Promise<{ crmCallId: string }> {
    if (!user.extension) throw new ValidationError('Your user has no extension to call from');
    const parsed = normalisePhone(req.number, this.locale.region());
    if (!('e164' in parsed)) throw new ValidationError(`"${req.number}" is not a phone number we can dial (${parsed.error})`, { field: 'number', reason: parsed.error });
    assertDialable(parsed.e164, this.blockedNumberTypes);
    if (await this.calls.isDoNotCall(parsed.e164, req.customerId ?? null)) {
      throw new ConflictError('do-not-call', 'This number is on the do-not-call list');
    }
    const port = this.pbx.values().next().value;
    if (!port?.isConnected()) throw new UnavailableError('pbx-unavailable', 'The phone system is not connected');
    const crmCallId = `c2d-${randomUUID()}`;
    await this.calls.recordOriginate({ crmCallId, userId: user.id, customerId: req.customerId ?? null, taskId: req.taskId ?? null, toNumber: parsed.e164 })
      .catch((err: unknown) => {
        if ((err as { code?: string }).code === '23503') throw new ValidationError('Unknown customer or task to dial for', { customerId: req.customerId, taskId: req.taskId });
        throw err;
      });
    try {
      await port.originate({ fromExtension: user.extension, toNumber: parsed.e164, crmCallId });
    } catch (err) {
      if (!(err instanceof PbxActionError)) throw err;
      await this.calls.originateOutcome(crmCallId, err.kind === 'refused' ? 'refused' : 'failed', err.pbxMessage.slice(0, 500))
        .catch((e: unknown) => this.log.warn({ err: e, crmCallId }, 'could not record the refused originate'));
      if (err.kind === 'unavailable') throw new UnavailableError('pbx-unavailable', 'The phone system did not answer; try again in a moment');
      throw new AppError('pbx-refused', 502, `The phone system refused the call: ${err.pbxMessage}`, { reason: err.pbxMessage, crmCallId });
    }
    return { crmCallId };
  }
}
