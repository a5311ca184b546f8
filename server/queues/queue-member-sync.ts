import type postgres from 'postgres';
import type { Logger } from '../logger';
import type { EventBus } from '../events/event-bus';
import type { PbxPort, PbxQueueMember } from '../pbx/pbx-port';
import type { QueuesRepository, WantedMember } from './queues.repository';

// Makes every PBX this node links to have the queue members Warmline's rows say (issue #21): QueueAdd for a
// membership the PBX lacks (paused as the agent is), QueuePenalty for a changed penalty, QueueRemove for a member
// Warmline added that no row wants any more (removed from the queue, user deactivated or moved to another
// extension, queue retired). Members are dynamic on Asterisk (pbx-config/queues.conf has none), so a restarted
// Asterisk has none: the reconciliation runs on every AMI (re)connection, and on every change migration 0070
// announces, whoever made it. Members the PBX has under another name (a CLI `queue add member SIP/1003`, a Local/
// member) or from its configuration (static) are left alone: Warmline only removes what it adds.
//
// Runs of one PBX never overlap; changes arriving during a run are served by one more run after it.
//
// A run that could not apply everything is tried again after retryMs (while the link is up, at most maxRetries
// times in a row): Asterisk accepts AMI logins while it is still loading modules, so a link that comes back during a
// restart reconciles before app_queue or realtime are there ("No such queue", unknown QueueStatus) and, without a
// retry, the members stayed missing until the next change (seen on Asterisk 20.20.1, tests/pbx-real/queue-admin).

export const QUEUE_MEMBERS_CHANNEL = 'warmline_queue_members';

export interface QueueMemberSyncDeps {
  sql: postgres.Sql;
  bus: EventBus;
  pbx: ReadonlyMap<string, PbxPort>;
  repo: QueuesRepository;
  log: Logger;
  /** Delay before a run that left something unapplied is tried again (default 2 s). */
  retryMs?: number;
  /** Consecutive retries before waiting for the next change or reconnection (default 30). */
  maxRetries?: number;
}

export interface QueueMemberSync {
  /** Resolves when no reconciliation is running or due (tests wait on it instead of sleeping). */
  settled(): Promise<void>;
  /** Reconciles every linked PBX now (also what a change announcement does). */
  reconcileAll(why: string): void;
  stop(): Promise<void>;
}

interface Plan { add: WantedMember[]; penalty: WantedMember[]; remove: PbxQueueMember[] }

/** What to send so that `actual` becomes `wanted`. */
export function planMembership(wanted: readonly WantedMember[], actual: readonly PbxQueueMember[]): Plan {
  const key = (queue: string, ext: string) => `${queue}\u0000${ext}`;
  const have = new Map<string, PbxQueueMember[]>();
  for (const m of actual) have.set(key(m.queue, m.extension), [...(have.get(key(m.queue, m.extension)) ?? []), m]);
  const want = new Set(wanted.map((w) => key(w.queue, w.extension)));
  const plan: Plan = { add: [], penalty: [], remove: [] };
  for (const w of wanted) {
    const present = have.get(key(w.queue, w.extension)) ?? [];
    const mine = present.find((m) => m.named);
    if (present.length === 0) plan.add.push(w);
    else if (mine && mine.penalty !== w.penalty) plan.penalty.push(w);
  }
  for (const m of actual) if (m.named && m.dynamic && !want.has(key(m.queue, m.extension))) plan.remove.push(m);
  return plan;
}

export function startQueueMemberSync(deps: QueueMemberSyncDeps): QueueMemberSync {
  const log = deps.log.child({ part: 'queue-member-sync' });
  const runs = new Map<string, { running: Promise<void> | null; again: boolean }>();
  let stopped = false;

  const retryMs = deps.retryMs ?? 2_000;
  const maxRetries = deps.maxRetries ?? 30;
  const retries = new Map<string, { timer: NodeJS.Timeout | null; count: number }>();

  /** true when everything was applied. */
  const reconcile = async (pbxId: string, port: PbxPort, why: string): Promise<boolean> => {
    const [wanted, actual] = await Promise.all([deps.repo.wanted(), port.queueMembers()]);
    const plan = planMembership(wanted, actual);
    const failures: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try { await fn(); } catch (err) { failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`); }
    };
    for (const m of plan.remove) await attempt(`remove ${m.extension} from ${m.queue}`, () => port.queueRemove(m.queue, m.extension));
    for (const w of plan.add) {
      await attempt(`add ${w.extension} to ${w.queue}`, () => port.queueAdd(w.queue, w.extension,
        { penalty: w.penalty, paused: w.paused, reason: w.reason ?? undefined, memberName: w.memberName }));
    }
    for (const w of plan.penalty) await attempt(`penalty of ${w.extension} in ${w.queue}`, () => port.queuePenalty(w.queue, w.extension, w.penalty));
    const counts = { added: plan.add.length, removed: plan.remove.length, penalties: plan.penalty.length };
    if (failures.length) log.warn({ pbx: pbxId, why, ...counts, failures }, 'queue members not all applied on the PBX');
    else if (counts.added + counts.removed + counts.penalties > 0) log.info({ pbx: pbxId, why, ...counts }, 'queue members applied on the PBX');
    return failures.length === 0;
  };

  const retryLater = (pbxId: string, ok: boolean): void => {
    let r = retries.get(pbxId);
    if (!r) retries.set(pbxId, r = { timer: null, count: 0 });
    if (ok) { r.count = 0; return; }
    if (stopped || r.timer || r.count >= maxRetries) return;
    r.count += 1;
    const state = r;
    state.timer = setTimeout(() => { state.timer = null; run(pbxId, `retry ${state.count} after a failure`); }, retryMs);
    state.timer.unref();
  };

  const run = (pbxId: string, why: string): void => {
    if (stopped) return;
    let r = runs.get(pbxId);
    if (!r) runs.set(pbxId, r = { running: null, again: false });
    if (r.running) { r.again = true; return; }
    const state = r;
    // Cleared in finally, never inside the loop: a loop that ends before its first await (the link is down) would
    // clear it before the assignment below and leave a settled promise there for ever (no later run, stop() spinning).
    const loop = async (): Promise<void> => {
      do {
        state.again = false;
        const port = deps.pbx.get(pbxId);
        if (!port?.isConnected()) break; // the link's 'connected' brings us back
        const ok = await reconcile(pbxId, port, why).catch((err: unknown) => {
          log.warn({ pbx: pbxId, why, err: err instanceof Error ? err.message : String(err) }, 'queue members not reconciled');
          return false;
        });
        retryLater(pbxId, ok);
      } while (state.again && !stopped);
    };
    state.running = loop().finally(() => { state.running = null; });
  };
  const reconcileAll = (why: string): void => { for (const id of deps.pbx.keys()) run(id, why); };

  const unsubscribe = deps.bus.subscribe('pbx.connection_changed', (e) => { if (e.connected) run(e.pbxId, 'pbx connected'); });
  let first = true;
  let listening: { unlisten(): Promise<void> } | null = null;
  let retry: NodeJS.Timeout | null = null;
  const listen = (): void => {
    deps.sql.listen(QUEUE_MEMBERS_CHANNEL, (payload) => reconcileAll(`changed: ${payload}`), () => {
      if (!first) reconcileAll('listening again');
      first = false;
    }).then((l) => {
      if (stopped) void l.unlisten().catch(() => undefined);
      else listening = l;
    }, (err: unknown) => {
      if (stopped) return;
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot LISTEN for queue member changes; retrying in 5 s');
      retry = setTimeout(listen, 5_000);
      retry.unref();
    });
  };
  listen();

  const settled = async (): Promise<void> => {
    for (;;) {
      const running = [...runs.values()].map((r) => r.running).filter((p): p is Promise<void> => p !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  };
  return {
    settled,
    reconcileAll,
    async stop() {
      stopped = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      for (const r of retries.values()) if (r.timer) clearTimeout(r.timer);
      await listening?.unlisten().catch(() => undefined);
      await settled();
    },
  };
}
