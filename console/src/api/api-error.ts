// The server renders every failure as {error:{code,message,details}}; this is its typed form on the console.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

// Bodies from proxies or crashed upstreams are not ours: fall back to a generic error rather than guessing.
export function toApiError(status: number, body: unknown, fallbackMessage: string): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const err = (body as { error: unknown }).error;
    if (err && typeof err === 'object') {
      const e = err as { code?: unknown; message?: unknown; details?: unknown };
      return new ApiError(
        status,
        typeof e.code === 'string' ? e.code : 'unknown-error',
        typeof e.message === 'string' ? e.message : fallbackMessage,
        e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {},
      );
    }
  }
  return new ApiError(status, status === 0 ? 'network-error' : 'http-error', fallbackMessage);
}

/** Lists may come as a bare array or as {items}: accept both so shells render whatever the endpoint returns. */
export function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    return (body as { items: T[] }).items;
  }
  return [];
}
