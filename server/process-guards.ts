import type { Logger } from './logger';

// postgres.js (3.4.x) runs a catalog query for array types as the first statement of every new connection and drops
// that query's promise (upstream porsager/postgres#1192, #1205, #1223, open). When the connection dies during it
// (database restart, network cut, pg_terminate_backend), the rejection is unhandled and Node's default is to exit:
// a database outage would kill every node. Seen here in tests/integration/reliability/db-outage.test.ts (read
// ECONNRESET on that query). Nothing waits on that promise; the driver reconnects and the caller's own query fails
// or succeeds on its own terms, so that one rejection is logged and the process goes on. Any other unhandled
// rejection still ends the process, as Node would.

const DRIVER_TYPE_QUERY = /from\s+pg_catalog\.pg_type\s+a\s+left\s+join\s+pg_catalog\.pg_type\s+b\s+on\s+b\.oid\s*=\s*a\.typelem/i;

/** True for the rejection of postgres.js's own startup type query (the dropped promise above). */
export function isDriverTypeQueryRejection(reason: unknown): boolean {
  const query = (reason as { query?: unknown } | null | undefined)?.query;
  return typeof query === 'string' && DRIVER_TYPE_QUERY.test(query);
}

export function handleUnhandledRejection(reason: unknown, log: Logger, exit: (code: number) => void): void {
  if (isDriverTypeQueryRejection(reason)) {
    log.warn({ err: reason }, 'postgres.js lost a new connection during its type query (upstream #1192); it reconnects, the process goes on');
    return;
  }
  log.fatal({ err: reason }, 'unhandled promise rejection; exiting');
  exit(1);
}

/** For a server process's entry point (not for code running inside a test runner). Returns the uninstaller. */
export function installProcessGuards(log: Logger): () => void {
  const listener = (reason: unknown) => handleUnhandledRejection(reason, log, (code) => process.exit(code));
  process.on('unhandledRejection', listener);
  return () => { process.off('unhandledRejection', listener); };
}
