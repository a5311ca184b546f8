import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1 });
const IsoDate = Type.String({ format: 'date' });
const IsoTime = Type.String({ format: 'date-time' });
export const PHONE_KINDS = ['mobile', 'work', 'home', 'other'] as const;
export const CHANNELS = ['call', 'email', 'sms', 'messenger', 'visit', 'note'] as const;
export const MOODS = ['positive', 'neutral', 'negative'] as const;
const Enum = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const PhoneInput = Type.Object({
  number: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Optional(Enum(PHONE_KINDS)),
  primary: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const customerFields = {
  fullName: Type.String({ minLength: 1, maxLength: 200 }),
  company: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  region: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  leadSource: Type.Optional(Nullable(Type.String({ pattern: '^[a-z0-9_-]{1,64}$' }))),
  birthday: Type.Optional(Nullable(IsoDate)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, uniqueItems: true })),
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
  doNotCall: Type.Optional(Type.Boolean()),
  consentOutbound: Type.Optional(Type.Boolean()),
  phones: Type.Optional(Type.Array(PhoneInput, { maxItems: 10 })),
};

export const CreateCustomerBody = Type.Object({
  ...customerFields,
  /** Quick-create from an unknown caller's pop: links this call (and its interaction) to the new customer. */
  linkCallId: Type.Optional(Id),
}, { additionalProperties: false });
export type CreateCustomerBody = Static<typeof CreateCustomerBody>;

export const UpdateCustomerBody = Type.Partial(Type.Object(customerFields), { additionalProperties: false, minProperties: 1 });
export type UpdateCustomerBody = Static<typeof UpdateCustomerBody>;

export const CustomerView = Type.Object({
  id: Type.Integer(),
  fullName: Type.String(),
  company: Nullable(Type.String()),
  email: Nullable(Type.String()),
  region: Nullable(Type.String()),
  timezone: Type.String(),
  leadSource: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }), Type.Null()]),
  birthday: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  doNotCall: Type.Boolean(),
  consentOutbound: Type.Boolean(),
  totalSpend: Type.String(),
  acquiredAt: Type.String(),
  lastPurchaseAt: Nullable(Type.String()),
  lastContactAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  phones: Type.Array(Type.Object({ id: Type.Integer(), e164: Type.String(), kind: Type.String(), primary: Type.Boolean(),
    /** False when libphonenumber does not know the number (test or new range, short code): stored and matched anyway. */
    valid: Type.Boolean() })),
});
export type CustomerView = Static<typeof CustomerView>;

export const SORTS = ['name', 'created', 'total_spend', 'last_contact'] as const;
export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  leadSource: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,64}$' })),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  minSpend: Type.Optional(Type.Number({ minimum: 0 })),
  maxSpend: Type.Optional(Type.Number({ minimum: 0 })),
  hasOpenCase: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Enum(SORTS)),
  order: Type.Optional(Enum(['asc', 'desc'] as const)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  /** Keyset pagination: the nextCursor of the previous page (then offset is ignored). */
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type SearchQuery = Static<typeof SearchQuery>;

export const CustomerListItem = Type.Omit(CustomerView, ['attributes']);
export type CustomerListItem = Static<typeof CustomerListItem>;
export const SearchReply = Type.Object({
  items: Type.Array(CustomerListItem),
  total: Type.Integer(),
  nextCursor: Nullable(Type.String()),
});
export type SearchReply = Static<typeof SearchReply>;

export const IdParams = Type.Object({ id: Id });
export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const ImportReply = Type.Object({ dryRun: Type.Boolean(), rows: Type.Integer(), imported: Type.Integer(), importId: Type.Integer({ description: 'the import, as listed by GET /api/customer-imports' }) });

export const LeadSourceView = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), channel: Type.String(), active: Type.Boolean() });
export type LeadSourceView = Static<typeof LeadSourceView>;
export const ProductView = Type.Object({ id: Type.Integer(), sku: Type.String(), name: Type.String(), kind: Type.String(), price: Type.String(), active: Type.Boolean() });
export type ProductView = Static<typeof ProductView>;
export { Id, IsoTime, Enum, Nullable };
