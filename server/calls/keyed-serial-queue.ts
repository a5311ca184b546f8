import { bounded } from '../bounded';

// Runs tasks one at a time per key (a call's Linkedid) and in parallel across keys. AMI events for one call
// must be applied in order; events of different calls need not wait for each other.
// A task that fails with a transient error (database down, connection reset) is retried with backoff, in
// place, so later events of the same call wait for it instead of overtaking it.
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  // Enqueue time of every unfinished task, in enqueue order (a Map keeps insertion order): the first is the oldest.
  private readonly started = new Map<number, number>();
  private seq = 0;

  constructor(
    private readonly isRetryable: (err: unknown) => boolean,
    private readonly onError: (err: unknown, key: string) => void,
    private readonly maxRetryMs = 120_000,
    private readonly attemptTimeoutMs = 15_000,
  ) {}

  get size(): number {
    return this.pending;
  }

  /** How long the oldest unfinished task has waited (ms): the ingest lag. 0 when idle. */
  oldestAgeMs(now = Date.now()): number {
    for (const t of this.started.values()) return Math.max(0, now - t);
    return 0;
  }

  push(key: string, task: () => Promise<void>): Promise<void> {
    this.pending += 1;
    const id = ++this.seq;
    this.started.set(id, Date.now());
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.runWithRetry(key, task)).finally(() => {
      this.pending -= 1;
      this.started.delete(id);
      if (this.tails.get(key) === next) this.tails.delete(key);
      if (this.pending === 0) this.idleWaiters.splice(0).forEach((w) => w());
    });
    this.tails.set(key, next);
    return next;
  }

  private async runWithRetry(key: string, task: () => Promise<void>): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await withTimeout(task(), this.attemptTimeoutMs);
        return;
      } catch (err) {
        if (!this.isRetryable(err) || Date.now() - started > this.maxRetryMs) {
          this.onError(err, key);
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      }
    }
  }

  /** Resolves when every queued task has finished. */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

// postgres.js 3.4.x can leave a query pending forever when its connection fails while connecting (database
// restarting; porsager/postgres#1130, #1142): an attempt that hangs is abandoned and retried like a transient
// error, so one stuck query cannot stall a call's events (and the backlog) for ever. Writes are idempotent.
function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  return bounded(work, ms, () => Object.assign(new Error(`task attempt timed out after ${ms} ms`), { code: 'TASK_TIMEOUT' }));
}

export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; errno?: string; message?: string };
  const code = e?.code ?? '';
  return ['TASK_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '53300', '08006', '08001', '08003', '08004', '40001', '40P01'].includes(code)
    || /connect|terminat|closed/i.test(e?.message ?? '');
}
