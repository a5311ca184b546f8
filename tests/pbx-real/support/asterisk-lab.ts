import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, appendFileSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
export const PBX_CONFIG = path.join(ROOT, 'pbx-config');

// A real Asterisk, started from the shipped pbx-config/ with only machine-specific values replaced: directories,
// the TLS certificate, the database Asterisk's realtime reads, and the carrier's address. Found through
// WARMLINE_ASTERISK (the asterisk binary); WARMLINE_ASTERISK_LIBS is prepended to LD_LIBRARY_PATH when the build
// needs it (a pjproject outside the system paths, docs/PBX.md "Real Asterisk").

export const ASTERISK_BIN = process.env.WARMLINE_ASTERISK ?? '';
export const AMI_PORT = 5038;
export const SIP_PORT = 5060;
export const WSS_PORT = 8089;
export const AMI_USER = 'warmline';
/** Written where manager.conf includes it (docker-compose does the same from AMI_SECRET): pbx-config has none. */
export const AMI_SECRET = randomBytes(12).toString('hex');
/** The carrier's signalling address (a second loopback address, so Asterisk tells it from the agents by IP). */
export const CARRIER_IP = '127.0.0.2';
/**
 * An AMI user of the lab's own (never in pbx-config): a test's observer that also reads the `dtmf` class, which
 * Warmline's user does not need and does not get.
 */
export const OBSERVER_USER = 'lab-observer';
export const OBSERVER_SECRET = randomBytes(12).toString('hex');

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host });
    s.once('connect', () => { s.destroy(); resolve(false); });
    s.once('error', () => resolve(true));
  });
}

/** Why the real-PBX suite cannot run here, or null when it can. Printed by every skipped file. */
export async function realPbxSkipReason(): Promise<string | null> {
  if (!ASTERISK_BIN) return 'WARMLINE_ASTERISK is not set (path of an installed asterisk binary; docs/PBX.md "Real Asterisk")';
  if (!executable(ASTERISK_BIN)) return `WARMLINE_ASTERISK=${ASTERISK_BIN} is not an executable file`;
  if (!executable('/usr/bin/sipp')) return 'sipp is not installed (Debian package sip-tester)';
  if (!executable('/usr/bin/openssl')) return 'openssl is not installed';
  for (const port of [AMI_PORT, WSS_PORT]) {
    if (!(await portFree(port))) return `port ${port} is in use (another Asterisk running?)`;
  }
  return null;
}

/** pbx-config/README.md's justified warnings: the backticked text of the first column of "Warnings at start". */
export function justifiedWarnings(readme = readFileSync(path.join(PBX_CONFIG, 'README.md'), 'utf8')): string[] {
  const section = /## Warnings at start\n([\s\S]*?)(\n## |$)/.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]!);
}

export interface AsteriskLab {
  dir: string;
  recordingsDir: string;
  /** Runs a CLI command (`asterisk -rx`) and returns its output. */
  cli(command: string): Promise<string>;
  /** Warnings and errors Asterisk logged since start. */
  problems(): string[];
  /** Errors, and warnings pbx-config/README.md does not justify, logged since start. */
  unexplainedProblems(): string[];
  /** Everything Asterisk printed (console verbosity 3), for a failing test's message. */
  output(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** postgres://user@host:port/db that realtime (res_pgsql.conf) reads the agents' endpoints from. */
  databaseUrl: string;
  carrierPort: number;
  /** The AMI secret written where manager.conf includes it (as docker-compose does); null: no file. */
  amiSecret?: string | null;
}

/**
 * Asterisk's realtime logs in as a member of warmline_pbx (migration 0030: SELECT on the three SIP views, nothing
 * else), as docker-compose's `asterisk` role does: the suite then proves those grants are all Asterisk needs.
 */
export const LAB_DB_ROLE = 'warmline_pbx_lab';

async function ensureLabRole(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DO $$ BEGIN
      CREATE ROLE ${LAB_DB_ROLE} LOGIN IN ROLE warmline_pbx;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  } finally {
    await sql.end();
  }
}

function prefixOf(bin: string): string {
  return path.resolve(path.dirname(bin), '..');
}

function substitute(dir: string, file: string, pairs: Array<[RegExp | string, string]>): void {
  const p = path.join(dir, file);
  let text = readFileSync(p, 'utf8');
  for (const [from, to] of pairs) {
    if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) throw new Error(`pbx-config/${file}: "${String(from)}" not found; the lab's substitutions are out of date`);
    text = text.replace(from, to);
  }
  writeFileSync(p, text);
}

export function prepareConfig(opts: LabOptions): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'warmline-asterisk-'));
  for (const f of readdirSync(PBX_CONFIG)) {
    if (f.endsWith('.conf')) cpSync(path.join(PBX_CONFIG, f), path.join(dir, f));
  }
  const prefix = prefixOf(ASTERISK_BIN);
  for (const sub of ['run', 'log', 'spool', 'lib', 'keys', 'tls', 'recordings']) mkdirSync(path.join(dir, sub), { recursive: true });
  cpSync(path.join(PBX_CONFIG, 'moh'), path.join(dir, 'data/moh'), { recursive: true });
  cpSync(path.join(PBX_CONFIG, 'sounds'), path.join(dir, 'data/sounds/warmline'), { recursive: true });
  const docs = path.join(prefix, 'var/lib/asterisk/documentation');
  if (existsSync(docs)) cpSync(docs, path.join(dir, 'data/documentation'), { recursive: true });
  writeFileSync(path.join(dir, 'asterisk.conf'), [
    '[directories]',
    `astetcdir => ${dir}`,
    `astmoddir => ${path.join(prefix, 'lib/asterisk/modules')}`,
    `astvarlibdir => ${path.join(dir, 'lib')}`,
    `astdbdir => ${path.join(dir, 'lib')}`,
    `astkeydir => ${dir}`,
    `astdatadir => ${path.join(dir, 'data')}`,
    `astagidir => ${path.join(dir, 'lib')}`,
    `astspooldir => ${path.join(dir, 'spool')}`,
    `astrundir => ${path.join(dir, 'run')}`,
    `astlogdir => ${path.join(dir, 'log')}`,
    `astsbindir => ${path.dirname(ASTERISK_BIN)}`,
    '[options]',
    'verbose = 3',
    'nocolor = yes',
    '',
  ].join('\n'));
  const db = new URL(opts.databaseUrl);
  // The secrets docker-compose writes from AMI_SECRET and ASTERISK_DB_PASSWORD, in the lab's own folder.
  mkdirSync(path.join(dir, 'secrets'));
  if (opts.amiSecret !== null) writeFileSync(path.join(dir, 'secrets/ami-secret.conf'), `secret = ${opts.amiSecret ?? AMI_SECRET}\n`);
  writeFileSync(path.join(dir, 'secrets/pgsql-secret.conf'), `dbpass = ${decodeURIComponent(db.password) || 'unused-trust-auth'}\n`);
  substitute(dir, 'manager.conf', [['#tryinclude /run/warmline/ami-secret.conf', `#tryinclude ${dir}/secrets/ami-secret.conf`]]);
  appendFileSync(path.join(dir, 'manager.conf'), `\n[${OBSERVER_USER}]\nsecret = ${OBSERVER_SECRET}\ndeny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\nread = system,call,agent,dialplan,dtmf\nwrite = system\n`);
  substitute(dir, 'res_pgsql.conf', [
    [/dbhost = .*/, `dbhost = ${db.hostname}`], [/dbport = .*/, `dbport = ${db.port || '5432'}`],
    [/dbname = .*/, `dbname = ${db.pathname.slice(1)}`], [/dbuser = .*/, `dbuser = ${LAB_DB_ROLE}`],
    ['#tryinclude /run/warmline/pgsql-secret.conf', `#tryinclude ${dir}/secrets/pgsql-secret.conf`],
  ]);
  substitute(dir, 'http.conf', [[/tlscertfile = .*/, `tlscertfile = ${dir}/tls/asterisk.crt`], [/tlsprivatekey = .*/, `tlsprivatekey = ${dir}/tls/asterisk.key`]]);
  substitute(dir, 'pjsip.conf', [[/contact = sip:192\.0\.2\.10:5060/, `contact = sip:${CARRIER_IP}:${opts.carrierPort}`], [/match = 192\.0\.2\.10/, `match = ${CARRIER_IP}`]]);
  substitute(dir, 'extensions.conf', [[/RECDIR=.*/, `RECDIR=${dir}/recordings`]]);
  return dir;
}

async function makeCertificate(dir: string): Promise<void> {
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-keyout', path.join(dir, 'tls/asterisk.key'), '-out', path.join(dir, 'tls/asterisk.crt')]);
}

function env(): NodeJS.ProcessEnv {
  const libs = process.env.WARMLINE_ASTERISK_LIBS;
  return libs ? { ...process.env, LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : process.env;
}

export async function startAsterisk(opts: LabOptions): Promise<AsteriskLab> {
  await ensureLabRole(opts.databaseUrl);
  const dir = prepareConfig(opts);
  await makeCertificate(dir);
  const conf = path.join(dir, 'asterisk.conf');
  let proc: ChildProcess | null = null;
  let output = '';

  const cli = async (command: string): Promise<string> => {
    const { stdout } = await run(ASTERISK_BIN, ['-C', conf, '-rx', command], { env: env(), timeout: 15_000 });
    return stdout;
  };

  const start = async (): Promise<void> => {
    const args = ['-f', '-C', conf];
    if (process.getuid?.() === 0) args.push('-U', 'root');
    const child = spawn(ASTERISK_BIN, args, { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    proc = child;
    // The suite's own CLI connections (asterisk -rx) are not worth keeping.
    child.stdout.on('data', (d: Buffer) => { output += d.toString().replace(/^.*Remote UNIX connection.*\n/gm, ''); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const t0 = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`asterisk exited with ${child.exitCode}:\n${output.slice(-4000)}`);
      try {
        if ((await cli('core waitfullybooted')).includes('fully booted')) break;
      } catch { /* not listening yet */ }
      if (Date.now() - t0 > 30_000) throw new Error(`asterisk did not boot in 30 s:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const stopProc = async (): Promise<void> => {
    const child = proc;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    await cli('core stop now').catch(() => child.kill('SIGTERM'));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  const problems = () => output.split('\n').filter((l) => /\b(WARNING|ERROR)\[/.test(l));
  return {
    dir,
    recordingsDir: path.join(dir, 'recordings'),
    cli,
    output: () => output,
    problems,
    unexplainedProblems() {
      const allowed = justifiedWarnings();
      return problems().filter((l) => /\bERROR\[/.test(l) || !allowed.some((a) => l.includes(a)));
    },
    async restart() {
      await stopProc();
      await start();
    },
    async stop() {
      await stopProc();
      if (!process.env.WARMLINE_KEEP_PBX_LAB) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const skipReason = await realPbxSkipReason();
if (skipReason) console.log(`[pbx-real] skipped: ${skipReason}`);

/** `describe` for a real-PBX file: skipped, with the printed reason, when no Asterisk can run here. */
export const realPbxDescribe = (await import('vitest')).describe.skipIf(skipReason !== null);
