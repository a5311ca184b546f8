import type { ImportErrorCode } from '@contract/customer-imports.schemas';
import { AppError, ValidationError } from '../http/app-error';

export interface FieldIssue { path: string; message: string; reason?: string }

/** 400 in the same shape as schema failures, so the console shows every problem next to its field. */
export class CustomerValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
}

export interface ImportRowError { row: number; column: string; code: ImportErrorCode; params: Record<string, string | number>; message: string }

/** Nothing was imported: every row-level problem is listed (row 1 is the header). */
export class ImportRejectedError extends AppError {
  constructor(errors: ImportRowError[], totalErrors: number, importId: number) {
    super('import-rejected', 422, `The file has ${totalErrors} problem(s); nothing was imported`, { errors, totalErrors, importId });
  }
}

export class CallAlreadyLinkedError extends AppError {
  constructor(callId: number) {
    super('call-already-linked', 409, `Call ${callId} is already linked to another customer`, { callId });
  }
}
