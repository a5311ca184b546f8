import postgres from 'postgres';
import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import type { DB } from './types';
import { histogram } from '../metrics/metrics';

const poolWaitSeconds = histogram('warmline_db_pool_wait_seconds',
  'Time a Kysely query waited for a connection of its pool (includes opening one when the pool grows)', undefined, ['pool']);

export type Database = Kysely<DB>;

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** Connections of a node's screen-pop pool (services.ts, popDb): one ~1-4 ms lookup per arriving call; more queue briefly. */
export const POP_POOL_SIZE = 3;

// timestamptz arrives as Date (postgres.js default); numeric and bigint arrive as strings unless converted.
// bigint ids fit in a JS number for any realistic call center, so they are parsed to number once here.
export function createDb(url: string, options: { max?: number; applicationName?: string; pool?: string } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'warmline', TimeZone: 'UTC' },
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number | bigint) => String(x), parse: (x: string) => Number(x) },
    },
  });
  // Kysely takes a connection with sql.reserve() for every query: timing it is the pool's wait (metrics).
  const pool = options.pool ?? 'main';
  const reserve = async () => {
    const end = poolWaitSeconds.startTimer({ pool });
    try {
      return await sql.reserve();
    } finally {
      end();
    }
  };
  const timed = new Proxy(sql, { get: (target, key, receiver) => (key === 'reserve' ? reserve : Reflect.get(target, key, receiver)) });
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: timed }) });
  return {
    db,
    sql,
    async close() {
      // A query postgres.js never settles (connection lost while connecting, upstream #1130/#1142) must not hold
      // the shutdown for ever: in-flight queries get 5 s, then the connections are terminated.
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
