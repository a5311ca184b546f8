import { describe, expect, it } from 'vitest';
import { EventJournal } from '../../../../server/cluster/event-journal';

// The journal a PBX link fills while its node does not hold the PBX lock (server/cluster/pbx-leadership.ts).
describe('EventJournal', () => {
  const make = (cap = 100) => {
    let now = 0;
    const sut = new EventJournal<number>({ cap, windowMs: 1000, now: () => now });
    return { sut, at: (t: number) => { now = t; } };
  };

  it('keeps only the sliding window while nobody asked to keep more', () => {
    const { sut, at } = make();
    for (let t = 0; t <= 5000; t += 500) { at(t); sut.push(t); }
    expect(sut.drain()).toEqual([4000, 4500, 5000]);
  });

  // Mutation caught: trimming to the window after this node lost the lock (the events of a Redis outage lost again).
  it('keeps everything since keepFrom (this node lost the lock) until drained, then slides again', () => {
    const { sut, at } = make();
    at(0); sut.push(0);
    sut.keepFrom(100);
    for (let t = 500; t <= 10_000; t += 500) { at(t); sut.push(t); }
    expect(sut.size).toBe(20);
    expect(sut.drain()[0]).toBe(500);
    for (let t = 20_000; t <= 23_000; t += 1000) { at(t); sut.push(t); }
    expect(sut.drain()).toEqual([22_000, 23_000]);
  });

  it('never holds more than its cap: the oldest go and are counted', () => {
    const { sut, at } = make(3);
    sut.keepFrom(0);
    for (let t = 1; t <= 5; t++) { at(t); sut.push(t); }
    expect({ kept: sut.drain(), dropped: sut.dropped }).toEqual({ kept: [3, 4, 5], dropped: 2 });
  });
});
