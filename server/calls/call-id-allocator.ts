import type { Logger } from '../logger';
import { bounded } from '../bounded';

/** Same formula as the SQL function calls_id_for(ts) (migration 0012): the start second, then 6 digits of sequence. */
export function callIdFor(startedAt: Date, sequenceValue: number): number {
  return Math.floor(startedAt.getTime() / 1000) * 1_000_000 + (sequenceValue % 1_000_000);
}

export interface CallIdAllocatorOptions {
  /** Sequence values fetched per round trip. */
  batch?: number;
  /** Refill in the background when fewer than this many are left. */
  low?: number;
  /** A fetch that has not answered by then is given up, so that a later one can run (postgres.js can leave a query
   * pending for ever when its connection dies while connecting; upstream #1130). */
  fetchTimeoutMs?: number;
}

// Hands out call ids without a round trip, so that a new call's screen pop need not wait for the call's INSERT to
// commit (the id is what the pop, the console and the wrap-up refer to). Values come from the same sequence as
// calls_id_for() uses, fetched in batches ahead of need; an id combines the call's start second (the partition key:
// calls is partitioned on id by month) with one sequence value, exactly as calls_id_for() does, so an id handed
// out here and one the database picks can never collide. Empty pool (start-up, database down): take() says null
// and the caller lets the INSERT pick the id as before. Sequence values lost at a restart leave gaps, nothing else.
export class CallIdAllocator {
  private pool: number[] = [];
  private next = 0;
  private refilling: Promise<void> | null = null;
  private readonly batch: number;
  private readonly low: number;
  private readonly fetchTimeoutMs: number;

  constructor(private readonly fetch: (n: number) => Promise<number[]>, private readonly log: Logger, options: CallIdAllocatorOptions = {}) {
    this.batch = options.batch ?? 200;
    this.low = Math.min(options.low ?? 50, this.batch);
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 5000;
  }

  /** Fills the pool; resolves when done (failures are logged, the pool stays as it was). */
  prime(): Promise<void> {
    return this.refill();
  }

  get available(): number {
    return this.pool.length - this.next;
  }

  /** An id for a call that started at `startedAt`, or null when none is at hand. Never blocks. */
  take(startedAt: Date): number | null {
    const value = this.next < this.pool.length ? this.pool[this.next++]! : undefined;
    if (this.available < this.low) void this.refill();
    return value === undefined ? null : callIdFor(startedAt, value);
  }

  private refill(): Promise<void> {
    if (this.refilling) return this.refilling;
    this.refilling = bounded(this.fetch(this.batch), this.fetchTimeoutMs, () => new Error(`no call id batch within ${this.fetchTimeoutMs} ms`))
      .then((values) => {
        this.pool = [...this.pool.slice(this.next), ...values];
        this.next = 0;
      })
      .catch((err: unknown) => { this.log.warn({ err }, 'call id batch not fetched; new calls get their id from the INSERT'); })
      .finally(() => { this.refilling = null; });
    return this.refilling;
  }
}
