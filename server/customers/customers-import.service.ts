import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { AuditRepository } from '../audit/audit.repository';
import { ImportRejectedError, type ImportRowError } from './customers.errors';
import type { CustomersRepository, CustomerWrite, PhoneWrite } from './customers.repository';
import type { SearchQuery } from '@contract/customers.schemas';
import type { CustomersService } from './customers.service';
import { isRealDate, isTimezone, normalisePhones } from './customer-input';

export const IMPORT_COLUMNS = ['full_name', 'company', 'email', 'phones', 'region', 'timezone', 'lead_source', 'birthday', 'tags'] as const;
const ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = { phone: 'phones', 'phone(s)': 'phones', name: 'full_name' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_REPORTED = 500;
const BATCH = 1000;
export const EXPORT_LIMIT = 100_000;

interface Actor { id: number; ip: string | null }

// CSV in and out. An import is all-or-nothing: every row is validated first, and any problem rejects the file
// with the full list (row numbers as a spreadsheet shows them: the header is row 1).
export class CustomersImportService {
  constructor(
    private readonly repo: CustomersRepository,
    private readonly customers: CustomersService,
    private readonly audit: AuditRepository,
    private readonly options: { defaultTimezone: string },
  ) {}

  async importCsv(text: string, dryRun: boolean, actor: Actor): Promise<{ dryRun: boolean; rows: number; imported: number }> {
    const errors: ImportRowError[] = [];
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    let columns: string[] = [];
    try {
      records = parse(text, {
        columns: (header: string[]) => (columns = header.map((h) => { const k = h.trim().toLowerCase(); return ALIASES[k] ?? k; })),
        bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: false, max_record_size: 64 * 1024,
      }) as typeof records;
    } catch (err) {
      const e = err as { lines?: number; message: string };
      throw new ImportRejectedError([{ row: e.lines ?? 1, column: '', message: `not valid CSV: ${e.message}` }], 1);
    }
    if (!columns.includes('full_name')) errors.push({ row: 1, column: 'full_name', message: 'header row must name a full_name column' });
    for (const c of columns) {
      if (!(IMPORT_COLUMNS as readonly string[]).includes(c)) errors.push({ row: 1, column: c, message: `unknown column; expected some of ${IMPORT_COLUMNS.join(', ')}` });
    }
    if (errors.length) throw new ImportRejectedError(errors, errors.length);
    if (records.length === 0) throw new ImportRejectedError([{ row: 2, column: '', message: 'the file has a header but no rows' }], 1);

    const leadSources = new Map((await this.repo.leadSources()).map((l) => [l.code, l.id]));
    const rows: Array<{ customer: CustomerWrite; phones: PhoneWrite[] }> = [];
    let total = 0;
    const fail = (row: number, column: string, message: string) => {
      total += 1;
      if (errors.length < MAX_REPORTED) errors.push({ row, column, message });
    };
    for (const { record: r, info } of records) {
      // info.lines is the line the record ended on; quoted multi-line cells make rows span lines.
      const row = info.lines;
      const v = (k: string) => (r[k] ?? '').trim();
      const fullName = v('full_name');
      if (!fullName) fail(row, 'full_name', 'is required');
      else if (fullName.length > 200) fail(row, 'full_name', 'is longer than 200 characters');
      const email = v('email');
      if (email && (!EMAIL.test(email) || email.length > 254)) fail(row, 'email', `"${email.slice(0, 64)}" is not an email address`);
      const tz = v('timezone');
      if (tz && !isTimezone(tz)) fail(row, 'timezone', `unknown IANA time zone "${tz.slice(0, 64)}"`);
      const ls = v('lead_source');
      if (ls && !leadSources.has(ls)) fail(row, 'lead_source', `unknown lead source "${ls.slice(0, 64)}"`);
      const birthday = v('birthday');
      if (birthday && !isRealDate(birthday)) fail(row, 'birthday', 'must be a real past date (YYYY-MM-DD)');
      const numbers = v('phones').split(';').map((s) => s.trim()).filter(Boolean);
      if (numbers.length > 10) fail(row, 'phones', 'at most 10 phones');
      const phones = normalisePhones(numbers.map((n) => ({ number: n })), this.customers.defaultRegion, () => 'phones', 'phones');
      for (const issue of phones.issues) fail(row, 'phones', issue.message);
      const tags = [...new Set(v('tags').split(';').map((t) => t.trim().toLowerCase()).filter(Boolean))];
      if (tags.some((t) => t.length > 64) || tags.length > 50) fail(row, 'tags', 'at most 50 tags of up to 64 characters');
      rows.push({
        customer: {
          fullName, company: v('company') || null, email: email ? email.toLowerCase() : null, region: v('region') || null,
          timezone: tz || this.options.defaultTimezone, leadSourceId: ls ? leadSources.get(ls) ?? null : null, birthday: birthday || null,
          tags, attributes: {}, doNotCall: false, consentOutbound: true,
        },
        phones: phones.phones,
      });
    }
    if (total > 0) throw new ImportRejectedError(errors, total);
    if (!dryRun) {
      await this.repo.transaction(async (repo) => {
        for (let i = 0; i < rows.length; i += BATCH) await repo.insertMany(rows.slice(i, i + BATCH));
      });
    }
    await this.audit.record({ userId: actor.id, action: dryRun ? 'customers.import_checked' : 'customers.imported', ip: actor.ip, details: { rows: rows.length, dryRun } });
    return { dryRun, rows: rows.length, imported: dryRun ? 0 : rows.length };
  }

  /** The customers matching a search (up to EXPORT_LIMIT), as CSV with the import's columns plus id and spend. */
  async exportCsv(q: SearchQuery, actor: Actor): Promise<{ csv: string; rows: number }> {
    const filter = await this.customers.toFilter(q);
    const lines: unknown[][] = [['id', ...IMPORT_COLUMNS, 'total_spend', 'created_at']];
    let after: [string | number | null, number] | undefined;
    let count = 0;
    while (count < EXPORT_LIMIT) {
      const ids = await this.repo.searchIds(filter, { limit: 1000, offset: 0, ...(after ? { after } : {}) });
      if (ids.length === 0) break;
      const [records, phones] = await Promise.all([this.repo.findMany(ids.map((r) => r.id)), this.repo.phonesOf(ids.map((r) => r.id))]);
      const byId = new Map(records.map((r) => [r.id, r]));
      for (const { id } of ids) {
        const c = byId.get(id)!;
        lines.push([c.id, c.fullName, c.company, c.email, phones.filter((p) => p.customerId === id).map((p) => p.e164).join(';'), c.region,
          c.timezone, c.leadSourceCode, c.birthday, c.tags.join(';'), c.totalSpend, c.createdAt.toISOString()]);
      }
      count += ids.length;
      const last = ids.at(-1)!;
      after = [last.key, last.id];
      if (ids.length < 1000) break;
    }
    await this.audit.record({ userId: actor.id, action: 'customers.exported', ip: actor.ip, details: { rows: count, filter: q } });
    // Cells starting with = + - @ are prefixed so a spreadsheet does not run them as formulas (CSV injection).
    const safe = lines.map((l) => l.map((cell) => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) && !/^\+\d+(;\+\d+)*$/.test(cell) ? `'${cell}` : cell)));
    return { csv: stringify(safe), rows: count };
  }
}
