import type { AuditRepository } from '../audit/audit.repository';
import type { EventBus } from '../events/event-bus';
import { ConflictError, NotFoundError } from '../http/app-error';
import type { CreateQueueBody, QueueMemberView, QueueView, UpdateQueueBody } from '@contract/queues.schemas';
import type { QueueRow, QueuesRepository } from './queues.repository';

export interface Actor { id: number; ip: string | null }

const toView = (q: QueueRow, members: QueueMemberView[]): QueueView => ({ ...q, id: Number(q.id), members });
const settingsOf = (q: QueueRow) => ({
  name: q.name, displayName: q.displayName, strategy: q.strategy, wrapupSeconds: q.wrapupSeconds,
  serviceLevelSeconds: q.serviceLevelSeconds, alertWaitSeconds: q.alertWaitSeconds, alertQueueLength: q.alertQueueLength, active: q.active,
});

// Queue administration (issue #21): queues and who serves them with what penalty. Only rows are written here:
// Asterisk reads the queue definitions through realtime (view ast_queues) and server/queues/queue-member-sync.ts
// applies the memberships with QueueAdd/QueueRemove/QueuePenalty on the node holding the PBX link, announced by
// migration 0070's triggers. Every change writes an audit row with before and after and is announced
// (queues.changed) so open Admin → Queues screens follow without a reload.
export class QueuesService {
  constructor(private readonly repo: QueuesRepository, private readonly audit: AuditRepository, private readonly bus: EventBus) {}

  async list(): Promise<QueueView[]> {
    const queues = await this.repo.list();
    const members = await this.repo.members(queues.map((q) => Number(q.id)));
    return queues.map((q) => toView(q, members.filter((m) => m.queueId === Number(q.id)).map(({ queueId: _q, ...m }) => m)));
  }

  async get(id: number): Promise<QueueView> {
    const q = await this.repo.find(id);
    if (!q) throw new NotFoundError('queue', id);
    return toView(q, (await this.repo.members([id])).map(({ queueId: _q, ...m }) => m));
  }

  async create(body: CreateQueueBody, actor: Actor): Promise<QueueView> {
    const { name, ...fields } = body;
    const id = await this.repo.insert(name, fields).catch((err: unknown) => {
      if ((err as { code?: string }).code === '23505') throw new ConflictError('queue-name-taken', 'Another queue has this name', { name });
      throw err;
    });
    const view = await this.get(id);
    await this.audit.record({ userId: actor.id, action: 'queue.created', target: `queue:${view.name}`, ip: actor.ip,
      details: { before: null, after: settingsOf(view) } });
    this.bus.publish('queues.changed', { queueId: view.id });
    return view;
  }

  async update(id: number, body: UpdateQueueBody, actor: Actor): Promise<QueueView> {
    const before = await this.get(id);
    await this.repo.update(id, body);
    const after = await this.get(id);
    await this.audit.record({ userId: actor.id, action: 'queue.updated', target: `queue:${after.name}`, ip: actor.ip,
      details: { before: settingsOf(before), after: settingsOf(after) } });
    this.bus.publish('queues.changed', { queueId: id });
    return after;
  }

  async putMember(id: number, userId: number, penalty: number, actor: Actor): Promise<QueueView> {
    const queue = await this.get(id);
    if (!(await this.repo.userExists(userId))) throw new NotFoundError('user', userId);
    const before = await this.repo.member(id, userId);
    if (before?.penalty === penalty) return queue;
    await this.repo.putMember(id, userId, penalty);
    await this.audit.record({ userId: actor.id, action: before ? 'queue.member_changed' : 'queue.member_added', target: `queue:${queue.name}`,
      ip: actor.ip, details: { userId, before: before ?? null, after: { penalty } } });
    this.bus.publish('queues.changed', { queueId: id });
    return this.get(id);
  }

  async removeMember(id: number, userId: number, actor: Actor): Promise<QueueView> {
    const queue = await this.get(id);
    const before = await this.repo.member(id, userId);
    if (!before) throw new NotFoundError('queue-member', userId);
    await this.repo.removeMember(id, userId);
    await this.audit.record({ userId: actor.id, action: 'queue.member_removed', target: `queue:${queue.name}`, ip: actor.ip,
      details: { userId, before, after: null } });
    this.bus.publish('queues.changed', { queueId: id });
    return this.get(id);
  }
}
