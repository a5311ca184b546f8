import { callIdAt } from '../../server/calls/calls.repository';
import type { Database } from '../../server/db/database';

let seq = 0;
const at = (iso: string, plusSeconds = 0) => new Date(new Date(iso).getTime() + plusSeconds * 1000);

export async function createQueue(db: Database, name: string, serviceLevelSeconds = 20): Promise<number> {
  const row = await db.insertInto('queues').values({ name, display_name: `Queue ${name}`, service_level_seconds: serviceLevelSeconds })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function createDisposition(db: Database, code: string, category: string): Promise<void> {
  await db.insertInto('dispositions').values({ code, label: code, category }).onConflict((oc) => oc.doNothing()).execute();
}

export interface CallSpec {
  start: string;
  direction?: 'inbound' | 'outbound' | 'internal';
  queue?: string | null;
  caller?: string | null;
  agentId?: number | null;
  /** 'answered' | 'abandoned' | 'no_answer' or 'live' (still in progress). */
  result?: 'answered' | 'abandoned' | 'no_answer' | 'live';
  waitSeconds?: number;
  /** Seconds from answer to hang-up, hold included (as the calls service records talk_seconds). */
  talkSeconds?: number;
  holdSeconds?: number;
}

/** Inserts a call as the calls service leaves it: ended with outcome and durations, or still live. */
export async function createCall(db: Database, spec: CallSpec): Promise<number> {
  seq += 1;
  const direction = spec.direction ?? 'inbound';
  const result = spec.result ?? 'answered';
  const wait = spec.waitSeconds ?? 0;
  const talk = spec.talkSeconds ?? 60;
  const queued = spec.queue === null ? null : at(spec.start, 2);
  const entry = queued ?? at(spec.start);
  const answeredAt = result === 'answered' ? new Date(entry.getTime() + wait * 1000) : null;
  const endedAt = result === 'live' ? null : answeredAt ? new Date(answeredAt.getTime() + talk * 1000) : new Date(entry.getTime() + wait * 1000);
  const row = await db.insertInto('calls').values({
    // As the calls repository does: the id encodes the start, so the call lands in its start month's partition.
    id: callIdAt(at(spec.start)),
    pbx_id: 'main', linkedid: `f-${process.pid}-${seq}`, direction,
    status: result === 'live' ? 'answered' : 'ended',
    outcome: result === 'live' ? null : result,
    caller_number: spec.caller === undefined ? `+1555${String(seq).padStart(7, '0')}` : spec.caller,
    queue_name: spec.queue === undefined ? (direction === 'inbound' ? 'sales' : null) : spec.queue,
    agent_user_id: result === 'answered' || result === 'live' ? (spec.agentId ?? null) : null,
    started_at: at(spec.start), queued_at: spec.queue === null ? null : queued,
    answered_at: answeredAt, ended_at: endedAt,
    wait_seconds: result === 'live' ? null : wait,
    talk_seconds: result === 'answered' ? talk : null,
    hold_seconds: spec.holdSeconds ?? 0,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function createWrapup(db: Database, spec: { callId: number; userId: number; disposition: string; seconds: number; startedAt?: Date }): Promise<number> {
  seq += 1;
  const call = await db.selectFrom('calls').select(['ended_at', 'started_at']).where('id', '=', spec.callId).executeTakeFirstOrThrow();
  const started = spec.startedAt ?? call.ended_at ?? call.started_at;
  const row = await db.insertInto('wrapups').values({
    call_id: spec.callId, user_id: spec.userId, disposition_code: spec.disposition,
    started_at: started, submitted_at: new Date(started.getTime() + spec.seconds * 1000), client_key: `wk-${process.pid}-${seq}`,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function createAgentState(db: Database, spec: { userId: number; state: string; from: string; to: string | null; reason?: string }): Promise<void> {
  await db.insertInto('agent_state_log').values({
    user_id: spec.userId, state: spec.state, reason: spec.reason ?? null, started_at: new Date(spec.from), ended_at: spec.to ? new Date(spec.to) : null,
  }).execute();
}
