import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { CallIdAllocator, callIdFor } from '../../../server/calls/call-id-allocator';

const log = pino({ level: 'silent' });

// A stand-in for the sequence: hands out consecutive values per batch, or fails when told to.
function sequence() {
  let value = 0;
  const state = { calls: 0, fail: false, gate: null as Promise<void> | null };
  const fetch = async (n: number): Promise<number[]> => {
    state.calls++;
    if (state.gate) await state.gate;
    if (state.fail) throw new Error('database down');
    return Array.from({ length: n }, () => ++value);
  };
  return { fetch, state };
}

describe('callIdFor', () => {
  it('puts the start second in front of six digits of sequence, like calls_id_for()', () => {
    const at = new Date('2026-11-29T19:20:31.987Z');
    expect(callIdFor(at, 42)).toBe(1_795_980_031_000_042);
    expect(callIdFor(at, 3_000_042)).toBe(1_795_980_031_000_042);
    expect(Number.isSafeInteger(callIdFor(new Date('2200-01-01T00:00:00Z'), 999_999))).toBe(true);
  });
});

describe('CallIdAllocator', () => {
  it('says null until primed, then hands out distinct ids of the given second without waiting', async () => {
    const { fetch, state } = sequence();
    const ids = new CallIdAllocator(fetch, log, { batch: 10, low: 3 });
    const at = new Date('2026-11-29T10:00:00Z');
    expect(ids.take(at)).toBeNull();
    await ids.prime();
    const taken = Array.from({ length: 6 }, () => ids.take(at));
    expect(new Set(taken).size).toBe(6);
    for (const id of taken) expect(Math.floor(id! / 1_000_000)).toBe(at.getTime() / 1000);
    expect(state.calls).toBeGreaterThanOrEqual(1);
  });

  it('refills in the background when running low, one fetch at a time, keeping what is left', async () => {
    const { fetch, state } = sequence();
    const ids = new CallIdAllocator(fetch, log, { batch: 5, low: 2 });
    await ids.prime();
    let release!: () => void;
    state.gate = new Promise<void>((r) => { release = r; });
    const at = new Date('2026-11-29T10:00:00Z');
    const first = [ids.take(at), ids.take(at), ids.take(at), ids.take(at)];
    expect(state.calls).toBe(2); // one refill in flight despite several takes below the mark
    release();
    await ids.prime();
    const rest = Array.from({ length: 6 }, () => ids.take(at));
    const all = [...first, ...rest];
    expect(all.every((id) => id !== null)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('a failed fetch leaves the pool empty and take() null, and a later fetch recovers', async () => {
    const { fetch, state } = sequence();
    const ids = new CallIdAllocator(fetch, log, { batch: 3, low: 1 });
    state.fail = true;
    await ids.prime();
    expect(ids.take(new Date())).toBeNull(); // and starts another refill, which fails too
    state.fail = false;
    await ids.prime(); // joins that refill
    expect(ids.take(new Date())).toBeNull();
    await ids.prime();
    expect(ids.take(new Date())).not.toBeNull();
  });

  it('gives up a fetch that never answers, so that the next one can fill the pool', async () => {
    let calls = 0;
    const fetch = (n: number): Promise<number[]> => (++calls === 1 ? new Promise<number[]>(() => undefined) : Promise.resolve(Array.from({ length: n }, (_, i) => i + 1)));
    const ids = new CallIdAllocator(fetch, log, { batch: 4, low: 1, fetchTimeoutMs: 30 });
    await ids.prime(); // the first fetch hangs and is given up after 30 ms
    expect(ids.take(new Date())).toBeNull();
    await ids.prime();
    expect(calls).toBe(2);
    expect(ids.take(new Date())).not.toBeNull();
  });
});
