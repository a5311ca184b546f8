import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from './roles';

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  extension: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  /** The user must choose a new password (POST /api/auth/password) before anything else. */
  mustChangePassword: Type.Optional(Type.Boolean()),
});
export type UserView = Static<typeof UserView>;

export const LoginReply = Type.Object({ token: Type.String(), user: UserView });
export type LoginReply = Static<typeof LoginReply>;

export const SipCredentials = Type.Object({
  wssUrl: Type.String(),
  domain: Type.String(),
  extension: Type.String(),
  /** Digest HA1 = md5(extension:realm:secret): sip.js answers Asterisk's challenge with it (authorizationHa1). */
  ha1: Type.String({ pattern: '^[0-9a-f]{32}$' }),
});
export type SipCredentials = Static<typeof SipCredentials>;

/** A link <audio src> can play: one user, one call, valid for minutes (RECORDING_LINK_TTL_SECONDS). */
export const RecordingLinkBody = Type.Object({ callId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false });
export const RecordingLinkReply = Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });
export type RecordingLinkReply = Static<typeof RecordingLinkReply>;
