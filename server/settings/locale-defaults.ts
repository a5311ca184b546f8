// The default phone region (numbers written without +country) and the default time zone (customers without one,
// reports and the wallboard's "today"). Admin → Settings may change both (issue #21); a setting never changed is
// the server's configuration (DEFAULT_REGION / DEFAULT_TIMEZONE, read by config.ts only). Readers ask at each use,
// so a change applies on every node from the next number parsed or day computed.
export interface LocaleDefaults {
  region(): string;
  timezone(): string;
}

/** Fixed defaults, for code built without the settings service (benches, unit tests). */
export function fixedLocaleDefaults(region: string, timezone: string): LocaleDefaults {
  return { region: () => region, timezone: () => timezone };
}
