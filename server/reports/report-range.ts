import { ValidationError } from '../http/app-error';
import { MAX_YEAR, MIN_YEAR, yearInRange } from '@contract/input-limits';

export const MAX_RANGE_DAYS = 400;
export const GROUP_BYS = ['queue', 'agent', 'hour', 'day', 'disposition'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface DateRange { from: string; to: string; tz: string; days: number }

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parseDate(name: string, value: string): number {
  const ms = DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new ValidationError(`${name} must be a calendar date YYYY-MM-DD, got "${value}"`, { [name]: value });
  }
  if (!yearInRange(value)) throw new ValidationError(`${name} must lie between the years ${MIN_YEAR} and ${MAX_YEAR}, got "${value}"`, { [name]: value });
  return ms;
}

/** Whole local days [from 00:00, to 24:00) in tz; both ends inclusive as dates. */
export function parseRange(input: { from: string; to: string; tz?: string | undefined }, defaultTz: string): DateRange {
  const tz = input.tz ?? defaultTz;
  if (!isValidTimeZone(tz)) throw new ValidationError(`tz must be an IANA time zone such as Europe/Paris, got "${tz}"`, { tz });
  const from = parseDate('from', input.from);
  const to = parseDate('to', input.to);
  if (from > to) throw new ValidationError(`from (${input.from}) must not be after to (${input.to})`, { from: input.from, to: input.to });
  const days = Math.round((to - from) / 86_400_000) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new ValidationError(`the range covers ${days} days; at most ${MAX_RANGE_DAYS} are allowed`, { days, max: MAX_RANGE_DAYS });
  }
  return { from: input.from, to: input.to, tz, days };
}

export function parseGroupBy(value: string | undefined): GroupBy {
  const v = value ?? 'queue';
  if (!(GROUP_BYS as readonly string[]).includes(v)) {
    throw new ValidationError(`groupBy must be one of ${GROUP_BYS.join(', ')}, got "${v}"`, { groupBy: v, allowed: GROUP_BYS });
  }
  return v as GroupBy;
}

/** The next `days` calendar days starting today in tz, as (month*100 + day) keys, e.g. 1231, 101. */
export function upcomingMonthDays(today: string, days: number): number[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  const keys: number[] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(start + i * 86_400_000);
    const md = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    keys.push(md);
    // Feb 29 birthdays are celebrated on Feb 28 in common years.
    if (md === 228 && !isLeap(d.getUTCFullYear())) keys.push(229);
  }
  return [...new Set(keys)];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function localToday(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
