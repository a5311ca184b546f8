import { ApiError, toApiError } from './api-error';

export { ApiError };

const TOKEN_KEY = 'warmline.token';
let unauthorizedHandler: (() => void) | null = null;

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The auth store registers its logout here, so a 401 anywhere ends the session without import cycles. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      // Repeated keys (?channel=call&channel=email): the server's array query schemas expect that form.
      for (const v of value) params.append(key, v);
    } else {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file sent as the body itself (the browser streams a File from disk). */
  file?: { blob: Blob; type: string };
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.file) headers['content-type'] = options.file.type;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.file ? options.file.blob : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network-error', 'The server cannot be reached');
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!res.ok) {
    const error = toApiError(res.status, body, res.statusText || `HTTP ${res.status}`);
    // A failed login is a 401 too, but there is no session to end then.
    if (res.status === 401 && token && unauthorizedHandler) unauthorizedHandler();
    throw error;
  }
  return body as T;
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, blob: Blob, type: string) => request<T>('POST', path, { file: { blob, type } }),
};

/**
 * Saves a file the API serves (CSV exports): fetched with the session header, handed to the browser as a blob,
 * named as the server's Content-Disposition says.
 */
/** `transform` rewrites a text file before it is saved (the CSV exports' translated header: format/csv-relabel.ts). */
export async function downloadFile(path: string, transform?: (text: string) => string): Promise<void> {
  const token = getToken();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    if (res.status === 401 && token && unauthorizedHandler) unauthorizedHandler();
    throw toApiError(res.status, await res.json().catch(() => null), res.statusText || `HTTP ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export.csv';
  const blob = transform ? new Blob([transform(await res.text())], { type: res.headers.get('content-type') ?? 'text/csv; charset=utf-8' }) : await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** For the endpoints other teams are still landing: a 404 means "nothing yet", not a crash. */
export async function getOrNull<T>(path: string, query?: Query): Promise<T | null> {
  try {
    return await http.get<T>(path, query);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 501)) return null;
    throw err;
  }
}
