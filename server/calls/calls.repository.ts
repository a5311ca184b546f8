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

// Every write is conditional (COALESCE, status guards), so a replayed or resynchronised event never
// double-counts or moves a call backwards.
export class CallsRepository {
  constructor(private readonly db: Database) {}

  async insertStarted(input: {
    pbxId: string; linkedid: string; direction: string; callerNumber: string | null; callerName: string | null;
    calledNumber: string | null; startedAt: Date; campaignAttemptId: number | null;
  }): Promise<{ row: CallRow; created: boolean }> {
    const inserted = await this.db.insertInto('calls').values({
      pbx_id: input.pbxId, linkedid: input.linkedid, direction: input.direction, status: 'ringing',
      caller_number: input.callerNumber, caller_name: input.callerName, called_number: input.calledNumber,
      started_at: input.startedAt, campaign_attempt_id: input.campaignAttemptId,
    }).onConflict((oc) => oc.columns(['pbx_id', 'linkedid']).doNothing()).returningAll().executeTakeFirst();
    if (inserted) return { row: inserted, created: true };
    return { row: (await this.find(input.pbxId, input.linkedid))!, created: false };
  }

  /**
   * call.started in one round trip: the call row (inserted, or the existing one on a replay) and its first leg.
   * Events of one call are applied one at a time by the PBX's single consumer, so no concurrent insert of the same
   * Linkedid can hide the existing row from this statement's snapshot; the caller falls back to find() anyway.
   */
  async insertStartedWithLeg(input: {
    pbxId: string; linkedid: string; direction: string; callerNumber: string | null; callerName: string | null;
    calledNumber: string | null; startedAt: Date; campaignAttemptId: number | null;
  }, leg: { uniqueid: string; channel: string; role: string }): Promise<{ row: CallRow; created: boolean } | undefined> {
    const r = await sql<CallRow & { created: boolean }>`
      WITH ins AS (
        INSERT INTO calls (pbx_id, linkedid, direction, status, caller_number, caller_name, called_number, started_at, campaign_attempt_id)
        VALUES (${input.pbxId}, ${input.linkedid}, ${input.direction}, 'ringing', ${input.callerNumber}, ${input.callerName},
          ${input.calledNumber}, ${input.startedAt}, ${input.campaignAttemptId}::bigint)
        ON CONFLICT (pbx_id, linkedid) DO NOTHING RETURNING *),
      found AS (
        SELECT ins.*, true AS created FROM ins
        UNION ALL
        SELECT calls.*, false AS created FROM calls WHERE pbx_id = ${input.pbxId} AND linkedid = ${input.linkedid} AND NOT EXISTS (SELECT 1 FROM ins)),
      leg AS (
        INSERT INTO call_legs (call_id, uniqueid, channel, role, user_id, started_at)
        SELECT id, ${leg.uniqueid}, ${leg.channel}, ${leg.role}, NULL, ${input.startedAt} FROM found
        ON CONFLICT (call_id, uniqueid) DO NOTHING)
      SELECT * FROM found`.execute(this.db);
    const row = r.rows[0];
    if (!row) return undefined;
    const { created, ...call } = row;
    return { row: call as CallRow, created };
  }

  find(pbxId: string, linkedid: string): Promise<CallRow | undefined> {
    return this.db.selectFrom('calls').selectAll().where('pbx_id', '=', pbxId).where('linkedid', '=', linkedid).executeTakeFirst();
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

  async markTransferred(id: number): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({ transferred: true, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async setRecording(id: number, path: string): Promise<CallRow | undefined> {
    return this.db.updateTable('calls').set({ recording_path: sql<string>`COALESCE(recording_path, ${path})`, updated_at: sql`now()` })
      .where('id', '=', id).returningAll().executeTakeFirst();
  }

  async markEnded(id: number, input: { at: Date; cause: number | null; causeText: string | null; hungUpBy: string; failure: string | null }): Promise<CallRow | undefined> {
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
        WHEN outcome = 'abandoned' OR queued_at IS NOT NULL THEN 'abandoned'
        ELSE COALESCE(${input.failure}::text, 'no_answer') END`,
      updated_at: sql`now()`,
    }).where('id', '=', id).where('status', '<>', 'ended').returningAll().executeTakeFirst();
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

  async isDoNotCall(e164: string, customerId: number | null): Promise<boolean> {
    const listed = await this.db.selectFrom('dnc_numbers').select('e164').where('e164', '=', e164).executeTakeFirst();
    if (listed) return true;
    const owner = await this.db.selectFrom('customers').innerJoin('customer_phones', 'customer_phones.customer_id', 'customers.id')
      .select('customers.id').where((eb) => eb.or([eb('customer_phones.e164', '=', e164), ...(customerId ? [eb('customers.id', '=', customerId)] : [])]))
      .where((eb) => eb.or([eb('customers.do_not_call', '=', true), eb('customers.consent_outbound', '=', false)])).executeTakeFirst();
    return !!owner;
  }
}
