import { AppError, ConflictError } from '../http/app-error';

export class CampaignStateError extends ConflictError {
  constructor(id: number, status: string, action: string) {
    super('campaign-invalid-state', `Campaign ${id} is ${status}: cannot ${action}`, { id, status, action });
  }
}

export class CampaignNameTakenError extends ConflictError {
  constructor(name: string) {
    super('campaign-name-taken', `A campaign named "${name}" already exists`, { name });
  }
}

export class AttemptStateError extends ConflictError {
  constructor(id: number, status: string, detail: string) {
    super('attempt-invalid-state', `Attempt ${id} is ${status}: ${detail}`, { id, status });
  }
}

/** A preview dial the claim refused: the code says why (do-not-call, outside-calling-window, agent-busy, ...). */
export class DialRefusedError extends ConflictError {
  constructor(attemptId: number, reason: string) {
    super(`dial-refused-${reason}`, `Attempt ${attemptId} cannot be dialled: ${reason}`, { attemptId, reason });
  }
}

export class OutcomeInvalidError extends AppError {
  constructor(message: string) {
    super('outcome-invalid', 400, message);
  }
}

export class NotYourAttemptError extends AppError {
  constructor(id: number) {
    super('attempt-not-yours', 403, `Attempt ${id} was dialled by another operator`, { id });
  }
}
