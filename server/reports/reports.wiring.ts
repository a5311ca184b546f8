import type { AuditRepository } from '../audit/audit.repository';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { AnalyticsRepository } from './analytics.repository';
import { CampaignAnalyticsRepository } from './campaign-analytics.repository';
import { OperationalRepository } from './operational.repository';
import { ReportFolder } from './report-folder';
import { ReportsService } from './reports.service';
import { fixedLocaleDefaults, type LocaleDefaults } from '../settings/locale-defaults';

// Reads go to the replica when one is configured; the settings sync writes to the primary.
export function createReportsService(readDb: Database, writeDb: Database, audit: AuditRepository, config: Config,
  serviceLevelSeconds: () => number = () => config.serviceLevelSeconds,
  locale: LocaleDefaults = fixedLocaleDefaults(config.defaultRegion, config.defaultTimezone)): ReportsService {
  return new ReportsService(
    new OperationalRepository(readDb),
    new OperationalRepository(writeDb),
    new AnalyticsRepository(readDb),
    new CampaignAnalyticsRepository(readDb),
    audit,
    { defaultTimezone: locale.timezone, serviceLevelSeconds },
  );
}

// The rollups are written on the primary: the folder never uses the replica.
export function createReportFolder(writeDb: Database, log: Logger): ReportFolder {
  return new ReportFolder(new OperationalRepository(writeDb), log);
}
