import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { PbxEvent } from './pbx-events';

// Asterisk's queue_log, read back after a call vanished while nobody listened (issue #19.5). AMI keeps no history:
// a call queued when the server died (or the AMI link was cut) and gone when it looks again may have been answered,
// abandoned or timed out meanwhile. Asterisk writes every queue step to the table queue_log (migration 0048) through
// realtime (pbx-config/extconfig.conf, logger.conf); the project's simulator writes the same rows. callid is the
// caller channel's Uniqueid, which for a queue call from the trunk is the call's Linkedid.
//
// Rows used (Asterisk 20 app_queue):
//   CONNECT        agent = member name; data1 holdtime (s), data2 member channel's Uniqueid, data3 ring time (s)
//   COMPLETECALLER / COMPLETEAGENT  data1 holdtime, data2 talk time (s), data3 original position
//   ABANDON        data1 position, data2 original position, data3 wait time (s)
//   BLINDTRANSFER / ATTENDEDTRANSFER  the answered call left the queue's bridge (its end is not in queue_log)
// EXITWITHTIMEOUT / EXITEMPTY / EXITWITHKEY leave the queue, but the call goes on in the dialplan: its end is not
// known from queue_log, so such a call stays 'unknown'.

export interface QueueLogEntry {
  time: Date;
  callid: string;
  queuename: string;
  agent: string;
  event: string;
  data: readonly string[];
}

const MAX_CALLIDS = 1000;

export class QueueLogRepository {
  constructor(private readonly db: Database) {}

  /** The queue_log rows of these calls, oldest first (time is stored in UTC without a zone, like Asterisk writes it). */
  async rowsFor(callids: readonly string[]): Promise<QueueLogEntry[]> {
    const out: QueueLogEntry[] = [];
    for (let i = 0; i < callids.length; i += MAX_CALLIDS) {
      const ids = callids.slice(i, i + MAX_CALLIDS);
      if (ids.length === 0) continue;
      const rows = await this.db.selectFrom('queue_log')
        .select([sql<Date>`(time AT TIME ZONE 'UTC')`.as('at'), 'callid', 'queuename', 'agent', 'event', 'data1', 'data2', 'data3', 'data4', 'data5'])
        .where('callid', 'in', ids).where('time', 'is not', null)
        .orderBy('time').orderBy('id').execute();
      for (const r of rows) {
        out.push({ time: new Date(r.at), callid: r.callid ?? '', queuename: r.queuename ?? '', agent: r.agent ?? '', event: r.event ?? '',
          data: [r.data1 ?? '', r.data2 ?? '', r.data3 ?? '', r.data4 ?? '', r.data5 ?? ''] });
      }
    }
    return out;
  }

  /** One row as Asterisk's realtime driver stores it (used by the PBX simulator). */
  async append(e: QueueLogEntry): Promise<void> {
    const d = [...e.data, '', '', '', '', ''];
    await this.db.insertInto('queue_log').values({
      time: sql<Date>`(${e.time.toISOString()}::timestamptz AT TIME ZONE 'UTC')`,
      callid: e.callid, queuename: e.queuename, agent: e.agent, event: e.event,
      data1: d[0]!, data2: d[1]!, data3: d[2]!, data4: d[3]!, data5: d[4]!,
    }).execute();
  }
}

/**
 * A queue member's extension from its queue_log agent field: the member name ("Agent 1001", pbx-config/queues.conf)
 * or, without one, the interface ("PJSIP/1001", "Local/1001@from-queue/n"). Null when neither ends in one.
 */
export function memberExtension(agent: string): string | null {
  const iface = agent.match(/^[A-Za-z]+\/([^@/\s]+)/);
  if (iface) return iface[1]!;
  const last = agent.trim().split(/\s+/).pop() ?? '';
  return /^[0-9A-Za-z_.-]+$/.test(last) && /\d/.test(last) ? last : null;
}

const int = (s: string | undefined): number | null => {
  const n = Number(s);
  return s !== undefined && s !== '' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
};

type Ended = Extract<PbxEvent, { type: 'call.ended' }>;

/**
 * What queue_log tells about one call whose end nobody saw: the events to apply instead of its `unseen` end.
 * Answered (CONNECT): call.answered with the agent, the CONNECT time and the hold time, then the end at
 * COMPLETECALLER/COMPLETEAGENT with who hung up; abandoned (ABANDON): call.abandoned, then the end at its time.
 * No evidence, or only evidence that does not say how the call ended: the `unseen` end unchanged ('unknown'
 * unless it was seen answered).
 */
export function endFromQueueLog(ended: Ended, rows: readonly QueueLogEntry[]): PbxEvent[] {
  const mine = rows.filter((r) => r.callid === ended.linkedid);
  const base = { pbxId: ended.pbxId, linkedid: ended.linkedid };
  const connect = mine.find((r) => r.event === 'CONNECT');
  if (connect) {
    const answered: PbxEvent = { type: 'call.answered', ...base, at: connect.time.toISOString(), extension: memberExtension(connect.agent),
      queue: connect.queuename || null, waitSeconds: int(connect.data[0]), answeredUniqueid: connect.data[1] || ended.linkedid };
    const end = mine.find((r) => r.time >= connect.time && (r.event === 'COMPLETECALLER' || r.event === 'COMPLETEAGENT'));
    if (!end) return [answered, ended];
    return [answered, { ...withoutUnseen(ended), at: end.time.toISOString(), hungUpBy: end.event === 'COMPLETEAGENT' ? 'agent' : 'customer' }];
  }
  const abandon = mine.find((r) => r.event === 'ABANDON');
  if (abandon) {
    return [
      { type: 'call.abandoned', ...base, at: abandon.time.toISOString(), queue: abandon.queuename, position: int(abandon.data[0]) ?? 0,
        waitSeconds: int(abandon.data[2]) ?? 0 },
      { ...withoutUnseen(ended), at: abandon.time.toISOString(), hungUpBy: 'customer' },
    ];
  }
  return [ended];
}

function withoutUnseen(e: Ended): Ended {
  const { unseen: _unseen, ...rest } = e;
  return rest;
}

/**
 * Replaces every `unseen` call.ended of a resync by what queue_log says about that call (endFromQueueLog); every
 * other event is kept, in order. `lookup` reads the rows of the given callids (QueueLogRepository.rowsFor).
 */
export async function withQueueLogEvidence(events: readonly PbxEvent[], lookup: (callids: string[]) => Promise<readonly QueueLogEntry[]>): Promise<PbxEvent[]> {
  const vanished = events.filter((e): e is Ended => e.type === 'call.ended' && e.unseen === true).map((e) => e.linkedid);
  if (vanished.length === 0) return [...events];
  const rows = await lookup([...new Set(vanished)]);
  return events.flatMap((e) => (e.type === 'call.ended' && e.unseen === true ? endFromQueueLog(e, rows) : [e]));
}
