import type { TasksRepository } from './tasks.repository';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { AuthUser } from '../auth/roles';
import { ForbiddenError, NotFoundError } from '../http/app-error';
import { startPeriodic, type Periodic } from '../periodic';
import type { TaskKind } from '@contract/tasks.schemas';

/** A task row as the lists show it; the column's CHECK constraint (migration 0002) allows only the two kinds. */
const listed = <R extends { dueAt: Date; kind: string }>(r: R, now: Date) => ({ ...r, kind: r.kind as TaskKind, dueAt: r.dueAt.toISOString(), overdue: r.dueAt <= now });

// Due follow-ups and callbacks reach their operator as a `task:due` push (and stay listed until done).
export class TasksService {
  private scan: Periodic | null = null;

  constructor(private readonly repo: TasksRepository, private readonly bus: EventBus, private readonly log: Logger) {}

  async announceDue(now = new Date()): Promise<number> {
    const due = await this.repo.claimDue(now);
    for (const t of due) {
      if (t.assignee_id === null) continue;
      this.bus.publish('task.due', { taskId: t.id, userId: t.assignee_id, customerId: t.customer_id, kind: t.kind as TaskKind, dueAt: t.due_at.toISOString(), note: t.note });
    }
    return due.length;
  }

  start(intervalMs = 15_000): void {
    this.scan ??= startPeriodic(() => this.announceDue(),
      { firstAfterMs: 1000, intervalMs, onError: (err) => this.log.warn({ err }, 'due task scan failed') });
  }

  stop(): void {
    void this.scan?.stop();
    this.scan = null;
  }

  /** My callbacks (issue #20.7): this agent's open tasks, overdue or upcoming, of one kind or all. */
  async mine(userId: number, when: 'all' | 'overdue' | 'upcoming', kind: 'callback' | 'follow_up' | null, now = new Date()) {
    const rows = await this.repo.listOpen({ assigneeId: userId, kind: kind ?? undefined,
      dueBefore: when === 'overdue' ? now : undefined, dueAfter: when === 'upcoming' ? now : undefined });
    return rows.map((r) => listed(r, now));
  }

  /** A customer's open tasks, whoever they are assigned to. */
  async ofCustomer(customerId: number, now = new Date()) {
    const rows = await this.repo.listOpen({ customerId });
    return rows.map((r) => listed(r, now));
  }

  async due(userId: number, horizonMinutes = 60, now = new Date()) {
    const rows = await this.repo.listForUser(userId, new Date(now.getTime() + horizonMinutes * 60_000));
    return rows.map((r) => listed(r, now));
  }

  async done(user: AuthUser, taskId: number): Promise<void> {
    const result = await this.repo.markDone(taskId, user.id, user.role === 'supervisor' || user.role === 'admin');
    if (result === 'not-found') throw new NotFoundError('task', taskId);
    if (result === 'forbidden') throw new ForbiddenError('This task belongs to someone else');
  }
}
