export interface Periodic {
  /** No run starts after this; resolves once a run in flight (if any) has settled. */
  stop(): Promise<void>;
}

/**
 * Runs `work` first after `firstAfterMs`, then `intervalMs` after each run has settled, so two runs never overlap.
 * A failed run goes to `onError` and the next one is scheduled as usual. For background scans of a node (due tasks,
 * report folding).
 */
export function startPeriodic(work: () => Promise<unknown>, opts: { intervalMs: number; firstAfterMs?: number; onError: (err: unknown) => void }): Periodic {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = work().then(() => undefined, opts.onError)
      .finally(() => { if (!stopped) timer = setTimeout(tick, opts.intervalMs); });
  };
  timer = setTimeout(tick, opts.firstAfterMs ?? opts.intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      return inFlight;
    },
  };
}
