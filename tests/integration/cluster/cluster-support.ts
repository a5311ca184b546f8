import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../../server/main';
import type { PbxSimulator } from '../../../server/pbx/simulator/pbx-simulator';
import { testConfig } from '../../support/test-config';

export const redisUrl = inject('redisUrl') ?? process.env.REDIS_URL ?? null;

/** A unique Redis key prefix per test file run, so parallel CI runs never share locks, queues or channels. */
export const newPrefix = () => `wltest-${randomBytes(5).toString('hex')}`;

export async function startNode(o: { nodeId: string; dbUrl: string; prefix: string; pbxs: Array<{ id: string; sim: PbxSimulator }>; lockTtlMs?: number; env?: Record<string, string> }): Promise<RunningServer> {
  const config = testConfig({
    REDIS_URL: redisUrl!, NODE_ID: o.nodeId, HOST: '127.0.0.1', PORT: '0', WRAPUP_SECONDS: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PBX_LIST: JSON.stringify(o.pbxs.map((p) => ({ id: p.id, host: '127.0.0.1', port: p.sim.port, username: 'warmline', secret: 'sim-secret' }))),
    ...o.env,
  }, o.dbUrl);
  return startServer(config, { redisPrefix: o.prefix, lockTtlMs: o.lockTtlMs ?? 4000 });
}

export function leading(node: RunningServer, pbxId: string): boolean {
  const l = node.cluster?.leaderships.find((x) => x.pbxId === pbxId);
  return !!l && l.isLeader() && l.current().client.isConnected();
}

/** Deletes every key of the run (BullMQ, locks); the adapter's channels vanish with their subscribers. */
export async function dropPrefix(prefix: string): Promise<void> {
  const r = new Redis(redisUrl!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** Extension currently ringing for a call on the simulator. */
export function ringingExtension(sim: PbxSimulator, linkedid: string): string | undefined {
  return sim.liveCalls.find((c) => c.linkedid === linkedid)?.ringing[0]?.endpoint;
}
