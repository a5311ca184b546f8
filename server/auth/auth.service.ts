import type { AuthRepository, UserRow } from './auth.repository';
import type { AuditRepository } from '../audit/audit.repository';
import type { TokenService } from './token';
import type { AuthUser } from './roles';
import { hashPassword, verifyPassword } from './password';
import { UnauthorizedError } from '../http/app-error';
import { newSipSecret, sipHa1 } from '../sip/sip-credentials';

// A hash to compare against when the username does not exist, so timing does not reveal which usernames exist.
const dummyHash = hashPassword('warmline-timing-equaliser');

export function toAuthUser(row: UserRow): AuthUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, extension: row.extension, locale: row.locale };
}

export class AuthService {
  constructor(
    private readonly users: AuthRepository,
    private readonly audit: AuditRepository,
    private readonly tokens: TokenService,
    private readonly sipRealm: string,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<{ token: string; user: AuthUser }> {
    const row = await this.users.findByUsername(username.trim().toLowerCase());
    const ok = row ? await verifyPassword(password, row.passwordHash) : (await verifyPassword(password, await dummyHash), false);
    if (!row || !ok || !row.active) {
      await this.audit.record({ userId: row?.id ?? null, action: 'auth.login_failed', target: username.slice(0, 64), ip });
      throw new UnauthorizedError('Wrong username or password');
    }
    const user = toAuthUser(row);
    await this.audit.record({ userId: user.id, action: 'auth.login', ip });
    return { token: this.tokens.sign(user), user };
  }

  /** Resolves a bearer token to a live, active user (a deactivated user's tokens stop working at once). */
  async authenticate(token: string | undefined): Promise<AuthUser | null> {
    if (!token) return null;
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const row = await this.users.findById(claims.userId);
    if (!row || !row.active) return null;
    return toAuthUser(row);
  }

  /** What the browser softphone registers with: the extension and the digest HA1 (never a plaintext secret). */
  async sipCredentials(userId: number): Promise<{ extension: string; ha1: string } | null> {
    const row = await this.users.findById(userId);
    if (!row?.extension || !row.sipHa1) return null;
    return { extension: row.extension, ha1: row.sipHa1 };
  }

  /**
   * Issues new SIP credentials for a user with an extension (first issue or rotation): the PBX, reading the same
   * row through realtime, accepts only the new secret from its next challenge on. Returns the secret, once.
   */
  async issueSipCredentials(userId: number, byUserId: number | null): Promise<{ extension: string; secret: string } | null> {
    const row = await this.users.findById(userId);
    if (!row?.extension) return null;
    const secret = newSipSecret();
    if (!(await this.users.setSipDigest(userId, { realm: this.sipRealm, ha1: sipHa1(row.extension, this.sipRealm, secret) }))) return null;
    await this.audit.record({ userId: byUserId, action: 'user.sip_credentials_issued', target: String(userId), ip: null });
    return { extension: row.extension, secret };
  }

  async setLocale(userId: number, locale: string): Promise<AuthUser> {
    const row = await this.users.setLocale(userId, locale);
    if (!row) throw new UnauthorizedError();
    return toAuthUser(row);
  }
}
