import { Type, type Static } from '@sinclair/typebox';

// Issue #21: the customer CSV import as a background job: upload (the dry run starts by itself), watch its
// progress, read or download the row errors, then import.
export const IMPORT_STATUSES = ['uploaded', 'checking', 'checked', 'importing', 'imported', 'rejected', 'failed'] as const;

export const CustomerImportError = Type.Object({ row: Type.Integer({ description: 'as a spreadsheet numbers it: the header is row 1' }), column: Type.String(), message: Type.String() });
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
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the file was rejected or the job failed' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  errors: Type.Optional(Type.Array(CustomerImportError, { description: 'the first row errors (all of them: errors.csv)' })),
});
export type CustomerImportView = Static<typeof CustomerImportView>;

export const CustomerImportIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const CustomerImportUploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })) }, { additionalProperties: false });
export const CustomerImportCommitBody = Type.Object({
  skipInvalid: Type.Optional(Type.Boolean({ description: 'import the valid rows of a file that has row errors' })),
}, { additionalProperties: false });
