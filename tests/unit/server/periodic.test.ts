import { describe, expect, it } from 'vitest';
import { startPeriodic } from '../../../server/periodic';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPeriodic', () => {
  it('never overlaps two runs, goes on after a failed one, and stop() waits for the run in flight', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let finished = 0;
    const errors: unknown[] = [];
    let release: (() => void) | undefined;
    const sut = startPeriodic(async () => {
      runs += 1;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      try {
        if (runs === 2) throw new Error('second run fails');
        // The third run is held until the test lets it go: meanwhile the 1 ms interval passes many times.
        if (runs === 3) await new Promise<void>((r) => { release = r; });
      } finally {
        running -= 1;
      }
      finished += 1;
    }, { firstAfterMs: 1, intervalMs: 1, onError: (err) => errors.push(err) });

    while (!release) await sleep(2);
    await sleep(30);
    expect(runs).toBe(3);
    const stopped = sut.stop();
    let settled = false;
    void stopped.then(() => { settled = true; });
    await sleep(20);
    expect(settled).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(2);
    await sleep(20);
    expect(runs).toBe(3);
    expect(maxRunning).toBe(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['second run fails']);
  });
});
