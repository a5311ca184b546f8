import { randomBytes } from 'node:crypto';
import type { AuditRepository } from '../audit/audit.repository';
import type { AuthRepository } from '../auth/auth.repository';
import type { EventBus } from '../events/event-bus';
import { hashPassword, verifyPassword } from '../auth/password';
import { isDemoPassword } from '../auth/demo-credentials';
import { newSipSecret, sipHa1 } from '../sip/sip-credentials';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../http/app-error';
import type { AdminUserView, CreateUserBody, SipSecretReply, UpdateUserBody, UserListQuery } from '@contract/users.schemas';
import type { AdminUserRow, UserPatch, UsersRepository } from './users.repository';

/** Who made the change and from where: the audit row's who. */
export interface Actor { id: number; ip: string | null }

export interface UserChange {
  user: AdminUserView;
  temporaryPassword?: string;
  sip?: SipSecretReply;
  /** The user's open sockets must be closed now (deactivated, role changed, password reset). */
  cutSessions: boolean;
}

export function toAdminView(row: AdminUserRow): AdminUserView {
  return {
    id: Number(row.id), username: row.username, displayName: row.displayName, role: row.role, extension: row.extension,
    locale: row.locale, active: row.active, mustChangePassword: row.mustChangePassword,
    sipIssuedAt: row.sipRotatedAt ? row.sipRotatedAt.toISOString() : null, createdAt: row.createdAt.toISOString(),
  };
}

// What the audit row keeps of a user: never a hash or a secret.
const snapshot = (v: AdminUserView) => ({
  username: v.username, displayName: v.displayName, role: v.role, extension: v.extension, locale: v.locale,
  active: v.active, mustChangePassword: v.mustChangePassword, sipIssuedAt: v.sipIssuedAt,
});

/** 16 characters a person can read out over the phone once; the owner must replace it at first login. */
function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

function checkChosenPassword(password: string, username: string): void {
  if (isDemoPassword(password)) throw new ValidationError('This password is published with Warmline; choose another', { field: 'password', reason: 'published' });
  if (password.normalize('NFKC').trim().toLowerCase() === username) throw new ValidationError('The password must not be the user name', { field: 'password', reason: 'username' });
}

function uniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint_name?: string; constraint?: string };
  if (e?.code === '23505') {
    const constraint = e.constraint_name ?? e.constraint ?? '';
    if (constraint.includes('extension')) throw new ConflictError('extension-taken', 'Another user has this extension');
    if (constraint.includes('username')) throw new ConflictError('username-taken', 'Another user has this user name');
  }
  throw err;
}

// User administration (issue #21): create, edit, deactivate, reset passwords, issue SIP credentials. Every change
// writes an audit row with who, what, before and after. The PBX follows the same rows: Asterisk reads the
// ps_* views over the users table (migration 0015) and migration 0032's trigger announces each change, on which
// server/sip/sip-account-sync.ts refreshes the PBX's caches, so there is nothing to push from here.
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly auth: AuthRepository,
    private readonly audit: AuditRepository,
    private readonly options: { sipRealm: string },
    private readonly bus?: EventBus,
  ) {}

  async list(query: UserListQuery): Promise<AdminUserView[]> {
    return (await this.repo.list(query)).map(toAdminView);
  }

  async get(id: number): Promise<AdminUserView> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError('user', id);
    return toAdminView(row);
  }

  async create(input: CreateUserBody, actor: Actor): Promise<UserChange> {
    const generated = input.password === undefined ? temporaryPassword() : undefined;
    const password = input.password ?? generated!;
    checkChosenPassword(password, input.username);
    const extension = input.extension ?? null;
    const secret = extension ? newSipSecret() : null;
    const id = await this.auth.create({
      username: input.username, displayName: input.displayName.trim(), role: input.role, extension,
      passwordHash: await hashPassword(password), locale: input.locale ?? 'en', mustChangePassword: true,
      sip: extension && secret ? { realm: this.options.sipRealm, ha1: sipHa1(extension, this.options.sipRealm, secret) } : null,
    }).catch(uniqueViolation);
    const user = await this.get(id);
    await this.record(actor, 'user.created', id, null, user);
    return { user, temporaryPassword: generated, sip: extension && secret ? { extension, secret } : undefined, cutSessions: false };
  }

  async update(id: number, body: UpdateUserBody, actor: Actor): Promise<UserChange> {
    const before = await this.get(id);
    if (id === actor.id && (body.active === false || (body.role !== undefined && body.role !== 'admin'))) {
      throw new ConflictError('cannot-change-self', 'An administrator cannot deactivate or demote their own account');
    }
    const patch: UserPatch = {};
    if (body.displayName !== undefined) patch.displayName = body.displayName.trim();
    if (body.role !== undefined) patch.role = body.role;
    if (body.locale !== undefined) patch.locale = body.locale;
    if (body.active !== undefined) patch.active = body.active;
    let sip: SipSecretReply | undefined;
    if (body.extension !== undefined && body.extension !== before.extension) {
      patch.extension = body.extension;
      // The digest is bound to the extension (HA1 = md5(extension:realm:secret)): a new extension needs new credentials.
      if (body.extension) {
        const secret = newSipSecret();
        patch.sip = { realm: this.options.sipRealm, ha1: sipHa1(body.extension, this.options.sipRealm, secret) };
        sip = { extension: body.extension, secret };
      } else {
        patch.sip = null;
      }
    }
    const row = await this.repo.update(id, patch).catch(uniqueViolation);
    if (!row) throw new NotFoundError('user', id);
    const user = toAdminView(row);
    const action = before.active && !user.active ? 'user.deactivated' : !before.active && user.active ? 'user.reactivated' : 'user.updated';
    await this.record(actor, action, id, before, user);
    // The agent leaves the PBX's queues (migration 0070's trigger, queue-member-sync.ts) and is signed off (agents).
    if (action === 'user.deactivated') this.bus?.publish('user.deactivated', { userId: id });
    const cutSessions = (before.active && !user.active) || before.role !== user.role;
    return { user, sip, cutSessions };
  }

  /** An administrator sets a new password (given or generated); the owner must change it at the next sign-in. */
  async resetPassword(id: number, password: string | undefined, actor: Actor): Promise<UserChange> {
    const before = await this.get(id);
    const generated = password === undefined ? temporaryPassword() : undefined;
    const chosen = password ?? generated!;
    checkChosenPassword(chosen, before.username);
    const row = await this.repo.update(id, { passwordHash: await hashPassword(chosen), mustChangePassword: true });
    if (!row) throw new NotFoundError('user', id);
    const user = toAdminView(row);
    await this.record(actor, 'user.password_reset', id, before, user);
    return { user, temporaryPassword: generated, cutSessions: id !== actor.id };
  }

  /** New SIP credentials for a user with an extension; the secret is returned once and kept only as HA1. */
  async rotateSip(id: number, actor: Actor): Promise<SipSecretReply> {
    const before = await this.get(id);
    if (!before.extension) throw new ConflictError('no-extension', 'This user has no extension, so no SIP account');
    const secret = newSipSecret();
    const row = await this.repo.update(id, { sip: { realm: this.options.sipRealm, ha1: sipHa1(before.extension, this.options.sipRealm, secret) } });
    if (!row) throw new NotFoundError('user', id);
    await this.record(actor, 'user.sip_rotated', id, before, toAdminView(row));
    return { extension: before.extension, secret };
  }

  /** The user's own change: proves the current password, clears a forced change. */
  async changeOwnPassword(userId: number, current: string, next: string, ip: string | null): Promise<AdminUserView> {
    const before = await this.get(userId);
    const hash = await this.repo.passwordHash(userId);
    if (!hash || !(await verifyPassword(current, hash))) {
      await this.audit.record({ userId, action: 'user.password_change_failed', target: String(userId), ip });
      throw new UnauthorizedError('The current password is wrong');
    }
    checkChosenPassword(next, before.username);
    if (next === current) throw new ValidationError('The new password must differ from the current one', { field: 'newPassword', reason: 'same' });
    const row = await this.repo.update(userId, { passwordHash: await hashPassword(next), mustChangePassword: false });
    const user = toAdminView(row!);
    await this.record({ id: userId, ip }, 'user.password_changed', userId, before, user);
    return user;
  }

  private async record(actor: Actor, action: string, target: number, before: AdminUserView | null, after: AdminUserView): Promise<void> {
    await this.audit.record({
      userId: actor.id, action, target: String(target), ip: actor.ip,
      details: { before: before ? snapshot(before) : null, after: snapshot(after) },
    });
  }
}
