import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { AgentState } from '../events/domain-events';

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
    guard: (current: AgentStateRow | undefined) => boolean): Promise<{ changed: boolean; previous: AgentStateRow | undefined }> {
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst();
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

  listPauseReasons() {
    return this.db.selectFrom('pause_reasons').select(['code', 'label']).where('active', '=', true).orderBy('label').execute();
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
