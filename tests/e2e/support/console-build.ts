import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const CONSOLE_DIST = path.join(ROOT, 'dist/console');
// The console imports the wire and API contract from server/contract (`@contract`, console/vite.config.ts).
const SOURCES = [path.join(ROOT, 'console'), path.join(ROOT, 'server/contract')];

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

let built = false;

/** Builds the console once per test run, and not at all when dist/console is newer than every source file. */
export function buildConsoleOnce(): string {
  if (built) return CONSOLE_DIST;
  const index = path.join(CONSOLE_DIST, 'index.html');
  const fresh = existsSync(index) && statSync(index).mtimeMs >= Math.max(...SOURCES.filter(existsSync).map(newestMtime));
  if (!fresh) {
    execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
      // vitest runs with NODE_ENV=test, which made Vite build Vue's and vue-i18n's development bundles: the e2e
      // tests and the console bench (which reuses this build) must see what ships.
      // The timeout only stops a hung build: on a loaded machine (load 18 here) a healthy build took over 3 minutes.
      cwd: ROOT, stdio: 'inherit', timeout: 600_000, env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  built = true;
  return CONSOLE_DIST;
}
