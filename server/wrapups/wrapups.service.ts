import type { WrapupsRepository } from './wrapups.repository';
import type { PendingWrapup, WrapupBody, WrapupReply } from '@contract/wrapups.schemas';
import type { AgentsService } from '../agents/agents.service';
import type { EventBus } from '../events/event-bus';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/app-error';
import type { AuthUser } from '../auth/roles';
import { resolveRefusal } from '../campaigns/refusal-reasons.repository';

/** Records a campaign attempt's outcome after its wrap-up (the campaigns service; idempotent). */
export interface CampaignOutcomes {
  recordOutcome(input: {
    attemptId: number; userId: number; result: 'accepted' | 'refused' | 'callback'; refusalReason: string | null; refusalCode: string | null; callbackAt: Date | null;
  }): Promise<{ purchaseId: number | null }>;
}

/** Records what was done with the pop's ranked offers (the offers service; idempotent per wrap-up and offer). */
export interface OfferOutcomes {
  check(outcomes: WrapupBody['offers'], customerId: number | null): Promise<void>;
  recordFromWrapup(input: {
    wrapupId: number; userId: number; customerId: number | null; callId: number | null; direction: string | null; outcomes: NonNullable<WrapupBody['offers']>;
    salePurchaseId: number | null;
  }): Promise<void>;
}

export class WrapupsService {
  constructor(
    private readonly repo: WrapupsRepository,
    private readonly agents: AgentsService,
    private readonly bus: EventBus,
    private readonly campaignOutcomes?: CampaignOutcomes,
    private readonly offerOutcomes?: OfferOutcomes,
  ) {}

  /** Wrap-ups this agent still owes (issue #20.2: the server keeps them, not the browser). */
  pending(userId: number): Promise<PendingWrapup[]> {
    return this.repo.pending(userId, new Date(Date.now() - 12 * 3600_000));
  }

  async submit(user: AuthUser, body: WrapupBody): Promise<WrapupReply> {
    // A retried submission (same clientKey) returns the first result instead of recording twice.
    const prior = await this.repo.findByClientKey(user.id, body.clientKey);
    if (prior) return { id: prior.id, callId: prior.call_id, customerId: prior.customer_id, caseId: prior.case_id, taskId: prior.task_id, interactionId: null, duplicate: true };

    const result = await this.repo.transaction(async (trx) => {
      const disposition = await this.repo.disposition(trx, body.dispositionCode);
      if (!disposition) throw new ValidationError(`Unknown disposition "${body.dispositionCode}"`, { dispositionCode: body.dispositionCode });
      const call = body.callId !== null ? await this.repo.callForWrapup(trx, body.callId) : undefined;
      if (body.callId !== null && !call) throw new NotFoundError('call', body.callId);
      if (call && call.agent_user_id !== user.id && user.role === 'operator' && (call.agent_user_id !== null || call.transferred)
        && !(await this.repo.transferredBy(trx, call.id, user.id))) {
        throw new ForbiddenError('This call was handled by another agent');
      }
      const customerId = body.customerId ?? call?.customer_id ?? null;
      if (customerId !== null && !(await this.repo.customerExists(trx, customerId))) throw new NotFoundError('customer', customerId);
      if (body.case && !body.case.id && (!body.case.kind || !body.case.subject)) throw new ValidationError('A new case needs a kind and a subject');
      if ((body.case || body.task) && customerId === null) throw new ValidationError('Link the call to a customer before opening a case or a task');
      if (body.offer && !(await this.repo.productExists(trx, body.offer.productId))) throw new NotFoundError('product', body.offer.productId);
      if (body.offer?.result === 'refused' && !body.offer.refusalCode && !body.offer.refusalReason?.trim()) throw new ValidationError('Say why the offer was refused', { field: 'offer.refusalCode' });
      if (body.offers?.length) {
        if (!this.offerOutcomes) throw new ValidationError('Offers are not recorded on this server', { field: 'offers' });
        await this.offerOutcomes.check(body.offers, customerId);
      }
      const refusal = body.offer?.result === 'refused' ? await resolveRefusal(trx, body.offer.refusalCode, body.offer.refusalReason) : { code: null, note: null };

      const caseId = body.case && customerId !== null ? await this.repo.upsertCase(trx, user.id, customerId, body.case) : null;
      if (body.case?.id && caseId === null) throw new NotFoundError('case', body.case.id);
      const dueAt = body.task ? new Date(body.task.dueAt) : null;
      if (dueAt && Number.isNaN(dueAt.getTime())) throw new ValidationError('task.dueAt is not a valid time');
      const taskId = body.task ? await this.repo.insertTask(trx, { userId: user.id, customerId, callId: call?.id ?? null, kind: body.task.kind, dueAt: dueAt!, note: body.task.note, campaignId: null }) : null;
      const interactionId = customerId !== null
        ? await this.repo.upsertCallInteraction(trx, {
          customerId, callId: call?.id ?? null, userId: user.id, direction: call?.direction ?? 'outbound',
          occurredAt: call?.started_at ?? new Date(), outcome: disposition.label, summary: body.notes, mood: body.mood ?? null, caseId,
        })
        : null;
      const id = await this.repo.insertWrapup(trx, {
        callId: call?.id ?? null, userId: user.id, customerId, dispositionCode: disposition.code, notes: body.notes, mood: body.mood ?? null,
        caseId, taskId, offerProductId: body.offer?.productId ?? null, offerResult: body.offer?.result ?? null,
        refusalReason: refusal.note, refusalCode: refusal.code, startedAt: call?.ended_at ?? new Date(), clientKey: body.clientKey,
      });
      if (id === null) return null;
      const attempt = call?.campaign_attempt_id && body.offer
        ? { attemptId: call.campaign_attempt_id, userId: user.id, result: body.offer.result, refusalReason: refusal.note, refusalCode: refusal.code, callbackAt: body.task?.kind === 'callback' ? dueAt : null }
        : null;
      const offers = body.offers?.length ? { wrapupId: id, userId: user.id, customerId, callId: call?.id ?? null, direction: call?.direction ?? null, outcomes: body.offers } : null;
      return { reply: { id, callId: call?.id ?? null, customerId, caseId, taskId, interactionId, duplicate: false }, attempt, offers };
    });
    // The campaign outcome (and the purchase an accepted offer becomes) is recorded in its own transaction,
    // after the wrap-up: recordOutcome is idempotent, so a retried wrap-up cannot double it.
    const sale = result?.attempt && this.campaignOutcomes ? await this.campaignOutcomes.recordOutcome(result.attempt) : null;
    // The pop's offers likewise: their outcomes (and the purchase an accepted one becomes) after the wrap-up. An
    // accepted offer of the product the campaign just sold is that sale, not a second purchase (issue #23).
    if (result?.offers && this.offerOutcomes) await this.offerOutcomes.recordFromWrapup({ ...result.offers, salePurchaseId: sale?.purchaseId ?? null });
    if (!result) {
      // The same call was already wrapped up by this user through another form: report it, record nothing.
      const again = await this.repo.findByClientKey(user.id, body.clientKey);
      return { id: again?.id ?? 0, callId: body.callId, customerId: null, caseId: null, taskId: null, interactionId: null, duplicate: true };
    }
    const reply = result.reply;
    await this.agents.endWrapup(user.id, reply.callId, 'submitted');
    this.bus.publish('wrapup.submitted', { wrapupId: reply.id, userId: user.id, callId: reply.callId, customerId: reply.customerId, dispositionCode: body.dispositionCode });
    return reply;
  }
}
