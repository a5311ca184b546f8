import type { Redis } from 'ioredis';
import type { PbxConnectionConfig } from '../config';
import type { Logger } from '../logger';
import { startPbxLink, type PbxLink, type PbxLinkDeps } from '../pbx/pbx-link';
import { LeaderLock } from './leader-lock';

export interface PbxLeadershipOptions {
  redis: Redis;
  keyPrefix: string;
  ttlMs: number;
  nodeId: string;
  log: Logger;
  /** Called whenever the link serving this PBX on this node changes (so services.pbx points at a live port). */
  register(link: PbxLink): void;
  /** Balancing hint passed to the lock (server/cluster/pbx-balancer.ts). */
  mayAcquire?: () => boolean;
}

export interface PbxLeadership {
  readonly pbxId: string;
  readonly lock: LeaderLock;
  isLeader(): boolean;
  current(): PbxLink;
  /** Events dropped by fencing (arrived while this node did not hold the lock). */
  readonly fenced: number;
  stop(): Promise<void>;
  /** Crash simulation: stop renewing and drop the AMI link without releasing the lock. */
  crash(): Promise<void>;
}

// Exactly one node consumes a PBX's AMI events; the others keep an AMI link only to send actions (originate,
// pause, hold from agents connected to them) and discard its events. On acquiring the lock a node replaces its
// standby link with a fresh consuming link whose first connection runs resyncKnownCalls (live calls read from the
// database vs CoreShowChannels/QueueStatus): whatever the previous leader missed or never applied is reconciled,
// and every write is idempotent, so an event applied by both is counted once. Fencing: each event is checked
// against lock validity before it enters calls.ingest, and losing the lock stops the consuming link at once.
export function startPbxLeadership(pbx: PbxConnectionConfig, deps: PbxLinkDeps, o: PbxLeadershipOptions): PbxLeadership {
  const log = o.log.child({ pbx: pbx.id, node: o.nodeId });
  let fenced = 0;
  let leading = false;
  let stopped = false;
  let link: PbxLink;
  let transitions: Promise<void> = Promise.resolve();

  const standby = () => startPbxLink(pbx, { ...deps, log, ingest: () => {}, liveCalls: async () => [] });
  const leader = () => startPbxLink(pbx, {
    ...deps,
    log,
    ingest: (event) => {
      if (leading && lock.isHeld()) deps.ingest(event);
      else fenced++;
    },
  });

  const swap = (next: () => PbxLink, nowLeading: boolean) => {
    transitions = transitions.then(async () => {
      if (stopped) return;
      const previous = link;
      leading = nowLeading;
      await previous.stop();
      if (stopped) return;
      link = next();
      o.register(link);
      log.info({ leading: nowLeading, epoch: lock.epoch }, nowLeading ? 'consuming PBX events' : 'standing by for PBX events');
    }).catch((err: unknown) => log.error({ err }, 'PBX leadership transition failed'));
    return transitions;
  };

  const lock = new LeaderLock({
    redis: o.redis,
    key: `${o.keyPrefix}:pbx-leader:${pbx.id}`,
    ttlMs: o.ttlMs,
    owner: o.nodeId,
    log,
    mayAcquire: o.mayAcquire,
    onAcquired: () => swap(leader, true),
    onLost: () => {
      leading = false; // fence before the link is torn down: nothing more reaches ingest from here on
      return swap(standby, false);
    },
  });

  link = standby();
  o.register(link);
  lock.start();

  return {
    pbxId: pbx.id,
    lock,
    isLeader: () => leading && lock.isHeld(),
    current: () => link,
    get fenced() { return fenced; },
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
      await transitions;
      await link.stop();
    },
  };
}
