// Limits every request is held to before any route sees it (server/http/input-guard.ts enforces them; the
// console can use them to refuse early). docs/SECURITY.md "Input limits" lists them with the other bounds.

/** Deepest nesting of objects and arrays in a JSON body. Segment rules need ~15, customer attributes a few. */
export const MAX_JSON_DEPTH = 32;
/** Dates and timestamps outside these years are refused: PostgreSQL has no year 0 and nothing here predates 1900. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** True when an ISO date or timestamp string starts with a year inside [MIN_YEAR, MAX_YEAR]. */
export function yearInRange(iso: string): boolean {
  const year = Number(/^(\d{4})-/.exec(iso)?.[1] ?? Number.NaN);
  return year >= MIN_YEAR && year <= MAX_YEAR;
}
