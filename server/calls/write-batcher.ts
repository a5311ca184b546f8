import { bounded } from '../bounded';

export interface WriteBatcherOptions {
  /** Rows merged into one statement at most. */
  maxRows?: number;
  /** Statements of this shape running at once; the rows arriving meanwhile wait and go out together. */
  maxInFlight?: number;
  /** A statement not answered by then is given up (postgres.js can leave one pending for ever, upstream #1130). */
  timeoutMs?: number;
}

interface Waiter<I, R> { input: I; key: string; resolve(r: R): void; reject(err: unknown): void }

/**
 * Merges writes of one shape, issued by different calls at about the same time, into one multi-row statement: one
 * round trip, one plan and one commit for many calls instead of one each. Every caller still gets its own row back
 * only once its statement has committed, so what a caller does after its write (publish, the call's next event) sees
 * exactly what it would have seen alone: ordering and crash safety are the caller's, as before.
 *
 * A lone write (an idle node) goes out at once, through `one`, the single-row statement. A multi-row statement that
 * fails for a reason other than a transient database error is run again row by row, so one bad row (a call outside
 * the partitions) fails only its own caller. Callers serialise writes per key (the calls service writes one call's
 * events one at a time); two writes with one key are still never merged into one statement.
 */
export class WriteBatcher<I, R> {
  private readonly waiting: Array<Waiter<I, R>> = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxRows: number;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly keyOf: (input: I) => string,
    private readonly many: (inputs: I[]) => Promise<R[]>,
    private readonly one: (input: I) => Promise<R>,
    private readonly isTransient: (err: unknown) => boolean,
    options: WriteBatcherOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 500;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  run(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ input, key: this.keyOf(input), resolve, reject });
      this.schedule();
    });
  }

  /** Rows waiting for a statement (not counting those in flight). */
  get queued(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    // The rest of this turn's writes join the statement (one AMI socket read applies many events in one turn).
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.runBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
    }
  }

  /** Up to maxRows waiters in arrival order, one per key; the others keep their place for the next statement. */
  private take(): Array<Waiter<I, R>> {
    const keys = new Set<string>();
    const batch: Array<Waiter<I, R>> = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.maxRows;) {
      const w = this.waiting[i]!;
      if (keys.has(w.key)) { i++; continue; }
      keys.add(w.key);
      batch.push(w);
      this.waiting.splice(i, 1);
    }
    return batch;
  }

  private timed<T>(work: Promise<T>): Promise<T> {
    return bounded(work, this.timeoutMs, () => Object.assign(new Error(`batched write timed out after ${this.timeoutMs} ms`), { code: 'TASK_TIMEOUT' }));
  }

  private async runBatch(batch: Array<Waiter<I, R>>): Promise<void> {
    if (batch.length === 1) {
      const w = batch[0]!;
      await this.timed(this.one(w.input)).then(w.resolve, w.reject);
      return;
    }
    try {
      const results = await this.timed(this.many(batch.map((w) => w.input)));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (this.isTransient(err)) {
        batch.forEach((w) => w.reject(err));
        return;
      }
      // Find the row at fault: each alone, as if never merged.
      await Promise.all(batch.map((w) => this.timed(this.one(w.input)).then(w.resolve, w.reject)));
    }
  }
}
