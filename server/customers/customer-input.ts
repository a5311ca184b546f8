import { normalisePhone, phoneErrorMessages } from '../phone/phone-number';
import type { FieldIssue } from './customers.errors';
import type { PhoneWrite } from './customers.repository';

export function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && Number(m[1]) >= 1900 && d.getTime() <= Date.now();
}

/**
 * The normalised form for each phone (flagged when libphonenumber calls it invalid, never refused for that); exactly one primary (the first, unless one is marked); duplicates collapsed.
 * Problems are returned with the path of the offending phone rather than thrown, so callers report all at once.
 */
export function normalisePhones(phones: Array<{ number: string; kind?: string; primary?: boolean }>, region: string, pathOf: (i: number) => string, listPath: string): { phones: PhoneWrite[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const out: PhoneWrite[] = [];
  phones.forEach((p, i) => {
    const r = normalisePhone(p.number, region);
    if ('error' in r) {
      issues.push({ path: pathOf(i), message: `${phoneErrorMessages[r.error]}: "${p.number.slice(0, 64)}"`, reason: r.error });
      return;
    }
    const dup = out.find((o) => o.e164 === r.e164);
    if (dup) {
      dup.primary ||= p.primary === true;
      return;
    }
    out.push({ e164: r.e164, kind: p.kind ?? 'mobile', primary: p.primary === true, valid: r.valid });
  });
  const primaries = out.filter((p) => p.primary);
  if (primaries.length > 1) issues.push({ path: listPath, message: 'only one phone can be primary' });
  if (primaries.length === 0 && out[0]) out[0].primary = true;
  return { phones: out, issues };
}
