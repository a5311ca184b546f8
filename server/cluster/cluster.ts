import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { Logger } from '../logger';
import type { PbxConnectionConfig } from '../config';
import type { PbxLink, PbxLinkDeps } from '../pbx/pbx-link';
import { startPbxLeadership, type PbxLeadership } from './pbx-leadership';
import { startPbxBalancer, type PbxBalancer } from './pbx-balancer';
import { startCampaignLeadership } from './campaign-leadership';
import type { CampaignLeadership } from '../campaigns/predictive-dialer.service';

export interface ClusterOptions {
  redisUrl: string;
  /** Prefix of every Redis key and channel this node uses (BullMQ, Socket.IO adapter, locks). */
  keyPrefix: string;
  nodeId: string;
  log: Logger;
  /** PBX leadership lock TTL; failover happens within about ttl + ttl/3 + AMI login + resync. */
  lockTtlMs: number;
}

export interface Cluster {
  readonly options: ClusterOptions;
  /** Socket.IO Redis adapter: io.to(room).emit on any node reaches sockets on every node. */
  attachSocketAdapter(io: Server): void;
  leadPbx(pbx: PbxConnectionConfig, deps: PbxLinkDeps, register: (link: PbxLink) => void): PbxLeadership;
  readonly leaderships: readonly PbxLeadership[];
  /** One predictive pacer per campaign across the nodes (locks on this node's command connection). */
  campaignLeadership(): CampaignLeadership;
  close(): Promise<void>;
  /** Crash simulation for tests: PBX locks are abandoned (they expire), links and Redis dropped at once. */
  crash(): Promise<void>;
}

// Multi-node wiring, only when REDIS_URL is set. Three ioredis connections per node: commands (locks), and the
// publish/subscribe pair the Socket.IO adapter needs (a subscribed connection cannot send other commands).
export function startCluster(options: ClusterOptions): Cluster {
  const connect = (role: string) => {
    const r = new Redis(options.redisUrl, { connectionName: `warmline-${options.nodeId}-${role}`, maxRetriesPerRequest: 2, lazyConnect: false });
    r.on('error', (err) => options.log.warn({ err: err.message, role }, 'redis connection error'));
    return r;
  };
  const commands = connect('cmd');
  let pub: Redis | undefined;
  let sub: Redis | undefined;
  const leaderships: PbxLeadership[] = [];
  let balancer: PbxBalancer | undefined;

  const quit = async (r: Redis | undefined) => { if (r) await r.quit().catch(() => r.disconnect()); };

  return {
    options,
    leaderships,
    attachSocketAdapter(io) {
      pub = catchPublishErrors(connect('pub'), options.log);
      sub = connect('sub');
      io.adapter(createAdapter(pub, sub, { key: `${options.keyPrefix}:socket.io` }));
    },
    leadPbx(pbx, deps, register) {
      // Every node has the same PBX_LIST, so the number of leaderships is the number of PBXs.
      balancer ??= startPbxBalancer({ redis: commands, keyPrefix: options.keyPrefix, nodeId: options.nodeId, ttlMs: options.lockTtlMs,
        log: options.log, pbxCount: () => leaderships.length, leaderships: () => leaderships });
      const b = balancer;
      const l = startPbxLeadership(pbx, deps, { redis: commands, keyPrefix: options.keyPrefix, ttlMs: options.lockTtlMs, nodeId: options.nodeId,
        log: options.log, register, mayAcquire: () => b.mayAcquire() });
      leaderships.push(l);
      return l;
    },
    campaignLeadership() {
      return startCampaignLeadership({ redis: commands, keyPrefix: options.keyPrefix, nodeId: options.nodeId, ttlMs: options.lockTtlMs, log: options.log });
    },
    async close() {
      await balancer?.stop();
      await Promise.all(leaderships.map((l) => l.stop()));
      await Promise.all([quit(commands), quit(pub), quit(sub)]);
    },
    async crash() {
      balancer?.halt();
      await Promise.all(leaderships.map((l) => l.crash()));
      for (const r of [commands, pub, sub]) r?.disconnect();
    },
  };
}

// @socket.io/redis-adapter publishes fire-and-forget (broadcast() drops the promise of publish()). While Redis is
// unreachable ioredis rejects those publishes (after maxRetriesPerRequest, or at once once the connection is closed),
// and an unhandled rejection terminates Node 20: one Redis outage would kill every node at its next pop (seen in
// bench/cluster.bench.ts). The message is lost for the other nodes (sockets on this node still receive it, and
// consoles refetch snapshots on reconnect); the node survives and the adapter resumes when ioredis reconnects.
function catchPublishErrors(redis: Redis, log: Logger): Redis {
  const publish = redis.publish.bind(redis) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  let dropped = 0;
  let lastWarn = 0;
  const patched = (channel: string | Buffer, message: string | Buffer) => {
    const p = publish(channel, message);
    p.catch((err: unknown) => {
      dropped++;
      if (Date.now() - lastWarn > 5000) {
        lastWarn = Date.now();
        log.warn({ err: (err as Error).message, dropped }, 'socket.io adapter could not publish to Redis; remote nodes miss these pushes');
      }
    });
    return p;
  };
  redis.publish = patched as unknown as Redis['publish'];
  return redis;
}
