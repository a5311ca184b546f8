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

// Chromium ships a reduced ICU without Mongolian: Intl.DateTimeFormat('mn') silently formats in English ("Dec 4,
// 2026 · 23 hours ago", issue #22.3). For a UI language the browser's Intl lacks, the patterns below reproduce
// CLDR's (checked against Node's full ICU in tests/unit/console/formatters.test.ts).
const intlHas = new Map<string, boolean>();
function intlSupports(locale: string): boolean {
  let ok = intlHas.get(locale);
  if (ok === undefined) {
    ok = Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 && Intl.RelativeTimeFormat.supportedLocalesOf([locale]).length > 0;
    intlHas.set(locale, ok);
  }
  return ok;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MN_UNIT: Record<Intl.RelativeTimeFormatUnit, string> = {
  year: 'жилийн', years: 'жилийн', quarter: 'улирлын', quarters: 'улирлын', month: 'сарын', months: 'сарын',
  week: 'долоо хоногийн', weeks: 'долоо хоногийн', day: 'өдрийн', days: 'өдрийн', hour: 'цагийн', hours: 'цагийн',
  minute: 'минутын', minutes: 'минутын', second: 'секундын', seconds: 'секундын',
};
const MN_AUTO: Partial<Record<string, string>> = {
  'day|-1': 'өчигдөр', 'day|0': 'өнөөдөр', 'day|1': 'маргааш', 'second|0': 'одоо',
};

/** CLDR's Mongolian (mn) patterns, for browsers whose Intl has no Mongolian data. Exported for the unit test. */
export const mongolian = {
  date: (d: Date, timeZone?: string) => {
    const p = parts(d, timeZone);
    return `${p.year} оны ${p.month}-р сарын ${p.day}`;
  },
  time: (d: Date, timeZone?: string) => {
    const p = parts(d, timeZone);
    return `${pad2(p.hour)}:${pad2(p.minute)}`;
  },
  dateTime: (d: Date, timeZone?: string) => `${mongolian.date(d, timeZone)} ${mongolian.time(d, timeZone)}`,
  relative: (value: number, unit: Intl.RelativeTimeFormatUnit) => {
    const auto = MN_AUTO[`${unit}|${value}`];
    if (auto) return auto;
    return `${new Intl.NumberFormat('en').format(Math.abs(value))} ${MN_UNIT[unit]} ${value < 0 || Object.is(value, -0) ? 'өмнө' : 'дараа'}`;
  },
  money: (n: number, currency: string) => {
    const sym = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(n);
    const symbol = sym.find((x) => x.type === 'currency')?.value ?? currency;
    const amount = sym.filter((x) => x.type !== 'currency' && x.type !== 'minusSign').map((x) => x.value).join('').trim();
    return `${n < 0 ? '-' : ''}${symbol}\u00a0${amount}`;
  },
};

function parts(d: Date, timeZone?: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const f = cached(`parts|${timeZone ?? ''}`, () => new Intl.DateTimeFormat('en-US', {
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23', timeZone,
  }));
  const get = (t: Intl.DateTimeFormatPartTypes) => Number((f as Intl.DateTimeFormat).formatToParts(d).find((x) => x.type === t)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

const FALLBACKS: Record<string, typeof mongolian> = { mn: mongolian };
function fallbackFor(locale: string): typeof mongolian | null {
  const f = FALLBACKS[locale.slice(0, 2)];
  return f && !intlSupports(locale) ? f : null;
}

export function formatDateTime(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  const fb = fallbackFor(locale);
  if (fb) return fb.dateTime(d, timeZone);
  return cached(`dt|${locale}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(d);
}

export function formatDate(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  const fb = fallbackFor(locale);
  if (fb) return fb.date(d, timeZone);
  return cached(`d|${locale}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(d);
}

export function formatTime(value: string | Date | null | undefined, locale: string, timeZone?: string): string {
  const d = toDate(value);
  if (!d) return '—';
  const fb = fallbackFor(locale);
  if (fb) return fb.time(d, timeZone);
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
  const fb = fallbackFor(locale);
  if (fb) return fb.money(n, currency);
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
  const fb = fallbackFor(locale);
  const rtf = fb ? null : cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const format = (v: number, unit: Intl.RelativeTimeFormatUnit) => (fb ? fb.relative(v, unit) : rtf!.format(v, unit));
  for (const [unit, secs] of UNITS) {
    if (abs >= secs || unit === 'second') return format(Math.round(diff / secs), unit);
  }
  return format(0, 'second');
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
