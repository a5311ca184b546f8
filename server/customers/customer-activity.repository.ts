import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types';

export interface InteractionWrite {
  customerId: number; channel: 'call' | 'email' | 'sms' | 'messenger' | 'visit' | 'note'; direction: string; occurredAt: Date;
  userId: number | null; subject: string; summary: string; outcome: string | null; mood: string | null; caseId: number | null; callId: number | null;
}
export interface TimelineFilter { customerId: number; channels?: string[]; from?: Date; to?: Date; limit: number }
export interface TimelineRow {
  type: 'interaction' | 'call'; id: number; channel: string; direction: string; occurredAt: Date; subject: string; summary: string;
  outcome: string | null; mood: string | null; caseId: number | null; handledBy: string | null; callId: number | null;
  recordingPath: string | null; talkSeconds: number | null; callOutcome: string | null; dispositionCode: string | null; dispositionLabel: string | null;
}

// Everything that happens to a customer: contacts on any channel, cases and their history, purchases, tasks.
export class CustomerActivityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  transaction<T>(fn: (repo: CustomerActivityRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new CustomerActivityRepository(trx)));
  }

  async insertInteraction(i: InteractionWrite): Promise<number> {
    const row = await this.db.insertInto('interactions').values({
      customer_id: i.customerId, channel: i.channel, direction: i.direction, occurred_at: i.occurredAt, user_id: i.userId,
      subject: i.subject, summary: i.summary, outcome: i.outcome, mood: i.mood, case_id: i.caseId, call_id: i.callId,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async findInteraction(id: number) {
    return this.db.selectFrom('interactions as i').leftJoin('users as u', 'u.id', 'i.user_id').where('i.id', '=', id).select([
      'i.id', 'i.customer_id as customerId', 'i.channel', 'i.direction', 'i.occurred_at as occurredAt', 'i.subject', 'i.summary',
      'i.outcome', 'i.mood', 'i.case_id as caseId', 'i.call_id as callId', 'u.display_name as handledBy',
    ]).executeTakeFirst();
  }

  async findCall(callId: number) {
    return this.db.selectFrom('calls').where('id', '=', callId)
      .select(['id', 'customer_id as customerId', 'direction', 'started_at as startedAt', 'agent_user_id as agentUserId']).executeTakeFirst();
  }

  /** Users who had a leg of the call (a transfer's second agent, a consult), besides its answering agent. */
  async callLegUsers(callId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('call_legs').select('user_id').where('call_id', '=', callId).where('user_id', 'is not', null).execute();
    return rows.map((r) => r.user_id!);
  }

  /** Each call's transfers in order, named (issue #20.4: the timeline shows who passed the call to whom). */
  async callTransfers(callIds: number[]) {
    if (callIds.length === 0) return [];
    return this.db.selectFrom('call_transfers as t').leftJoin('users as f', 'f.id', 't.from_user_id').leftJoin('users as u', 'u.id', 't.to_user_id')
      .select(['t.call_id as callId', 't.kind', 't.target', 't.at', 'f.display_name as fromName', 'u.display_name as toName'])
      .where('t.call_id', 'in', callIds).orderBy('t.at').orderBy('t.id').execute();
  }

  /** Quick-create: the call and its interaction now belong to the new customer (unless a person linked it already). */
  async linkCall(callId: number, customerId: number, interaction: InteractionWrite): Promise<boolean> {
    const res = await this.db.updateTable('calls').set({ customer_id: customerId, updated_at: new Date() })
      .where('id', '=', callId).where((eb) => eb.or([eb('customer_id', 'is', null), eb('customer_id', '=', customerId)])).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    // interactions is partitioned by occurred_at, so "one interaction per call" is enforced on (call_id, occurred_at):
    // move an existing interaction of the call first, insert only when the call has none.
    const moved = await this.db.updateTable('interactions').set({ customer_id: customerId }).where('call_id', '=', callId).executeTakeFirst();
    if (Number(moved.numUpdatedRows) > 0) return true;
    await this.db.insertInto('interactions').values({
      customer_id: customerId, channel: 'call', direction: interaction.direction, occurred_at: interaction.occurredAt,
      user_id: interaction.userId, subject: interaction.subject, summary: interaction.summary, call_id: callId,
    }).onConflict((oc) => oc.columns(['call_id', 'occurred_at']).where('call_id', 'is not', null).doUpdateSet({ customer_id: customerId })).execute();
    return true;
  }

  async insertCase(c: { customerId: number; kind: string; subject: string; description: string; agreed: string; priority: string; ownerId: number | null; userId: number }): Promise<number> {
    const row = await this.db.insertInto('cases').values({
      customer_id: c.customerId, kind: c.kind, subject: c.subject, description: c.description, agreed: c.agreed, priority: c.priority, owner_id: c.ownerId,
    }).returning('id').executeTakeFirstOrThrow();
    await this.db.insertInto('case_updates').values({ case_id: row.id, user_id: c.userId, note: 'opened', status_from: null, status_to: 'open' }).execute();
    return row.id;
  }

  async findCase(id: number, forUpdate = false) {
    let q = this.db.selectFrom('cases as k').leftJoin('users as u', 'u.id', 'k.owner_id').where('k.id', '=', id).select([
      'k.id', 'k.customer_id as customerId', 'k.kind', 'k.status', 'k.subject', 'k.description', 'k.agreed', 'k.priority',
      'k.owner_id as ownerId', 'u.display_name as ownerName', 'k.opened_at as openedAt', 'k.resolved_at as resolvedAt', 'k.updated_at as updatedAt',
    ]);
    if (forUpdate) q = q.forUpdate('k');
    return q.executeTakeFirst();
  }

  async listCases(customerId: number) {
    return this.db.selectFrom('cases as k').leftJoin('users as u', 'u.id', 'k.owner_id').where('k.customer_id', '=', customerId).select([
      'k.id', 'k.customer_id as customerId', 'k.kind', 'k.status', 'k.subject', 'k.description', 'k.agreed', 'k.priority',
      'k.owner_id as ownerId', 'u.display_name as ownerName', 'k.opened_at as openedAt', 'k.resolved_at as resolvedAt', 'k.updated_at as updatedAt',
    ]).orderBy('k.opened_at', 'desc').orderBy('k.id', 'desc').execute();
  }

  async caseUpdates(caseId: number) {
    return this.db.selectFrom('case_updates as cu').leftJoin('users as u', 'u.id', 'cu.user_id').where('cu.case_id', '=', caseId)
      .select(['cu.id', 'cu.at', 'cu.user_id as userId', 'u.display_name as userName', 'cu.note', 'cu.status_from as statusFrom', 'cu.status_to as statusTo'])
      .orderBy('cu.at').orderBy('cu.id').execute();
  }

  async updateCase(id: number, set: { status?: string; ownerId?: number | null; agreed?: string; resolvedAt?: Date | null },
    history: { userId: number; note: string; statusFrom: string | null; statusTo: string | null }): Promise<void> {
    await this.db.updateTable('cases').set({
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.ownerId !== undefined ? { owner_id: set.ownerId } : {}),
      ...(set.agreed !== undefined ? { agreed: set.agreed } : {}),
      ...(set.resolvedAt !== undefined ? { resolved_at: set.resolvedAt } : {}),
      updated_at: new Date(),
    }).where('id', '=', id).execute();
    await this.db.insertInto('case_updates').values({ case_id: id, user_id: history.userId, note: history.note, status_from: history.statusFrom, status_to: history.statusTo }).execute();
  }

  async findProduct(by: { id: number } | { sku: string }) {
    const q = this.db.selectFrom('products').select(['id', 'sku', 'name', 'kind', sql<string>`price::text`.as('price'), 'active']);
    return ('id' in by ? q.where('id', '=', by.id) : q.where('sku', '=', by.sku)).executeTakeFirst();
  }

  async insertPurchase(p: { customerId: number; productId: number; amount: string; currency: string; purchasedAt: Date; status: string }): Promise<number> {
    const row = await this.db.insertInto('purchases').values({
      customer_id: p.customerId, product_id: p.productId, amount: p.amount, currency: p.currency, purchased_at: p.purchasedAt, status: p.status,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async listPurchases(customerId: number) {
    return this.db.selectFrom('purchases as p').innerJoin('products as pr', 'pr.id', 'p.product_id').where('p.customer_id', '=', customerId).select([
      'p.id', 'p.product_id as productId', 'pr.sku', 'pr.name', 'pr.kind', sql<string>`p.amount::text`.as('amount'), 'p.currency',
      'p.purchased_at as purchasedAt', 'p.status',
    ]).orderBy('p.purchased_at', 'desc').orderBy('p.id', 'desc').execute();
  }

  async insertTask(t: { customerId: number; assigneeId: number | null; kind: string; dueAt: Date; note: string; phoneE164: string | null; callId: number | null; createdBy: number }): Promise<number> {
    const row = await this.db.insertInto('tasks').values({
      customer_id: t.customerId, assignee_id: t.assigneeId, kind: t.kind, due_at: t.dueAt, note: t.note, phone_e164: t.phoneE164, call_id: t.callId, created_by: t.createdBy,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async listTasks(customerId: number, pendingOnly: boolean) {
    let q = this.db.selectFrom('tasks as t').leftJoin('users as u', 'u.id', 't.assignee_id').where('t.customer_id', '=', customerId).select([
      't.id', 't.customer_id as customerId', 't.kind', 't.due_at as dueAt', 't.note', 't.assignee_id as assigneeId', 'u.display_name as assignee',
      't.phone_e164 as phone', 't.call_id as callId', 't.done_at as doneAt', 't.created_at as createdAt',
    ]).orderBy('t.due_at').orderBy('t.id');
    if (pendingOnly) q = q.where('t.done_at', 'is', null);
    return q.execute();
  }

  async userExists(id: number): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst()) !== undefined;
  }

  /** Interactions on every channel plus calls that have no interaction row yet, newest first. */
  async timeline(f: TimelineFilter): Promise<TimelineRow[]> {
    const channels = f.channels && f.channels.length > 0 ? f.channels : null;
    const { rows } = await sql<TimelineRow>`
      SELECT * FROM (
        SELECT 'interaction' AS type, i.id, i.channel::text AS channel, i.direction, i.occurred_at AS "occurredAt", i.subject, i.summary,
               i.outcome, i.mood, i.case_id AS "caseId", u.display_name AS "handledBy", i.call_id AS "callId",
               c.recording_path AS "recordingPath", c.talk_seconds AS "talkSeconds", c.outcome AS "callOutcome",
               w.disposition_code AS "dispositionCode", w.label AS "dispositionLabel"
          FROM interactions i
          LEFT JOIN users u ON u.id = i.user_id
          LEFT JOIN calls c ON c.id = i.call_id
          LEFT JOIN LATERAL (SELECT wr.disposition_code, d.label FROM wrapups wr JOIN dispositions d ON d.code = wr.disposition_code
                              WHERE wr.call_id = i.call_id ORDER BY wr.submitted_at DESC LIMIT 1) w ON i.call_id IS NOT NULL
         WHERE i.customer_id = ${f.customerId}
        UNION ALL
        SELECT 'call', c.id, 'call', c.direction, c.started_at, '', '', NULL, w.mood, w.case_id, u.display_name, c.id,
               c.recording_path, c.talk_seconds, c.outcome, w.disposition_code, w.label
          FROM calls c
          LEFT JOIN users u ON u.id = c.agent_user_id
          LEFT JOIN LATERAL (SELECT wr.disposition_code, d.label, wr.mood, wr.case_id FROM wrapups wr JOIN dispositions d ON d.code = wr.disposition_code
                              WHERE wr.call_id = c.id ORDER BY wr.submitted_at DESC LIMIT 1) w ON true
         WHERE c.customer_id = ${f.customerId} AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.call_id = c.id)
      ) t
      WHERE (${channels}::text[] IS NULL OR t.channel = ANY(${channels}::text[]))
        AND (${f.from ?? null}::timestamptz IS NULL OR t."occurredAt" >= ${f.from ?? null}::timestamptz)
        AND (${f.to ?? null}::timestamptz IS NULL OR t."occurredAt" < ${f.to ?? null}::timestamptz)
      ORDER BY t."occurredAt" DESC, t.id DESC
      LIMIT ${f.limit}`.execute(this.db);
    return rows;
  }
}
