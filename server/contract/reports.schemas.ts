import { Type, type Static } from '@sinclair/typebox';

// Query strings. groupBy/by/kind/period are plain strings checked by the service so that a wrong value gets a
// message naming the allowed values.
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }));
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Tz = Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; default config.defaultTimezone' }));

export const OperationalQuery = Type.Object({
  from: Day('first local day, inclusive'),
  to: Day('last local day, inclusive'),
  groupBy: Type.Optional(Type.String({ description: 'queue | agent | hour | day | disposition (default queue)' })),
  queue: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('internal')])),
  tz: Tz,
  format: Format,
});
export type OperationalQuery = Static<typeof OperationalQuery>;

export const LeadSourcesQuery = Type.Object({
  from: Type.Optional(Day('acquired from (local day)')), to: Type.Optional(Day('acquired to (local day, inclusive)')), tz: Tz, format: Format,
});
export const SegmentsQuery = Type.Object({
  by: Type.Optional(Type.String({ description: 'tag | region | lead_source | saved (default tag)' })), format: Format,
});
export const CampaignsQuery = Type.Object({
  campaignId: Type.Optional(Type.Integer({ minimum: 1 })),
  table: Type.Optional(Type.Union([Type.Literal('campaigns'), Type.Literal('refusal_reasons')], { description: 'which table a CSV export holds' })),
  format: Format,
});
export const CasesQuery = Type.Object({
  from: Day('opened from (local day)'), to: Day('opened to (local day, inclusive)'), tz: Tz,
  period: Type.Optional(Type.String({ description: 'day | week | month (default month)' })),
  kind: Type.Optional(Type.Union([Type.Literal('complaint'), Type.Literal('service_request'), Type.Literal('information_request')])),
  format: Format,
});
export const DueContactsQuery = Type.Object({
  kind: Type.Optional(Type.String({ description: 'birthday | lapsed (default birthday)' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'birthdays in the next N days, today included (default 7)' })),
  lapsedDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'last purchase older than X days (default 180)' })),
  minSpend: Type.Optional(Type.Number({ minimum: 0, description: 'lifetime spend above Y (default 0)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  tz: Tz,
  format: Format,
});
