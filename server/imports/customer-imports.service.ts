import { stringify } from 'csv-stringify';
import type { Readable } from 'node:stream';
import { AppError, ConflictError, NotFoundError } from '../http/app-error';
import type { AuditRepository } from '../audit/audit.repository';
import { JOBS, type JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logger';
import type { CustomersRepository } from '../customers/customers.repository';
import type { CustomerImportView } from '@contract/customer-imports.schemas';
import { unpackProblem, type CustomerImportsRepository } from './customer-imports.repository';
import { FileRejected } from './csv-file';
import { RowsChangedError, runImportPass } from './import-pass';
import { ImportRejectedError } from '../customers/customers.errors';
import type { LocaleDefaults } from '../settings/locale-defaults';

interface Actor { id: number; ip: string | null }
type Body = Readable | AsyncIterable<Buffer | string>;

/** The largest upload taken (100k customer rows are ~10 MB). */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const ERRORS_SHOWN = 100;
/** Row errors in a 422 of POST /api/customers/import (all of them stay in the import's errors.csv). */
const MAX_REPORTED = 500;

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

  async upload(body: Body, fileName: string, actor: Actor): Promise<CustomerImportView> {
    const id = await this.store(body, fileName, actor);
    await this.jobs.add(JOBS.customerImport, { importId: id, mode: 'check' }, { jobId: `customer-import-${id}-check` });
    return this.get(id);
  }

  /**
   * POST /api/customers/import, kept for API clients: all or nothing, answered when done. It takes the same path as
   * the console's import, awaited instead of queued: the body is stored in chunks as it streams in (never whole in
   * memory), then checked and imported by the same passes (500 rows at a time, the event loop given back between),
   * so a large file neither fills the memory nor holds up other requests. Row errors: 422 with the first
   * MAX_REPORTED, each with its stable code; the import is listed with the console's (file name `API`).
   */
  async importNow(body: Body, dryRun: boolean, actor: Actor): Promise<{ dryRun: boolean; rows: number; imported: number; importId: number }> {
    const id = await this.store(body, 'API', actor);
    await this.run(id, 'check');
    let imp = await this.get(id);
    if (imp.status === 'rejected' || imp.rowsInvalid > 0) {
      const errors = (await this.repo.errors(id, -1, MAX_REPORTED)).map(({ row, column, code, params, message }) => ({ row, column, code, params, message }));
      throw new ImportRejectedError(errors, await this.repo.countErrors(id), id);
    }
    if (imp.status !== 'checked') throw new AppError('import-failed', 500, 'The import failed; nothing was imported');
    if (!dryRun) {
      await this.repo.transition(id, ['checked'], 'importing', { skipInvalid: false });
      await this.audit.record({ userId: actor.id, action: 'customers.import_started', target: String(id), ip: actor.ip, details: { skipInvalid: false, rowsValid: imp.rowsValid, rowsInvalid: 0 } });
      await this.run(id, 'import');
      imp = await this.get(id);
      if (imp.errorCode === 'rows-changed') throw new ConflictError('import-rows-changed', imp.error ?? 'rows changed since the check', { importId: id });
      if (imp.status !== 'imported') throw new AppError('import-failed', 500, 'The import failed; nothing was imported');
    }
    return { dryRun, rows: imp.rowsTotal, imported: imp.rowsImported, importId: id };
  }

  /** Stores a body as it streams in, in CHUNK_BYTES chunks; the import's id. */
  private async store(body: Body, fileName: string, actor: Actor): Promise<number> {
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
      const error = err instanceof UploadTooLargeError ? { code: 'file-too-large' as const, params: { maxMb: MAX_UPLOAD_BYTES / 1024 / 1024 }, message: err.message }
        : { code: 'file-interrupted' as const, message: 'the upload was interrupted' };
      await this.repo.transition(id, ['uploaded'], 'rejected', { error, finished: true });
      if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
      throw err;
    }
    await this.repo.setSize(id, size);
    await this.audit.record({ userId: actor.id, action: 'customers.import_uploaded', target: String(id), ip: actor.ip, details: { fileName, sizeBytes: size } });
    return id;
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
    if (withErrors) view.errors = (await this.repo.errors(id, -1, ERRORS_SHOWN)).map(({ row: r, column, code, params, message }) => ({ row: r, column, code, params, message }));
    return view;
  }

  async list(): Promise<CustomerImportView[]> {
    return (await this.repo.list(20)).map(toView);
  }

  /** Every stored row error as CSV, read from the database page by page. */
  async errorsCsv(id: number): Promise<Readable> {
    await this.get(id);
    const out = stringify({ header: true, columns: ['row', 'column', 'message', 'code'] });
    void (async () => {
      try {
        let after = -1;
        for (;;) {
          const page = await this.repo.errors(id, after, 5000);
          for (const e of page) {
            // A message quotes the cell; a cell starting with = + - @ is not run as a formula by a spreadsheet.
            if (!out.write([e.row, e.column, /^[=+\-@]/.test(e.message) ? `'${e.message}` : e.message, e.code])) await new Promise((r) => out.once('drain', r));
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
      leadSources: new Map((await this.customersRepo.leadSources()).map((l) => [l.code, { id: l.id, active: l.active }])),
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
        const problem = { code: err.problem.code, params: err.problem.params ?? {}, message: err.message };
        await this.repo.addErrors(id, 0, err.rows.length ? err.rows : [{ row: 1, column: '', ...problem }]).catch(() => undefined);
        await this.repo.transition(id, [mode === 'check' ? 'checking' : 'importing'], 'rejected', { error: problem, finished: true });
        return;
      }
      const error = err instanceof RowsChangedError
        ? { code: 'rows-changed' as const, params: { n: err.rows }, message: `${err.message} since the check (the customers changed): check the file again` }
        : { code: 'job-failed' as const, message: 'the job stopped on an unexpected error; nothing was imported' };
      if (!(err instanceof RowsChangedError)) this.log.error({ err, importId: id, mode }, 'customer import failed');
      await this.repo.progress(id, { bytesRead: 0, rowsTotal: imp.rows_total, rowsValid: imp.rows_valid, rowsInvalid: imp.rows_invalid, rowsImported: 0 }).catch(() => undefined);
      await this.repo.transition(id, ['checking', 'importing'], 'failed', { error, finished: true });
    }
  }
}

type Row = NonNullable<Awaited<ReturnType<CustomerImportsRepository['get']>>>;
function toView(r: Row): CustomerImportView {
  return {
    id: r.id, createdBy: r.created_by, createdByName: r.username, createdAt: r.created_at.toISOString(), fileName: r.file_name, sizeBytes: Number(r.size_bytes),
    status: r.status as CustomerImportView['status'], skipInvalid: r.skip_invalid, bytesRead: Number(r.bytes_read), rowsTotal: r.rows_total,
    rowsValid: r.rows_valid, rowsInvalid: r.rows_invalid, rowsImported: r.rows_imported, ...errorOf(r.error), finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

function errorOf(text: string | null): Pick<CustomerImportView, 'error' | 'errorCode' | 'errorParams'> {
  if (text === null) return { error: null, errorCode: null, errorParams: {} };
  const p = unpackProblem(text);
  return { error: p.message, errorCode: p.code, errorParams: p.params };
}
