import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

// One server node as its own OS process (server/main.ts startServer, with the process guards the real entry point
// installs), so bench/faults.bench.ts can SIGKILL it like a crash: nothing of it survives in memory.

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface FaultNode { child: ChildProcess; url: string; kill(): Promise<void>; stop(): Promise<void> }

export interface FaultNodeOptions {
  nodeId: string;
  databaseUrl: string;
  redisUrl: string;
  /** The real Redis (not the proxy): to see who holds the PBX lock even while the node's Redis is cut. */
  observerRedisUrl: string;
  prefix: string;
  lockTtlMs: number;
  amiPort: number;
}

export async function startFaultNode(o: FaultNodeOptions): Promise<FaultNode> {
  const code = `const { loadConfig } = await import(${JSON.stringify(`${root}server/config.ts`)});
const { createLogger } = await import(${JSON.stringify(`${root}server/logger.ts`)});
const { installProcessGuards } = await import(${JSON.stringify(`${root}server/process-guards.ts`)});
const { startServer } = await import(${JSON.stringify(`${root}server/main.ts`)});
const config = loadConfig();
installProcessGuards(createLogger(config));
const s = await startServer(config, { redisPrefix: process.env.WL_BENCH_PREFIX, lockTtlMs: Number(process.env.WL_BENCH_LOCK_TTL) });
process.on('message', (m) => { if (m === 'stop') void s.stop().then(() => process.exit(0)); });
process.send({ type: 'up', url: s.url });`;
  const env = {
    ...process.env, NODE_ENV: 'test', DATABASE_URL: o.databaseUrl, REDIS_URL: o.redisUrl, JWT_SECRET: 'bench-secret-bench-secret',
    HOST: '127.0.0.1', PORT: '0', NODE_ID: o.nodeId, WRAPUP_SECONDS: '0', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    CONSOLE_DIR: '/nonexistent-console', WL_BENCH_PREFIX: o.prefix, WL_BENCH_LOCK_TTL: String(o.lockTtlMs),
    PBX_LIST: JSON.stringify([{ id: 'main', host: '127.0.0.1', port: o.amiPort, username: 'warmline', secret: 'sim-secret' }]),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.nodeId} did not start`)), 60_000);
    child.once('message', (m: { url: string }) => { clearTimeout(timer); resolve(m.url); });
    child.once('exit', (c) => reject(new Error(`${o.nodeId} exited with ${c}`)));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child, url,
    async kill() { if (alive()) child.kill('SIGKILL'); await exited; },
    async stop() {
      if (alive()) child.send('stop');
      const t = setTimeout(() => { if (alive()) child.kill('SIGKILL'); }, 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Resolves once `nodeId` holds the PBX lock and reports its AMI link connected. */
export async function waitLeading(node: FaultNode, o: Pick<FaultNodeOptions, 'nodeId' | 'observerRedisUrl' | 'prefix'>, timeoutMs = 60_000): Promise<void> {
  const redis = new Redis(o.observerRedisUrl);
  const t0 = Date.now();
  try {
    for (;;) {
      const owner = await redis.get(`${o.prefix}:pbx-leader:main`);
      if (owner?.startsWith(`${o.nodeId}:`)) {
        const body = await fetch(`${node.url}/health`).then((r) => r.json() as Promise<{ pbx: Array<{ status: string }> }>).catch(() => null);
        if (body?.pbx[0]?.status === 'connected') return;
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`${o.nodeId} not leading after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    redis.disconnect();
  }
}

/** GET /health with a 5 s limit: status code and how long it took (0 = no answer within the limit). */
export async function probeHealth(url: string): Promise<{ status: number; ms: number; body: unknown }> {
  const t0 = Date.now();
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, ms: Date.now() - t0, body: await res.json().catch(() => null) };
  } catch {
    return { status: 0, ms: Date.now() - t0, body: null };
  }
}
