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
import { CallsRepository } from './calls/calls.repository';
import { CallsService } from './calls/calls.service';
import { AgentsRepository } from './agents/agents.repository';
import { AgentsService } from './agents/agents.service';
import { WrapupsRepository } from './wrapups/wrapups.repository';
import { WrapupsService } from './wrapups/wrapups.service';
import { ScreenPopRepository } from './screenpop/screenpop.repository';
import { ScreenPopService } from './screenpop/screenpop.service';

export interface PbxStatus { pbxId: string; connected: boolean }

export interface CoreDeps {
  config: Config;
  log: Logger;
  db: DbHandle;
  /** Reports may read from a replica (READ_DATABASE_URL); defaults to db. */
  readDb?: DbHandle;
  jobs: JobQueue;
  bus?: EventBus;
  pbx?: Map<string, PbxPort>;
}

// The composition of domain services. Routes, socket commands and the PBX bridge receive this object;
// tests build it on a real database with a fake PBX only at the AMI wire.
export function createServices(deps: CoreDeps) {
  const bus = deps.bus ?? new EventBus(deps.log);
  const db = deps.db.db;
  const audit = new AuditRepository(db);
  const users = new AuthRepository(db);
  const tokens = createTokenService(deps.config.jwtSecret, deps.config.tokenTtlSeconds);
  const auth = new AuthService(users, audit, tokens);
  const pbx = deps.pbx ?? new Map<string, PbxPort>();
  const callsRepo = new CallsRepository(db);
  const calls = new CallsService(callsRepo, users, bus, deps.log, deps.config.defaultRegion);
  const agentsRepo = new AgentsRepository(db);
  const agents = new AgentsService(agentsRepo, users, bus, pbx, deps.jobs, deps.config.wrapupSeconds, deps.log);
  const wrapups = new WrapupsService(new WrapupsRepository(db), agents, bus);
  const screenPop = new ScreenPopService(new ScreenPopRepository(db), deps.log, { defaultRegion: deps.config.defaultRegion });
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
    callsRepo,
    calls,
    agentsRepo,
    agents,
    wrapups,
    screenPop,
  };
}

export type AppServices = ReturnType<typeof createServices>;
