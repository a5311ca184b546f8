import type { AuthRepository } from './auth.repository';
import { verifyPassword } from './password';
import { DEMO_PASSWORD, DEMO_USERS } from '../db/seed';

// Passwords published with Warmline (the demo seed, the README) or trivially guessed for its accounts.
const PUBLISHED_PASSWORDS: readonly string[] = [DEMO_PASSWORD, 'admin', 'password', 'changeme', 'change-me'];

export function isDemoPassword(password: string): boolean {
  return PUBLISHED_PASSWORDS.includes(password.normalize('NFKC').trim().toLowerCase());
}

export class DemoCredentialsError extends Error {
  constructor(public readonly usernames: string[]) {
    super(`Refusing to start in production: active account(s) ${usernames.join(', ')} still have a published demo password. `
      + 'Set new passwords (or deactivate the accounts) before starting with NODE_ENV=production.');
    this.name = 'DemoCredentialsError';
  }
}

/**
 * Production start-up check: the seeded demo accounts (admin/warmline ...) must not be usable. Checks the demo
 * user names against the published passwords, then every active user sharing one of the matching hashes (the
 * seed gives all demo users one salt and hash, and a copied hash is the same password).
 */
export async function refuseDemoAccounts(users: AuthRepository): Promise<void> {
  const offenders = new Set<string>();
  const demoHashes = new Set<string>();
  for (const demo of DEMO_USERS) {
    const row = await users.findByUsername(demo.username);
    if (!row?.active) continue;
    if (demoHashes.has(row.passwordHash)) { offenders.add(row.username); continue; }
    for (const password of PUBLISHED_PASSWORDS) {
      if (await verifyPassword(password, row.passwordHash)) {
        offenders.add(row.username);
        demoHashes.add(row.passwordHash);
        break;
      }
    }
  }
  for (const row of await users.listActiveWithHashes([...demoHashes])) offenders.add(row.username);
  if (offenders.size > 0) throw new DemoCredentialsError([...offenders].sort());
}
