import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from './roles';

// User administration (issue #21): admin-only routes under /api/users, and the user's own password change.

export const LOCALES = ['en', 'ru', 'mn', 'hi', 'id'] as const;
const Locale = Type.Union(LOCALES.map((l) => Type.Literal(l)));
const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Extension = Type.String({ pattern: '^[0-9]{2,10}$' });
/** What a person may choose: 12 to 256 characters (published demo passwords are refused by the service). */
export const NewPassword = Type.String({ minLength: 12, maxLength: 256 });

export const AdminUserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  extension: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  /** When the SIP credentials were last issued; null when the user has none (no extension). */
  sipIssuedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type AdminUserView = Static<typeof AdminUserView>;

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type UserListQuery = Static<typeof UserListQuery>;
export const UserListReply = Type.Object({ users: Type.Array(AdminUserView) });
export type UserListReply = Static<typeof UserListReply>;

/** A SIP secret, shown once: the browser softphone needs none (it uses HA1), a desk phone is configured with it. */
export const SipSecretReply = Type.Object({ extension: Type.String(), secret: Type.String() });
export type SipSecretReply = Static<typeof SipSecretReply>;

export const CreateUserBody = Type.Object({
  username: Type.String({ pattern: '^[a-z0-9._-]{2,64}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  role: RoleSchema,
  extension: Type.Optional(Type.Union([Extension, Type.Null()])),
  locale: Type.Optional(Locale),
  /** The first password; generated (and shown once) when omitted. Either way it must be changed at first login. */
  password: Type.Optional(NewPassword),
}, { additionalProperties: false });
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UserChangeReply = Type.Object({
  user: AdminUserView,
  /** Only when the server generated it: shown once. */
  temporaryPassword: Type.Optional(Type.String()),
  /** Only when new SIP credentials were issued (a new extension): shown once. */
  sip: Type.Optional(SipSecretReply),
});
export type UserChangeReply = Static<typeof UserChangeReply>;

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  role: Type.Optional(RoleSchema),
  extension: Type.Optional(Type.Union([Extension, Type.Null()])),
  locale: Type.Optional(Locale),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const ResetPasswordBody = Type.Object({ password: Type.Optional(NewPassword) }, { additionalProperties: false });
export const ResetPasswordReply = Type.Object({ user: AdminUserView, temporaryPassword: Type.Optional(Type.String()) });
export type ResetPasswordReply = Static<typeof ResetPasswordReply>;

export const ChangePasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: NewPassword,
}, { additionalProperties: false });
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
