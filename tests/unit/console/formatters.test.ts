import { describe, expect, it } from 'vitest';
import * as sut from '../../../console/src/format/formatters';

describe('console formatters', () => {
  it('formats money from Postgres numeric strings per locale', () => {
    expect(sut.formatMoney('1234.5', 'en', 'USD')).toBe('$1,234.50');
    expect(sut.formatMoney('1234.5', 'ru', 'RUB').replace(/\s/g, ' ')).toBe('1 234,50 ₽');
    expect(sut.formatMoney('abc', 'en', 'USD')).toBe('—');
    expect(sut.formatMoney(null, 'en', 'USD')).toBe('—');
  });

  it('formats numbers with the locale digits and separators', () => {
    expect(sut.formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(sut.formatNumber(1234567, 'id')).toBe('1.234.567');
    expect(sut.formatNumber('12.345', 'en', 1)).toBe('12.3');
  });

  it('formats dates in a fixed time zone and tolerates bad input', () => {
    expect(sut.formatDate('2024-03-05T10:00:00Z', 'en', 'UTC')).toBe('Mar 5, 2024');
    expect(sut.formatTime('2024-03-05T10:07:00Z', 'ru', 'UTC')).toBe('10:07');
    expect(sut.formatDateTime('not a date', 'en')).toBe('—');
    expect(sut.formatDateTime(null, 'en')).toBe('—');
  });

  it('formats call durations as m:ss and h:mm:ss', () => {
    expect(sut.formatDuration(0)).toBe('0:00');
    expect(sut.formatDuration(65.9)).toBe('1:05');
    expect(sut.formatDuration(3 * 3600 + 2 * 60 + 1)).toBe('3:02:01');
    expect(sut.formatDuration(-5)).toBe('0:00');
  });

  it('formats relative times in the locale', () => {
    const now = new Date('2024-03-05T12:00:00Z');
    expect(sut.formatRelative('2024-03-02T12:00:00Z', 'en', now)).toBe('3 days ago');
    expect(sut.formatRelative('2024-03-05T12:05:00Z', 'en', now)).toBe('in 5 minutes');
    expect(sut.formatRelative('2024-03-04T12:00:00Z', 'ru', now)).toBe('вчера');
  });

  it('counts down to a deadline without going negative', () => {
    const now = new Date('2024-03-05T12:00:00Z');
    expect(sut.secondsUntil('2024-03-05T12:00:30.2Z', now)).toBe(31);
    expect(sut.secondsUntil('2024-03-05T11:00:00Z', now)).toBe(0);
    expect(sut.secondsUntil(null, now)).toBeNull();
  });

  it('formats percentages', () => {
    expect(sut.formatPercent(0.853, 'en')).toBe('85.3%');
    expect(sut.formatPercent(undefined, 'en')).toBe('—');
  });
});

import { mongolian, formatDateTime as fmtDateTime, formatRelative as fmtRelative } from '../../../console/src/format/formatters';

// Chromium's ICU has no Mongolian: the console formats mn itself (issue #22.3). Node has full ICU, so CLDR's own
// output is the reference the fallback must match.
describe('Mongolian fallback matches CLDR', () => {
  const samples = [new Date(2026, 11, 4, 23, 5), new Date(2025, 0, 9, 7, 0), new Date(2026, 5, 30, 12, 59)];
  it('dates and times', () => {
    for (const d of samples) {
      expect(mongolian.dateTime(d)).toBe(new Intl.DateTimeFormat('mn', { dateStyle: 'medium', timeStyle: 'short' }).format(d));
      expect(mongolian.date(d)).toBe(new Intl.DateTimeFormat('mn', { dateStyle: 'medium' }).format(d));
      expect(mongolian.time(d)).toBe(new Intl.DateTimeFormat('mn', { timeStyle: 'short' }).format(d));
    }
  });
  it('relative times and money', () => {
    const rtf = new Intl.RelativeTimeFormat('mn', { numeric: 'auto' });
    for (const [v, unit] of [[-23, 'hour'], [-1, 'day'], [0, 'day'], [1, 'day'], [3, 'week'], [-5, 'minute'], [-2, 'year'], [4, 'month'], [0, 'second'], [-1200, 'day']] as const) {
      expect(mongolian.relative(v, unit)).toBe(rtf.format(v, unit));
    }
    expect(mongolian.money(3600, 'MNT')).toBe(new Intl.NumberFormat('mn', { style: 'currency', currency: 'MNT' }).format(3600));
  });
  it('Node (full ICU) and the formatters agree for mn', () => {
    expect(fmtDateTime(samples[0]!, 'mn')).toMatch(/оны 12-р сарын 4/);
    expect(fmtRelative(new Date(Date.UTC(2026, 11, 4, 0)), 'mn', new Date(Date.UTC(2026, 11, 4, 23)))).toBe('23 цагийн өмнө');
  });
});
