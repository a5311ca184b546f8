import { Type, type Static } from '@sinclair/typebox';

// The audit log browser (issue #21), admins only: it holds every user's changes with before and after. Action exact
// or a prefix ending in '.' or '*', who acted, on what, when; beforeId pages back through older rows.
export const AuditQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  userId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  target: Type.Optional(Type.String({ maxLength: 128 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  beforeId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
});
export type AuditQuery = Static<typeof AuditQuery>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A row of GET /api/audit, newest first; an admin change's details are { before, after }. */
export const AuditRowView = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  user_id: Type.Union([Type.Integer(), Type.Null()]),
  /** The actor's username (null for a system action or a deleted user). */
  username: NullableString,
  action: Type.String(),
  target: NullableString,
  ip: NullableString,
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'what the action recorded; an admin change has before and after' }),
});
export type AuditRowView = Static<typeof AuditRowView>;

export const AuditListReply = Type.Array(AuditRowView);
export type AuditListReply = Static<typeof AuditListReply>;
