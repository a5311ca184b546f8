import type { CustomerWrite, PhoneWrite } from './customers.repository';
import { isRealDate, isTimezone, normalisePhones } from './customer-input';
import type { ImportErrorCode } from '@contract/customer-imports.schemas';
import type { PhoneError } from '../phone/phone-number';

// One CSV row of a customer import, checked and turned into what the repository writes. Shared by the synchronous
// import (POST /api/customers/import) and the background one (server/imports), so both accept the same files.
export const IMPORT_COLUMNS = ['full_name', 'company', 'email', 'phones', 'region', 'timezone', 'lead_source', 'birthday', 'tags'] as const;
const ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = { phone: 'phones', 'phone(s)': 'phones', name: 'full_name' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A row's problem: `code` is stable (the console words it in the reader's language with `params`, see
 * console/src/i18n/features/import-errors.ts and IMPORT_ERROR_CODES), `message` is the English sentence.
 */
export interface RowProblem { column: string; code: ImportErrorCode; params: Record<string, string | number>; message: string }
export interface ImportRowValue { customer: CustomerWrite; phones: PhoneWrite[] }
/** Lead sources by code; an inactive one is refused per row (migration 0072: not given to new customers). */
export interface RowContext { leadSources: Map<string, { id: number; active: boolean }>; defaultRegion: string; defaultTimezone: string }

export const normaliseHeader = (header: string[]): string[] => header.map((h) => { const k = h.trim().toLowerCase(); return ALIASES[k] ?? k; });

/** What is wrong with a header row (as normalised): a missing full_name, unknown columns. */
export function headerProblems(columns: string[]): RowProblem[] {
  const out: RowProblem[] = [];
  if (!columns.includes('full_name')) out.push({ column: 'full_name', code: 'header-no-full-name', params: {}, message: 'header row must name a full_name column' });
  for (const c of columns) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(c)) {
      out.push({ column: c, code: 'header-unknown-column', params: { column: c.slice(0, 64), expected: IMPORT_COLUMNS.join(', ') }, message: `unknown column; expected some of ${IMPORT_COLUMNS.join(', ')}` });
    }
  }
  return out;
}

export function checkRow(r: Record<string, string | undefined>, ctx: RowContext): { value: ImportRowValue; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const fail = (column: string, code: ImportErrorCode, message: string, params: RowProblem['params'] = {}) => problems.push({ column, code, params, message });
  const v = (k: string) => (r[k] ?? '').trim();
  const fullName = v('full_name');
  if (!fullName) fail('full_name', 'required', 'is required');
  else if (fullName.length > 200) fail('full_name', 'too-long', 'is longer than 200 characters', { max: 200 });
  const email = v('email');
  if (email && (!EMAIL.test(email) || email.length > 254)) fail('email', 'email-invalid', `"${email.slice(0, 64)}" is not an email address`, { value: email.slice(0, 64) });
  const tz = v('timezone');
  if (tz && !isTimezone(tz)) fail('timezone', 'timezone-unknown', `unknown IANA time zone "${tz.slice(0, 64)}"`, { value: tz.slice(0, 64) });
  const ls = v('lead_source');
  const source = ls ? ctx.leadSources.get(ls) : undefined;
  if (ls && !source) fail('lead_source', 'lead-source-unknown', `unknown lead source "${ls.slice(0, 64)}"`, { value: ls.slice(0, 64) });
  else if (source && !source.active) fail('lead_source', 'lead-source-inactive', `lead source "${ls}" is deactivated; new customers cannot get it`, { value: ls });
  const birthday = v('birthday');
  if (birthday && !isRealDate(birthday)) fail('birthday', 'birthday-invalid', 'must be a real past date (YYYY-MM-DD)', { value: birthday.slice(0, 64) });
  const numbers = v('phones').split(';').map((s) => s.trim()).filter(Boolean);
  if (numbers.length > 10) fail('phones', 'phones-too-many', 'at most 10 phones', { max: 10 });
  const phones = normalisePhones(numbers.map((n) => ({ number: n })), ctx.defaultRegion, (i) => String(i), 'phones');
  for (const issue of phones.issues) {
    const value = numbers[Number(issue.path)]?.slice(0, 64) ?? '';
    fail('phones', `phone-${(issue.reason ?? 'invalid') as PhoneError}`, issue.message, { value });
  }
  const tags = [...new Set(v('tags').split(';').map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (tags.some((t) => t.length > 64) || tags.length > 50) fail('tags', 'tags-too-many', 'at most 50 tags of up to 64 characters', { maxTags: 50, maxLength: 64 });
  return {
    value: {
      customer: {
        fullName, company: v('company') || null, email: email ? email.toLowerCase() : null, region: v('region') || null,
        timezone: tz || ctx.defaultTimezone, leadSourceId: source?.id ?? null, birthday: birthday || null,
        tags, attributes: {}, doNotCall: false, consentOutbound: true,
      },
      phones: phones.phones,
    },
    problems,
  };
}
