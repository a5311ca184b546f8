import { createSigner, createVerifier } from 'fast-jwt';
import type { AuthUser, Role } from './roles';
import { ROLES } from './roles';

export interface TokenService {
  sign(user: AuthUser): string;
  verify(token: string): { userId: number; role: Role } | null;
}

export function createTokenService(secret: string, ttlSeconds: number): TokenService {
  const signer = createSigner({ key: secret, expiresIn: ttlSeconds * 1000, algorithm: 'HS256', iss: 'warmline' });
  const verifier = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: 'warmline', cache: 1000 });
  return {
    sign: (user) => signer({ sub: String(user.id), role: user.role }),
    verify(token) {
      try {
        const payload = verifier(token) as { sub?: string; role?: string };
        const userId = Number(payload.sub);
        if (!Number.isSafeInteger(userId) || !ROLES.includes(payload.role as Role)) return null;
        return { userId, role: payload.role as Role };
      } catch {
        return null;
      }
    },
  };
}
