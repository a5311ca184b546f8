import { loadConfig, ConfigError, type Config } from './config';
import { createLogger } from './logger';
import { createDb } from './db/database';
import { migrate } from './db/migrator';
import { createServices } from './services';
import { buildApp } from './app';
import { startRuntime } from './runtime';
import { startPbxLinks } from './pbx-links';
import { BullJobQueue } from './jobs/bullmq-queue';
import { InProcessJobQueue } from './jobs/in-process-queue';
import type { JobQueue } from './jobs/job-queue';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

// Composition root of one server node: API + Socket.IO + PBX link + background jobs.
export async function startServer(config: Config): Promise<RunningServer> {
  const log = createLogger(config);
  const db = createDb(config.databaseUrl, { max: 20, applicationName: `warmline-${config.nodeId}` });
  const readDb = config.readDatabaseUrl ? createDb(config.readDatabaseUrl, { max: 10, applicationName: `warmline-read-${config.nodeId}` }) : undefined;
  await migrate(db.sql);
  const jobs: JobQueue = config.redisUrl ? new BullJobQueue(config.redisUrl, 'warmline', log) : new InProcessJobQueue(log);
  const services = createServices({ config, log, db, readDb, jobs });
  const app = await buildApp(services);
  const stopRuntime = startRuntime(services, app);
  const pbx = startPbxLinks(services);
  const address = await app.listen({ host: config.host, port: config.port });
  log.info({ address, jobs: jobs.kind, pbxs: config.pbxs.map((p) => p.id) }, 'warmline is up');
  let stopping: Promise<void> | undefined;
  return {
    url: address,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await pbx.stop();
        await services.calls.drain();
        await stopRuntime();
        await jobs.close();
        await readDb?.close();
        await db.close();
      })();
      return stopping;
    },
  };
}

function fail(err: unknown): never {
  if (err instanceof ConfigError) {
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
  const server = await startServer(config).catch(fail);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.stop().then(() => process.exit(0));
    });
  }
}
