import { ConflictError, ValidationError } from '../http/app-error';

export class OfferNameTakenError extends ConflictError {
  constructor(name: string) {
    super('offer-name-taken', `An offer named "${name}" already exists`, { name });
  }
}

export class OfferOutcomeInvalidError extends ValidationError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}
