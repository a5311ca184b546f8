import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { AgentState } from '../events/domain-events';

/** Pause reasons the server sets by itself; an agent cannot choose them. */
export const SYSTEM_PAUSE_REASONS = ['login', 'pbx', 'missed', 'away'];

export interface AgentStateRow {
  userId: number;
  state: AgentState;
  reason: string | null;
  since: Date;
  callId: number | null;
  deadlineAt: Date | null;
}

// agent_state_log is the source of truth for an agent's state (one open row per agent, enforced by a unique
// partial index), so every node sees the same state and reports can measure time in each state exactly.
export class AgentsRepository {
  constructor(private readonly db: Database) {}

  async current(userId: number): Promise<AgentStateRow | undefined> {
    const row = await this.db.selectFrom('agent_state_log')
      .select(['user_id as userId', 'state', 'reason', 'started_at as since', 'call_id as callId', 'deadline_at as deadlineAt'])
      .where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst();
    return row as AgentStateRow | undefined;
  }

  /** The agent's leg of a call that rings them and is not answered yet (a forced pause ends it). */
  async ringingLeg(userId: number, callId: number): Promise<string | null> {
    const row = await this.db.selectFrom('call_legs').select('channel').where('call_id', '=', callId).where('user_id', '=', userId)
      .where('answered_at', 'is', null).where('ended_at', 'is', null).orderBy('id', 'desc').executeTakeFirst();
    return row?.channel ?? null;
  }

  /** Who a call can be transferred to: active users with a phone, their state, and the queues calls came through. */
  async transferTargets(): Promise<{ agents: Array<{ userId: number; displayName: string; extension: string; state: string }>; queues: string[] }> {
    const agents = await this.db.selectFrom('users as u')
      .leftJoin('agent_state_log as s', (j) => j.onRef('s.user_id', '=', 'u.id').on('s.ended_at', 'is', null))
      .select(['u.id as userId', 'u.display_name as displayName', 'u.extension', sql<string>`COALESCE(s.state, 'offline')`.as('state')])
      .where('u.active', '=', true).where('u.extension', 'is not', null).orderBy('u.display_name').execute();
    const queues = await this.db.selectFrom('calls').select('queue_name').distinct()
      .where('queue_name', 'is not', null).where('started_at', '>=', sql<Date>`now() - interval '30 days'`).orderBy('queue_name').limit(50).execute();
    return { agents: agents.map((a) => ({ ...a, extension: a.extension! })), queues: queues.map((q) => q.queue_name!) };
  }

  /** Calls waiting now (queued or offered, not answered or ended) in each of the user's queues. */
  async queuesWaiting(userId: number): Promise<Array<{ queue: string; waiting: number }>> {
    const rows = await this.db.selectFrom('queue_members as m').innerJoin('queues as q', 'q.id', 'm.queue_id')
      .leftJoin('calls as c', (j) => j.onRef('c.queue_name', '=', 'q.name').on('c.status', 'in', ['queued', 'offered']))
      .select(['q.name as queue', (eb) => eb.fn.count<string>('c.id').as('waiting')])
      .where('m.user_id', '=', userId).where('q.active', '=', true).groupBy('q.name').orderBy('q.name').execute();
    return rows.map((r) => ({ queue: r.queue, waiting: Number(r.waiting) }));
  }

  async allCurrent(): Promise<AgentStateRow[]> {
    return (await this.db.selectFrom('agent_state_log')
      .select(['user_id as userId', 'state', 'reason', 'started_at as since', 'call_id as callId', 'deadline_at as deadlineAt'])
      .where('ended_at', 'is', null).execute()) as AgentStateRow[];
  }

  /**
   * Moves an agent to a new state if `guard` accepts the current one. Serialised per agent by locking the
   * user row, so two nodes (or an AMI event racing a click) cannot both apply a transition. FOR NO KEY UPDATE, not
   * FOR UPDATE: the lock only has to exclude other transitions (and campaign claims, which take the same lock);
   * FOR UPDATE would also hold every foreign-key check on the user (KEY SHARE: a call leg, a call's agent, a wrap-up
   * written for this agent) until the transition commits, and the call's own writes queued behind it.
   */
  async transition(userId: number, next: { state: AgentState; reason: string | null; callId: number | null; deadlineAt: Date | null; at: Date },
    guard: (current: AgentStateRow | undefined) => boolean,
    opts: { consoleGeneration?: number } = {}): Promise<{ changed: boolean; previous: AgentStateRow | undefined }> {
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst();
      // The away pause applies only if no console connected since its job was scheduled: read under the lock that
      // consoleConnected() also takes, so the two cannot interleave (agent-presence.ts).
      if (opts.consoleGeneration !== undefined) {
        const consoles = await trx.selectFrom('agent_consoles').select('generation').where('user_id', '=', userId).executeTakeFirst();
        if (Number(consoles?.generation ?? 0) !== opts.consoleGeneration) return { changed: false, previous: undefined };
      }
      const previous = (await trx.selectFrom('agent_state_log')
        .select(['user_id as userId', 'state', 'reason', 'started_at as since', 'call_id as callId', 'deadline_at as deadlineAt'])
        .where('user_id', '=', userId).where('ended_at', 'is', null).executeTakeFirst()) as AgentStateRow | undefined;
      if (!guard(previous)) return { changed: false, previous };
      if (previous && previous.state === next.state && previous.reason === next.reason && previous.callId === next.callId) {
        return { changed: false, previous };
      }
      await trx.updateTable('agent_state_log').set({ ended_at: sql<Date>`GREATEST(started_at, ${next.at}::timestamptz)` })
        .where('user_id', '=', userId).where('ended_at', 'is', null).execute();
      await trx.insertInto('agent_state_log').values({
        user_id: userId, state: next.state, reason: next.reason, started_at: next.at, call_id: next.callId, deadline_at: next.deadlineAt,
      }).execute();
      return { changed: true, previous };
    });
  }

  /** A console of this user connected: a new generation, under the user lock (see transition's consoleGeneration). */
  async consoleConnected(userId: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst();
      const row = await trx.insertInto('agent_consoles').values({ user_id: userId, generation: 1, connected_at: sql<Date>`now()` })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ generation: sql<number>`agent_consoles.generation + 1`, connected_at: sql<Date>`now()` }))
        .returning('generation').executeTakeFirstOrThrow();
      return Number(row.generation);
    });
  }

  /** A console of this user disconnected: the generation the away job will check. */
  async consoleDisconnected(userId: number): Promise<number> {
    const row = await this.db.insertInto('agent_consoles').values({ user_id: userId, generation: 0, disconnected_at: sql<Date>`now()` })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ disconnected_at: sql<Date>`now()` }))
      .returning('generation').executeTakeFirstOrThrow();
    return Number(row.generation);
  }

  /**
   * Consoles the database still counts as connected (connected after their last disconnect). With no socket of that
   * user anywhere in the cluster, their node died without saying goodbye (SIGKILL, power): agent-presence sweeps them.
   */
  async consolesLeftConnected(): Promise<Array<{ userId: number; generation: number }>> {
    const rows = await this.db.selectFrom('agent_consoles').select(['user_id', 'generation'])
      .where('connected_at', 'is not', null)
      .where((eb) => eb.or([eb('disconnected_at', 'is', null), eb('disconnected_at', '<', eb.ref('connected_at'))]))
      .execute();
    return rows.map((r) => ({ userId: Number(r.user_id), generation: Number(r.generation) }));
  }

  /** Records the disconnect a dead node never wrote; false when a console connected since (a newer generation). */
  async consoleLost(userId: number, generation: number): Promise<boolean> {
    const row = await this.db.updateTable('agent_consoles').set({ disconnected_at: sql<Date>`now()` })
      .where('user_id', '=', userId).where('generation', '=', generation).returning('user_id').executeTakeFirst();
    return row !== undefined;
  }

  /** An attended transfer's consultation started on the PBX (migration 0063). */
  async consultationStarted(userId: number, callId: number, target: string): Promise<void> {
    await this.db.insertInto('agent_consultations').values({ user_id: userId, call_id: callId, target })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ call_id: callId, target, started_at: sql<Date>`now()` })).execute();
  }

  async consultationEnded(userId: number): Promise<void> {
    await this.db.deleteFrom('agent_consultations').where('user_id', '=', userId).execute();
  }

  async consultation(userId: number): Promise<{ callId: number; target: string } | undefined> {
    return this.db.selectFrom('agent_consultations').select(['call_id as callId', 'target']).where('user_id', '=', userId).executeTakeFirst();
  }

  /** The reasons an agent may choose; the ones the server sets by itself are not offered. */
  listPauseReasons() {
    return this.db.selectFrom('pause_reasons').select(['code', 'label']).where('active', '=', true)
      .where('code', 'not in', SYSTEM_PAUSE_REASONS).orderBy('sort_order').orderBy('label').execute();
  }

  /** Every reason with its label, the system ones too (the wallboard names every pause it shows). */
  listAllPauseReasons() {
    return this.db.selectFrom('pause_reasons').select(['code', 'label']).orderBy('label').execute();
  }

  async recordMissedOffer(input: { userId: number; callId: number | null; extension: string; reason: 'no_answer' | 'rejected'; at: Date }): Promise<void> {
    await this.db.insertInto('missed_offers').values({ user_id: input.userId, call_id: input.callId, extension: input.extension, reason: input.reason, at: input.at }).execute();
  }

  /**
   * Missed offers in a row: those since the agent last left the ready/ringing cycle (answered a call, paused, logged
   * in or off, wrapped up). Ringing and ready alternate with every offer, so those two do not break the run.
   */
  async missedInARow(userId: number): Promise<number> {
    const row = await this.db.selectFrom('missed_offers').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', userId)
      .where('at', '>=', (eb) => eb.selectFrom('agent_state_log')
        .select(sql<Date>`COALESCE(max(started_at), '-infinity'::timestamptz)`.as('t'))
        .where('user_id', '=', userId).where('state', 'not in', ['ready', 'ringing']))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The state an agent was in before the current one (to restore it when a console comes back). */
  async previous(userId: number): Promise<{ state: AgentState; reason: string | null } | undefined> {
    return (await this.db.selectFrom('agent_state_log').select(['state', 'reason'])
      .where('user_id', '=', userId).where('ended_at', 'is not', null)
      .orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()) as { state: AgentState; reason: string | null } | undefined;
  }

  async pauseReasonExists(code: string): Promise<boolean> {
    return !!(await this.db.selectFrom('pause_reasons').select('code').where('code', '=', code).where('active', '=', true).executeTakeFirst());
  }

  listDispositions() {
    return this.db.selectFrom('dispositions').select(['code', 'label', 'category']).where('active', '=', true).orderBy('sort_order').orderBy('label').execute();
  }

  listAgents() {
    return this.db.selectFrom('users').select(['id', 'display_name as displayName', 'extension', 'role'])
      .where('active', '=', true).where('extension', 'is not', null).orderBy('display_name').execute();
  }
}
