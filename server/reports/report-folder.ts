import type { Logger } from '../logger';
import type { OperationalRepository } from './operational.repository';

/**
 * Folds ended calls into the report rollups in the background (migration 0014): about once a second, whatever was
 * noted since, in one transaction per batch. Every node runs one; when another node is folding this one skips its
 * turn. The operational reports also fold before they read, so this only keeps the pending list short.
 */
export class ReportFolder {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly repo: OperationalRepository, private readonly log: Logger) {}

  /**
   * One fold now; resolves with the number of noted calls taken. By default it skips when another session is
   * folding; `wait: true` waits for that fold and then folds the rest (everything noted before the call is folded).
   */
  foldOnce(opts: { wait?: boolean } = {}): Promise<number> {
    const fold = this.repo.foldPending({ wait: opts.wait ?? false });
    this.running = fold.catch(() => undefined);
    return fold;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    const tick = () => {
      this.foldOnce().catch((err: unknown) => this.log.warn({ err }, 'report fold failed; the calls stay noted for the next one'))
        .finally(() => { if (this.timer) this.timer = setTimeout(tick, intervalMs); });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /** Stops the timer and waits for a fold in flight (its transaction either commits or leaves the notes in place). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
