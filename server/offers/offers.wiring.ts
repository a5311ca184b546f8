import type { Database } from '../db/database';
import type { AuditRepository } from '../audit/audit.repository';
import type { JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logger';
import { OffersRepository } from './offers.repository';
import { OfferScoresRepository } from './offer-scores.repository';
import { OffersService, type RuleCheck } from './offers.service';
import { OfferModelService } from './offer-model.service';
import { OfferReportService } from './offer-report.service';

/** Models are refitted (and every customer rescored) this often; a manager can ask for one any time. */
export const OFFER_REFIT_EVERY_MS = 6 * 3600_000;

export function createOfferServices(deps: { db: Database; audit: AuditRepository; jobs: JobQueue; log: Logger; checkRule: RuleCheck; clock?: () => Date }) {
  const repo = new OffersRepository(deps.db);
  const scores = new OfferScoresRepository(deps.db);
  return {
    offers: new OffersService(repo, scores, deps.checkRule, deps.audit),
    offerModels: new OfferModelService(repo, scores, deps.jobs, deps.log, { refitEveryMs: OFFER_REFIT_EVERY_MS, clock: deps.clock }),
    offerReport: new OfferReportService(repo, scores),
  };
}
