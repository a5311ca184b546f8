import pino from 'pino';
import { loadConfig } from '../config';
import { createDb } from '../db/database';
import { InProcessJobQueue } from '../jobs/in-process-queue';
import { createServices } from '../services';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { buildApp } from '../app';
import { API_DOC_PATH, contractSchemaNames, renderRouteIndex, withRouteIndex } from './route-index';

/** Where the checked-in document lives, relative to the repository root. */
export const OPENAPI_DOC_PATH = 'docs/openapi.json';

// The REST API as OpenAPI 3, built the way GET /api/openapi.json serves it: from the TypeBox schemas the routes
// declare (server/contract and the routes' own params). The app is built on a database it never connects to:
// building it runs no query, and nothing is started or listened on.
export async function openApiDocument(): Promise<Record<string, unknown>> {
  return (await builtApi((app) => app.swagger() as unknown as Record<string, unknown>));
}

async function builtApi<T>(read: (app: FastifyInstance) => T | Promise<T>): Promise<T> {
  const log = pino({ level: 'silent' });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://openapi@127.0.0.1:1/never-connected', JWT_SECRET: 'openapi-document-only', LOG_LEVEL: 'silent', CONSOLE_DIR: '/nonexistent' });
  const db = createDb(config.databaseUrl, { max: 1 });
  const jobs = new InProcessJobQueue(log);
  const app = await buildApp(createServices({ config, log, db, jobs }));
  try {
    await app.ready();
    return await read(app);
  } finally {
    await app.close();
    await jobs.close();
    await db.close();
  }
}

/** The document as it is checked in: stable key order is fastify's (registration order), two-space JSON. */
export function renderOpenApi(doc: Record<string, unknown>): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Every generated document, path -> the text it must have: docs/openapi.json, and docs/API.md with its route index
 * (the rest of API.md is written by hand). `npm run docs:api` writes them; `npm run docs:api -- --check` and
 * tests/unit/architecture/openapi-doc.test.ts fail while a checked-in copy differs.
 */
export async function generatedApiDocs(repoRoot: string): Promise<Record<string, string>> {
  const names = await contractSchemaNames();
  return builtApi((app) => ({
    [OPENAPI_DOC_PATH]: renderOpenApi(app.swagger() as unknown as Record<string, unknown>),
    [API_DOC_PATH]: withRouteIndex(readFileSync(`${repoRoot}/${API_DOC_PATH}`, 'utf8'), renderRouteIndex(app.routeTable, names)),
  }));
}
