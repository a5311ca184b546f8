import { AppError, ConflictError } from '../http/app-error';

export class InvalidSegmentRulesError extends AppError {
  constructor(problem: string) {
    super('segment-rules-invalid', 400, `Segment rules are invalid: ${problem}`, { problem });
  }
}

export class SegmentNameTakenError extends ConflictError {
  constructor(name: string) {
    super('segment-name-taken', `A segment named "${name}" already exists`, { name });
  }
}

export class SegmentInUseError extends ConflictError {
  constructor(id: number, campaigns: number) {
    super('segment-in-use', `Segment ${id} is used by ${campaigns} campaign(s)`, { id, campaigns });
  }
}
