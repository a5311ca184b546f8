import postgres from 'postgres';
import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import type { DB } from './types';
import { histogram } from '../metrics/metrics';
import { bounded } from '../bounded';

const poolWaitSeconds = histogram('warmline_db_pool_wait_seconds',
  'Time a Kysely query waited for a connection of its pool (includes opening one when the pool grows)', undefined, ['pool']);

export type Database = Kysely<DB>;

export interface DbHandle {
  db: Database;
  sql: postgres.Sql;
  /**
   * Is the database reachable? `SELECT 1` on a connection of its own, not the pool's: a pool busy draining a backlog
   * (after an outage, under load) is not a database that is down, and readiness must not say it is. Rejects after
   * `timeoutMs`; a probe connection that timed out is dropped, so a connection stuck while connecting (postgres.js
   * upstream #1130) cannot make every later probe fail.
   */
  probe(timeoutMs: number): Promise<void>;
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
  let probeSql: postgres.Sql | null = null;
  const dropProbe = () => { const p = probeSql; probeSql = null; void p?.end({ timeout: 0 }).catch(() => undefined); };
  return {
    db,
    sql,
    async probe(timeoutMs) {
      probeSql ??= postgres(url, { max: 1, idle_timeout: 60, connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)), onnotice: () => {},
        connection: { application_name: `${options.applicationName ?? 'warmline'}-probe` } });
      const client = probeSql;
      try {
        await bounded(client`SELECT 1`.then(() => undefined), timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
      } catch (err) {
        if (probeSql === client) dropProbe();
        throw err;
      }
    },
    async close() {
      dropProbe();
      // A query postgres.js never settles (connection lost while connecting, upstream #1130/#1142) must not hold
      // the shutdown for ever: in-flight queries get 5 s, then the connections are terminated.
      await sql.end({ timeout: 5 });
      await db.destroy();
    },
  };
}
