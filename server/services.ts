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
  };
}

export type AppServices = ReturnType<typeof createServices>;
