import type postgres from 'postgres';
import type { CompiledQuery } from 'kysely';
import { AppError } from '../http/app-error';

// Queries a person waits for (segment previews, customer search) whose cost depends on what they typed. Each runs
// in its own short transaction with a statement_timeout, through postgres.js directly so that the query can be
// cancelled (postgres.js sends PostgreSQL a CancelRequest) when the HTTP client goes away: an aborted request used
// to keep its backend at 94% CPU until the query ended by itself (issue #19 point 4).

export class QueryTimeoutError extends AppError {
  constructor(timeoutMs: number) {
    super('query-timeout', 422, `The query ran longer than ${timeoutMs / 1000} s and was stopped; narrow it down`, { timeoutMs });
  }
}

export class ClientGoneError extends AppError {
  constructor() {
    super('client-closed-request', 499, 'The client closed the request; its query was cancelled');
  }
}

export interface InteractiveOptions { timeoutMs: number; signal?: AbortSignal | undefined }

/** What a repository needs to run its interactive queries this way (the main pool's postgres.js client). */
export interface InteractiveLimits { pg: postgres.Sql; timeoutMs: number }

export async function runInteractive<R>(pg: postgres.Sql, query: CompiledQuery<R>, opts: InteractiveOptions): Promise<R[]> {
  if (opts.signal?.aborted) throw new ClientGoneError();
  try {
    const rows: unknown = await pg.begin(async (tx) => {
      await tx`SELECT set_config('statement_timeout', ${String(opts.timeoutMs)}, true)`;
      const pending = tx.unsafe(query.sql, query.parameters as postgres.ParameterOrJSON<never>[]);
      const cancel = () => { void pending.cancel(); };
      opts.signal?.addEventListener('abort', cancel, { once: true });
      try {
        return await pending;
      } finally {
        opts.signal?.removeEventListener('abort', cancel);
      }
    });
    return rows as R[];
  } catch (err) {
    if ((err as { code?: string }).code !== '57014') throw err;
    if (opts.signal?.aborted) throw new ClientGoneError();
    throw new QueryTimeoutError(opts.timeoutMs);
  }
}

/** Aborted when the HTTP client disconnects before its reply was sent. */
export function clientGoneSignal(raw: { once(event: 'close', f: () => void): unknown; writableFinished: boolean }): AbortSignal {
  const controller = new AbortController();
  raw.once('close', () => { if (!raw.writableFinished) controller.abort(); });
  return controller.signal;
}
