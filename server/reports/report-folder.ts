import type { Logger } from '../logger';
import { startPeriodic, type Periodic } from '../periodic';
import type { OperationalRepository } from './operational.repository';

/**
 * Folds ended calls into the report rollups in the background (migration 0014): about once a second, whatever was
 * noted since, in one transaction per batch. Every node runs one; when another node is folding this one skips its
 * turn. The operational reports also fold before they read, so this only keeps the pending list short.
 */
export class ReportFolder {
  private folding: Periodic | null = null;

  constructor(private readonly repo: OperationalRepository, private readonly log: Logger) {}

  /**
   * One fold now; resolves with the number of noted calls taken. By default it skips when another session is
   * folding; `wait: true` waits for that fold and then folds the rest (everything noted before the call is folded).
   */
  foldOnce(opts: { wait?: boolean } = {}): Promise<number> {
    return this.repo.foldPending({ wait: opts.wait ?? false });
  }

  start(intervalMs = 1000): void {
    this.folding ??= startPeriodic(() => this.foldOnce(),
      { intervalMs, onError: (err) => this.log.warn({ err }, 'report fold failed; the calls stay noted for the next one') });
  }

  /** Stops folding and waits for a fold in flight (its transaction either commits or leaves the notes in place). */
  async stop(): Promise<void> {
    const folding = this.folding;
    this.folding = null;
    await folding?.stop();
  }
}
