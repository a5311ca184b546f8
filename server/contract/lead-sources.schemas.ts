import { Type, type Static } from '@sinclair/typebox';

// Issue #21: lead (advertising) sources managed by an admin. The code is kept for ever (imports and filters name
// it); the name and channel can change; a source is deactivated rather than deleted.
export const LEAD_SOURCE_CODE = '^[a-z0-9_-]{1,64}$';
const Name = Type.String({ minLength: 1, maxLength: 120 });
const Channel = Type.String({ pattern: '^[a-z0-9_-]{1,32}$' });

export const CreateLeadSourceBody = Type.Object({
  code: Type.String({ pattern: LEAD_SOURCE_CODE }),
  name: Name,
  channel: Type.Optional(Channel),
}, { additionalProperties: false });
export type CreateLeadSourceBody = Static<typeof CreateLeadSourceBody>;

export const UpdateLeadSourceBody = Type.Object({
  name: Type.Optional(Name),
  channel: Type.Optional(Channel),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateLeadSourceBody = Static<typeof UpdateLeadSourceBody>;

export const LeadSourceParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const LeadSourcesQuery = Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
