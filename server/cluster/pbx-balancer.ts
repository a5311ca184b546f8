import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { PbxLeadership } from './pbx-leadership';

// Spreads PBX consumption over the live nodes. Without it every node competes for every PBX lock and the first
// node up consumes all PBXs (docs/SCALING.md: at 5,000 agents that is ~0.9 core of work on one node).
// Each node heartbeats into a sorted set (scored with Redis TIME, so node clocks do not matter) together with the
// number of PBX locks it holds. share = ceil(PBXs / live nodes). A node at or above its share defers acquiring a
// free lock while another live node is below its share; a node above its share releases one lock per TTL, which
// an under-share node takes within TTL/4 (its first connection resyncs, so the handover loses no call).
// Safety never depends on this: the lock alone decides who consumes. Deferral is capped (leader-lock.ts), so a
// wrong view (a dead node still listed) delays an acquisition by at most two ticks, never forever.
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
for _, n in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - ttl)) do redis.call('HDEL', KEYS[2], n) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
redis.call('PEXPIRE', KEYS[1], ttl * 4)
redis.call('PEXPIRE', KEYS[2], ttl * 4)
return redis.call('HGETALL', KEYS[2])`;

export interface PbxBalancer {
  /** Hint for LeaderLock.mayAcquire. */
  mayAcquire(): boolean;
  /** Live nodes seen at the last heartbeat (this one included). */
  liveNodes(): number;
  stop(): Promise<void>;
  /** Crash simulation: stop without removing this node (its entry expires after the TTL). */
  halt(): void;
}

export function startPbxBalancer(o: {
  redis: Redis; keyPrefix: string; nodeId: string; ttlMs: number; log: Logger;
  pbxCount: () => number; leaderships: () => readonly PbxLeadership[];
}): PbxBalancer {
  const zkey = `${o.keyPrefix}:nodes`;
  const hkey = `${o.keyPrefix}:nodes:held`;
  let others = new Map<string, number>();
  let lastRelease = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = true;
  const held = () => o.leaderships().filter((l) => l.isLeader()).length;
  const share = () => Math.ceil(o.pbxCount() / (others.size + 1));

  const beat = async () => {
    try {
      const flat = await o.redis.eval(HEARTBEAT, 2, zkey, hkey, o.nodeId, String(o.ttlMs), String(held())) as string[];
      const next = new Map<string, number>();
      for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i] !== o.nodeId) next.set(flat[i]!, Number(flat[i + 1]));
      others = next;
      const mine = o.leaderships().filter((l) => l.isLeader());
      if (mine.length > share() && Date.now() - lastRelease >= o.ttlMs) {
        lastRelease = Date.now();
        const surplus = mine[mine.length - 1]!;
        o.log.info({ pbx: surplus.pbxId, held: mine.length, share: share(), nodes: others.size + 1 }, 'handing a PBX over to balance the nodes');
        await surplus.lock.release('rebalancing');
      }
    } catch (err) {
      o.log.warn({ err: (err as Error).message }, 'pbx balancer heartbeat failed');
    } finally {
      if (running) timer = setTimeout(() => void beat(), Math.max(50, Math.floor(o.ttlMs / 4)));
    }
  };
  void beat();

  const halt = () => { running = false; clearTimeout(timer); };
  return {
    mayAcquire: () => held() < share() || ![...others.values()].some((n) => n < share()),
    liveNodes: () => others.size + 1,
    async stop() {
      halt();
      await o.redis.multi().zrem(zkey, o.nodeId).hdel(hkey, o.nodeId).exec().catch(() => undefined);
    },
    halt,
  };
}
