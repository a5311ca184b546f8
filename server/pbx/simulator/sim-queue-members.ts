import type { SimEngine } from './sim-engine';
import type { SimModel, SimQueue } from './sim-model';

// QueueAdd, QueueRemove and QueuePenalty as app_queue answers them (apps/app_queue.c of Asterisk 20.20.1:
// manager_add_queue_member, manager_remove_queue_member, manager_queue_member_penalty): the same Response/Message
// texts and the QueueMemberAdded / QueueMemberRemoved / QueueMemberPenalty events (queue_member_blob_create).
// A queue the simulator was not started with exists when `realtime` says so, as a realtime queue (pbx-config's
// ast_queues view) is loaded by app_queue on first use.

export interface SimQueueMembership {
  readonly model: SimModel;
  readonly engine: SimEngine;
  readonly tech: string;
  /** Whether the realtime backend has this queue; absent: only the configured queues exist. */
  realtime?: (queue: string) => Promise<boolean>;
  /** A member became available: waiting callers may be rung. */
  changed(): void;
}

type Reply = { ok: boolean; message: string };

async function findQueue(m: SimQueueMembership, name: string): Promise<SimQueue | undefined> {
  const known = m.model.queues.get(name);
  if (known || !name || !m.realtime) return known;
  if (!(await m.realtime(name).catch(() => false))) return undefined;
  const loaded = m.model.queues.get(name) ?? { name, members: [], waiting: [], completed: 0, abandoned: 0 };
  m.model.queues.set(name, loaded);
  return loaded;
}

const truthy = (v: string | undefined) => /^(true|yes|1|on|y|t)$/i.test(v ?? '');

export async function queueMemberAction(m: SimQueueMembership, action: string, h: ReadonlyMap<string, string>): Promise<Reply> {
  const queueName = h.get('queue') ?? '';
  const iface = h.get('interface') ?? '';
  if (action === 'queueadd') {
    if (!queueName) return { ok: false, message: "'Queue' not specified." };
    if (!iface) return { ok: false, message: "'Interface' not specified." };
    const q = await findQueue(m, queueName);
    if (!q) return { ok: false, message: 'Unable to add interface to queue: No such queue' };
    if (q.members.some((x) => x.interface.toLowerCase() === iface.toLowerCase())) return { ok: false, message: 'Unable to add interface: Already there' };
    const penalty = Math.max(0, Number.parseInt(h.get('penalty') ?? '0', 10) || 0);
    const paused = truthy(h.get('paused'));
    // create_queue_member: a member added paused has LastPause = now (seen on Asterisk 20.20.1, tests/pbx-real/
    // queue-admin.test.ts), not 0.
    const now = Math.floor(Date.now() / 1000);
    const member = {
      extension: iface.split('/')[1] ?? iface, interface: iface, name: h.get('membername') || iface, paused,
      pausedReason: paused ? (h.get('reason') ?? '') : '', callsTaken: 0, lastCall: 0, lastPause: paused ? now : 0,
      loginTime: now, inCall: false, status: 1, penalty, dynamic: true,
    };
    q.members.push(member);
    m.engine.out(m.engine.f.event('QueueMemberAdded', 'agent,all', ...m.engine.f.memberFields(q.name, member)));
    if (!paused) m.changed();
    return { ok: true, message: 'Added interface to queue' };
  }
  if (action === 'queueremove') {
    if (!queueName || !iface) return { ok: false, message: "Need 'Queue' and 'Interface' parameters." };
    const q = m.model.queues.get(queueName);
    if (!q) return { ok: false, message: 'Unable to remove interface from queue: No such queue' };
    const member = q.members.find((x) => x.interface.toLowerCase() === iface.toLowerCase());
    if (!member) return { ok: false, message: 'Unable to remove interface: Not there' };
    if (!member.dynamic) return { ok: false, message: 'Member not dynamic' };
    q.members.splice(q.members.indexOf(member), 1);
    m.engine.out(m.engine.f.event('QueueMemberRemoved', 'agent,all', ...m.engine.f.memberFields(q.name, member)));
    return { ok: true, message: 'Removed interface from queue' };
  }
  // QueuePenalty: Queue optional (every queue then); atoi() of the penalty; a negative one is refused.
  const penaltyText = h.get('penalty') ?? '';
  if (!iface || !penaltyText) return { ok: false, message: "Need 'Interface' and 'Penalty' parameters." };
  const penalty = Number.parseInt(penaltyText, 10) || 0;
  const queues = queueName ? [await findQueue(m, queueName)].filter((q): q is SimQueue => q !== undefined) : [...m.model.queues.values()];
  let found = 0;
  for (const q of penalty < 0 ? [] : queues) {
    for (const member of q.members) {
      if (member.interface.toLowerCase() !== iface.toLowerCase()) continue;
      member.penalty = penalty;
      found += 1;
      m.engine.out(m.engine.f.event('QueueMemberPenalty', 'agent,all', ...m.engine.f.memberFields(q.name, member)));
    }
  }
  return found > 0 ? { ok: true, message: 'Interface penalty set successfully' } : { ok: false, message: 'Invalid interface, queuename or penalty' };
}
