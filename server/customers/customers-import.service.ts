import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { AuditRepository } from '../audit/audit.repository';
import { ImportRejectedError, type ImportRowError } from './customers.errors';
import type { CustomersRepository } from './customers.repository';
import type { SearchQuery } from '@contract/customers.schemas';
import type { CustomersService } from './customers.service';
import { checkRow, headerProblems, IMPORT_COLUMNS, normaliseHeader, type ImportRowValue } from './import-row';
import type { LocaleDefaults } from '../settings/locale-defaults';

export { IMPORT_COLUMNS };

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
    private readonly locale: LocaleDefaults,
  ) {}

  async importCsv(text: string, dryRun: boolean, actor: Actor): Promise<{ dryRun: boolean; rows: number; imported: number }> {
    const errors: ImportRowError[] = [];
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    let columns: string[] = [];
    try {
      records = parse(text, {
        columns: (header: string[]) => (columns = normaliseHeader(header)),
        bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: false, max_record_size: 64 * 1024,
      }) as typeof records;
    } catch (err) {
      const e = err as { lines?: number; message: string };
      throw new ImportRejectedError([{ row: e.lines ?? 1, column: '', message: `not valid CSV: ${e.message}` }], 1);
    }
    errors.push(...headerProblems(columns).map((p) => ({ row: 1, ...p })));
    if (errors.length) throw new ImportRejectedError(errors, errors.length);
    if (records.length === 0) throw new ImportRejectedError([{ row: 2, column: '', message: 'the file has a header but no rows' }], 1);

    const ctx = { leadSources: new Map((await this.repo.leadSources()).map((l) => [l.code, l.id])), defaultRegion: this.locale.region(), defaultTimezone: this.locale.timezone() };
    const rows: ImportRowValue[] = [];
    let total = 0;
    for (const { record, info } of records) {
      // info.lines is the line the record ended on; quoted multi-line cells make rows span lines.
      const { value, problems } = checkRow(record, ctx);
      total += problems.length;
      for (const p of problems) if (errors.length < MAX_REPORTED) errors.push({ row: info.lines, column: p.column, message: p.message });
      rows.push(value);
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
