import type { IncomingMessage } from 'node:http';

/**
 * Socket.IO origin check (allowRequest). Browsers always send Origin on a WebSocket or XHR from a page: the
 * console's own origin (same Host) and the ALLOWED_ORIGINS list pass, any other site is refused, so a page
 * elsewhere cannot open a socket in a signed-in user's browser. Non-browser clients send no Origin.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

// setTimeout takes at most 2^31-1 ms; a longer wait is cut short and re-armed by the periodic re-check anyway.
export function untilExpiry(expiresAt: Date, now = Date.now()): number {
  return Math.max(0, Math.min(2 ** 31 - 1, expiresAt.getTime() - now));
}

export const sessionRoom = (jti: string) => `session:${jti}`;
