import { EventEmitter } from 'node:events';
import Manager, { type AsteriskManagerInstance } from 'asterisk-manager';
import pino, { type Logger } from 'pino';
import { assertSafeHeader, field, normalizeFrame, type AmiFrame } from './ami-frame';
import { AmiError, amiErrors } from './ami-errors';
import { PendingActions, type ListResult } from './ami-pending';

export type { ListResult } from './ami-pending';

// asterisk-manager 0.2.0 parses frames (its reader replaced by patches/asterisk-manager+0.2.0.patch, see
// docs/PBX.md); everything that makes the link dependable lives here: per-action timeouts, unique ActionIDs, list
// collection, Ping keepalive, fast reconnect with capped backoff, pending actions failed on disconnect, CR/LF refused
// before writing. One Manager instance per connection attempt: the library keeps parser state and socket listeners
// per instance, so a dead socket can never feed or close its successor.

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  events?: boolean;
  actionTimeoutMs?: number;
  connectTimeoutMs?: number;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  maxMissedPongs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  actionIdPrefix?: string;
  /** Sent as `Action: Filter` (Operation Add) after every login; see ami-event-filters.ts. */
  eventFilters?: readonly string[];
  logger?: Logger;
}

export type AmiActionFields = Record<string, string | number | boolean | Record<string, string> | undefined>;
export interface ActionOptions { timeoutMs?: number; actionIdSuffix?: string }

interface ClientEvents {
  frame: [AmiFrame];
  connected: [];
  disconnected: [Error];
}

const DEFAULTS = {
  events: true, actionTimeoutMs: 10_000, connectTimeoutMs: 5_000, pingIntervalMs: 5_000, pingTimeoutMs: 3_000,
  maxMissedPongs: 2, reconnectMinMs: 1_000, reconnectMaxMs: 10_000, actionIdPrefix: 'wl', eventFilters: [] as readonly string[],
};

export class AmiClient extends EventEmitter<ClientEvents> {
  private readonly opts: Required<Omit<AmiClientOptions, 'logger'>>;
  private readonly log: Logger;
  private readonly pending = new PendingActions();
  private mgr: AsteriskManagerInstance | null = null;
  private generation = 0;
  private counter = 0;
  private loggedIn = false;
  private running = false;
  private failures = 0;
  private missedPongs = 0;
  private lastFrameAt = 0;
  private pingInFlight = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;

  constructor(options: AmiClientOptions) {
    super();
    this.opts = { ...DEFAULTS, ...options } as Required<Omit<AmiClientOptions, 'logger'>>;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'ami', host: options.host, port: options.port });
  }

  /** Starts connecting; keeps the link up until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const wasUp = this.loggedIn;
    this.teardown();
    this.pending.rejectAll(() => amiErrors.stopped());
    if (wasUp) this.safeEmit('disconnected', amiErrors.stopped());
  }

  isConnected(): boolean { return this.loggedIn; }

  private paused = false;

  /**
   * Stops reading the AMI socket (backpressure): frames not read yet wait in the kernel's socket buffers and then in
   * Asterisk's, which is what a slow manager session means to it. Frames already read are still delivered.
   */
  pauseReading(): void {
    if (this.paused) return;
    this.paused = true;
    try { this.mgr?.pause(); } catch { /* no socket */ }
  }

  resumeReading(): void {
    if (!this.paused) return;
    this.paused = false;
    try { this.mgr?.resume(); } catch { /* no socket */ }
  }

  get readingPaused(): boolean { return this.paused; }

  /** Next delay before reconnecting: ~1 s, doubling up to the cap. */
  backoffMs(): number {
    return Math.min(this.opts.reconnectMaxMs, this.opts.reconnectMinMs * 2 ** Math.max(0, this.failures - 1));
  }

  action(fields: AmiActionFields, opts: ActionOptions = {}): Promise<AmiFrame> {
    return this.send<AmiFrame>(fields, false, opts);
  }

  /** An action answered by a list of events (QueueStatus, CoreShowChannels, Status...), collected until *Complete. */
  listAction(fields: AmiActionFields, opts: ActionOptions = {}): Promise<ListResult> {
    return this.send<ListResult>(fields, true, opts);
  }

  private send<T extends AmiFrame | ListResult>(fields: AmiActionFields, list: boolean, opts: ActionOptions): Promise<T> {
    const action = String(fields.Action ?? fields.action ?? '');
    try {
      if (!action) throw new AmiError('ami-bad-action', 'AMI action without an Action header');
      validateFields(fields);
      if (opts.actionIdSuffix !== undefined) assertSafeHeader('ActionID', opts.actionIdSuffix);
    } catch (err) {
      return Promise.reject(err);
    }
    const mgr = this.mgr;
    if (!this.loggedIn || !mgr) return Promise.reject(amiErrors.notConnected(action));
    const id = `${this.opts.actionIdPrefix}-${++this.counter}${opts.actionIdSuffix ?? ''}`;
    const promise = this.pending.add<T>(id, action, list, opts.timeoutMs ?? this.opts.actionTimeoutMs,
      (timedOut) => mgr.removeAllListeners(timedOut));
    const payload: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && k.toLowerCase() !== 'actionid') payload[k.toLowerCase()] = v;
    payload.actionid = id;
    try {
      mgr.action(payload, (_err: unknown, res: unknown) => {
        const frame = normalizeFrame(res);
        if (frame) this.pending.onResponse(id, frame);
      });
    } catch (err) {
      this.log.warn({ err, action }, 'AMI write failed');
    }
    return promise;
  }

  private attempt(): void {
    if (!this.running) return;
    const gen = ++this.generation;
    const mgr = Manager(undefined, this.opts.host, this.opts.username, this.opts.secret, this.opts.events);
    this.mgr = mgr;
    this.paused = false; // a new socket reads until the link is told otherwise
    guardParser(mgr, this.log);
    const live = () => gen === this.generation;
    mgr.on('managerevent', (raw: unknown) => { if (live()) this.onEvent(raw); });
    mgr.on('asterisk', (raw: unknown) => { if (live() && !(raw as { response?: unknown })?.response) this.log.debug('AMI frame without Event/Response dropped'); });
    mgr.on('error', (err: unknown) => { if (live() && err instanceof Error) this.log.warn({ err: err.message }, 'AMI socket error'); });
    // The library emits responses under their ActionID on the same emitter, so `ActionID: close` in a frame would
    // fire 'close' with (undefined, frame). A real socket close passes a boolean.
    mgr.on('close', (hadError: unknown) => { if (live() && typeof hadError === 'boolean') this.lost(new Error('connection closed by the PBX')); });
    this.connectTimer = setTimeout(() => { if (live()) this.lost(new Error(`connect/login timed out after ${this.opts.connectTimeoutMs} ms`)); }, this.opts.connectTimeoutMs);
    try {
      mgr.connect(this.opts.port, this.opts.host, () => { if (live()) this.login(mgr, gen); });
    } catch (err) {
      this.lost(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private login(mgr: AsteriskManagerInstance, gen: number): void {
    mgr.login((err: unknown) => {
      if (gen !== this.generation) return;
      if (err) {
        const message = (err as { message?: unknown })?.message;
        const error = amiErrors.loginFailed(typeof message === 'string' ? message : String(err));
        this.log.error({ err: error.message }, 'AMI login failed; retrying with backoff');
        this.lost(error);
        return;
      }
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.connectTimer = null;
      this.loggedIn = true;
      this.failures = 0;
      this.missedPongs = 0;
      this.startKeepalive(gen);
      // asterisk-manager's Login sends `Event:` (Asterisk reads `Events:`), so honour events=false here.
      if (!this.opts.events) this.action({ Action: 'Events', EventMask: 'off' }).catch(() => undefined);
      this.addEventFilters();
      this.log.info('AMI connected');
      this.safeEmit('connected');
    });
  }

  // Session filters go before 'connected' so that the resync's list and the events after it are already filtered.
  // A PBX that refuses one (no `system` write permission, Asterisk < 10) keeps sending everything: more CPU, same
  // calls, so it is a warning and the link stays up.
  private addEventFilters(): void {
    for (const filter of this.opts.eventFilters) {
      this.action({ Action: 'Filter', Operation: 'Add', Filter: filter })
        .catch((err: Error) => this.log.warn({ err: err.message, filter }, 'AMI event filter refused; the PBX will send those events anyway'));
    }
  }

  private onEvent(raw: unknown): void {
    this.lastFrameAt = Date.now();
    const frame = normalizeFrame(raw);
    if (!frame) { this.log.warn('AMI frame with an oversized or invalid value dropped'); return; }
    if (!field(frame, 'event')) return;
    if (this.pending.onEvent(field(frame, 'actionid'), frame)) return;
    this.safeEmit('frame', frame);
  }

  private startKeepalive(gen: number): void {
    this.pingTimer = setInterval(() => {
      if (gen !== this.generation || this.pingInFlight) return;
      this.pingInFlight = true;
      const sentAt = Date.now();
      this.action({ Action: 'Ping' }, { timeoutMs: this.opts.pingTimeoutMs })
        .then(() => { if (gen === this.generation) this.missedPongs = 0; })
        .catch((err: Error) => {
          // While reading is paused (backpressure) the Pong waits unread behind the events: not a dead link. Nor
          // while events keep coming: on a loaded node the Pong is only queued behind them in the socket (a link
          // dropped for that loses every frame it held: measured by bench:ingest on a busy machine).
          if (gen !== this.generation || (err as AmiError).code !== 'ami-timeout' || this.paused || this.lastFrameAt >= sentAt) return;
          this.missedPongs += 1;
          this.log.warn({ missed: this.missedPongs }, 'AMI Ping unanswered');
          if (this.missedPongs >= this.opts.maxMissedPongs) this.lost(new AmiError('ami-keepalive', `AMI keepalive: ${this.missedPongs} Pings unanswered, link declared dead`));
        })
        .finally(() => { this.pingInFlight = false; });
    }, this.opts.pingIntervalMs);
    this.pingTimer.unref?.();
  }

  private lost(reason: Error): void {
    const wasUp = this.loggedIn;
    this.generation += 1;
    this.clearTimers();
    this.teardown();
    this.pending.rejectAll((action, id) => amiErrors.disconnected(action, id, reason.message));
    if (wasUp) {
      this.log.warn({ reason: reason.message }, 'AMI disconnected');
      this.safeEmit('disconnected', reason);
    }
    if (!this.running || this.reconnectTimer) return;
    this.failures += 1;
    const delay = this.backoffMs();
    this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; this.attempt(); }, delay);
  }

  private teardown(): void {
    this.loggedIn = false;
    this.pingInFlight = false;
    const mgr = this.mgr;
    this.mgr = null;
    if (!mgr) return;
    try { mgr.disconnect(); } catch { /* socket already gone */ }
  }

  private clearTimers(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.connectTimer = null;
    this.pingTimer = null;
  }

  private safeEmit<K extends keyof ClientEvents>(event: K, ...args: ClientEvents[K]): void {
    try {
      (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    } catch (err) {
      this.log.error({ err, event }, 'AMI listener threw');
    }
  }
}

function validateFields(fields: AmiActionFields): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) { assertSafeHeader(k, String(v)); assertSafeHeader(key, `${k}=${String(v)}`); }
    } else {
      assertSafeHeader(key, String(value));
    }
  }
}

// asterisk-manager builds its emit list synchronously inside the socket 'data' handler; a frame such as two
// `UserEvent:` headers makes it call .toLowerCase() on an array and throw there, which would crash the process.
function guardParser(mgr: AsteriskManagerInstance, log: Logger): void {
  for (const original of mgr.listeners('rawevent')) {
    mgr.removeListener('rawevent', original);
    mgr.on('rawevent', (raw: unknown) => {
      try { original(raw); } catch (err) { log.warn({ err: (err as Error).message }, 'malformed AMI frame dropped'); }
    });
  }
}
