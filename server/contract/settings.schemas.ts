import { Type, type Static } from '@sinclair/typebox';

// Call-center settings an administrator changes in the console (issue #21). Each applies on every node without a
// restart; a setting never changed has the server's configured value (server/config.ts).

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
/** ISO weekdays 1 (Monday) to 7 (Sunday), like the campaigns' calling windows. */
export const BusinessWindow = Type.Object({
  days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
  start: Time,
  end: Time,
}, { additionalProperties: false });
export type BusinessWindow = Static<typeof BusinessWindow>;

export const SettingsView = Type.Object({
  /** Seconds an agent has for the wrap-up after a call (a queue may set its own). */
  wrapupSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  /** Answered within this many seconds counts as within the service level (calls of no queue; queues set their own). */
  serviceLevelSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
  /** Rings let go in a row before the agent is paused as 'missed'; 0: never. */
  missedOffersBeforePause: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Grace period: seconds the agent's last console may stay closed before the agent is paused as 'away'. */
  consoleAwaySeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
  /** When the call center is open; new campaigns start with these calling windows. */
  businessHours: Type.Array(BusinessWindow, { maxItems: 14 }),
  /** Dates (YYYY-MM-DD, in the campaign's time zone) on which no campaign calls. */
  holidays: Type.Array(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }), { maxItems: 366, uniqueItems: true }),
  /** ISO 3166 country of numbers written without a country code (libphonenumber's region); env DEFAULT_REGION until set. */
  defaultRegion: Type.String({ pattern: '^[A-Z]{2}$' }),
  /** IANA time zone of customers without one, reports and the wallboard's day; env DEFAULT_TIMEZONE until set. */
  defaultTimezone: Type.String({ minLength: 1, maxLength: 64 }),
});
export type SettingsView = Static<typeof SettingsView>;

export const SettingsPatch = Type.Partial(SettingsView, { additionalProperties: false, minProperties: 1 });
export type SettingsPatch = Static<typeof SettingsPatch>;
