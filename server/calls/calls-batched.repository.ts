import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database';
import { CallsRepository, type CallRow, type StartedCall } from './calls.repository';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';
import { isTransientDbError } from './keyed-serial-queue';

type Leg = { uniqueid: string; channel: string; role: string; userId: number | null };
type Ended = Parameters<CallsRepository['markEnded']>[1];

// The rows of a batch as one parameter: jsonb_to_recordset types each column, and one statement text serves every
// batch size (postgres.js prepares each distinct text once per connection).
const rows = (values: object[], columns: string) => sql`jsonb_to_recordset(${JSON.stringify(values)}::text::jsonb) AS v(${sql.raw(columns)})`;
// calls is partitioned on id: the ids as an array let Postgres prune to the partitions they fall in (a join on the
// recordset alone scans every partition).
const idsOf = (values: Array<{ id: number }>) => sql`${values.map((v) => v.id)}::bigint[]`;
const byId = (found: CallRow[], ids: number[]) => {
  const m = new Map(found.map((r) => [r.id, r]));
  return ids.map((id) => m.get(id));
};

/**
 * The calls repository whose per-event writes on the ingest path are merged across calls (WriteBatcher): under load
 * one statement carries the same write for many calls, with the same conditional SQL row by row as the single-row
 * statements of CallsRepository (which a lone write still uses). Measured in docs/PBX.md (bench:ingest).
 */
export class BatchedCallsRepository extends CallsRepository {
  private readonly started: WriteBatcher<{ input: StartedCall; leg: Leg }, { row: CallRow; created: boolean } | undefined>;
  private readonly queued: WriteBatcher<{ id: number; queue: string; at: Date }, CallRow | undefined>;
  private readonly offered: WriteBatcher<{ id: number; queue: string | null; at: Date; leg: Omit<Leg, 'role'> }, CallRow | undefined>;
  private readonly answered: WriteBatcher<{ id: number; userId: number | null; at: Date; waitSeconds: number | null; uniqueid: string }, CallRow | undefined>;
  private readonly legEnded: WriteBatcher<{ id: number; uniqueid: string; at: Date; cause: number | null }, void>;
  private readonly ended: WriteBatcher<{ id: number; input: Ended }, CallRow | undefined>;

  constructor(private readonly wdb: Database, options: WriteBatcherOptions = {}) {
    super(wdb);
    const batcher = <I, R>(key: (i: I) => string, many: (i: I[]) => Promise<R[]>, one: (i: I) => Promise<R>) =>
      new WriteBatcher<I, R>(key, many, one, isTransientDbError, options);
    this.started = batcher((s) => `${s.input.pbxId}/${s.input.linkedid}`, (b) => this.startedMany(b), (s) => super.insertStartedWithLeg(s.input, s.leg));
    this.queued = batcher((q) => String(q.id), (b) => this.queuedMany(b), (q) => super.markQueued(q.id, q.queue, q.at));
    this.offered = batcher((o) => String(o.id), (b) => this.offeredMany(b), (o) => super.markOfferedWithLeg(o.id, o.queue, o.at, o.leg));
    this.answered = batcher((a) => String(a.id), (b) => this.answeredMany(b), (a) => super.markAnsweredWithLeg(a.id, a.userId, a.at, a.waitSeconds, a.uniqueid));
    this.legEnded = batcher((l) => `${l.id}/${l.uniqueid}`, (b) => this.legEndedMany(b), (l) => super.endLeg(l.id, l.uniqueid, l.at, l.cause));
    this.ended = batcher((e) => String(e.id), (b) => this.endedMany(b), (e) => super.markEndedWithLegs(e.id, e.input));
  }

  override insertStartedWithLeg(input: StartedCall, leg: Leg) { return this.started.run({ input, leg }); }
  override markQueued(id: number, queue: string, at: Date) { return this.queued.run({ id, queue, at }); }
  override markOfferedWithLeg(id: number, queue: string | null, at: Date, leg: Omit<Leg, 'role'>) { return this.offered.run({ id, queue, at, leg }); }
  override markAnsweredWithLeg(id: number, userId: number | null, at: Date, waitSeconds: number | null, uniqueid: string) {
    return this.answered.run({ id, userId, at, waitSeconds, uniqueid });
  }
  override endLeg(id: number, uniqueid: string, at: Date, cause: number | null) { return this.legEnded.run({ id, uniqueid, at, cause }); }
  override markEndedWithLegs(id: number, input: Ended) { return this.ended.run({ id, input }); }

  private async exec(q: RawBuilder<CallRow>): Promise<CallRow[]> {
    return (await q.execute(this.wdb)).rows;
  }

  private async startedMany(batch: Array<{ input: StartedCall; leg: Leg }>) {
    const values = batch.map(({ input: c, leg }) => ({
      id: c.id ?? null, pbx_id: c.pbxId, linkedid: c.linkedid, direction: c.direction, caller_number: c.callerNumber,
      caller_name: c.callerName, called_number: c.calledNumber, started_at: c.startedAt, campaign_attempt_id: c.campaignAttemptId,
      crm_call_id: c.crmCallId ?? null, uniqueid: leg.uniqueid, channel: leg.channel, role: leg.role, user_id: leg.userId,
    }));
    // As insertStartedWithLeg, row by row: the key first (a replayed call's key exists: no row, the caller takes the
    // two-step path), then the call and its first leg.
    const found = await this.exec(sql<CallRow>`
      WITH v AS (SELECT * FROM ${rows(values, 'id bigint, pbx_id text, linkedid text, direction text, caller_number text, caller_name text, called_number text, started_at timestamptz, campaign_attempt_id bigint, crm_call_id text, uniqueid text, channel text, role text, user_id bigint')}),
      k AS (
        INSERT INTO call_linkedids (pbx_id, linkedid, call_id) SELECT pbx_id, linkedid, COALESCE(id, calls_id_for(started_at)) FROM v
        ON CONFLICT (pbx_id, linkedid) DO NOTHING RETURNING pbx_id, linkedid, call_id),
      ins AS (
        INSERT INTO calls (id, pbx_id, linkedid, direction, status, caller_number, caller_name, called_number, started_at, campaign_attempt_id, customer_id)
        SELECT k.call_id, v.pbx_id, v.linkedid, v.direction, 'ringing', v.caller_number, v.caller_name, v.called_number, v.started_at, v.campaign_attempt_id,
          CASE WHEN v.crm_call_id IS NULL THEN NULL::bigint ELSE COALESCE(
            (SELECT o.customer_id FROM originate_requests o WHERE o.crm_call_id = v.crm_call_id),
            (SELECT a.customer_id FROM campaign_attempts a WHERE a.id = v.campaign_attempt_id)) END
        FROM k JOIN v ON v.pbx_id = k.pbx_id AND v.linkedid = k.linkedid
        RETURNING *),
      leg AS (
        INSERT INTO call_legs (call_id, uniqueid, channel, role, user_id, started_at)
        SELECT ins.id, v.uniqueid, v.channel, v.role, v.user_id, v.started_at FROM ins JOIN v ON v.pbx_id = ins.pbx_id AND v.linkedid = ins.linkedid)
      SELECT * FROM ins`);
    const m = new Map(found.map((r) => [`${r.pbx_id}/${r.linkedid}`, r]));
    return batch.map(({ input }) => {
      const row = m.get(`${input.pbxId}/${input.linkedid}`);
      return row ? { row, created: true } : undefined;
    });
  }

  private async queuedMany(batch: Array<{ id: number; queue: string; at: Date }>) {
    const found = await this.exec(sql<CallRow>`
      UPDATE calls c SET queue_name = v.queue, queued_at = COALESCE(c.queued_at, v.at),
        status = CASE WHEN c.status = 'ringing' THEN 'queued' ELSE c.status END, updated_at = now()
      FROM ${rows(batch, 'id bigint, queue text, at timestamptz')}
      WHERE c.id = v.id AND c.id = ANY(${idsOf(batch)}) AND c.status <> 'ended' RETURNING c.*`);
    return byId(found, batch.map((b) => b.id));
  }

  private async offeredMany(batch: Array<{ id: number; queue: string | null; at: Date; leg: Omit<Leg, 'role'> }>) {
    const values = batch.map((b) => ({ id: b.id, queue: b.queue, at: b.at, uniqueid: b.leg.uniqueid, channel: b.leg.channel, user_id: b.leg.userId }));
    const found = await this.exec(sql<CallRow>`
      WITH v AS (SELECT * FROM ${rows(values, 'id bigint, queue text, at timestamptz, uniqueid text, channel text, user_id bigint')}),
      leg AS (
        INSERT INTO call_legs (call_id, uniqueid, channel, role, user_id, started_at) SELECT id, uniqueid, channel, 'agent', user_id, at FROM v
        ON CONFLICT (call_id, uniqueid) DO NOTHING)
      UPDATE calls c SET queue_name = COALESCE(c.queue_name, v.queue), offered_at = COALESCE(c.offered_at, v.at),
        status = CASE WHEN c.status IN ('ringing', 'queued') THEN 'offered' ELSE c.status END, updated_at = now()
      FROM v WHERE c.id = v.id AND c.id = ANY(${idsOf(batch)}) AND c.status <> 'ended' RETURNING c.*`);
    return byId(found, batch.map((b) => b.id));
  }

  private async answeredMany(batch: Array<{ id: number; userId: number | null; at: Date; waitSeconds: number | null; uniqueid: string }>) {
    const values = batch.map((b) => ({ id: b.id, user_id: b.userId, at: b.at, wait: b.waitSeconds, uniqueid: b.uniqueid }));
    const found = await this.exec(sql<CallRow>`
      WITH v AS (SELECT * FROM ${rows(values, 'id bigint, user_id bigint, at timestamptz, wait int, uniqueid text')}),
      leg AS (
        UPDATE call_legs l SET answered_at = COALESCE(l.answered_at, v.at) FROM v WHERE l.call_id = v.id AND l.uniqueid = v.uniqueid)
      UPDATE calls c SET answered_at = COALESCE(c.answered_at, v.at), agent_user_id = COALESCE(c.agent_user_id, v.user_id),
        wait_seconds = COALESCE(c.wait_seconds, v.wait, GREATEST(0, round(extract(epoch FROM (v.at - COALESCE(c.queued_at, c.started_at))))::int)),
        status = 'answered', outcome = 'answered', updated_at = now()
      FROM v WHERE c.id = v.id AND c.id = ANY(${idsOf(batch)}) AND c.status <> 'ended' RETURNING c.*`);
    return byId(found, batch.map((b) => b.id));
  }

  private async legEndedMany(batch: Array<{ id: number; uniqueid: string; at: Date; cause: number | null }>) {
    await sql`
      UPDATE call_legs l SET ended_at = COALESCE(l.ended_at, v.at), hangup_cause = v.cause
      FROM ${rows(batch, 'id bigint, uniqueid text, at timestamptz, cause int')}
      WHERE l.call_id = v.id AND l.uniqueid = v.uniqueid`.execute(this.wdb);
    return batch.map(() => undefined);
  }

  private async endedMany(batch: Array<{ id: number; input: Ended }>) {
    const values = batch.map(({ id, input: e }) => ({ id, at: e.at, cause: e.cause, cause_text: e.causeText, hung_up_by: e.hungUpBy, failure: e.failure, unseen: e.unseen === true }));
    // markEnded and endOpenLegs of CallsRepository in one statement.
    const found = await this.exec(sql<CallRow>`
      WITH v AS (SELECT * FROM ${rows(values, 'id bigint, at timestamptz, cause int, cause_text text, hung_up_by text, failure text, unseen boolean')}),
      upd AS (
        UPDATE calls c SET status = 'ended', ended_at = v.at,
          hold_seconds = c.hold_seconds + COALESCE(GREATEST(0, round(extract(epoch FROM (v.at - c.hold_started_at))))::int, 0),
          hold_started_at = NULL,
          talk_seconds = CASE WHEN c.answered_at IS NULL THEN NULL ELSE GREATEST(0, round(extract(epoch FROM (v.at - c.answered_at))))::int END,
          wait_seconds = COALESCE(c.wait_seconds, CASE WHEN c.queued_at IS NOT NULL AND c.answered_at IS NULL THEN GREATEST(0, round(extract(epoch FROM (v.at - c.queued_at))))::int END),
          hangup_cause = v.cause, hangup_cause_text = v.cause_text, hung_up_by = v.hung_up_by,
          outcome = CASE
            WHEN c.answered_at IS NOT NULL THEN 'answered'
            WHEN c.outcome = 'abandoned' THEN 'abandoned'
            WHEN v.unseen THEN 'unknown'
            WHEN c.queued_at IS NOT NULL THEN 'abandoned'
            ELSE COALESCE(v.failure, 'no_answer') END,
          updated_at = now()
        FROM v WHERE c.id = v.id AND c.id = ANY(${idsOf(batch)}) AND c.status <> 'ended' RETURNING c.*),
      legs AS (
        UPDATE call_legs l SET ended_at = GREATEST(l.started_at, upd.ended_at) FROM upd WHERE l.call_id = upd.id AND l.ended_at IS NULL)
      SELECT * FROM upd`);
    return byId(found, batch.map((b) => b.id));
  }
}
