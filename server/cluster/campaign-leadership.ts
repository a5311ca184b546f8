import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { CampaignLeadership } from '../campaigns/predictive-dialer.service';
import { LeaderLock } from './leader-lock';

export interface CampaignLeadershipOptions { redis: Redis; keyPrefix: string; nodeId: string; ttlMs: number; log: Logger }

// One predictive pacer per campaign across the nodes, the way one node consumes a PBX's events
// (pbx-leadership.ts): a LeaderLock per running predictive campaign, `${prefix}:campaign-pacer:${id}`. Every node
// competes for every running campaign; the holder paces it, the others only handle dial stages (serialised by the
// database). A lock whose campaign stops running is released so nobody keeps renewing it. Two pacers for a moment
// (a lock expiring under a stalled node) cost at most one extra pacing step: the claims are exactly-once.
export function startCampaignLeadership(o: CampaignLeadershipOptions): CampaignLeadership {
  const locks = new Map<number, LeaderLock>();
  return {
    follow(ids) {
      const wanted = new Set(ids);
      for (const id of wanted) {
        if (locks.has(id)) continue;
        const lock = new LeaderLock({ redis: o.redis, key: `${o.keyPrefix}:campaign-pacer:${id}`, ttlMs: o.ttlMs, owner: o.nodeId,
          log: o.log.child({ campaignId: id }), onAcquired: () => undefined, onLost: () => undefined });
        locks.set(id, lock);
        lock.start();
      }
      for (const [id, lock] of locks) {
        if (wanted.has(id)) continue;
        locks.delete(id);
        void lock.stop();
      }
    },
    isLeader: (id) => locks.get(id)?.isHeld() ?? false,
    async stop() {
      await Promise.all([...locks.values()].map((l) => l.stop()));
      locks.clear();
    },
  };
}
