import type { JobHandler, JobName, JobOptions, JobQueue } from './job-queue';
import type { Logger } from '../logger';

interface Pending { name: JobName; payload: Record<string, unknown>; options: JobOptions; attempt: number }

// Same semantics as the BullMQ engine (idempotent jobId, delay, retries with backoff) without Redis.
// Jobs live in memory: fine for the demo and tests; production sets REDIS_URL.
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly backlog: Pending[] = [];
  private closed = false;
  private seq = 0;

  constructor(private readonly log?: Logger) {}

  async add(name: JobName, payload: Record<string, unknown>, options: JobOptions = {}): Promise<void> {
    if (this.closed) return;
    const jobId = options.jobId ?? `${name}:${++this.seq}`;
    if (this.known.has(jobId)) return;
    this.known.add(jobId);
    this.schedule({ name, payload, options: { ...options, jobId }, attempt: 1 }, options.delayMs ?? 0);
  }

  process(name: JobName, handler: JobHandler): void {
    this.handlers.set(name, handler);
    for (const p of this.backlog.splice(0).filter((b) => b.name === name)) this.schedule(p, 0);
  }

  private schedule(job: Pending, delay: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.run(job);
    }, delay);
    this.timers.add(timer);
  }

  private async run(job: Pending): Promise<void> {
    if (this.closed) return;
    const handler = this.handlers.get(job.name);
    if (!handler) {
      this.backlog.push(job);
      return;
    }
    const jobId = job.options.jobId!;
    try {
      await handler(job.payload, { jobId, attempt: job.attempt });
      this.known.delete(jobId);
    } catch (err) {
      const max = job.options.attempts ?? 1;
      if (job.attempt < max) {
        this.schedule({ ...job, attempt: job.attempt + 1 }, (job.options.backoffMs ?? 1000) * 2 ** (job.attempt - 1));
      } else {
        this.known.delete(jobId);
        this.log?.error({ err, job: job.name, jobId }, 'job failed');
      }
    }
  }

  async healthy(): Promise<boolean> {
    return !this.closed;
  }

  async counts(): Promise<Array<{ queue: string; state: 'waiting' | 'delayed'; count: number }>> {
    // In memory the jobs are not told apart by state: every job added and not finished counts as waiting.
    return [{ queue: 'in-process', state: 'waiting', count: this.known.size }];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
