import type { Database } from '../db/database';
import type { AuthUser, Role } from './roles';

export interface UserRow extends AuthUser { passwordHash: string; active: boolean; sipHa1: string | null }

/** Issued SIP digest credentials (server/sip/sip-credentials.ts). */
export interface SipDigest { realm: string; ha1: string }

export class AuthRepository {
  constructor(private readonly db: Database) {}

  private base() {
    return this.db.selectFrom('users').select([
      'id', 'username', 'display_name as displayName', 'role', 'extension', 'locale',
      'password_hash as passwordHash', 'active', 'sip_ha1 as sipHa1',
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

  async listActive(): Promise<UserRow[]> {
    return (await this.base().where('active', '=', true).orderBy('id').execute()) as UserRow[];
  }

  async create(input: { username: string; displayName: string; passwordHash: string; role: Role; extension?: string | null; sip?: SipDigest | null; locale?: string }): Promise<number> {
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
