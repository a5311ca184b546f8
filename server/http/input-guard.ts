import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_JSON_DEPTH, MAX_YEAR, MIN_YEAR, yearInRange } from '@contract/input-limits';
import { AppError, ValidationError } from './app-error';

// One guard for what no route schema can express (issue #19 point 10): a NUL character in any string (PostgreSQL
// text cannot hold one: 22021 -> 500 on almost every route), JSON nested deep enough to overflow the stack of the
// validator (segment rules 1000 levels, attributes 6000 levels), and dates PostgreSQL cannot store (0000-01-01).

export class BodyTooDeepError extends AppError {
  constructor() {
    super('body-too-deep', 400, `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`, { max: MAX_JSON_DEPTH });
  }
}

/** Nesting depth of a JSON text, counted without parsing (brackets inside strings ignored); stops past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91 /* { [ */) {
      if (++depth > limit) return true;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return false;
}

/** Parsed values only: not a stream (anything with pipe()) nor a Buffer. */
function isParsedValue(value: object): boolean {
  return typeof (value as { pipe?: unknown }).pipe !== 'function' && !Buffer.isBuffer(value);
}

/** The path of the first string (or object key) holding U+0000, or null. Depth is already bounded by the parser. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNul(value[i], `${path}/${i}`);
      if (p) return p;
    }
    return null;
  }
  // Parsed JSON and query strings only (their objects' prototypes vary): a streamed body (the customer import's upload, an http.IncomingMessage
  // over a real socket) is an object graph with cycles, and walking it overflowed the stack (500 on every upload
  // from a browser; fastify's inject hands routes a plain stream, so only a real socket showed it).
  if (value && typeof value === 'object' && isParsedValue(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `${path}/${k.replace(/\u0000/g, '\\u0000')}`;
      const p = findNul(v, `${path}/${k}`);
      if (p) return p;
    }
  }
  return null;
}

/** Ajv plugin (fastify `ajv.onCreate`): `date` and `date-time` formats also bound the year. */
interface FormatHost {
  formats: Record<string, unknown>;
  addFormat(name: string, format: { type: 'string'; validate: (s: string) => boolean }): unknown;
}

function validatorOf(format: unknown): (s: string) => boolean {
  if (typeof format === 'function') return format as (s: string) => boolean;
  if (format instanceof RegExp) return (s) => format.test(s);
  const v = (format as { validate?: unknown } | undefined)?.validate;
  if (typeof v === 'function') return v as (s: string) => boolean;
  if (v instanceof RegExp) return (s) => v.test(s);
  return () => true;
}

export function boundDateFormats(ajv: FormatHost): void {
  for (const name of ['date', 'date-time']) {
    const base = validatorOf(ajv.formats[name]);
    ajv.addFormat(name, { type: 'string', validate: (s) => base(s) && yearInRange(s) });
  }
}

export const DATE_RANGE_MESSAGE = `dates must lie between the years ${MIN_YEAR} and ${MAX_YEAR}`;

export function registerInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && jsonDepthExceeds(body, MAX_JSON_DEPTH)) return done(new BodyTooDeepError(), undefined);
    return parseJson(request, body as string, done);
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const [part, value] of [['body', request.body], ['querystring', request.query], ['params', request.params]] as const) {
      const at = findNul(value);
      if (at) throw new ValidationError(`Text must not contain NUL (\\u0000) characters (${part} ${at})`, { part, path: at });
    }
  });
}
