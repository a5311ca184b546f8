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

// A lead source's advertising cost per calendar month (table lead_source_costs, migration 0002): what the analytical
// report "which source brings customers worth their cost" sets against the customers' revenue.
export const COST_MONTH = '^[0-9]{4}-(0[1-9]|1[0-2])$';
export const COST_AMOUNT = '^[0-9]{1,12}(\\.[0-9]{1,2})?$';
export const LeadSourceCostView = Type.Object({
  leadSourceId: Type.Integer(),
  code: Type.String(),
  month: Type.String({ pattern: COST_MONTH, description: 'YYYY-MM' }),
  amount: Type.String({ description: 'money as a decimal string, two decimals' }),
});
export type LeadSourceCostView = Static<typeof LeadSourceCostView>;
export const LeadSourceCostsQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: COST_MONTH, description: 'first month, YYYY-MM' })),
  to: Type.Optional(Type.String({ pattern: COST_MONTH, description: 'last month, YYYY-MM' })),
}, { additionalProperties: false });
export type LeadSourceCostsQuery = Static<typeof LeadSourceCostsQuery>;
export const LeadSourceCostParams = Type.Object({ id: Type.Integer({ minimum: 1 }), month: Type.String({ pattern: COST_MONTH }) });
export const SetLeadSourceCostBody = Type.Object({
  amount: Type.String({ pattern: COST_AMOUNT, description: 'e.g. "1250.50"; at most 12 digits and 2 decimals, not negative' }),
}, { additionalProperties: false });
export type SetLeadSourceCostBody = Static<typeof SetLeadSourceCostBody>;
