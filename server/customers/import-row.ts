import type { CustomerWrite, PhoneWrite } from './customers.repository';
import { isRealDate, isTimezone, normalisePhones } from './customer-input';

// One CSV row of a customer import, checked and turned into what the repository writes. Shared by the synchronous
// import (POST /api/customers/import) and the background one (server/imports), so both accept the same files.
export const IMPORT_COLUMNS = ['full_name', 'company', 'email', 'phones', 'region', 'timezone', 'lead_source', 'birthday', 'tags'] as const;
const ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = { phone: 'phones', 'phone(s)': 'phones', name: 'full_name' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface RowProblem { column: string; message: string }
export interface ImportRowValue { customer: CustomerWrite; phones: PhoneWrite[] }
export interface RowContext { leadSources: Map<string, number>; defaultRegion: string; defaultTimezone: string }

export const normaliseHeader = (header: string[]): string[] => header.map((h) => { const k = h.trim().toLowerCase(); return ALIASES[k] ?? k; });

/** What is wrong with a header row (as normalised): a missing full_name, unknown columns. */
export function headerProblems(columns: string[]): RowProblem[] {
  const out: RowProblem[] = [];
  if (!columns.includes('full_name')) out.push({ column: 'full_name', message: 'header row must name a full_name column' });
  for (const c of columns) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(c)) out.push({ column: c, message: `unknown column; expected some of ${IMPORT_COLUMNS.join(', ')}` });
  }
  return out;
}

export function checkRow(r: Record<string, string | undefined>, ctx: RowContext): { value: ImportRowValue; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const fail = (column: string, message: string) => problems.push({ column, message });
  const v = (k: string) => (r[k] ?? '').trim();
  const fullName = v('full_name');
  if (!fullName) fail('full_name', 'is required');
  else if (fullName.length > 200) fail('full_name', 'is longer than 200 characters');
  const email = v('email');
  if (email && (!EMAIL.test(email) || email.length > 254)) fail('email', `"${email.slice(0, 64)}" is not an email address`);
  const tz = v('timezone');
  if (tz && !isTimezone(tz)) fail('timezone', `unknown IANA time zone "${tz.slice(0, 64)}"`);
  const ls = v('lead_source');
  if (ls && !ctx.leadSources.has(ls)) fail('lead_source', `unknown lead source "${ls.slice(0, 64)}"`);
  const birthday = v('birthday');
  if (birthday && !isRealDate(birthday)) fail('birthday', 'must be a real past date (YYYY-MM-DD)');
  const numbers = v('phones').split(';').map((s) => s.trim()).filter(Boolean);
  if (numbers.length > 10) fail('phones', 'at most 10 phones');
  const phones = normalisePhones(numbers.map((n) => ({ number: n })), ctx.defaultRegion, () => 'phones', 'phones');
  for (const issue of phones.issues) fail('phones', issue.message);
  const tags = [...new Set(v('tags').split(';').map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (tags.some((t) => t.length > 64) || tags.length > 50) fail('tags', 'at most 50 tags of up to 64 characters');
  return {
    value: {
      customer: {
        fullName, company: v('company') || null, email: email ? email.toLowerCase() : null, region: v('region') || null,
        timezone: tz || ctx.defaultTimezone, leadSourceId: ls ? ctx.leadSources.get(ls) ?? null : null, birthday: birthday || null,
        tags, attributes: {}, doNotCall: false, consentOutbound: true,
      },
      phones: phones.phones,
    },
    problems,
  };
}
