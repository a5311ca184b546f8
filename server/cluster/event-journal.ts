/**
 * Events a node saw while it did not hold a PBX's lock, oldest first (server/cluster/pbx-leadership.ts). Keeps
 * everything since `keepFrom(t)` when set, otherwise the last `windowMs`; never more than `cap` entries (the oldest
 * go first and are counted in `dropped`).
 */
export class EventJournal<T> {
  private items: Array<{ at: number; item: T }> = [];
  private head = 0;
  private since: number | null = null;
  dropped = 0;

  constructor(private readonly o: { cap: number; windowMs: number; now?: () => number }) {}

  get size(): number { return this.items.length - this.head; }

  /** Keep every entry from `at` on (null: back to the sliding window). */
  keepFrom(at: number | null): void {
    this.since = at;
  }

  push(item: T): void {
    const now = this.o.now?.() ?? Date.now();
    this.items.push({ at: now, item });
    const horizon = this.since !== null ? Math.min(this.since, now - this.o.windowMs) : now - this.o.windowMs;
    while (this.head < this.items.length && this.items[this.head]!.at < horizon) this.head++;
    while (this.size > this.o.cap) { this.head++; this.dropped++; }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Every entry kept, oldest first; the journal is empty afterwards and back to the sliding window. */
  drain(): T[] {
    const out = this.items.slice(this.head).map((e) => e.item);
    this.items = [];
    this.head = 0;
    this.since = null;
    return out;
  }
}
