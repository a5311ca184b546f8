import { stringify } from 'csv-stringify/sync';
import type { AuditRepository } from '../audit/audit.repository';
import type { CustomersRepository } from './customers.repository';
import type { SearchQuery } from '@contract/customers.schemas';
import type { CustomersService } from './customers.service';
import { IMPORT_COLUMNS } from './import-row';

export { IMPORT_COLUMNS };

export const EXPORT_LIMIT = 100_000;

interface Actor { id: number; ip: string | null }

// Customers out as CSV. (CSV in: server/imports, which streams every import path, POST /api/customers/import too.)
export class CustomersImportService {
  constructor(
    private readonly repo: CustomersRepository,
    private readonly customers: CustomersService,
    private readonly audit: AuditRepository,
  ) {}

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
