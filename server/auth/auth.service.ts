import type { AuthRepository, UserRow } from './auth.repository';
import type { AuditRepository } from '../audit/audit.repository';
import type { TokenClaims, TokenService } from './token';
import type { AuthUser } from './roles';
import type { LockoutPolicy, LoginThrottleRepository } from './login-throttle.repository';
import { hashPassword, verifyPassword } from './password';
import { isDemoPassword } from './demo-credentials';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../http/app-error';
import { newSipSecret, sipHa1 } from '../sip/sip-credentials';

// A hash to compare against when the username does not exist, so timing does not reveal which usernames exist.
const dummyHash = hashPassword('warmline-timing-equaliser');
const PRUNE_EVERY_MS = 3600_000;

export function toAuthUser(row: UserRow): AuthUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, extension: row.extension, locale: row.locale, mustChangePassword: row.mustChangePassword };
}

export interface AuthSession { user: AuthUser; claims: TokenClaims }

export interface AuthOptions {
  sipRealm: string;
  lockout: LockoutPolicy;
  /** Production refuses sign-ins with the published demo passwords (the start-up check refuses seeded accounts). */
  production: boolean;
}

export class AuthService {
  private lastPrune = 0;

  constructor(
    private readonly users: AuthRepository,
    private readonly audit: AuditRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleRepository,
    private readonly options: AuthOptions,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<{ token: string; user: AuthUser }> {
    const name = username.trim().toLowerCase().slice(0, 64);
    // Per-account guard before any password check: a locked name is refused without trying the password, so
    // rotating source addresses buys a guesser nothing.
    const verdict = await this.throttle.reserveAttempt(name, this.options.lockout);
    if (!verdict.allowed) {
      await this.audit.record({ userId: null, action: 'auth.login_locked', target: name, ip });
      throw new TooManyRequestsError('account-locked', `Too many failed sign-ins for this account; try again in ${verdict.retryAfterSeconds} s`, verdict.retryAfterSeconds);
    }
    this.pruneNowAndThen();
    const row = await this.users.findByUsername(name);
    const ok = row ? await verifyPassword(password, row.passwordHash) : (await verifyPassword(password, await dummyHash), false);
    if (!row || !ok || !row.active) {
      await this.audit.record({ userId: row?.id ?? null, action: 'auth.login_failed', target: username.slice(0, 64), ip });
      throw new UnauthorizedError('Wrong username or password');
    }
    await this.throttle.clear(name);
    if (this.options.production && isDemoPassword(password)) {
      await this.audit.record({ userId: row.id, action: 'auth.login_refused_demo_password', ip });
      throw new ForbiddenError('This account still has a published demo password; an administrator must set a new one');
    }
    const user = toAuthUser(row);
    await this.audit.record({ userId: user.id, action: 'auth.login', ip });
    return { token: this.tokens.sign(user), user };
  }

  /** Resolves a bearer token to a live, active user (a deactivated user's tokens stop working at once). */
  async authenticate(token: string | undefined): Promise<AuthUser | null> {
    return (await this.authenticateSession(token))?.user ?? null;
  }

  /** The user and the token's claims; null for a bad, expired or revoked token or an inactive user. */
  async authenticateSession(token: string | undefined): Promise<AuthSession | null> {
    if (!token) return null;
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const row = await this.users.findSession(claims.userId, claims.jti);
    if (!row || !row.active || row.revoked) return null;
    return { user: toAuthUser(row), claims };
  }

  /** Sign-out: the token is refused from now on, everywhere (every node reads the same table). */
  async logout(session: AuthSession, ip: string | null): Promise<void> {
    await this.users.revokeToken(session.claims.jti, session.user.id, session.claims.expiresAt);
    await this.audit.record({ userId: session.user.id, action: 'auth.logout', ip });
  }

  /** For <audio src>, which cannot send headers: a minutes-long link for one user and one call. */
  recordingLink(userId: number, callId: number): { url: string; expiresAt: Date } {
    const link = this.tokens.signRecordingLink(userId, callId);
    return { url: `/api/calls/${callId}/recording?link=${encodeURIComponent(link.token)}`, expiresAt: link.expiresAt };
  }

  /** The user a recording link speaks for, if it is for this call, unexpired, and the user is still active. */
  async authenticateRecordingLink(link: string, callId: number): Promise<AuthUser | null> {
    const claims = this.tokens.verifyRecordingLink(link);
    if (!claims || claims.callId !== callId) return null;
    const row = await this.users.findById(claims.userId);
    return row?.active ? toAuthUser(row) : null;
  }

  /** The socket sweep: which of these sessions still hold (active user, unchanged role, not revoked). */
  async liveSessions(sessions: Array<{ userId: number; jti: string }>): Promise<Array<{ id: number; role: AuthUser['role']; jti: string }>> {
    return this.users.liveSessions(sessions);
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
    if (!(await this.users.setSipDigest(userId, { realm: this.options.sipRealm, ha1: sipHa1(row.extension, this.options.sipRealm, secret) }))) return null;
    await this.audit.record({ userId: byUserId, action: 'user.sip_credentials_issued', target: String(userId), ip: null });
    return { extension: row.extension, secret };
  }

  async setLocale(userId: number, locale: string): Promise<AuthUser> {
    const row = await this.users.setLocale(userId, locale);
    if (!row) throw new UnauthorizedError();
    return toAuthUser(row);
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    void this.throttle.prune().catch(() => undefined);
  }
}
