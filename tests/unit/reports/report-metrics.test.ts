import { describe, expect, it } from 'vitest';
import { addState, addSums, deriveCallMetrics, deriveStateMetrics, emptyStateSums, emptySums } from '../../../server/reports/report-metrics';
import { parseGroupBy, parseRange, upcomingMonthDays } from '../../../server/reports/report-range';

describe('deriveCallMetrics', () => {
  it('computes both service-level variants, ASA, AHT and rates from sums', () => {
    const sut = deriveCallMetrics(addSums(emptySums(), {
      calls: 10, offered: 8, answered: 6, abandoned: 2, ab_lt5: 1, answered_in_sl: 4, abandoned_after_sl: 1,
      wait_answered_s: 60, wait_abandoned_s: 50, handled: 6, talk_s: 600, hold_s: 60, wrap_s: 120, wrapups: 4,
      repeat_base: 8, repeat_24h: 2, fcr_eligible: 5, fcr: 3,
    }));
    expect(sut.serviceLevel).toBe(0.5714); // 4 / (6 + 1)
    expect(sut.serviceLevelStrict).toBe(0.5); // 4 / (6 + 2)
    expect(sut.asa).toBe(10);
    expect(sut.avgTimeToAbandon).toBe(25);
    expect(sut.abandonRate).toBe(0.25);
    expect(sut.abandonRateExShort).toBe(0.1429); // 1 / 7
    expect(sut.aht).toBe(130); // (600 + 60 + 120) / 6
    expect(sut.avgWrapup).toBe(30);
    expect(sut.repeatRate24h).toBe(0.25);
    expect(sut.fcrRate).toBe(0.6);
  });

  it('gives null, not NaN, when a denominator is zero', () => {
    const sut = deriveCallMetrics(emptySums());
    expect(sut.serviceLevel).toBeNull();
    expect(sut.aht).toBeNull();
  });
});

describe('deriveStateMetrics', () => {
  it('occupancy = (on call + wrap-up) / (that + ready + ringing); pause by reason', () => {
    const s = emptyStateSums();
    addState(s, 'ready', '', 1800); addState(s, 'on_call', '', 600); addState(s, 'wrapup', '', 300);
    addState(s, 'paused', 'lunch', 1800); addState(s, 'ready', '', 900); addState(s, 'offline', '', 5000);
    const sut = deriveStateMetrics(s);
    expect(sut.occupancy).toBe(0.25);
    expect(sut.pauseByReason).toEqual({ lunch: 1800 });
  });
});

describe('parameters', () => {
  it('refuses from > to, ranges over 400 days, bad dates, zones and groupBy', () => {
    expect(() => parseRange({ from: '2024-02-02', to: '2024-02-01' }, 'UTC')).toThrow(/must not be after/);
    expect(() => parseRange({ from: '2023-01-01', to: '2024-03-01' }, 'UTC')).toThrow(/at most 400/);
    expect(() => parseRange({ from: '2024-02-30', to: '2024-03-01' }, 'UTC')).toThrow(/calendar date/);
    expect(() => parseRange({ from: '2024-02-01', to: '2024-03-01', tz: 'Mars/Base' }, 'UTC')).toThrow(/IANA/);
    expect(() => parseGroupBy('week')).toThrow(/queue, agent, hour, day, disposition/);
    expect(parseRange({ from: '2024-01-01', to: '2025-02-03' }, 'UTC').days).toBe(400);
  });

  it('lists upcoming birthdays across the new year and maps Feb 29 to Feb 28 in common years', () => {
    expect(upcomingMonthDays('2023-12-30', 3)).toEqual([1230, 1231, 101]);
    expect(upcomingMonthDays('2023-02-28', 1)).toEqual([228, 229]);
    expect(upcomingMonthDays('2024-02-28', 1)).toEqual([228]);
  });
});
