import type { Redis } from 'ioredis';
import type { PbxConnectionConfig } from '../config';
import type { Logger } from '../logger';
import type { PbxEvent } from '../pbx/pbx-events';
import { startPbxLink, type PbxLink, type PbxLinkDeps } from '../pbx/pbx-link';
import { LeaderLock } from './leader-lock';
import { EventJournal } from './event-journal';

export interface PbxLeadershipOptions {
  redis: Redis;
  keyPrefix: string;
  ttlMs: number;
  nodeId: string;
  log: Logger;
  /** Called once with the link serving this PBX on this node (so services.pbx points at a live port). */
  register(link: PbxLink): void;
  /** Balancing hint passed to the lock (server/cluster/pbx-balancer.ts). */
  mayAcquire?: () => boolean;
  /** Most events kept while not leading (default 100,000); older ones are dropped and counted in `fenced`. */
  journalCap?: number;
}

export interface PbxLeadership {
  readonly pbxId: string;
  readonly lock: LeaderLock;
  isLeader(): boolean;
  current(): PbxLink;
  /** Events this node never applied and can no longer replay: pushed out of a full journal while not leading. */
  readonly fenced: number;
  /** Events held in the journal now (seen while not leading). */
  readonly journaled: number;
  stop(): Promise<void>;
  /** Crash simulation: stop renewing and drop the AMI link without releasing the lock. */
  crash(): Promise<void>;
}

// Exactly one node applies a PBX's AMI events: the holder of the PBX's lock. Every node keeps one AMI link per PBX
// for its whole life (actions from agents connected to it, and the translator's memory of every call), and while it
// does not hold the lock it journals the events it translates instead of applying them (fencing: an event is checked
// against lock validity before it enters calls.ingest). On acquiring the lock a node replays its journal, then
// reconciles the calls the database believes live with CoreShowChannels/QueueStatus: whatever the previous leader
// missed or never applied is applied, and every write is idempotent, so an event applied twice counts once.
//
// Why a journal (issue #19.3): a single node loses its lock whenever Redis is unreachable for longer than the lock's
// validity, although nobody else can lead. It used to drop every event until it got the lock back, and the resync
// then ended the calls it had not seen end: answered calls stored `abandoned`, short calls lost. Now what it saw while
// Redis was down is applied, with the times it was seen, as soon as the lock is back. The journal keeps every event
// since this node itself lost the lock (nobody may have applied them), otherwise the last 3 lock TTLs (what another
// leader may have failed to apply before its lock expired), at most `journalCap` events.
export function startPbxLeadership(pbx: PbxConnectionConfig, deps: PbxLinkDeps, o: PbxLeadershipOptions): PbxLeadership {
  const log = o.log.child({ pbx: pbx.id, node: o.nodeId });
  const journal = new EventJournal<PbxEvent>({ cap: o.journalCap ?? 100_000, windowMs: 3 * o.ttlMs });
  let leading = false;
  let stopped = false;
  let transitions: Promise<void> = Promise.resolve();

  const link = startPbxLink(pbx, {
    ...deps,
    log,
    ingest: (event) => {
      if (leading && lock.isHeld()) deps.ingest(event);
      else journal.push(event);
    },
  });

  const lock = new LeaderLock({
    redis: o.redis,
    key: `${o.keyPrefix}:pbx-leader:${pbx.id}`,
    ttlMs: o.ttlMs,
    owner: o.nodeId,
    log,
    mayAcquire: o.mayAcquire,
    onAcquired: () => {
      if (stopped) return;
      // Synchronously: the journal is replayed in order and the next frame goes straight to ingest behind it.
      const replay = journal.drain();
      leading = true;
      for (const e of replay) deps.ingest(e);
      log.info({ epoch: lock.epoch, replayed: replay.length }, 'consuming PBX events');
      // Not awaited by the lock: its renewals must go on while the reconcile reads the PBX and the database (up to
      // 10 s when the database is slow), or a slow reconcile would cost the lock it follows.
      transitions = transitions.then(() => link.reconcile())
        .catch((err: unknown) => log.error({ err }, 'PBX reconcile after taking the lock failed'));
    },
    onLost: () => {
      leading = false; // fence first: from here on nothing reaches ingest, everything is journalled
      journal.keepFrom(Date.now());
      log.info({ epoch: lock.epoch }, 'standing by for PBX events');
    },
    onHeldElsewhere: () => journal.keepFrom(null),
  });

  o.register(link);
  lock.start();

  return {
    pbxId: pbx.id,
    lock,
    isLeader: () => leading && lock.isHeld(),
    current: () => link,
    get fenced() { return journal.dropped; },
    get journaled() { return journal.size; },
    async stop() {
      stopped = true;
      leading = false;
      await lock.stop();
      await transitions;
      await link.stop();
    },
    async crash() {
      stopped = true;
      leading = false;
      lock.abandon();
      await link.stop();
    },
  };
}
