import type { Config } from './config';
import type { Logger } from './logger';
import type { DbHandle } from './db/database';
import { EventBus } from './events/event-bus';
import type { JobQueue } from './jobs/job-queue';
import type { PbxPort } from './pbx/pbx-port';
import { AuthRepository } from './auth/auth.repository';
import { AuthService } from './auth/auth.service';
import { AuditRepository } from './audit/audit.repository';
import { createTokenService } from './auth/token';
import { LoginThrottleRepository } from './auth/login-throttle.repository';
import { BatchedCallsRepository } from './calls/calls-batched.repository';
import { CallsService } from './calls/calls.service';
import { CallIdAllocator } from './calls/call-id-allocator';
import { ClickToDialService } from './calls/click-to-dial.service';
import { AgentsRepository } from './agents/agents.repository';
import { AgentsService } from './agents/agents.service';
import { AgentTransferService } from './agents/agent-transfer.service';
import { AgentCallService } from './agents/agent-call.service';
import { WrapupsRepository } from './wrapups/wrapups.repository';
import { WrapupsService } from './wrapups/wrapups.service';
import { SupervisionRepository } from './supervision/supervision.repository';
import { SupervisionService } from './supervision/supervision.service';
import { SpySessionsService } from './supervision/spy-sessions.service';
import { TasksRepository } from './tasks/tasks.repository';
import { TasksService } from './tasks/tasks.service';
import { ScreenPopRepository } from './screenpop/screenpop.repository';
import { ScreenPopService } from './screenpop/screenpop.service';
import { CallerLookAhead } from './screenpop/caller-look-ahead';
import { CustomersRepository } from './customers/customers.repository';
import { CustomersService } from './customers/customers.service';
import { createReportFolder, createReportsService } from './reports/reports.wiring';
import { CustomerActivityRepository } from './customers/customer-activity.repository';
import { CustomerActivityService } from './customers/customer-activity.service';
import { CustomersImportService } from './customers/customers-import.service';
import { createCampaignServices } from './campaigns/campaigns.wiring';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';
import { ListsRepository } from './lists/lists.repository';
import { ListsService } from './lists/lists.service';
import { LeadSourcesRepository } from './lead-sources/lead-sources.repository';
import { LeadSourcesService } from './lead-sources/lead-sources.service';
import { createOfferServices } from './offers/offers.wiring';
import { CustomerImportsRepository } from './imports/customer-imports.repository';
import { CustomerImportsService } from './imports/customer-imports.service';
import { QueuesRepository } from './queues/queues.repository';
import { QueuesService } from './queues/queues.service';
import type { LocaleDefaults } from './settings/locale-defaults';
import { SettingsRepository } from './settings/settings.repository';
import { SettingsService } from './settings/settings.service';

export interface PbxStatus { pbxId: string; connected: boolean }

export interface CoreDeps {
  config: Config;
  log: Logger;
  db: DbHandle;
  /** Reports may read from a replica (READ_DATABASE_URL); defaults to db. */
  readDb?: DbHandle;
  /**
   * The reads on the way to a screen pop (the caller lookup, who the ringing extension belongs to), on a small pool
   * of their own (main.ts) so that they never queue behind the call bookkeeping on the main pool
   * (docs/PERFORMANCE.md); the primary, never a replica. Defaults to db.
   */
  popDb?: DbHandle;
  jobs: JobQueue;
  bus?: EventBus;
  pbx?: Map<string, PbxPort>;
  /** Injected in tests that depend on wall-clock time (campaign calling windows, retries). */
  clock?: () => Date;
}

// The composition of domain services, in dependency order: every service gets its collaborators in its
// constructor, and nothing is set on a service after it is built (tests/unit/architecture/late-hooks.test.ts).
// Services that would need each other talk through the bus instead (rule 14). Routes, socket commands and the
// PBX bridge receive this object; tests build it on a real database with a fake PBX only at the AMI wire.
export function createServices(deps: CoreDeps) {
  const bus = deps.bus ?? new EventBus(deps.log);
  const db = deps.db.db;
  const audit = new AuditRepository(db);
  const users = new AuthRepository(db);
  const tokens = createTokenService(deps.config.jwtSecret, deps.config.tokenTtlSeconds, deps.config.recordingLinkTtlSeconds);
  const auth = new AuthService(users, audit, tokens, new LoginThrottleRepository(db), {
    sipRealm: deps.config.sipRealm,
    production: deps.config.nodeEnv === 'production',
    lockout: { after: deps.config.loginLockoutAfter, baseSeconds: deps.config.loginLockoutBaseSeconds, maxSeconds: deps.config.loginLockoutMaxSeconds },
  });
  const userAdmin = new UsersService(new UsersRepository(db), users, audit, { sipRealm: deps.config.sipRealm }, bus);
  const queuesRepo = new QueuesRepository(db);
  const queues = new QueuesService(queuesRepo, audit, bus);
  // Admin → Settings: what the configuration sets until an administrator changes it (issue #21).
  const settings = new SettingsService(new SettingsRepository(db), audit, {
    wrapupSeconds: deps.config.wrapupSeconds, serviceLevelSeconds: deps.config.serviceLevelSeconds,
    missedOffersBeforePause: deps.config.missedOffersBeforePause, consoleAwaySeconds: deps.config.consoleAwaySeconds,
    businessHours: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' }], holidays: [],
    defaultRegion: deps.config.defaultRegion, defaultTimezone: deps.config.defaultTimezone,
  }, deps.log);
  const locale: LocaleDefaults = { region: () => settings.current().defaultRegion, timezone: () => settings.current().defaultTimezone };
  const pbx = deps.pbx ?? new Map<string, PbxPort>();
  const callsRepo = new BatchedCallsRepository(db);
  const callIds = new CallIdAllocator((n) => callsRepo.reserveIds(n), deps.log);
  const popDb = deps.popDb ?? deps.db;
  const screenPopRepo = new ScreenPopRepository(db, popDb.sql);
  // The caller lookup started before a call's row exists: the calls service holds the call's rows until it is
  // done (the arrival gate), and the screen pop takes it over. Built before both.
  const lookAhead = new CallerLookAhead(screenPopRepo, locale);
  // The calls service reads users only to find who a ringing extension belongs to, on the way to the pop.
  const calls = new CallsService(callsRepo, new AuthRepository(popDb.db), bus, deps.log, locale, callIds,
    { gate: (pbxId, linkedid) => lookAhead.of(pbxId, linkedid) });
  const clickToDial = new ClickToDialService(callsRepo, pbx, locale, deps.log, deps.config.dialBlockedNumberTypes);
  const agentsRepo = new AgentsRepository(db);
  const agents = new AgentsService(agentsRepo, users, bus, pbx, deps.jobs,
    async (queue) => (queue ? await queuesRepo.wrapupSeconds(queue) : null) ?? settings.current().wrapupSeconds, deps.log,
    () => ({ missedOffersBeforePause: settings.current().missedOffersBeforePause }));
  const campaignServices = createCampaignServices({ db, audit, bus, jobs: deps.jobs, log: deps.log, pbx, clock: deps.clock,
    previewLimits: { pg: deps.db.sql, timeoutMs: deps.config.interactiveQueryTimeoutMs }, blockedNumberTypes: deps.config.dialBlockedNumberTypes,
    predictiveOptions: { pacingMs: deps.config.dialerPacingMs, pacer: { guard: deps.config.dialerAbandonGuard } }, defaultWindows: () => settings.current().businessHours });
  const { campaigns } = campaignServices;
  const offerServices = createOfferServices({ db, audit, jobs: deps.jobs, log: deps.log, checkRule: (rules) => campaignServices.segments.validate(rules), clock: deps.clock });
  const wrapups = new WrapupsService(new WrapupsRepository(db), agents, bus, campaigns, offerServices.offers);
  const tasks = new TasksService(new TasksRepository(db), bus, deps.log);
  const supervisionRepo = new SupervisionRepository(db);
  const spySessions = new SpySessionsService(supervisionRepo, users, bus, pbx, deps.log);
  const supervision = new SupervisionService(supervisionRepo, agents, agentsRepo, callsRepo, audit, bus, pbx, locale, spySessions);
  const screenPop = new ScreenPopService(screenPopRepo, deps.log, { locale }, {
    lookAhead,
    linkAfter: (pbxId, linkedid, write) => calls.after(pbxId, linkedid, write),
    campaignCard: (attemptId) => campaigns.popCard(attemptId),
  });
  const agentCall = new AgentCallService(agentsRepo, callsRepo, pbx, (callId, userId) => screenPop.build(callId, userId), deps.log);
  const agentTransfer = new AgentTransferService(agentsRepo, callsRepo, users, pbx, locale, deps.log, deps.config.dialBlockedNumberTypes);
  const customersRepo = new CustomersRepository(db, { pg: deps.db.sql, timeoutMs: deps.config.interactiveQueryTimeoutMs });
  const customers = new CustomersService(customersRepo, audit, screenPop, locale);
  const customerActivity = new CustomerActivityService(new CustomerActivityRepository(db), customers);
  const customersImport = new CustomersImportService(customersRepo, customers, audit);
  const reports = createReportsService((deps.readDb ?? deps.db).db, db, audit, deps.config, () => settings.current().serviceLevelSeconds, locale);
  const reportFolder = createReportFolder(db, deps.log);
  const lists = new ListsService(new ListsRepository(db), audit, bus);
  const leadSources = new LeadSourcesService(new LeadSourcesRepository(db), audit);
  const customerImports = new CustomerImportsService(new CustomerImportsRepository(db), customersRepo, audit, deps.jobs, deps.log, locale);
  return {
    config: deps.config,
    log: deps.log,
    dbHandle: deps.db,
    readDbHandle: deps.readDb ?? deps.db,
    db,
    bus,
    jobs: deps.jobs,
    pbx,
    audit,
    users,
    tokens,
    auth,
    userAdmin,
    queuesRepo,
    queues,
    locale,
    settings,
    ...campaignServices,
    ...offerServices,
    callsRepo,
    callIds,
    calls,
    clickToDial,
    agentsRepo,
    agents,
    agentCall,
    agentTransfer,
    wrapups,
    supervision,
    spySessions,
    tasks,
    screenPop,
    customers,
    customerActivity,
    customersImport,
    reports,
    reportFolder,
    lists,
    leadSources,
    customerImports,
  };
}

export type AppServices = ReturnType<typeof createServices>;
