// Dates, numbers and money through Intl only, so every locale gets its own separators and calendars.
// Pure functions (no DOM, no i18n instance): the locale is passed in, which keeps them unit-testable.

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  return cached(`dt|${locale}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(d);
}

export function formatDate(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  return cached(`d|${locale}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(d);
}

export function formatTime(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  return cached(`t|${locale}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone })).format(d);
}

export function formatNumber(value: number | string | null | undefined, locale: string, maximumFractionDigits = 0): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return cached(`n|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits })).format(n);
}

/** Money arrives as a decimal string (Postgres numeric); Number is exact enough for display. */
export function formatMoney(value: string | number | null | undefined, locale: string, currency: string): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(n);
}

export function formatPercent(ratio: number | null | undefined, locale: string): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })).format(ratio);
}

/** Call timer style: m:ss, or h:mm:ss from an hour on. Negative input counts as zero. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];

/** "3 days ago" / "in 5 minutes" in the given locale, relative to now (injectable for tests). */
export function formatRelative(value: string | Date | null | undefined, locale: string, now: Date = new Date()): string {
  const d = toDate(value);
  if (!d) return '—';
  const diff = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(diff);
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, secs] of UNITS) {
    if (abs >= secs || unit === 'second') return rtf.format(Math.round(diff / secs), unit);
  }
  return rtf.format(0, 'second');
}

/** Seconds from now until a deadline (never negative), for wrap-up countdowns. */
export function secondsUntil(deadline: string | Date | null | undefined, now: Date = new Date()): number | null {
  const d = toDate(deadline);
  if (!d) return null;
  return Math.max(0, Math.ceil((d.getTime() - now.getTime()) / 1000));
}

/** Local date (yyyy-mm-dd) for <input type=date> values and report ranges. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
