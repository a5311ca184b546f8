import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { JobHandler, JobName, JobOptions, JobQueue } from './job-queue';
import type { Logger } from '../logger';
import { bounded } from '../bounded';

/** How long /health waits for Redis to answer a PING before it reports Redis down. */
export const REDIS_PING_TIMEOUT_MS = 1000;

function connectionFrom(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

// One BullMQ queue per job name, shared by every node: a job added on node A may run on node B.
export class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queues = new Map<JobName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connection: ConnectionOptions;

  constructor(redisUrl: string, private readonly prefix = 'warmline', private readonly log?: Logger) {
    this.connection = connectionFrom(redisUrl);
  }

  private queue(name: JobName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async add(name: JobName, payload: Record<string, unknown>, options: JobOptions = {}): Promise<void> {
    await this.queue(name).add(name, payload, {
      jobId: options.jobId?.replace(/:/g, '_'),
      delay: options.delayMs,
      attempts: options.attempts ?? 1,
      backoff: options.backoffMs ? { type: 'exponential', delay: options.backoffMs } : undefined,
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  process(name: JobName, handler: JobHandler, concurrency = 4): void {
    const worker = new Worker(name, async (job) => handler(job.data as Record<string, unknown>, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 }),
      { connection: this.connection, prefix: this.prefix, concurrency });
    worker.on('failed', (job, err) => this.log?.error({ err, job: name, jobId: job?.id }, 'job failed'));
    worker.on('error', (err) => this.log?.error({ err, job: name }, 'worker error'));
    this.workers.push(worker);
  }

  // BullMQ's connection retries for ever (maxRetriesPerRequest: null, which its workers require), so an unbounded
  // PING while Redis is unreachable waits for Redis to come back: /health hung for the whole outage (issue #19.3).
  async healthy(timeoutMs = REDIS_PING_TIMEOUT_MS): Promise<boolean> {
    try {
      return await bounded((async () => {
        const client = (await this.queue('tasks.due').client) as unknown as { ping(): Promise<string> };
        return (await client.ping()) === 'PONG';
      })(), timeoutMs);
    } catch {
      return false;
    }
  }

  async counts(): Promise<Array<{ queue: string; state: 'waiting' | 'delayed'; count: number }>> {
    const per = await Promise.all([...this.queues].map(async ([queue, q]) => {
      const c = await q.getJobCounts('wait', 'prioritized', 'delayed');
      return [
        { queue, state: 'waiting' as const, count: (c.wait ?? 0) + (c.prioritized ?? 0) },
        { queue, state: 'delayed' as const, count: c.delayed ?? 0 },
      ];
    }));
    return per.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
