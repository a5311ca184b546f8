// One job interface, two engines: BullMQ on Redis when REDIS_URL is set, in-process otherwise (demo, tests).
// Payloads carry ids, never rows. A jobId makes adding idempotent: the same id is never queued twice.

export const JOBS = {
  screenpopPrefetch: 'screenpop.prefetch',
  dialerTick: 'dialer.tick',
  dialerAttempt: 'dialer.attempt',
  tasksDue: 'tasks.due',
  rollupRefresh: 'reports.rollup',
  agentWrapupEnd: 'agent.wrapup_end',
  agentConsoleAway: 'agent.console_away',
  offersRefit: 'offers.refit',
  customerImport: 'customers.import',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface JobOptions {
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  backoffMs?: number;
}

export type JobHandler = (payload: Record<string, unknown>, meta: { jobId: string; attempt: number }) => Promise<void>;

export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  add(name: JobName, payload: Record<string, unknown>, options?: JobOptions): Promise<void>;
  process(name: JobName, handler: JobHandler, concurrency?: number): void;
  healthy(): Promise<boolean>;
  /** Jobs not started yet, per queue and state (waiting, delayed), for the backlog metric. */
  counts(): Promise<Array<{ queue: string; state: 'waiting' | 'delayed'; count: number }>>;
  close(): Promise<void>;
}
