// An AMI frame as asterisk-manager 0.2.0 hands it over: keys lowercased and trimmed, a repeated header becomes an
// array, `Variable:`/`ChanVariable:` headers become a {name: value} object. Everything in server/pbx reads frames
// through the helpers below so a missing or odd-typed header never throws.

export type AmiValue = string | readonly string[] | Readonly<Record<string, string>>;
export type AmiFrame = Readonly<Record<string, AmiValue>>;
export type RawHeaders = ReadonlyArray<readonly [string, string]>;

// Keys that would reach Object.prototype when asterisk-manager does `item[key] = ...` on a plain object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_VALUE_LENGTH = 64 * 1024;

/** First string value of a header (lowercase key), or undefined. */
export function field(frame: AmiFrame, key: string): string | undefined {
  const v = frame[key];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return undefined;
}

/** Header value with Asterisk's "no value" spellings mapped to null. */
export function fieldOrNull(frame: AmiFrame, key: string): string | null {
  const v = field(frame, key);
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' || t === '<unknown>' || t === '<null>' || t === '(null)' ? null : t;
}

export function intField(frame: AmiFrame, key: string): number | null {
  const v = field(frame, key);
  if (v === undefined || !/^-?\d+$/.test(v.trim())) return null;
  return Number(v.trim());
}

/**
 * Channel variables carried by the frame: `ChanVariable: NAME=value` (one per manager.conf channelvars entry),
 * `DestChanVariable`, and OriginateResponse's `ChanVariable(PJSIP/1002-0000000b): NAME=value` spelling.
 */
export function chanVars(frame: AmiFrame, prefix: '' | 'dest' = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(frame)) {
    const own = prefix === '' ? key === 'chanvariable' || key.startsWith('chanvariable(') : key === 'destchanvariable';
    if (!own) continue;
    if (typeof value === 'string' || Array.isArray(value)) {
      for (const entry of typeof value === 'string' ? [value] : (value as string[])) {
        const eq = typeof entry === 'string' ? entry.indexOf('=') : -1;
        if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
    } else if (!Array.isArray(value) && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, string>)) if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/**
 * VarSet's variable name. asterisk-manager treats every `Variable:` header as `name=value` and so turns
 * `Variable: CRM_CALL_ID` into `{ CRM_CALL_ID: '' }` (the value travels in the separate `Value:` header).
 */
export function varSetName(frame: AmiFrame): string | undefined {
  const v = frame.variable;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  if (v && typeof v === 'object') return Object.keys(v)[0];
  return undefined;
}

/** AMI `Timestamp: 1795367247.628645` (epoch seconds with micros) as ISO, else the receipt time. */
export function frameTime(frame: AmiFrame, receivedAt: Date | string): string {
  const ts = field(frame, 'timestamp');
  if (ts && /^\d{9,11}(\.\d{1,9})?$/.test(ts.trim())) {
    const ms = Math.floor(Number(ts.trim()) * 1000);
    const d = new Date(ms);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  const r = typeof receivedAt === 'string' ? new Date(receivedAt) : receivedAt;
  return Number.isNaN(r.getTime()) ? new Date(0).toISOString() : r.toISOString();
}

function addHeader(item: Record<string, AmiValue>, rawKey: string, value: string): void {
  const key = rawKey.trim().toLowerCase();
  if (!key || FORBIDDEN_KEYS.has(key)) return;
  if (key === 'variable' || key === 'chanvariable') {
    const current = item[key];
    const obj: Record<string, string> = current && typeof current === 'object' && !Array.isArray(current)
      ? { ...(current as Record<string, string>) } : {};
    const eq = value.indexOf('=');
    const name = eq >= 0 ? value.slice(0, eq) : value;
    if (!FORBIDDEN_KEYS.has(name)) obj[name] = eq >= 0 ? value.slice(eq + 1) : '';
    item[key] = obj;
    return;
  }
  const prev = item[key];
  if (prev === undefined) item[key] = value;
  else if (Array.isArray(prev)) item[key] = [...(prev as string[]), value];
  else if (typeof prev === 'string') item[key] = [prev, value];
}

/** Builds the same shape asterisk-manager produces from an ordered header list (captures, simulator). */
export function rawHeadersToFrame(headers: RawHeaders): AmiFrame {
  const item: Record<string, AmiValue> = {};
  for (const pair of headers) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') continue;
    addHeader(item, pair[0], typeof pair[1] === 'string' ? pair[1] : String(pair[1] ?? ''));
  }
  return item;
}

/**
 * Copies an object coming out of asterisk-manager into a clean frame: own string keys only, prototype keys
 * dropped, non-string leaves dropped. Returns null (drop the frame) when a value is absurdly large.
 */
export function normalizeFrame(raw: unknown): AmiFrame | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out: Record<string, AmiValue> = {};
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.length > MAX_VALUE_LENGTH) return null;
      out[key] = v;
    } else if (Array.isArray(v)) {
      const strings = v.filter((x): x is string => typeof x === 'string');
      if (strings.some((s) => s.length > MAX_VALUE_LENGTH)) return null;
      out[key] = strings;
    } else if (v && typeof v === 'object') {
      const obj: Record<string, string> = {};
      for (const k of Object.keys(v)) {
        const inner = (v as Record<string, unknown>)[k];
        if (!FORBIDDEN_KEYS.has(k) && typeof inner === 'string' && inner.length <= MAX_VALUE_LENGTH) obj[k] = inner;
      }
      out[key] = obj;
    }
  }
  return out;
}

/** Serializes headers for the wire, refusing CR/LF/NUL anywhere (AMI header injection). */
export function serializeHeaders(headers: RawHeaders): string {
  let out = '';
  for (const [k, v] of headers) {
    assertSafeHeader(k, v);
    out += `${k}: ${v}\r\n`;
  }
  return `${out}\r\n`;
}

export class AmiHeaderInjectionError extends Error {
  constructor(public readonly header: string) {
    super(`AMI header "${header.replace(/[\r\n\0]/g, '?').slice(0, 40)}" contains CR, LF or NUL: refused (header injection)`);
    this.name = 'AmiHeaderInjectionError';
  }
}

const UNSAFE = /[\r\n\0]/;
export function assertSafeHeader(key: string, value: string): void {
  if (UNSAFE.test(key) || key.includes(':') || key.trim() === '') throw new AmiHeaderInjectionError(key);
  if (UNSAFE.test(value)) throw new AmiHeaderInjectionError(key);
}
