import type { Database } from '../db/database';
import type { AuditRepository } from '../audit/audit.repository';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logger';
import type { PbxPort } from '../pbx/pbx-port';
import { SegmentsRepository, type PreviewLimits } from '../segments/segments.repository';
import { SegmentsService } from '../segments/segments.service';
import { AttemptClaimsRepository } from './attempt-claims.repository';
import { AttemptsRepository } from './attempts.repository';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignService } from './campaigns.service';
import { DEFAULT_DIALER_OPTIONS, DialerService, type DialerOptions } from './dialer.service';
import { DncRepository } from './dnc.repository';
import { PredictiveClaimsRepository } from './predictive-claims.repository';
import { DEFAULT_PREDICTIVE_OPTIONS, PredictiveDialerService, SINGLE_NODE, type CampaignLeadership, type PredictiveOptions } from './predictive-dialer.service';
import type { CallingWindow } from '@contract/campaigns.schemas';

export interface CampaignDeps {
  db: Database; audit: AuditRepository; bus: EventBus; jobs: JobQueue; log: Logger; pbx: Map<string, PbxPort>;
  clock?: () => Date; dialerOptions?: Partial<DialerOptions>; predictiveOptions?: Partial<PredictiveOptions>;
  /** postgres.js client and statement timeout for segment previews (cancellable); without it they run unbounded. */
  previewLimits?: PreviewLimits;
  /** Number types no dial may reach (config DIAL_BLOCKED_NUMBER_TYPES); default premium-rate. */
  blockedNumberTypes?: readonly string[];
  /** The calling windows a new campaign starts with (the business-hours setting); default Mon-Fri 09:00-20:00. */
  defaultWindows?: () => CallingWindow[];
}

// Segments, campaigns, DNC and the dialer, composed once for createServices (and for tests that need a second
// dialer "node" on the same database).
export function createCampaignServices(deps: CampaignDeps) {
  const clock = deps.clock ?? (() => new Date());
  const segments = new SegmentsService(new SegmentsRepository(deps.db, deps.previewLimits), deps.audit, clock);
  const campaignsRepo = new CampaignsRepository(deps.db);
  const attemptsRepo = new AttemptsRepository(deps.db);
  const claimsRepo = new AttemptClaimsRepository(deps.db, deps.blockedNumberTypes);
  const campaigns = new CampaignService(campaignsRepo, attemptsRepo, claimsRepo, segments, deps.audit, deps.bus, clock, deps.defaultWindows);
  const dialer = new DialerService(claimsRepo, attemptsRepo, campaignsRepo, deps.pbx, deps.jobs, deps.bus, deps.log, clock,
    { ...DEFAULT_DIALER_OPTIONS, ...deps.dialerOptions });
  const predictive = new PredictiveDialerService(new PredictiveClaimsRepository(deps.db, deps.blockedNumberTypes), attemptsRepo, deps.pbx, deps.bus, deps.log, clock,
    { ...DEFAULT_PREDICTIVE_OPTIONS, ...deps.predictiveOptions });
  return { segments, campaigns, dialer, predictive, dnc: new DncRepository(deps.db) };
}

/** For main.ts (worker or single-process role): job processors, event subscriptions and the tick timer. */
export function startDialer(services: { dialer: DialerService; predictive: PredictiveDialerService }, leadership: CampaignLeadership = SINGLE_NODE): () => Promise<void> {
  services.dialer.start();
  services.predictive.start(leadership);
  return async () => {
    services.dialer.stop();
    await services.predictive.stop();
  };
}
