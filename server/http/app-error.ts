// Every error the API shows has a stable kebab-case code, an HTTP status and optional details.
export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly statusCode: number,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string | number) {
    super(`${what}-not-found`, 404, id === undefined ? `${what} not found` : `${what} ${id} not found`, id === undefined ? {} : { id });
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('validation-failed', 400, message, details);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, 409, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission for this action') {
    super('forbidden', 403, message);
  }
}

export class UnavailableError extends AppError {
  constructor(code: string, message: string) {
    super(code, 503, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(code: string, message: string, public readonly retryAfterSeconds: number) {
    super(code, 429, message, { retryAfterSeconds });
  }
}
