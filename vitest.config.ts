import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { isDriverTypeQueryRejection } from './server/process-guards';

// The wire contract's path alias (tsconfig.json paths), given to every project: inline projects do not inherit
// the root's resolve options.
const resolve = { alias: { '@contract': fileURLToPath(new URL('./server/contract', import.meta.url)) } };

// Three projects: unit (no I/O), integration (real Postgres + Redis, AMI over TCP), e2e (headless Chromium).
// Postgres comes from DATABASE_URL when set, otherwise tests/support/global-setup.ts starts an embedded one.
export default defineConfig({
  test: {
    // The one rejection a server process survives (server/process-guards.ts: postgres.js drops its startup type
    // query's promise, upstream #1192); tests that cut the database see it from in-process servers. Anything else
    // unhandled is still reported.
    onUnhandledError: (error) => !isDriverTypeQueryRejection(error),
    projects: [
      // Unit tests (no I/O) are in integration's group (groupOrder 1), so the two share its two workers; a group's
      // projects must have the same maxWorkers (vitest), or `npm test` runs nothing. In CI they took their turn after
      // the integration files: sharing the group saves no time, it only keeps e2e from starting before them.
      { resolve, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', maxWorkers: 2, sequence: { groupOrder: 1 } } },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          // Timeouts stop a test that hangs; they are no speed goal (bench/ holds those). On this shared 2-core
          // machine at load 20+, passing tests took more than half of the old limits (30 s here, 60 s for e2e).
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Each file builds its own services on its own database, so a worker keeps the imported modules between
          // files: importing the server for each of 88 files was the largest part of integration's time (365 s of a
          // 955 s CI run on 2026-12-06's slower machine; 227 s without it). Factories' counters run on across files.
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/e2e/support/build-console-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // Three files at a time: each has its own server, simulator, database and Chromium on port 0, and most of
          // an e2e file's time is spent waiting (rings, timers, page loads), not computing. Keeps CI under its 15
          // minutes (two at a time took 419 s of a 955 s CI run on 2026-12-06's slower machine).
          maxWorkers: 3,
          sequence: { groupOrder: 2 },
        },
      },
      {
        resolve,
        // A real Asterisk (WARMLINE_ASTERISK) with sipp phones and Chromium: skipped, with the reason printed, where
        // no Asterisk is installed. One file at a time: they share Asterisk's fixed ports.
        test: {
          name: 'pbx-real',
          include: ['tests/pbx-real/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          // One process imports the support modules (the server, Playwright) once for all files: each file still
          // starts its own Asterisk, database and server. Where Asterisk is missing, importing them file by file was
          // 33 s of CI for 21 skipped files.
          isolate: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
