import { Type, type Static } from '@sinclair/typebox';

// Issue #21: the managed lists (dispositions, pause reasons, refusal reasons, products). One shape for all four;
// the fields only one list has (a disposition's category, a product's kind and price) are optional.
export const LIST_NAMES = ['dispositions', 'pause-reasons', 'refusal-reasons', 'products'] as const;
export type ListName = (typeof LIST_NAMES)[number];
export const LIST_LOCALES = ['en', 'ru', 'mn', 'hi', 'id'] as const;
export const DISPOSITION_CATEGORIES = ['resolved', 'unresolved', 'sale', 'refusal', 'callback', 'no_contact', 'other'] as const;
export const PRODUCT_KINDS = ['product', 'service'] as const;
export const LABEL_MAX = 100;

const Label = Type.String({ minLength: 1, maxLength: LABEL_MAX });
/** A label per console language; an empty string in a change removes that language's label. */
const Labels = Type.Object(Object.fromEntries(LIST_LOCALES.map((l) => [l, Type.Optional(Type.String({ maxLength: LABEL_MAX }))])), { additionalProperties: false });
const Category = Type.Union(DISPOSITION_CATEGORIES.map((c) => Type.Literal(c)));
const Kind = Type.Union(PRODUCT_KINDS.map((c) => Type.Literal(c)));
const Price = Type.String({ pattern: '^[0-9]{1,10}(\\.[0-9]{1,2})?$', description: 'decimal, 2 places at most' });

export const ListItem = Type.Object({
  code: Type.String({ description: 'stable key; history refers to it (a product\'s SKU)' }),
  label: Type.String({ description: 'default label, shown where a language has none' }),
  labels: Type.Record(Type.String(), Type.String()),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
  system: Type.Boolean({ description: 'set by the server itself: can be relabelled, not retired or deleted' }),
  category: Type.Optional(Type.String()),
  id: Type.Optional(Type.Integer({ description: 'products: the id other records use' })),
  kind: Type.Optional(Type.String()),
  price: Type.Optional(Type.String()),
});
export type ListItem = Static<typeof ListItem>;

export const ListsReply = Type.Object({
  dispositions: Type.Array(ListItem), 'pause-reasons': Type.Array(ListItem), 'refusal-reasons': Type.Array(ListItem), products: Type.Array(ListItem),
});
export type ListsReply = Static<typeof ListsReply>;

export const ListParams = Type.Object({ list: Type.Union(LIST_NAMES.map((l) => Type.Literal(l))) });
export const ListItemParams = Type.Object({ list: Type.Union(LIST_NAMES.map((l) => Type.Literal(l))), code: Type.String({ minLength: 1, maxLength: 48 }) });

export const CreateListItemBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 48 }),
  label: Label,
  labels: Type.Optional(Labels),
  sortOrder: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
  category: Type.Optional(Category),
  kind: Type.Optional(Kind),
  price: Type.Optional(Price),
}, { additionalProperties: false });
export type CreateListItemBody = Static<typeof CreateListItemBody>;

export const UpdateListItemBody = Type.Object({
  label: Type.Optional(Label),
  labels: Type.Optional(Labels),
  active: Type.Optional(Type.Boolean()),
  sortOrder: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
  category: Type.Optional(Category),
  price: Type.Optional(Price),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateListItemBody = Static<typeof UpdateListItemBody>;

export const ReorderListBody = Type.Object({
  codes: Type.Array(Type.String({ minLength: 1, maxLength: 48 }), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'every code of the list, in the new order' }),
}, { additionalProperties: false });
