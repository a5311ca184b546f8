import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types';
import type { ImportErrorCode } from '@contract/customer-imports.schemas';

type Db = Kysely<DB>;

export type ImportStatus = 'uploaded' | 'checking' | 'checked' | 'importing' | 'imported' | 'rejected' | 'failed';
export interface ImportProgress { bytesRead: number; rowsTotal: number; rowsValid: number; rowsInvalid: number; rowsImported: number }
export interface ImportErrorRow { row: number; column: string; code: ImportErrorCode; params: Record<string, string | number>; message: string }

type Params = Record<string, string | number>;
export interface Problem { code: ImportErrorCode; params: Params; message: string }

// A problem's stable code and parameters are kept with its English sentence as one JSON text in the `message` /
// `error` column: migration 0081 made these text columns, and the migration numbers free for this change sort before
// 0081, so they cannot add columns to its tables. Text that is not such JSON (written before) reads as `legacy`.
export const packProblem = (p: Problem): string => JSON.stringify({ code: p.code, params: p.params, message: p.message });
export function unpackProblem(text: string): Problem {
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as Partial<Problem>;
      if (typeof o.code === 'string' && typeof o.message === 'string') return { code: o.code, params: o.params ?? {}, message: o.message };
    } catch { /* an English sentence starting with a brace */ }
  }
  return { code: 'legacy', params: {}, message: text };
}

const VIEW = ['id', 'created_by', 'created_at', 'file_name', 'size_bytes', 'status', 'skip_invalid', 'bytes_read', 'rows_total', 'rows_valid',
  'rows_invalid', 'rows_imported', 'error', 'updated_at', 'finished_at'] as const;

// The background customer import's own tables (migration 0081): the import row, the file in chunks, the row errors.
export class CustomerImportsRepository {
  constructor(private readonly db: Db) {}

  async create(createdBy: number, fileName: string): Promise<number> {
    return (await this.db.insertInto('customer_imports').values({ created_by: createdBy, file_name: fileName }).returning('id').executeTakeFirstOrThrow()).id;
  }

  async addChunk(importId: number, seq: number, data: Buffer): Promise<void> {
    await this.db.insertInto('customer_import_chunks').values({ import_id: importId, seq, data }).execute();
  }

  async chunk(importId: number, seq: number): Promise<Buffer | undefined> {
    return (await this.db.selectFrom('customer_import_chunks').select('data').where('import_id', '=', importId).where('seq', '=', seq).executeTakeFirst())?.data;
  }

  async setSize(importId: number, size: number): Promise<void> {
    await this.db.updateTable('customer_imports').set({ size_bytes: size }).where('id', '=', importId).execute();
  }

  get(id: number) {
    return this.db.selectFrom('customer_imports').leftJoin('users', 'users.id', 'customer_imports.created_by')
      .select(VIEW.map((c) => `customer_imports.${c}` as const)).select('users.username').where('customer_imports.id', '=', id).executeTakeFirst();
  }

  list(limit: number) {
    return this.db.selectFrom('customer_imports').leftJoin('users', 'users.id', 'customer_imports.created_by')
      .select(VIEW.map((c) => `customer_imports.${c}` as const)).select('users.username').orderBy('customer_imports.id', 'desc').limit(limit).execute();
  }

  /** Moves an import from one status to the next; false when it was not in `from` (a second click, a retried job). */
  async transition(id: number, from: ImportStatus[], to: ImportStatus, extra: { skipInvalid?: boolean; error?: { code: ImportErrorCode; params?: Record<string, string | number> | undefined; message: string }; finished?: boolean } = {}): Promise<boolean> {
    const res = await this.db.updateTable('customer_imports').set({
      status: to, updated_at: new Date(),
      ...(extra.skipInvalid !== undefined ? { skip_invalid: extra.skipInvalid } : {}),
      ...(extra.error !== undefined ? { error: packProblem({ params: {}, ...extra.error }) } : {}),
      ...(extra.finished ? { finished_at: new Date() } : {}),
    }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async progress(id: number, p: ImportProgress): Promise<void> {
    await this.db.updateTable('customer_imports').set({
      bytes_read: p.bytesRead, rows_total: p.rowsTotal, rows_valid: p.rowsValid, rows_invalid: p.rowsInvalid, rows_imported: p.rowsImported, updated_at: new Date(),
    }).where('id', '=', id).execute();
  }

  async clearErrors(id: number): Promise<void> {
    await this.db.deleteFrom('customer_import_errors').where('import_id', '=', id).execute();
  }

  async addErrors(id: number, firstSeq: number, rows: ImportErrorRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('customer_import_errors')
      .values(rows.map((r, i) => ({ import_id: id, seq: firstSeq + i, row_no: r.row, col: r.column, message: packProblem(r) }))).execute();
  }

  async errors(id: number, afterSeq: number, limit: number): Promise<Array<ImportErrorRow & { seq: number }>> {
    const rows = await this.db.selectFrom('customer_import_errors').select(['seq', 'row_no as row', 'col as column', 'message'])
      .where('import_id', '=', id).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: r.seq, row: r.row, column: r.column, ...unpackProblem(r.message) }));
  }

  async countErrors(id: number): Promise<number> {
    const row = await this.db.selectFrom('customer_import_errors').select((eb) => eb.fn.countAll<string>().as('n')).where('import_id', '=', id).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Which of these emails, and which of these (lower-cased name, phone) pairs, existing customers already have. */
  async existing(emails: string[], namePhones: Array<[string, string]>): Promise<{ emails: Set<string>; namePhones: Set<string> }> {
    const [byEmail, byPhone] = await Promise.all([
      emails.length ? this.db.selectFrom('customers').select('email').where('email', 'in', emails).where('deleted_at', 'is', null).execute() : [],
      namePhones.length
        ? sql<{ key: string }>`SELECT lower(c.full_name) || '|' || p.e164 AS key FROM customer_phones p JOIN customers c ON c.id = p.customer_id
            WHERE p.e164 = ANY(${namePhones.map(([, e]) => e)}::text[]) AND c.deleted_at IS NULL
              AND lower(c.full_name) = ANY(${namePhones.map(([n]) => n)}::text[])`.execute(this.db).then((r) => r.rows)
        : [],
    ]);
    return { emails: new Set(byEmail.map((r) => r.email!)), namePhones: new Set(byPhone.map((r) => r.key)) };
  }
}
