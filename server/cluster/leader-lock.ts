import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

// Single-instance Redis lock (SET NX PX + compare-and-set renew/release in Lua), the pattern described in the
// Redis docs for one Redis primary. Redlock (several independent primaries) is not installed and buys nothing
// with one Redis; a Redis failover that loses the key is covered by the fencing below plus idempotent ingest.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaderLockOptions {
  redis: Redis;
  key: string;
  ttlMs: number;
  /** Identifies the holder in the key's value (node id); a random suffix makes each acquisition unique. */
  owner: string;
  log: Logger;
  onAcquired(epoch: number): void | Promise<void>;
  onLost(reason: string): void | Promise<void>;
  /** An acquisition attempt found the key held by someone else (another node leads). */
  onHeldElsewhere?(): void;
  /**
   * Balancing hint (server/cluster/pbx-balancer.ts): false defers this tick's acquisition attempt so a node with
   * fewer locks takes the key first. Deferred at most twice in a row, so a free lock never stays free for long.
   */
  mayAcquire?: () => boolean;
}

// Timing (ttl T): renew every T/4, retry acquisition every T/4. Validity is counted from the moment the SET or
// PEXPIRE was *sent*, minus 10 % for clock drift, so the local "I hold it" always ends before Redis can hand the
// key to someone else, even when the reply is slow or never comes (Redlock's validity-time argument). When
// validity runs out without a confirmed renewal the holder steps down on its own (a timer, not the next tick).
export class LeaderLock {
  private token: string | null = null;
  private validUntil = 0;
  private epochValue = 0;
  private tickTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private running = false;
  private busy = false;
  private deferred = 0;
  private readonly intervalMs: number;

  constructor(private readonly o: LeaderLockOptions) {
    this.intervalMs = Math.max(50, Math.floor(o.ttlMs / 4));
  }

  get key(): string { return this.o.key; }
  /** Incremented on every acquisition (INCR key:epoch): a fencing token for logs and, if ever needed, writes. */
  get epoch(): number { return this.epochValue; }

  /** True only while a renewal confirmed by Redis is still within its validity window. */
  isHeld(): boolean {
    return this.token !== null && Date.now() < this.validUntil;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  /** Graceful stop: step down and delete the key (only if it is still ours) so a standby takes over at once. */
  async stop(): Promise<void> {
    this.halt();
    const token = this.token;
    if (token) {
      await this.lose('stopped');
      await this.o.redis.eval(RELEASE, 1, this.o.key, token).catch(() => undefined);
    }
  }

  /** Hands the lock over (rebalancing): step down, delete the key if still ours, keep competing afterwards. */
  async release(reason: string): Promise<void> {
    const token = this.token;
    if (!token) return;
    await this.lose(reason);
    this.deferred = 0;
    await this.o.redis.eval(RELEASE, 1, this.o.key, token).catch(() => undefined);
  }

  /** Crash simulation / hard stop: stop renewing without releasing; the key expires after its TTL. */
  abandon(): void {
    this.halt();
    this.token = null;
    this.validUntil = 0;
    clearTimeout(this.expiryTimer);
  }

  private halt(): void {
    this.running = false;
    clearTimeout(this.tickTimer);
  }

  private schedule(): void {
    if (!this.running) return;
    this.tickTimer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      if (this.token) await this.renew(this.token);
      else if (this.o.mayAcquire && !this.o.mayAcquire() && this.deferred < 2) this.deferred++;
      else { this.deferred = 0; await this.tryAcquire(); }
    } catch (err) {
      this.o.log.warn({ err, key: this.o.key }, 'leader lock: redis call failed');
    } finally {
      this.busy = false;
      this.schedule();
    }
  }

  private async tryAcquire(): Promise<void> {
    const token = `${this.o.owner}:${randomUUID()}`;
    const sentAt = Date.now();
    const ok = await this.timed(this.o.redis.set(this.o.key, token, 'PX', this.o.ttlMs, 'NX'), this.o.ttlMs);
    if (ok !== 'OK' || !this.running) {
      if (ok === null && this.running) this.o.onHeldElsewhere?.();
      if (ok === 'OK') await this.o.redis.eval(RELEASE, 1, this.o.key, token).catch(() => undefined);
      return;
    }
    if (Date.now() >= sentAt + Math.floor(this.o.ttlMs * 0.9)) {
      // The reply came so late that the validity window is already over: give it back rather than lead blind.
      await this.o.redis.eval(RELEASE, 1, this.o.key, token).catch(() => undefined);
      return;
    }
    this.token = token;
    this.extend(sentAt);
    this.epochValue = Number(await this.o.redis.incr(`${this.o.key}:epoch`).catch(() => 0));
    this.o.log.info({ key: this.o.key, epoch: this.epochValue }, 'leader lock acquired');
    await this.o.onAcquired(this.epochValue);
  }

  private async renew(token: string): Promise<void> {
    const sentAt = Date.now();
    let result: unknown;
    try {
      result = await this.timed(this.o.redis.eval(RENEW, 1, this.o.key, token, String(this.o.ttlMs)), Math.max(1, this.validUntil - sentAt));
    } catch (err) {
      // Keep trying until validity runs out; the expiry timer steps down if no renewal lands in time.
      this.o.log.warn({ err, key: this.o.key }, 'leader lock: renewal failed');
      return;
    }
    if (this.token !== token) return;
    if (Number(result) === 1) this.extend(sentAt);
    else await this.lose('taken over or expired');
  }

  private extend(sentAt: number): void {
    this.validUntil = sentAt + Math.floor(this.o.ttlMs * 0.9);
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => {
      if (this.token && Date.now() >= this.validUntil) void this.lose('validity ran out before a renewal was confirmed');
    }, Math.max(0, this.validUntil - Date.now()) + 1);
  }

  private async lose(reason: string): Promise<void> {
    if (!this.token) return;
    this.token = null;
    this.validUntil = 0;
    clearTimeout(this.expiryTimer);
    this.o.log.warn({ key: this.o.key, reason }, 'leader lock lost');
    try {
      await this.o.onLost(reason);
    } catch (err) {
      this.o.log.error({ err, key: this.o.key }, 'leader lock: onLost failed');
    }
  }

  private timed<T>(p: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('redis call timed out')), ms);
      p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e as Error); });
    });
  }
}
