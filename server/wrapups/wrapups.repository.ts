import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { DB } from '../db/types';
import type { WrapupBody } from '@contract/wrapups.schemas';

type Trx = Transaction<DB>;

// The wrap-up touches several tables (wrapups, interactions, cases, case_updates, tasks); one transaction
// keeps them consistent: a wrap-up is either fully recorded or not at all.
export class WrapupsRepository {
  constructor(private readonly db: Database) {}

  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  findByClientKey(userId: number, clientKey: string) {
    return this.db.selectFrom('wrapups').select(['id', 'call_id', 'customer_id', 'case_id', 'task_id'])
      .where('user_id', '=', userId).where('client_key', '=', clientKey).executeTakeFirst();
  }

  callForWrapup(trx: Trx, callId: number) {
    return trx.selectFrom('calls').select(['id', 'customer_id', 'agent_user_id', 'direction', 'started_at', 'ended_at', 'answered_at', 'campaign_attempt_id', 'transferred'])
      .where('id', '=', callId).executeTakeFirst();
  }

  disposition(trx: Trx, code: string) {
    return trx.selectFrom('dispositions').select(['code', 'label', 'category']).where('code', '=', code).where('active', '=', true).executeTakeFirst();
  }

  async customerExists(trx: Trx, id: number): Promise<boolean> {
    return !!(await trx.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst());
  }

  async productExists(trx: Trx, id: number): Promise<boolean> {
    return !!(await trx.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst());
  }

  async upsertCase(trx: Trx, userId: number, customerId: number, input: NonNullable<WrapupBody['case']>): Promise<number | null> {
    if (input.id) {
      const existing = await trx.selectFrom('cases').select(['id', 'status', 'customer_id']).where('id', '=', input.id).forUpdate().executeTakeFirst();
      if (!existing || existing.customer_id !== customerId) return null;
      const statusTo = input.status ?? existing.status;
      await trx.updateTable('cases').set({
        status: statusTo,
        agreed: input.agreed ?? sql<string>`agreed`,
        owner_id: sql<number>`COALESCE(owner_id, ${userId}::bigint)`,
        resolved_at: ['resolved', 'closed'].includes(statusTo) ? sql<Date>`COALESCE(resolved_at, now())` : null,
        updated_at: sql`now()`,
      }).where('id', '=', existing.id).execute();
      await trx.insertInto('case_updates').values({ case_id: existing.id, user_id: userId, note: input.note ?? input.agreed ?? '', status_from: existing.status, status_to: statusTo }).execute();
      return existing.id;
    }
    const status = input.status ?? 'open';
    const row = await trx.insertInto('cases').values({
      customer_id: customerId, kind: input.kind!, subject: input.subject!, status, agreed: input.agreed ?? '', owner_id: userId,
      description: input.note ?? '', resolved_at: ['resolved', 'closed'].includes(status) ? new Date() : null,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('case_updates').values({ case_id: row.id, user_id: userId, note: 'opened', status_from: null, status_to: status }).execute();
    return row.id;
  }

  async insertTask(trx: Trx, input: { userId: number; customerId: number | null; callId: number | null; kind: string; dueAt: Date; note: string; campaignId: number | null }): Promise<number> {
    const row = await trx.insertInto('tasks').values({
      customer_id: input.customerId, assignee_id: input.userId, kind: input.kind, due_at: input.dueAt, note: input.note,
      call_id: input.callId, created_by: input.userId, campaign_id: input.campaignId,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** One interaction per call on the customer's timeline; a second wrap-up (transfer) updates it. */
  async upsertCallInteraction(trx: Trx, input: { customerId: number; callId: number | null; userId: number; direction: string; occurredAt: Date; outcome: string; summary: string; mood: string | null; caseId: number | null }): Promise<number> {
    if (input.callId !== null) {
      const existing = await trx.selectFrom('interactions').select('id').where('call_id', '=', input.callId).executeTakeFirst();
      if (existing) {
        await trx.updateTable('interactions').set({ outcome: input.outcome, summary: input.summary, mood: input.mood, case_id: input.caseId, user_id: input.userId, customer_id: input.customerId })
          .where('id', '=', existing.id).execute();
        return existing.id;
      }
    }
    const row = await trx.insertInto('interactions').values({
      customer_id: input.customerId, channel: 'call', direction: input.direction, occurred_at: input.occurredAt, user_id: input.userId,
      subject: input.outcome, summary: input.summary, outcome: input.outcome, mood: input.mood, case_id: input.caseId, call_id: input.callId,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async insertWrapup(trx: Trx, values: {
    callId: number | null; userId: number; customerId: number | null; dispositionCode: string; notes: string; mood: string | null;
    caseId: number | null; taskId: number | null; offerProductId: number | null; offerResult: string | null; refusalReason: string | null; refusalCode: string | null; startedAt: Date; clientKey: string;
  }): Promise<number | null> {
    const row = await trx.insertInto('wrapups').values({
      call_id: values.callId, user_id: values.userId, customer_id: values.customerId, disposition_code: values.dispositionCode, notes: values.notes,
      mood: values.mood, case_id: values.caseId, task_id: values.taskId, offer_product_id: values.offerProductId, offer_result: values.offerResult,
      refusal_reason: values.refusalReason, refusal_code: values.refusalCode, started_at: values.startedAt, client_key: values.clientKey,
    }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * The agent's calls of the last 12 hours that ended, or that they transferred, and have no wrap-up by this agent: the
   * calls the server put the agent in wrap-up for (call.ended with the call's agent, call.transferred from them), so a
   * reload or a second tab shows the same list.
   */
  async transferredBy(trx: Trx, callId: number, userId: number): Promise<boolean> {
    return !!(await trx.selectFrom('call_transfers').select('id').where('call_id', '=', callId).where('from_user_id', '=', userId).executeTakeFirst());
  }

  async pending(userId: number, since: Date) {
    const rows = await this.db.selectFrom('calls as c')
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id as callId', 'c.direction', 'c.caller_number', 'c.called_number', 'c.customer_id as customerId', 'cu.full_name as customerName',
        'c.campaign_attempt_id as campaignAttemptId', 'c.ended_at as endedAt'])
      // A call this agent transferred is theirs to wrap up from the transfer on, while it goes on with another agent.
      .where((eb) => eb.or([
        eb.and([eb('c.agent_user_id', '=', userId), eb('c.status', '=', 'ended'), eb('c.direction', '<>', 'internal')]),
        eb.exists(eb.selectFrom('call_transfers as t').select('t.id').whereRef('t.call_id', '=', 'c.id').where('t.from_user_id', '=', userId)),
      ]))
      .where('c.started_at', '>=', since)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('wrapups as w').select('w.id').whereRef('w.call_id', '=', 'c.id').where('w.user_id', '=', userId))))
      .orderBy('c.ended_at').limit(50).execute();
    return rows.map((r) => ({
      callId: r.callId, direction: r.direction, number: (r.direction === 'outbound' ? r.called_number : r.caller_number) ?? null,
      customerId: r.customerId, customerName: r.customerName ?? null, campaignAttemptId: r.campaignAttemptId, endedAt: r.endedAt ? r.endedAt.toISOString() : null,
    }));
  }
}
