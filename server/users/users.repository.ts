import type { Database } from '../db/database';
import type { Role } from '../auth/roles';

export interface AdminUserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  locale: string;
  active: boolean;
  mustChangePassword: boolean;
  sipRotatedAt: Date | null;
  createdAt: Date;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  extension?: string | null;
  locale?: string;
  active?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
  /** New digest credentials, or null to drop them (no extension). */
  sip?: { realm: string; ha1: string } | null;
}

// The administrator's view of the users table (server/users). Authentication reads the same rows through
// server/auth/auth.repository.ts.
export class UsersRepository {
  constructor(private readonly db: Database) {}

  private base() {
    return this.db.selectFrom('users').select([
      'id', 'username', 'display_name as displayName', 'role', 'extension', 'locale', 'active',
      'must_change_password as mustChangePassword', 'sip_rotated_at as sipRotatedAt', 'created_at as createdAt',
    ]);
  }

  async list(filter: { q?: string; role?: Role; active?: boolean }): Promise<AdminUserRow[]> {
    let q = this.base().orderBy('username').limit(1000);
    if (filter.role) q = q.where('role', '=', filter.role);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active);
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like), eb('extension', 'like', like)]));
    }
    return (await q.execute()) as AdminUserRow[];
  }

  async findById(id: number): Promise<AdminUserRow | undefined> {
    return (await this.base().where('id', '=', id).executeTakeFirst()) as AdminUserRow | undefined;
  }

  async passwordHash(id: number): Promise<string | undefined> {
    return (await this.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash;
  }

  async update(id: number, patch: UserPatch): Promise<AdminUserRow | undefined> {
    const set: Record<string, unknown> = { updated_at: new Date() };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.extension !== undefined) set.extension = patch.extension;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    if (patch.mustChangePassword !== undefined) set.must_change_password = patch.mustChangePassword;
    if (patch.sip !== undefined) {
      set.sip_realm = patch.sip?.realm ?? null;
      set.sip_ha1 = patch.sip?.ha1 ?? null;
      set.sip_rotated_at = patch.sip ? new Date() : null;
    }
    await this.db.updateTable('users').set(set as never).where('id', '=', id).execute();
    return this.findById(id);
  }

  async markMustChange(id: number): Promise<void> {
    await this.db.updateTable('users').set({ must_change_password: true }).where('id', '=', id).execute();
  }
}
