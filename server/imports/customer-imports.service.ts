import { stringify } from 'csv-stringify';
import type { Readable } from 'node:stream';
import { AppError, ConflictError, NotFoundError } from '../http/app-error';
import type { AuditRepository } from '../audit/audit.repository';
import { JOBS, type JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logger';
import type { CustomersRepository } from '../customers/customers.repository';
import type { CustomerImportView } from '@contract/customer-imports.schemas';
import type { CustomerImportsRepository } from './customer-imports.repository';
import { FileRejected } from './csv-file';
import { RowsChangedError, runImportPass } from './import-pass';
import type { LocaleDefaults } from '../settings/locale-defaults';

interface Actor { id: number; ip: string | null }

/** The largest upload taken (100k customer rows are ~10 MB). */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const ERRORS_SHOWN = 100;

export class UploadTooLargeError extends AppError {
  constructor() {
    super('upload-too-large', 413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, { maxBytes: MAX_UPLOAD_BYTES });
  }
}

// Issue #21: the console's customer import. The upload is stored as it streams in, then a job (BullMQ with Redis,
// any node) checks it; the person reads the row errors and starts the import, a second job. Neither request
// nor job holds the file in memory or the event loop for long (import-pass.ts).
export class CustomerImportsService {
  constructor(
    private readonly repo: CustomerImportsRepository,
    private readonly customersRepo: CustomersRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
    private readonly log: Logger,
    private readonly locale: LocaleDefaults,
  ) {}

  start(): void {
    this.jobs.process(JOBS.customerImport, async (payload) => {
      await this.run(Number(payload.importId), payload.mode === 'import' ? 'import' : 'check');
    }, 1);
  }

  async upload(body: Readable | AsyncIterable<Buffer | string>, fileName: string, actor: Actor): Promise<CustomerImportView> {
    const id = await this.repo.create(actor.id, fileName.slice(0, 255));
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await this.repo.addChunk(id, seq, Buffer.concat(pending));
      seq += 1;
      pending = [];
      pendingBytes = 0;
    };
    try {
      for await (const part of body) {
        const buf = typeof part === 'string' ? Buffer.from(part) : part;
        size += buf.length;
        if (size > MAX_UPLOAD_BYTES) throw new UploadTooLargeError();
        pending.push(buf);
        pendingBytes += buf.length;
        if (pendingBytes >= CHUNK_BYTES) await flush();
      }
      await flush();
    } catch (err) {
      await this.repo.transition(id, ['uploaded'], 'rejected', { error: err instanceof AppError ? err.message : 'the upload was interrupted', finished: true });
      if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
      throw err;
    }
    await this.repo.setSize(id, size);
    await this.audit.record({ userId: actor.id, action: 'customers.import_uploaded', target: String(id), ip: actor.ip, details: { fileName, sizeBytes: size } });
    await this.jobs.add(JOBS.customerImport, { importId: id, mode: 'check' }, { jobId: `customer-import-${id}-check` });
    return this.get(id);
  }

  async commit(id: number, skipInvalid: boolean, actor: Actor): Promise<CustomerImportView> {
    const imp = await this.get(id);
    if (imp.status !== 'checked') throw new ConflictError('import-not-checked', `The import is ${imp.status}; only a checked file can be imported`, { status: imp.status });
    if (imp.rowsValid === 0) throw new ConflictError('import-nothing-valid', 'No row of the file can be imported', {});
    if (imp.rowsInvalid > 0 && !skipInvalid) {
      throw new ConflictError('import-has-errors', `${imp.rowsInvalid} row(s) have errors: fix the file, or import the valid rows only (skipInvalid)`, { rowsInvalid: imp.rowsInvalid });
    }
    if (!(await this.repo.transition(id, ['checked'], 'importing', { skipInvalid }))) throw new ConflictError('import-not-checked', 'The import was started already', {});
    await this.audit.record({ userId: actor.id, action: 'customers.import_started', target: String(id), ip: actor.ip, details: { skipInvalid, rowsValid: imp.rowsValid, rowsInvalid: imp.rowsInvalid } });
    await this.jobs.add(JOBS.customerImport, { importId: id, mode: 'import' }, { jobId: `customer-import-${id}-import` });
    return this.get(id);
  }

  async get(id: number, withErrors = false): Promise<CustomerImportView> {
    const row = await this.repo.get(id);
    if (!row) throw new NotFoundError('import', id);
    const view = toView(row);
    if (withErrors) view.errors = (await this.repo.errors(id, -1, ERRORS_SHOWN)).map(({ row: r, column, message }) => ({ row: r, column, message }));
    return view;
  }

  async list(): Promise<CustomerImportView[]> {
    return (await this.repo.list(20)).map(toView);
  }

  /** Every stored row error as CSV, read from the database page by page. */
  async errorsCsv(id: number): Promise<Readable> {
    await this.get(id);
    const out = stringify({ header: true, columns: ['row', 'column', 'message'] });
    void (async () => {
      try {
        let after = -1;
        for (;;) {
          const page = await this.repo.errors(id, after, 5000);
          for (const e of page) {
            // A message quotes the cell; a cell starting with = + - @ is not run as a formula by a spreadsheet.
            if (!out.write([e.row, e.column, /^[=+\-@]/.test(e.message) ? `'${e.message}` : e.message])) await new Promise((r) => out.once('drain', r));
          }
          if (page.length < 5000) break;
          after = page.at(-1)!.seq;
        }
        out.end();
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
    return out;
  }

  private async run(id: number, mode: 'check' | 'import'): Promise<void> {
    const from = mode === 'check' ? 'uploaded' : 'importing';
    const imp = await this.repo.get(id);
    if (!imp || imp.status !== from) return;
    if (mode === 'check' && !(await this.repo.transition(id, ['uploaded'], 'checking'))) return;
    const ctx = {
      leadSources: new Map((await this.customersRepo.leadSources()).map((l) => [l.code, l.id])),
      defaultRegion: this.locale.region(), defaultTimezone: this.locale.timezone(),
    };
    const actor = { userId: imp.created_by, target: String(id), ip: null };
    try {
      if (mode === 'check') {
        await this.repo.clearErrors(id);
        const p = await runImportPass(this.repo, id, ctx, null);
        await this.repo.transition(id, ['checking'], 'checked', { finished: true });
        await this.audit.record({ ...actor, action: 'customers.import_checked', details: { rows: p.rowsTotal, valid: p.rowsValid, invalid: p.rowsInvalid } });
      } else {
        // All or nothing: the valid rows go in one transaction, so a failure half-way leaves no half import.
        const p = await this.customersRepo.transaction((repo) => runImportPass(this.repo, id, ctx, { insert: (rows) => repo.insertMany(rows), skipInvalid: imp.skip_invalid }));
        await this.repo.transition(id, ['importing'], 'imported', { finished: true });
        await this.audit.record({ ...actor, action: 'customers.imported', details: { rows: p.rowsTotal, imported: p.rowsImported, skipped: p.rowsInvalid } });
      }
    } catch (err) {
      if (err instanceof FileRejected) {
        await this.repo.addErrors(id, 0, err.rows.length ? err.rows : [{ row: 1, column: '', message: err.message }]).catch(() => undefined);
        await this.repo.transition(id, [mode === 'check' ? 'checking' : 'importing'], 'rejected', { error: err.message, finished: true });
        return;
      }
      const message = err instanceof RowsChangedError ? `${err.message} since the check (the customers changed): check the file again` : 'the job stopped on an unexpected error; nothing was imported';
      if (!(err instanceof RowsChangedError)) this.log.error({ err, importId: id, mode }, 'customer import failed');
      await this.repo.progress(id, { bytesRead: 0, rowsTotal: imp.rows_total, rowsValid: imp.rows_valid, rowsInvalid: imp.rows_invalid, rowsImported: 0 }).catch(() => undefined);
      await this.repo.transition(id, ['checking', 'importing'], 'failed', { error: message, finished: true });
    }
  }
}

type Row = NonNullable<Awaited<ReturnType<CustomerImportsRepository['get']>>>;
function toView(r: Row): CustomerImportView {
  return {
    id: r.id, createdBy: r.created_by, createdByName: r.username, createdAt: r.created_at.toISOString(), fileName: r.file_name, sizeBytes: Number(r.size_bytes),
    status: r.status as CustomerImportView['status'], skipInvalid: r.skip_invalid, bytesRead: Number(r.bytes_read), rowsTotal: r.rows_total,
    rowsValid: r.rows_valid, rowsInvalid: r.rows_invalid, rowsImported: r.rows_imported, error: r.error, finishedAt: r.finished_at?.toISOString() ?? null,
  };
}
