import { loadConfig, ConfigError, type Config } from './config';
import { createLogger } from './logger';
import { installProcessGuards } from './process-guards';
import { createDb, POP_POOL_SIZE } from './db/database';
import { migrate } from './db/migrator';
import { DemoCredentialsError, refuseDemoAccounts } from './auth/demo-credentials';
import { AuthRepository } from './auth/auth.repository';
import { createServices } from './services';
import { buildApp } from './app';
import { startRuntime } from './runtime';
import { startPbxLinks } from './pbx-links';
import { BullJobQueue } from './jobs/bullmq-queue';
import { InProcessJobQueue } from './jobs/in-process-queue';
import type { JobQueue } from './jobs/job-queue';
import { startCluster, type Cluster } from './cluster/cluster';
import { startPartitionMaintenance } from './cluster/partition-maintenance';
import type { AppServices } from './services';
import type { FastifyInstance } from 'fastify';

export interface RunningServer {
  url: string;
  services: AppServices;
  app: FastifyInstance;
  /** Present when REDIS_URL is set (several nodes). */
  cluster?: Cluster;
  stop(): Promise<void>;
  /** Tests only: die without goodbyes (PBX locks left to expire, AMI and Redis dropped), then free resources. */
  crash(): Promise<void>;
}

export interface StartOptions {
  /** Prefix of every Redis key/channel (BullMQ, Socket.IO adapter, PBX locks); tests use a unique one per run. */
  redisPrefix?: string;
  /** PBX leader lock TTL (default 10 s). */
  lockTtlMs?: number;
}

// Composition root of one server node: API + Socket.IO + PBX link + background jobs.
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(config);
  const db = createDb(config.databaseUrl, { max: 20, applicationName: `warmline-${config.nodeId}` });
  const readDb = config.readDatabaseUrl ? createDb(config.readDatabaseUrl, { max: 10, applicationName: `warmline-read-${config.nodeId}`, pool: 'read' }) : undefined;
  const popDb = createDb(config.databaseUrl, { max: POP_POOL_SIZE, applicationName: `warmline-pop-${config.nodeId}`, pool: 'pop' });
  await migrate(db.sql);
  if (config.nodeEnv === 'production') {
    // Before anything listens: a production node with admin/warmline still usable must not come up at all.
    await refuseDemoAccounts(new AuthRepository(db.db)).catch(async (err: unknown) => {
      for (const handle of [readDb, popDb, db]) await handle?.close().catch(() => undefined);
      throw err;
    });
  }
  const prefix = opts.redisPrefix ?? 'warmline';
  const jobs: JobQueue = config.redisUrl ? new BullJobQueue(config.redisUrl, prefix, log) : new InProcessJobQueue(log);
  const services = createServices({ config, log, db, readDb, popDb, jobs });
  const partitions = startPartitionMaintenance(db, log);
  const app = await buildApp(services);
  const cluster = config.redisUrl
    ? startCluster({ redisUrl: config.redisUrl, keyPrefix: prefix, nodeId: config.nodeId, log, lockTtlMs: opts.lockTtlMs ?? 10_000 })
    : undefined;
  cluster?.attachSocketAdapter(app.gateway.io);
  const stopRuntime = startRuntime(services, app, { campaignLeadership: cluster?.campaignLeadership() });
  const pbx = startPbxLinks(services, { cluster });
  const address = await app.listen({ host: config.host, port: config.port });
  log.info({ address, jobs: jobs.kind, pbxs: config.pbxs.map((p) => p.id) }, 'warmline is up');
  let stopping: Promise<void> | undefined;
  const release = async () => {
    partitions.stop();
    await app.close();
    await pbx.stop();
    await services.calls.drain();
    await stopRuntime();
    await jobs.close();
    await cluster?.close();
    // A bus handler still running after its queue closed can hold a reserved connection forever (seen after crash());
    // give in-flight queries 5 s, then close regardless.
    for (const handle of [readDb, popDb, db]) await handle?.sql.end({ timeout: 5 }).catch(() => undefined);
    await readDb?.close();
    await popDb.close();
    await db.close();
  };
  return {
    url: address,
    services,
    app,
    cluster,
    stop() {
      stopping ??= release();
      return stopping;
    },
    crash() {
      stopping ??= (async () => {
        await cluster?.crash();
        await release();
      })();
      return stopping;
    },
  };
}

function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DemoCredentialsError) {
    console.error(err.message);
  } else {
    console.error('Warmline failed to start:', err);
  }
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err);
  }
  installProcessGuards(createLogger(config));
  const server = await startServer(config).catch(fail);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.stop().then(() => process.exit(0));
    });
  }
}
