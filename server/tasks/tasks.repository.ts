import { sql } from 'kysely';
import type { Database } from '../db/database';

export class TasksRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims the tasks that have come due and were not announced yet. The conditional UPDATE makes the claim
   * atomic, so with several nodes each reminder is announced exactly once.
   */
  async claimDue(now: Date, limit = 500) {
    const rows = await sql<{ id: number; assignee_id: number | null; customer_id: number | null; kind: string; due_at: Date; note: string }>`
      UPDATE tasks SET notified_at = ${now}
      WHERE id IN (SELECT id FROM tasks WHERE done_at IS NULL AND notified_at IS NULL AND due_at <= ${now}
                   ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, assignee_id, customer_id, kind, due_at, note`.execute(this.db);
    return rows.rows;
  }

  listForUser(userId: number, until: Date) {
    return this.db.selectFrom('tasks')
      .leftJoin('customers', 'customers.id', 'tasks.customer_id')
      .select(['tasks.id', 'tasks.kind', 'tasks.due_at as dueAt', 'tasks.note', 'tasks.customer_id as customerId', 'customers.full_name as customerName', 'tasks.phone_e164 as phone', 'tasks.campaign_id as campaignId'])
      .where('tasks.assignee_id', '=', userId).where('tasks.done_at', 'is', null).where('tasks.due_at', '<=', until)
      .orderBy('tasks.due_at').limit(200).execute();
  }

  /**
   * Open tasks with the number to call: the task's own, else the customer's primary (or first) phone. `assignee`
   * and `customerId` select whose (issue #20.7: My callbacks, and the tasks on a customer's page).
   */
  listOpen(filter: { assigneeId?: number; customerId?: number; kind?: string; dueBefore?: Date; dueAfter?: Date }) {
    let q = this.db.selectFrom('tasks')
      .leftJoin('customers', 'customers.id', 'tasks.customer_id')
      .leftJoin('users', 'users.id', 'tasks.assignee_id')
      .select((eb) => ['tasks.id', 'tasks.kind', 'tasks.due_at as dueAt', 'tasks.note', 'tasks.customer_id as customerId',
        'customers.full_name as customerName', 'users.display_name as assignee', 'tasks.campaign_id as campaignId',
        eb.fn.coalesce('tasks.phone_e164', eb.selectFrom('customer_phones').select('e164').whereRef('customer_phones.customer_id', '=', 'tasks.customer_id')
          .orderBy('is_primary', 'desc').orderBy('id').limit(1)).as('phone')])
      .where('tasks.done_at', 'is', null);
    if (filter.assigneeId !== undefined) q = q.where('tasks.assignee_id', '=', filter.assigneeId);
    if (filter.customerId !== undefined) q = q.where('tasks.customer_id', '=', filter.customerId);
    if (filter.kind) q = q.where('tasks.kind', '=', filter.kind);
    if (filter.dueBefore) q = q.where('tasks.due_at', '<', filter.dueBefore);
    if (filter.dueAfter) q = q.where('tasks.due_at', '>=', filter.dueAfter);
    return q.orderBy('tasks.due_at').limit(200).execute();
  }

  async markDone(id: number, userId: number, allowAny: boolean): Promise<'done' | 'not-found' | 'forbidden'> {
    const row = await this.db.selectFrom('tasks').select(['id', 'assignee_id', 'done_at']).where('id', '=', id).executeTakeFirst();
    if (!row) return 'not-found';
    if (!allowAny && row.assignee_id !== userId) return 'forbidden';
    await this.db.updateTable('tasks').set({ done_at: sql<Date>`COALESCE(done_at, now())` }).where('id', '=', id).execute();
    return 'done';
  }
}
