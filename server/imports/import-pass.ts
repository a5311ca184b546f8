import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { checkRow, headerProblems, normaliseHeader, type ImportRowValue, type RowContext, type RowProblem } from '../customers/import-row';
import type { CustomerImportsRepository, ImportErrorRow, ImportProgress } from './customer-imports.repository';
import { delimiterProblem, FileRejected, sniffStart, utf8Decoder } from './csv-file';
import { csvRecords } from './csv-records';

/** Rows handled between two progress writes and two yields to the event loop. */
export const BATCH_ROWS = 500;
/** Row errors kept per import (the counts stay exact beyond it). */
export const MAX_STORED_ERRORS = 50_000;

export interface PassWriter { insert(rows: ImportRowValue[]): Promise<unknown>; skipInvalid: boolean }

export class RowsChangedError extends Error {
  constructor(readonly rows: number) {
    super(`${rows} row(s) no longer pass the check`);
  }
}

/**
 * One pass over an uploaded file, streamed from its chunks: decoded as UTF-8, parsed row by row, every row checked
 * (fields, phones, duplicates in the file and against existing customers), row errors stored, progress written
 * every BATCH_ROWS rows, the event loop given back between batches. With a writer the valid rows are inserted
 * (the caller's transaction); without, it is the dry run. A structural CSV error is that row's error, never the
 * end of the pass, so it cannot hide the row errors after it.
 */
export async function runImportPass(repo: CustomerImportsRepository, importId: number, ctx: RowContext, writer: PassWriter | null): Promise<ImportProgress> {
  const p: ImportProgress = { bytesRead: 0, rowsTotal: 0, rowsValid: 0, rowsInvalid: 0, rowsImported: 0 };
  const decode = utf8Decoder();
  async function* text(): AsyncGenerator<string> {
    for (let seq = 0; ; seq += 1) {
      const chunk = await repo.chunk(importId, seq);
      if (!chunk) break;
      if (seq === 0) {
        const problem = sniffStart(chunk);
        if (problem) throw new FileRejected(problem);
      }
      const s = decode(chunk, p.bytesRead);
      p.bytesRead += chunk.length;
      if (s) yield s;
    }
    if (p.bytesRead === 0) throw new FileRejected({ code: 'file-empty', message: 'the file is empty' });
    const tail = decode(null, p.bytesRead);
    if (tail) yield tail;
  }
  let header: string[] | null = null;
  let storedErrors = 0;
  const seenEmail = new Map<string, number>();
  const seenNamePhone = new Map<string, number>();
  let batch: Array<{ row: number; value: ImportRowValue; problems: RowProblem[] }> = [];

  const flush = async () => {
    const rows = batch;
    batch = [];
    const rowErrors: ImportErrorRow[] = [];
    const fresh = rows.filter((r) => r.problems.length === 0);
    const existing = await repo.existing(
      [...new Set(fresh.map((r) => r.value.customer.email).filter((e): e is string => !!e))],
      fresh.flatMap((r) => r.value.phones.map((ph) => [r.value.customer.fullName.toLowerCase(), ph.e164] as [string, string])),
    );
    const valid: ImportRowValue[] = [];
    for (const r of rows) {
      const c = r.value.customer;
      if (r.problems.length === 0) {
        const email = c.email;
        if (email && seenEmail.has(email)) r.problems.push({ column: 'email', code: 'duplicate-email-in-file', params: { row: seenEmail.get(email)! }, message: `duplicate: row ${seenEmail.get(email)} has the same email` });
        else if (email && existing.emails.has(email)) r.problems.push({ column: 'email', code: 'duplicate-email-exists', params: {}, message: 'duplicate: a customer with this email exists' });
        const name = c.fullName.toLowerCase();
        for (const ph of r.value.phones) {
          const key = `${name}|${ph.e164}`;
          if (seenNamePhone.has(key)) r.problems.push({ column: 'phones', code: 'duplicate-phone-in-file', params: { row: seenNamePhone.get(key)!, phone: ph.e164 }, message: `duplicate: row ${seenNamePhone.get(key)} has the same name and phone ${ph.e164}` });
          else if (existing.namePhones.has(key)) r.problems.push({ column: 'phones', code: 'duplicate-phone-exists', params: { phone: ph.e164 }, message: `duplicate: a customer with this name and phone ${ph.e164} exists` });
          if (r.problems.length) break;
        }
        if (email) seenEmail.set(email, r.row);
        for (const ph of r.value.phones) if (!seenNamePhone.has(`${name}|${ph.e164}`)) seenNamePhone.set(`${name}|${ph.e164}`, r.row);
      }
      if (r.problems.length) {
        p.rowsInvalid += 1;
        for (const pr of r.problems) rowErrors.push({ row: r.row, column: pr.column, code: pr.code, params: pr.params, message: pr.message });
      } else {
        p.rowsValid += 1;
        valid.push(r.value);
      }
    }
    await storeErrors(rowErrors);
    if (writer) {
      if (p.rowsInvalid > 0 && !writer.skipInvalid) throw new RowsChangedError(p.rowsInvalid);
      if (valid.length) await writer.insert(valid);
      p.rowsImported += valid.length;
    }
    await repo.progress(importId, p);
    await yieldToLoop();
  };
  const storeErrors = async (rows: ImportErrorRow[]) => {
    // The dry run keeps the errors; the import counts them and leaves the dry run's list as it is.
    if (writer) return;
    const room = Math.max(0, MAX_STORED_ERRORS - storedErrors);
    const kept = rows.slice(0, room);
    await repo.addErrors(importId, storedErrors, kept);
    storedErrors += kept.length;
  };
  for await (const { line, cells, problem, code, detail } of csvRecords(text())) {
    if (!header) {
      if (!cells) throw new FileRejected({ code: 'file-header', params: { problem: code ?? 'csv-invalid' }, message: `the header row is not valid CSV: ${problem}` });
      const record = cells;
      const delimiter = delimiterProblem(record);
      if (delimiter) throw new FileRejected(delimiter);
      header = normaliseHeader(record);
      const problems = headerProblems(header);
      if (problems.length) throw new FileRejected({ code: 'file-header', params: { problem: problems[0]!.code }, message: problems.map((x) => `${x.column}: ${x.message}`).join('; ') }, problems.map((x) => ({ row: 1, ...x })));
      continue;
    }
    p.rowsTotal += 1;
    if (!cells) {
      batch.push({ row: line, value: EMPTY_VALUE, problems: [{ column: '', code: code ?? 'csv-invalid', params: detail ? { detail } : {}, message: problem ?? 'not valid CSV' }] });
    } else if (cells.length !== header.length) {
      batch.push({ row: line, value: EMPTY_VALUE, problems: [{ column: '', code: 'cell-count', params: { cells: cells.length, expected: header.length }, message: `has ${cells.length} cells, the header has ${header.length} (a missing or extra comma?)` }] });
    } else {
      const { value, problems } = checkRow(Object.fromEntries(header.map((h, i) => [h, cells[i]])), ctx);
      batch.push({ row: line, value, problems });
    }
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (!header) throw new FileRejected({ code: 'file-no-header', message: 'the file has no header row' });
  if (p.rowsTotal === 0) throw new FileRejected({ code: 'file-no-rows', message: 'the file has a header but no rows' });
  await flush();
  return p;
}

const EMPTY_VALUE: ImportRowValue = { customer: { fullName: '', company: null, email: null, region: null, timezone: 'UTC', leadSourceId: null, birthday: null, tags: [], attributes: {}, doNotCall: false, consentOutbound: true }, phones: [] };
