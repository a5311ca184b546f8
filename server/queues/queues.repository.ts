import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { QueueMemberView, QueueStrategy } from '@contract/queues.schemas';

export interface QueueRow {
  id: number; name: string; displayName: string; strategy: QueueStrategy; wrapupSeconds: number | null;
  serviceLevelSeconds: number; alertWaitSeconds: number; alertQueueLength: number; active: boolean;
}

export interface QueueFields {
  displayName?: string; strategy?: QueueStrategy; wrapupSeconds?: number | null; serviceLevelSeconds?: number;
  alertWaitSeconds?: number; alertQueueLength?: number; active?: boolean;
}

/** A membership the PBX should have now, with the pause its agent is in (QueueAdd carries it). */
export interface WantedMember { queue: string; extension: string; penalty: number; memberName: string; paused: boolean; reason: string | null }

const COLUMNS = {
  displayName: 'display_name', strategy: 'strategy', wrapupSeconds: 'wrapup_seconds', serviceLevelSeconds: 'service_level_seconds',
  alertWaitSeconds: 'alert_wait_seconds', alertQueueLength: 'alert_queue_length', active: 'active',
} as const;

// Queues and their members (migration 0001, 0070). The PBX follows these rows (server/queues/queue-member-sync.ts).
export class QueuesRepository {
  constructor(private readonly db: Database) {}

  private base() {
    return this.db.selectFrom('queues').select([
      'id', 'name', 'display_name as displayName', 'strategy', 'wrapup_seconds as wrapupSeconds',
      'service_level_seconds as serviceLevelSeconds', 'alert_wait_seconds as alertWaitSeconds',
      'alert_queue_length as alertQueueLength', 'active',
    ]);
  }

  async list(): Promise<QueueRow[]> {
    return (await this.base().orderBy('name').execute()) as QueueRow[];
  }

  async find(id: number): Promise<QueueRow | undefined> {
    return (await this.base().where('id', '=', id).executeTakeFirst()) as QueueRow | undefined;
  }

  async members(queueIds: readonly number[]): Promise<Array<QueueMemberView & { queueId: number }>> {
    if (queueIds.length === 0) return [];
    const rows = await this.db.selectFrom('queue_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.queue_id as queueId', 'u.id as userId', 'u.username', 'u.display_name as displayName', 'u.extension', 'u.active', 'm.penalty'])
      .where('m.queue_id', 'in', queueIds).orderBy('m.penalty').orderBy('u.username').execute();
    return rows.map((r) => ({ ...r, queueId: Number(r.queueId), userId: Number(r.userId), active: r.active && r.extension !== null }));
  }

  async insert(name: string, fields: QueueFields & { displayName: string }): Promise<number> {
    const row = await this.db.insertInto('queues').values({ name, ...this.columns(fields) } as never)
      .returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async update(id: number, fields: QueueFields): Promise<void> {
    await this.db.updateTable('queues').set({ ...this.columns(fields), updated_at: new Date() } as never).where('id', '=', id).execute();
  }

  private columns(fields: QueueFields): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, col] of Object.entries(COLUMNS)) {
      const v = fields[k as keyof QueueFields];
      if (v !== undefined) out[col] = v;
    }
    return out;
  }

  async member(queueId: number, userId: number): Promise<{ penalty: number } | undefined> {
    return this.db.selectFrom('queue_members').select('penalty').where('queue_id', '=', queueId).where('user_id', '=', userId).executeTakeFirst();
  }

  async putMember(queueId: number, userId: number, penalty: number): Promise<void> {
    await this.db.insertInto('queue_members').values({ queue_id: queueId, user_id: userId, penalty })
      .onConflict((oc) => oc.columns(['queue_id', 'user_id']).doUpdateSet({ penalty })).execute();
  }

  async removeMember(queueId: number, userId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('queue_members').where('queue_id', '=', queueId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Who the PBX should have in which queue: memberships of active users with an extension in active queues. The
   * agent's open state says whether QueueAdd adds the member paused (anything but ready), with which reason.
   * The member name ends in the extension: Asterisk writes it into queue_log's agent field, which the resync reads
   * back to an extension (memberExtension in server/pbx/queue-log.ts).
   */
  async wanted(): Promise<WantedMember[]> {
    const rows = await sql<{ queue: string; extension: string; penalty: number; member_name: string; state: string | null; reason: string | null }>`
      SELECT q.name AS queue, u.extension, m.penalty, u.display_name || ' ' || u.extension AS member_name, s.state, s.reason
        FROM queue_members m
        JOIN queues q ON q.id = m.queue_id AND q.active
        JOIN users u ON u.id = m.user_id AND u.active AND u.extension IS NOT NULL
        LEFT JOIN agent_state_log s ON s.user_id = u.id AND s.ended_at IS NULL
       ORDER BY q.name, u.extension`.execute(this.db);
    return rows.rows.map((r) => ({
      queue: r.queue, extension: r.extension, penalty: r.penalty, memberName: r.member_name,
      paused: r.state !== 'ready', reason: r.state === 'paused' ? r.reason : (r.state ?? 'logoff'),
    }));
  }

  /** The queue's own wrap-up time; null when it has none (the setting applies) or is unknown. */
  async wrapupSeconds(queue: string): Promise<number | null> {
    const row = await this.db.selectFrom('queues').select('wrapup_seconds').where('name', '=', queue).executeTakeFirst();
    return row?.wrapup_seconds ?? null;
  }

  async userExists(userId: number): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
  }
}
