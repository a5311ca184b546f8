import type postgres from 'postgres';
import { Value } from '@sinclair/typebox/value';
import type { AuditRepository } from '../audit/audit.repository';
import type { Logger } from '../logger';
import { ValidationError } from '../http/app-error';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { SettingsView, type SettingsPatch } from '@contract/settings.schemas';
import type { SettingsRepository } from './settings.repository';

export const SETTINGS_CHANNEL = 'warmline_settings';

/** A region libphonenumber knows, a time zone Intl knows (what config.ts checks of the environment's); else true. */
function known(name: keyof SettingsView, v: unknown): boolean {
  if (name === 'defaultRegion') return getCountries().includes(v as CountryCode);
  if (name !== 'defaultTimezone') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v as string });
    return true;
  } catch {
    return false;
  }
}

/** The settings table's key of each setting. */
const KEYS: Record<keyof SettingsView, string> = {
  wrapupSeconds: 'wrapup_seconds', serviceLevelSeconds: 'service_level_seconds', missedOffersBeforePause: 'missed_offers_before_pause',
  consoleAwaySeconds: 'console_away_seconds', businessHours: 'business_hours', holidays: 'holidays',
  defaultRegion: 'default_region', defaultTimezone: 'default_timezone',
};
const NAMES = Object.keys(KEYS) as Array<keyof SettingsView>;

// Call-center settings (issue #21): wrap-up time, service level, missed-ring policy, console grace period, business
// hours and holidays, default phone region and time zone (server/settings/locale-defaults.ts). What reads them asks current() each time, so a change applies from the next use; every node
// reads the rows again when migration 0070's trigger announces a change (LISTEN, started by runtime.ts), and the
// node that made it at once. A setting without a row has the server's configured value (the defaults given here).
export class SettingsService {
  private values: SettingsView;

  constructor(private readonly repo: SettingsRepository, private readonly audit: AuditRepository, private readonly defaults: SettingsView,
    private readonly log: Logger) {
    this.values = { ...defaults };
  }

  current(): SettingsView {
    return this.values;
  }

  async reload(): Promise<SettingsView> {
    const rows = await this.repo.all();
    const next: Record<string, unknown> = { ...this.defaults };
    for (const name of NAMES) {
      const v = rows[KEYS[name]];
      if (v === undefined) continue;
      // A row written by hand that does not fit is ignored rather than breaking every reader.
      if (Value.Check(SettingsView.properties[name], v) && known(name, v)) next[name] = v;
      else this.log.warn({ key: KEYS[name] }, 'setting ignored: stored value does not fit its schema');
    }
    this.values = next as SettingsView;
    return this.values;
  }

  async update(patch: SettingsPatch, actor: { id: number; ip: string | null }): Promise<SettingsView> {
    for (const w of patch.businessHours ?? []) {
      if (w.start === w.end) throw new ValidationError('Business hours cannot start and end at the same time', { field: 'businessHours', reason: 'same-times', window: w });
    }
    if (patch.defaultRegion !== undefined && !known('defaultRegion', patch.defaultRegion)) {
      throw new ValidationError('Not a country code known to the phone number library', { field: 'defaultRegion', value: patch.defaultRegion });
    }
    if (patch.defaultTimezone !== undefined && !known('defaultTimezone', patch.defaultTimezone)) {
      throw new ValidationError('Not an IANA time zone', { field: 'defaultTimezone', value: patch.defaultTimezone });
    }
    const before = await this.reload();
    const changed = NAMES.filter((n) => patch[n] !== undefined && JSON.stringify(patch[n]) !== JSON.stringify(before[n]));
    if (changed.length === 0) return before;
    const values = Object.fromEntries(changed.map((n) => [KEYS[n], n === 'holidays' ? [...patch.holidays!].sort() : patch[n]]));
    await this.repo.put(values, actor.id);
    const after = await this.reload();
    await this.audit.record({ userId: actor.id, action: 'settings.updated', target: 'settings', ip: actor.ip,
      details: { before: Object.fromEntries(changed.map((n) => [n, before[n]])), after: Object.fromEntries(changed.map((n) => [n, after[n]])) } });
    return after;
  }

  /** Reads the rows now and again on every change announcement; returns the stop function. */
  start(sql: postgres.Sql): () => Promise<void> {
    let stopped = false;
    let listening: { unlisten(): Promise<void> } | null = null;
    const reload = () => { void this.reload().catch((err: unknown) => this.log.warn({ err }, 'settings not reloaded')); };
    reload();
    // postgres.js listens again after a lost connection; onlisten then reloads what may have changed meanwhile.
    sql.listen(SETTINGS_CHANNEL, reload, reload).then((l) => {
      if (stopped) void l.unlisten().catch(() => undefined);
      else listening = l;
    }, (err: unknown) => this.log.warn({ err }, 'cannot LISTEN for settings changes; they apply here after a restart'));
    return async () => {
      stopped = true;
      await listening?.unlisten().catch(() => undefined);
    };
  }
}
