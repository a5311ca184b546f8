import type { Database } from '../db/database';
import type { AuthUser, Role } from './roles';

export interface UserRow extends AuthUser { passwordHash: string; active: boolean; sipHa1: string | null; mustChangePassword: boolean }

/** Issued SIP digest credentials (server/sip/sip-credentials.ts). */
export interface SipDigest { realm: string; ha1: string }

export class AuthRepository {
  constructor(private readonly db: Database) {}

  private base() {
    return this.db.selectFrom('users').select([
      'id', 'username', 'display_name as displayName', 'role', 'extension', 'locale',
      'password_hash as passwordHash', 'active', 'sip_ha1 as sipHa1', 'must_change_password as mustChangePassword',
    ]);
  }

  async findByUsername(username: string): Promise<UserRow | undefined> {
    return (await this.base().where('username', '=', username).executeTakeFirst()) as UserRow | undefined;
  }

  async findById(id: number): Promise<UserRow | undefined> {
    return (await this.base().where('id', '=', id).executeTakeFirst()) as UserRow | undefined;
  }

  async findByExtension(extension: string): Promise<UserRow | undefined> {
    return (await this.base().where('extension', '=', extension).executeTakeFirst()) as UserRow | undefined;
  }

  /** The user behind a session token, with whether that token was revoked (logout), in one round trip. */
  async findSession(id: number, jti: string): Promise<(UserRow & { revoked: boolean }) | undefined> {
    const row = await this.base().where('id', '=', id)
      .select((eb) => eb.exists(eb.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti)).as('revoked'))
      .executeTakeFirst();
    return row as (UserRow & { revoked: boolean }) | undefined;
  }

  async revokeToken(jti: string, userId: number, expiresAt: Date): Promise<void> {
    await this.db.insertInto('revoked_tokens').values({ jti, user_id: userId, expires_at: expiresAt })
      .onConflict((oc) => oc.column('jti').doNothing()).execute();
    // Past its expiry a token is refused anyway: its revocation row is dead weight.
    await this.db.deleteFrom('revoked_tokens').where('expires_at', '<', new Date()).execute();
  }

  /** For the socket sweep: which of these sessions are still good (user active, same role, token not revoked). */
  async liveSessions(sessions: Array<{ userId: number; jti: string }>): Promise<Array<{ id: number; role: Role; jti: string }>> {
    if (sessions.length === 0) return [];
    const ids = [...new Set(sessions.map((s) => s.userId))];
    const jtis = [...new Set(sessions.map((s) => s.jti))];
    const [users, revoked] = await Promise.all([
      this.db.selectFrom('users').select(['id', 'role']).where('id', 'in', ids).where('active', '=', true).execute(),
      this.db.selectFrom('revoked_tokens').select('jti').where('jti', 'in', jtis).execute(),
    ]);
    const role = new Map(users.map((u) => [Number(u.id), u.role as Role]));
    const dead = new Set(revoked.map((r) => r.jti));
    return sessions.filter((s) => role.has(s.userId) && !dead.has(s.jti)).map((s) => ({ id: s.userId, role: role.get(s.userId)!, jti: s.jti }));
  }

  async listActiveWithHashes(hashes: string[]): Promise<UserRow[]> {
    if (hashes.length === 0) return [];
    return (await this.base().where('active', '=', true).where('password_hash', 'in', hashes).execute()) as UserRow[];
  }

  async setPassword(username: string, passwordHash: string): Promise<boolean> {
    const res = await this.db.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() })
      .where('username', '=', username).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async listActive(): Promise<UserRow[]> {
    return (await this.base().where('active', '=', true).orderBy('id').execute()) as UserRow[];
  }

  async create(input: { username: string; displayName: string; passwordHash: string; role: Role; extension?: string | null; sip?: SipDigest | null; locale?: string; mustChangePassword?: boolean }): Promise<number> {
    const row = await this.db.insertInto('users').values({
      username: input.username,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      role: input.role,
      extension: input.extension ?? null,
      sip_realm: input.sip?.realm ?? null,
      sip_ha1: input.sip?.ha1 ?? null,
      sip_rotated_at: input.sip ? new Date() : null,
      locale: input.locale ?? 'en',
      must_change_password: input.mustChangePassword ?? false,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async setSipDigest(id: number, digest: SipDigest): Promise<boolean> {
    const res = await this.db.updateTable('users')
      .set({ sip_realm: digest.realm, sip_ha1: digest.ha1, sip_rotated_at: new Date(), updated_at: new Date() })
      .where('id', '=', id).where('extension', 'is not', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async setLocale(id: number, locale: string): Promise<UserRow | undefined> {
    await this.db.updateTable('users').set({ locale, updated_at: new Date() }).where('id', '=', id).execute();
    return this.findById(id);
  }
}
