import { sql } from 'kysely';
import type { Database } from '../db/database';

export interface QueueStatsRow {
  queue: string;
  displayName: string;
  serviceLevelSeconds: number;
  alertWaitSeconds: number;
  alertQueueLength: number;
  waiting: number;
  oldestQueuedAt: Date | null;
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  abandonedAfterSl: number;
  avgAnswerSeconds: number | null;
  avgHandleSeconds: number | null;
}

export class SupervisionRepository {
  constructor(private readonly db: Database) {}

  /** Today's figures per queue since `since` (the start of today in the centre's time zone). */
  async queueStats(since: Date, queue?: string): Promise<QueueStatsRow[]> {
    const rows = await sql<QueueStatsRow>`
      SELECT q.name AS queue, q.display_name AS "displayName", q.service_level_seconds AS "serviceLevelSeconds",
        q.alert_wait_seconds AS "alertWaitSeconds", q.alert_queue_length AS "alertQueueLength",
        count(*) FILTER (WHERE c.status IN ('queued', 'offered'))::int AS waiting,
        min(c.queued_at) FILTER (WHERE c.status IN ('queued', 'offered')) AS "oldestQueuedAt",
        count(c.id) FILTER (WHERE c.queued_at IS NOT NULL)::int AS offered,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL)::int AS answered,
        count(*) FILTER (WHERE c.outcome = 'abandoned')::int AS abandoned,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.wait_seconds <= q.service_level_seconds)::int AS "answeredWithinSl",
        count(*) FILTER (WHERE c.outcome = 'abandoned' AND c.wait_seconds > q.service_level_seconds)::int AS "abandonedAfterSl",
        avg(c.wait_seconds) FILTER (WHERE c.answered_at IS NOT NULL)::float AS "avgAnswerSeconds",
        avg(c.talk_seconds + c.hold_seconds) FILTER (WHERE c.status = 'ended' AND c.answered_at IS NOT NULL)::float AS "avgHandleSeconds"
      FROM queues q
      LEFT JOIN calls c ON c.queue_name = q.name AND (c.started_at >= ${since} OR c.status <> 'ended')
      WHERE ${queue === undefined ? sql`true` : sql`q.name = ${queue}`}
      GROUP BY q.id ORDER BY q.name`.execute(this.db);
    return rows.rows;
  }

  async agentCallsToday(since: Date): Promise<Map<number, number>> {
    const rows = await this.db.selectFrom('calls').select(['agent_user_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('started_at', '>=', since).where('answered_at', 'is not', null).where('agent_user_id', 'is not', null)
      .groupBy('agent_user_id').execute();
    return new Map(rows.map((r) => [r.agent_user_id!, Number(r.n)]));
  }

  async liveCalls() {
    return this.db.selectFrom('calls').selectAll().where('status', '<>', 'ended').orderBy('started_at').limit(500).execute();
  }

  async liveAgentChannel(callId: number): Promise<string | null> {
    const leg = await this.db.selectFrom('call_legs').select('channel')
      .where('call_id', '=', callId).where('ended_at', 'is', null).where('role', '=', 'agent')
      .orderBy('id', 'desc').executeTakeFirst();
    return leg?.channel ?? null;
  }

  /** The live call an agent's channel is on, with the agent and the customer (what a spy session shows). */
  async spiedCall(agentChannel: string): Promise<SpiedCallRow | null> {
    const row = await this.db.selectFrom('call_legs as l').innerJoin('calls as c', 'c.id', 'l.call_id')
      .leftJoin('users as u', (j) => j.on((eb) => eb('u.id', '=', eb.fn.coalesce('l.user_id', 'c.agent_user_id'))))
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id as callId', 'c.direction', 'c.caller_number as callerNumber', 'c.called_number as calledNumber',
        'u.id as agentUserId', 'u.display_name as agentName', 'cu.full_name as customerName'])
      .where('l.channel', '=', agentChannel).where('l.ended_at', 'is', null).where('c.status', '<>', 'ended')
      .orderBy('l.id', 'desc').executeTakeFirst();
    return row ?? null;
  }
}

export interface SpiedCallRow {
  callId: number;
  direction: string;
  callerNumber: string | null;
  calledNumber: string | null;
  agentUserId: number | null;
  agentName: string | null;
  customerName: string | null;
}
