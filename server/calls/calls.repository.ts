import { sql, type Selectable } from 'kysely';
import type { Database } from '../db/database';
import type { Calls } from '../db/types';
import type { CallSummary } from '../events/domain-events';

export type CallRow = Selectable<Calls>;

export function toCallSummary(row: CallRow): CallSummary {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    callId: row.id,
    pbxId: row.pbx_id,
    linkedid: row.linkedid,
    direction: row.direction as CallSummary['direction'],
    status: row.status as CallSummary['status'],
    outcome: row.outcome as CallSummary['outcome'],
    callerNumber: row.caller_number,
    callerName: row.caller_name,
    calledNumber: row.called_number,
    queue: row.queue_name,
    agentUserId: row.agent_user_id,
    customerId: row.customer_id,
    campaignAttemptId: row.campaign_attempt_id,
    startedAt: row.started_at.toISOString(),
    queuedAt: iso(row.queued_at),
    offeredAt: iso(row.offered_at),
    answeredAt: iso(row.answered_at),
    endedAt: iso(row.ended_at),
    onHold: row.hold_started_at !== null,
    recordingPath: row.recording_path,
  };
}

export interface StartedCall {
  /** An id handed out by CallIdAllocator (same formula as calls_id_for); absent: the database picks it. */
  id?: number;
  pbxId: string; linkedid: string; direction: string; callerNumber: string | null; callerName: string | null;
  calledNumber: string | null; startedAt: Date; campaignAttemptId: number | null;
  /** Our Originate's id (CRM_CALL_ID): an outbound call is linked to the customer it was dialled for. */
  crmCallId?: string | null;
}

// The customer an outbound call was dialled for: the agent's click-to-dial request, or the campaign attempt.
const dialledFor = (c: StartedCall) => (c.crmCallId
  ? sql`COALESCE((SELECT o.customer_id FROM originate_requests o WHERE o.crm_call_id = ${c.crmCallId}),
      (SELECT a.customer_id FROM campaign_attempts a WHERE a.id = ${c.campaignAttemptId}::bigint))`
  : sql`NULL::bigint`);

/** A call.started whose start has no monthly partition yet (PBX clock far ahead, or partition maintenance not run). */
export class CallOutsidePartitionsError extends Error {
  readonly code = 'CALL_OUTSIDE_PARTITIONS';
  constructor(input: StartedCall, cause: unknown) {
    super(`call ${input.pbxId}/${input.linkedid} started at ${input.startedAt.toISOString()} has no calls partition for its month `
      + '(warmline_ensure_partitions creates this month and the next 3); event dropped', { cause });
  }
}

/** A new id for a call started at `startedAt`: calls is partitioned on id, and the id encodes the start second
 * (migration 0012), so every writer that knows the start passes this and the call lands in its start month. */
export const callIdAt = (startedAt: Date) => sql<number>`calls_id_for(${startedAt}::timestamptz)`;

const keyCte = (c: StartedCall) => sql`k AS (
  INSERT INTO call_linkedids (pbx_id, linkedid, call_id) VALUES (${c.pbxId}, ${c.linkedid}, ${c.id !== undefined ? sql`${c.id}::bigint` : callIdAt(c.startedAt)})
  ON CONFLICT (pbx_id, linkedid) DO NOTHING RETURNING call_id)`;
const insertCallFromKey = (c: StartedCall) => sql`
  INSERT INTO calls (id, pbx_id, linkedid, direction, status, caller_number, caller_name, called_number, started_at, campaign_attempt_id, customer_id)
  SELECT k.call_id, ${c.pbxId}::text, ${c.linkedid}::text, ${c.direction}::text, 'ringing', ${c.callerNumber}::text, ${c.callerName}::text,
    ${c.calledNumber}::text, ${c.startedAt}::timestamptz, ${c.campaignAttemptId}::bigint, ${dialledFor(c)} FROM k
  RETURNING *`;

// Every write is conditional (COALESCE, status guards), so a replayed or resynchronised event never
// double-counts or moves a call backwards.
export class CallsRepository {
  constructor(private readonly db: Database) {}

  /**
   * The call row, or the existing one on a replay. The idempotency key (pbx_id, linkedid) lives in call_linkedids
   * (calls is partitioned on id, so it cannot hold that unique index): the key row is inserted first with the new
   * call's id, and the call is inserted only if the key was new. The foreign key from the key row to calls is checked
   * at the end of the statement, when the call exists.
   */
  async insertStarted(input: StartedCall): Promise<{ row: CallRow; created: boolean }> {
    const r = await this.withPartitionCheck(input, sql<CallRow>`
      WITH ${keyCte(input)},
      ins AS (${insertCallFromKey(input)})
      SELECT * FROM ins`.execute(this.db));
    const inserted = r.rows[0];
    if (inserted) return { row: inserted, created: true };
    return { row: (await this.find(input.pbxId, input.linkedid))!, created: false };
  }

  /**
   * call.started in one round trip: the call row and its first leg. On a replay (the key exists) it returns nothing
   * and the caller takes the two-step path (insertStarted finds the existing call, then upsertLeg): looking the
   * existing row up in this statement would make Postgres plan a scan of every partition on every call.
   */
  async insertStartedWithLeg(input: StartedCall, leg: { uniqueid: string; channel: string; role: string; userId: number | null }): Promise<{ row: CallRow; created: boolean } | undefined> {
    const r = await this.withPartitionCheck(input, sql<CallRow>`
      WITH ${keyCte(input)},
      ins AS (${insertCallFromKey(input)}),
      leg AS (
        INSERT INTO call_legs (call_id, uniqueid, channel, role, user_id, started_at)
        SELECT id, ${leg.uniqueid}, ${leg.channel}, ${leg.role}, ${leg.userId}::bigint, ${input.startedAt} FROM ins)
      SELECT * FROM ins`.execute(this.db));
    const row = r.rows[0];
    return row ? { row, created: true } : undefined;
  }

  /** A start beyond the created monthly partitions is refused by Postgres; say which call and why. */
  private async withPartitionCheck<T>(input: StartedCall, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code === '23514' && /no partition of relation "calls"/.test(e.message ?? '')) {
        throw new CallOutsidePartitionsError(input, err);
      }
      throw err;
    }
  }

  /**
   * Through the key table, in two statements: the second is pruned to one partition when planned. One statement
   * (a join, or id = (subquery)) prunes only at run time, after planning a scan of every partition: measured at
   * ~2 ms per call with 29 partitions against ~0.5 ms for the two round trips.
   */
  async find(pbxId: string, linkedid: string): Promise<CallRow | undefined> {
    const key = await this.db.selectFrom('call_linkedids').select('call_id').where('pbx_id', '=', pbxId).where('linkedid', '=', linkedid).executeTakeFirst();
    return key ? this.findById(key.call_id) : undefined;
  }

  findById(id: number): Promise<CallRow | undefined> {
    return this.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listLive(pbxId?: string): Promise<CallRow[]> {
    let q = this.db.selectFrom('calls').selectAll().where('status', '<>', 'ended');
    if (pbxId) q = q.where('pbx_id', '=', pbxId);
    return q.orderBy('started_at').execute();
  }

  async markQueued(id: number, queue: string, at: Date): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({
      queue_name: queue,
      queued_at: sql<Date>`COALESCE(queued_at, ${at})`,
      status: sql<string>`CASE WHEN status = 'ringing' THEN 'queued' ELSE status END`,
      updated_at: sql`now()`,
    }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
  }

  /** call.offered in one round trip: the agent's leg and the call's offer. */
  async markOfferedWithLeg(id: number, queue: string | null, at: Date, leg: { uniqueid: string; channel: string; userId: number | null }): Promise<CallRow | undefined> {
    return this.db.with('leg', (db) => db.insertInto('call_legs').values({
      call_id: id, uniqueid: leg.uniqueid, channel: leg.channel, role: 'agent', user_id: leg.userId, started_at: at,
    }).onConflict((oc) => oc.columns(['call_id', 'uniqueid']).doNothing())).updateTable('calls').set({
      queue_name: sql<string>`COALESCE(queue_name, ${queue})`,
      offered_at: sql<Date>`COALESCE(offered_at, ${at})`,
      status: sql<string>`CASE WHEN status IN ('ringing', 'queued') THEN 'offered' ELSE status END`,
      updated_at: sql`now()`,
    }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
  }

  async markOffered(id: number, queue: string | null, at: Date): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({
      queue_name: sql<string>`COALESCE(queue_name, ${queue})`,
      offered_at: sql<Date>`COALESCE(offered_at, ${at})`,
      status: sql<string>`CASE WHEN status IN ('ringing', 'queued') THEN 'offered' ELSE status END`,
      updated_at: sql`now()`,
    }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
  }

  /** call.answered in one round trip: the answering leg and the call. */
  async markAnsweredWithLeg(id: number, agentUserId: number | null, at: Date, waitSeconds: number | null, answeredUniqueid: string): Promise<CallRow | undefined> {
    return this.db.with('leg', (db) => db.updateTable('call_legs').set({ answered_at: sql<Date>`COALESCE(answered_at, ${at})` })
      .where('call_id', '=', id).where('uniqueid', '=', answeredUniqueid))
      .updateTable('calls').set({
        answered_at: sql<Date>`COALESCE(answered_at, ${at})`,
        agent_user_id: sql<number>`COALESCE(agent_user_id, ${agentUserId}::bigint)`,
        wait_seconds: sql<number>`COALESCE(wait_seconds, ${waitSeconds}::int, GREATEST(0, round(extract(epoch FROM (${at}::timestamptz - COALESCE(queued_at, started_at))))::int))`,
        status: sql<string>`'answered'`,
        outcome: sql<string>`'answered'`,
        updated_at: sql`now()`,
      }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
  }

  async markAnswered(id: number, agentUserId: number | null, at: Date, waitSeconds: number | null): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({
      answered_at: sql<Date>`COALESCE(answered_at, ${at})`,
      agent_user_id: sql<number>`COALESCE(agent_user_id, ${agentUserId}::bigint)`,
      wait_seconds: sql<number>`COALESCE(wait_seconds, ${waitSeconds}::int, GREATEST(0, round(extract(epoch FROM (${at}::timestamptz - COALESCE(queued_at, started_at))))::int))`,
      status: 'answered',
      outcome: 'answered',
      updated_at: sql`now()`,
    }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
  }

  async markAbandoned(id: number, queue: string, waitSeconds: number): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({
      queue_name: sql<string>`COALESCE(queue_name, ${queue})`,
      wait_seconds: sql<number>`COALESCE(wait_seconds, ${waitSeconds}::int)`,
      outcome: sql<string>`CASE WHEN answered_at IS NULL THEN 'abandoned' ELSE outcome END`,
      updated_at: sql`now()`,
    }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async setHold(id: number, held: boolean, at: Date): Promise<CallRow | undefined> {
    const q = this.db.updateTable('calls').where('id', '=', id).where('status', '<>', 'ended');
    if (held) {
      return q.set({ hold_started_at: sql<Date>`COALESCE(hold_started_at, ${at})`, updated_at: sql`now()` }).returningAll().executeTakeFirst();
    }
    return q.set({
      hold_seconds: sql<number>`hold_seconds + COALESCE(GREATEST(0, round(extract(epoch FROM (${at}::timestamptz - hold_started_at))))::int, 0)`,
      hold_started_at: null,
      updated_at: sql`now()`,
    }).returningAll().executeTakeFirst();
  }

  /**
   * The agent passed the call on: it has no agent until the receiving party answers (markAnsweredWithLeg fills an
   * empty agent_user_id), and the transfer is kept in call_transfers (timeline, the transferer's wrap-up).
   */
  async markTransferred(id: number, t: { kind: 'blind' | 'attended'; fromUserId: number | null; toUserId: number | null; target: string | null; at: Date }): Promise<CallRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await trx.insertInto('call_transfers').values({ call_id: id, kind: t.kind, from_user_id: t.fromUserId, to_user_id: t.toUserId, target: t.target, at: t.at }).execute();
      return trx.updateTable('calls').set({ transferred: true, agent_user_id: null, updated_at: sql`now()` })
        .where('id', '=', id).returningAll().executeTakeFirst();
    });
  }

  async setRecording(id: number, path: string): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({ recording_path: sql<string>`COALESCE(recording_path, ${path})`, updated_at: sql`now()` })
      .where('id', '=', id).returningAll().executeTakeFirst();
  }

  /**
   * `unseen`: the call vanished while nobody listened (resync). Unless it was seen answered or abandoned, its outcome
   * is then 'unknown' (issue #19.5): a call queued at a server's death may have been answered and ended meanwhile.
   */
  async markEnded(id: number, input: { at: Date; cause: number | null; causeText: string | null; hungUpBy: string; failure: string | null; unseen?: boolean }): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({
      status: 'ended',
      ended_at: input.at,
      hold_seconds: sql<number>`hold_seconds + COALESCE(GREATEST(0, round(extract(epoch FROM (${input.at}::timestamptz - hold_started_at))))::int, 0)`,
      hold_started_at: null,
      talk_seconds: sql<number>`CASE WHEN answered_at IS NULL THEN NULL ELSE GREATEST(0, round(extract(epoch FROM (${input.at}::timestamptz - answered_at))))::int END`,
      wait_seconds: sql<number>`COALESCE(wait_seconds, CASE WHEN queued_at IS NOT NULL AND answered_at IS NULL THEN GREATEST(0, round(extract(epoch FROM (${input.at}::timestamptz - queued_at))))::int END)`,
      hangup_cause: input.cause,
      hangup_cause_text: input.causeText,
      hung_up_by: input.hungUpBy,
      outcome: sql<string>`CASE
        WHEN answered_at IS NOT NULL THEN 'answered'
        WHEN outcome = 'abandoned' THEN 'abandoned'
        WHEN ${input.unseen === true}::boolean THEN 'unknown'
        WHEN queued_at IS NOT NULL THEN 'abandoned'
        ELSE COALESCE(${input.failure}::text, 'no_answer') END`,
      updated_at: sql`now()`,
    }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
  }

  /** call.ended: the call, then every leg still open ends with it. */
  async markEndedWithLegs(id: number, input: Parameters<CallsRepository['markEnded']>[1]): Promise<CallRow | undefined> {
    const row = await this.markEnded(id, input);
    if (row) await this.endOpenLegs(id, input.at);
    return row;
  }

  /** Legs still open when their call ends (a Hangup never seen, a call closed by a resync) end with it. */
  async endOpenLegs(callId: number, at: Date): Promise<void> {
    await this.db.updateTable('call_legs').set({ ended_at: sql<Date>`GREATEST(started_at, ${at}::timestamptz)` })
      .where('call_id', '=', callId).where('ended_at', 'is', null).execute();
  }

  /** An agent's call that reached the trunk is outbound, though its start looked internal (#27.2). */
  async promoteToOutbound(id: number): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({ direction: 'outbound', updated_at: new Date() })
      .where('id', '=', id).where('direction', '=', 'internal').returningAll().executeTakeFirst();
  }

  /** The dialled number, learnt late (an Originate that did not say it): only where none is recorded. */
  async setCalledNumber(id: number, number: string): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({ called_number: number, updated_at: new Date() })
      .where('id', '=', id).where('called_number', 'is', null).returningAll().executeTakeFirst();
  }

  async upsertLeg(callId: number, leg: { uniqueid: string; channel: string; role: string; userId: number | null; startedAt: Date }): Promise<void> {
    await this.db.insertInto('call_legs').values({
      call_id: callId, uniqueid: leg.uniqueid, channel: leg.channel, role: leg.role, user_id: leg.userId, started_at: leg.startedAt,
    }).onConflict((oc) => oc.columns(['call_id', 'uniqueid']).doNothing()).execute();
  }

  async endLeg(callId: number, uniqueid: string, at: Date, cause: number | null): Promise<void> {
    await this.db.updateTable('call_legs').set({ ended_at: sql<Date>`COALESCE(ended_at, ${at})`, hangup_cause: cause })
      .where('call_id', '=', callId).where('uniqueid', '=', uniqueid).execute();
  }

  async answerLeg(callId: number, uniqueid: string, at: Date): Promise<void> {
    await this.db.updateTable('call_legs').set({ answered_at: sql<Date>`COALESCE(answered_at, ${at})` })
      .where('call_id', '=', callId).where('uniqueid', '=', uniqueid).execute();
  }

  /** The agent leg's channel name: what ChanSpy and Hangup act on. */
  async liveChannels(callId: number): Promise<Array<{ channel: string; role: string; userId: number | null }>> {
    return this.db.selectFrom('call_legs').select(['channel', 'role', 'user_id as userId'])
      .where('call_id', '=', callId).where('ended_at', 'is', null).orderBy('id').execute();
  }

  async legUsers(callId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('call_legs').select('user_id').where('call_id', '=', callId).where('user_id', 'is not', null).execute();
    return rows.map((r) => r.user_id!);
  }

  /** Values of the sequence calls_id_for() draws from, for CallIdAllocator. */
  async reserveIds(n: number): Promise<number[]> {
    const r = await sql<{ v: string | number }>`SELECT nextval('calls_id_seq') AS v FROM generate_series(1, ${n}::int)`.execute(this.db);
    return r.rows.map((row) => Number(row.v));
  }

  /** An agent's click-to-dial, kept under the Originate's id until Asterisk reports the call (or refuses it). */
  async recordOriginate(r: { crmCallId: string; userId: number; customerId: number | null; taskId: number | null; toNumber: string }): Promise<void> {
    await this.db.insertInto('originate_requests').values({
      crm_call_id: r.crmCallId, user_id: r.userId, customer_id: r.customerId, task_id: r.taskId, to_number: r.toNumber,
    }).execute();
  }

  async originateOutcome(crmCallId: string, status: 'dialled' | 'refused' | 'failed', failure: string | null): Promise<void> {
    await this.db.updateTable('originate_requests').set({ status, failure, updated_at: new Date() })
      .where('crm_call_id', '=', crmCallId).where('status', 'in', status === 'dialled' ? ['requested'] : ['requested', 'dialled']).execute();
  }

  async isDoNotCall(e164: string, customerId: number | null): Promise<boolean> {
    const listed = await this.db.selectFrom('dnc_numbers').select('e164').where('e164', '=', e164).executeTakeFirst();
    if (listed) return true;
    const owner = await this.db.selectFrom('customers').innerJoin('customer_phones', 'customer_phones.customer_id', 'customers.id')
      .select('customers.id').where((eb) => eb.or([eb('customer_phones.e164', '=', e164), ...(customerId ? [eb('customers.id', '=', customerId)] : [])]))
      .where((eb) => eb.or([eb('customers.do_not_call', '=', true), eb('customers.consent_outbound', '=', false)])).executeTakeFirst();
    return !!owner;
  }
}
