import { randomUUID } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';
import type { AuthUser, Role } from './roles';
import { ROLES } from './roles';

/** What a verified session token says; jti names it for revocation (logout), exp ends it (sockets too). */
export interface TokenClaims { userId: number; role: Role; jti: string; expiresAt: Date }

/** A recording link's token: one user, one call, minutes long; never accepted as a session token. */
export interface RecordingLinkClaims { userId: number; callId: number; expiresAt: Date }

export interface TokenService {
  sign(user: AuthUser): string;
  verify(token: string): TokenClaims | null;
  signRecordingLink(userId: number, callId: number): { token: string; expiresAt: Date };
  verifyRecordingLink(token: string): RecordingLinkClaims | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Distinct audiences: a recording link (it travels in a URL, so it may leak into a proxy log or a browser history)
// can never be used as a session token, and a session token is never accepted in a URL.
const SESSION = 'warmline-session';
const RECORDING = 'warmline-recording';

export function createTokenService(secret: string, ttlSeconds: number, recordingLinkTtlSeconds = 900): TokenService {
  const common = { key: secret, algorithm: 'HS256' as const, iss: 'warmline' };
  const signer = createSigner({ ...common, expiresIn: ttlSeconds * 1000, aud: SESSION });
  const linkSigner = createSigner({ ...common, expiresIn: recordingLinkTtlSeconds * 1000, aud: RECORDING });
  const verifier = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: 'warmline', allowedAud: SESSION, cache: 1000 });
  const linkVerifier = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: 'warmline', allowedAud: RECORDING, cache: 1000 });
  return {
    sign: (user) => signer({ sub: String(user.id), role: user.role, jti: randomUUID() }),
    verify(token) {
      try {
        const payload = verifier(token) as { sub?: string; role?: string; jti?: unknown; exp?: unknown };
        const userId = Number(payload.sub);
        if (!Number.isSafeInteger(userId) || !ROLES.includes(payload.role as Role)) return null;
        if (typeof payload.jti !== 'string' || !UUID.test(payload.jti) || typeof payload.exp !== 'number') return null;
        return { userId, role: payload.role as Role, jti: payload.jti, expiresAt: new Date(payload.exp * 1000) };
      } catch {
        return null;
      }
    },
    signRecordingLink(userId, callId) {
      const token = linkSigner({ sub: String(userId), call: callId });
      return { token, expiresAt: new Date(Date.now() + recordingLinkTtlSeconds * 1000) };
    },
    verifyRecordingLink(token) {
      try {
        const payload = linkVerifier(token) as { sub?: string; call?: unknown; exp?: unknown };
        const userId = Number(payload.sub);
        if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(payload.call) || typeof payload.exp !== 'number') return null;
        return { userId, callId: payload.call as number, expiresAt: new Date(payload.exp * 1000) };
      } catch {
        return null;
      }
    },
  };
}
