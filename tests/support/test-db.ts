import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../server/db/database';

export interface TestDb extends DbHandle {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

// A fresh, fully migrated, real PostgreSQL database cloned from the template for this test file.
export async function createTestDb(): Promise<TestDb> {
  const templateUrl = inject('templateDbUrl');
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `warmline_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(withDatabase(templateUrl, 'postgres'), { max: 1, onnotice: () => {} });
  // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(templateUrl, name);
  const handle = createDb(url, { max: 5, applicationName: 'warmline-test' });
  // The template is reused while the migrations do not change, so its monthly partitions were created relative to the
  // day it was built; calls have no DEFAULT partition. Nodes run this at start (server/cluster/partition-maintenance.ts).
  await handle.sql`SELECT warmline_ensure_partitions(3)`;
  return {
    ...handle,
    url,
    async drop() {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
