import { Type, type Static } from '@sinclair/typebox';

// Issue #21: the customer CSV import as a background job: upload (the dry run starts by itself), watch its
// progress, read or download the row errors, then import.
export const IMPORT_STATUSES = ['uploaded', 'checking', 'checked', 'importing', 'imported', 'rejected', 'failed'] as const;

/**
 * Stable codes of a row's problem (and of a whole file's, `file-*`), worded in the console's languages with the
 * error's `params` (console/src/i18n/features/import-errors.ts). `message` is the same in English for API clients.
 * `legacy`: a problem stored before codes existed; only its message is known.
 */
export const IMPORT_ERROR_CODES = [
  'required', 'too-long', 'email-invalid', 'timezone-unknown', 'lead-source-unknown', 'lead-source-inactive', 'birthday-invalid',
  'phones-too-many', 'phone-empty', 'phone-withheld', 'phone-invalid-characters', 'phone-too-short', 'phone-too-long', 'phone-invalid',
  'tags-too-many', 'header-no-full-name', 'header-unknown-column', 'csv-quote', 'csv-unclosed', 'csv-invalid', 'cell-count',
  'duplicate-email-in-file', 'duplicate-email-exists', 'duplicate-phone-in-file', 'duplicate-phone-exists',
  'file-empty', 'file-no-header', 'file-no-rows', 'file-spreadsheet', 'file-binary', 'file-utf16', 'file-encoding', 'file-delimiter', 'file-header',
  'file-too-large', 'file-interrupted', 'rows-changed', 'job-failed', 'legacy',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];
export const ImportErrorParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'the values the code\'s sentence names' });

export const CustomerImportError = Type.Object({
  row: Type.Integer({ description: 'as a spreadsheet numbers it: the header is row 1' }),
  column: Type.String(),
  code: Type.Union(IMPORT_ERROR_CODES.map((c) => Type.Literal(c)), { description: 'stable: translate this, not the message' }),
  params: ImportErrorParams,
  message: Type.String({ description: 'the problem in English' }),
});
export type CustomerImportError = Static<typeof CustomerImportError>;

export const CustomerImportView = Type.Object({
  id: Type.Integer(),
  createdBy: Type.Integer(),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  fileName: Type.String(),
  sizeBytes: Type.Integer(),
  status: Type.Union(IMPORT_STATUSES.map((s) => Type.Literal(s))),
  skipInvalid: Type.Boolean(),
  bytesRead: Type.Integer({ description: 'progress of the current pass over the file' }),
  rowsTotal: Type.Integer(),
  rowsValid: Type.Integer(),
  rowsInvalid: Type.Integer(),
  rowsImported: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the file was rejected or the job failed (English)' }),
  errorCode: Type.Union([Type.Union(IMPORT_ERROR_CODES.map((c) => Type.Literal(c))), Type.Null()], { description: 'the stable code of `error`' }),
  errorParams: ImportErrorParams,
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  errors: Type.Optional(Type.Array(CustomerImportError, { description: 'the first row errors (all of them: errors.csv)' })),
});
export type CustomerImportView = Static<typeof CustomerImportView>;

export const CustomerImportIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const CustomerImportUploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })) }, { additionalProperties: false });
export const CustomerImportCommitBody = Type.Object({
  skipInvalid: Type.Optional(Type.Boolean({ description: 'import the valid rows of a file that has row errors' })),
}, { additionalProperties: false });
