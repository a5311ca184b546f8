import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml and pbx-config/ must agree on every shared secret, from one source each, with no usable
// default (issue #18 defect 6: compose defaulted AMI_SECRET to warmline-ami-demo while manager.conf had
// warmline-demo-secret, so AMI login failed; and both were demo secrets a production install could keep).
// Compose's own interpolation (${VAR:?msg}, ${VAR:-default}, ${VAR}) is applied as `docker compose` does.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const SECRETS = ['AMI_SECRET', 'JWT_SECRET', 'POSTGRES_PASSWORD', 'ASTERISK_DB_PASSWORD'];

class MissingVariable extends Error {}

function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?:(:\?|:-)([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (op === ':?') throw new MissingVariable(`${name}: ${arg}`);
    return op === ':-' ? arg ?? '' : '';
  });
}

interface Compose {
  services: Record<string, { environment?: Record<string, string>; configs?: Array<{ source: string; target: string }>; volumes?: string[] }>;
  configs: Record<string, { content: string }>;
}

const load = (env: Record<string, string>) => parse(interpolate(read('docker-compose.yml'), env)) as Compose;
const full = Object.fromEntries(SECRETS.map((s) => [s, `value-of-${s.toLowerCase()}`]));

/** The [section] of an Asterisk .conf, with `#tryinclude`d files resolved from the compose configs by target. */
function section(conf: string, name: string, compose: Compose, service: string): Record<string, string> {
  const body = new RegExp(`^\\[${name}\\][^\\n]*\\n([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(conf)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const inc = /^#tryinclude\s+(\S+)/.exec(line);
    if (inc) {
      const mounted = compose.services[service]!.configs?.find((c) => c.target === inc[1]);
      if (mounted) Object.assign(out, section(`[x]\n${compose.configs[mounted.source]!.content}`, 'x', compose, service));
      continue;
    }
    const kv = /^\s*([\w-]+)\s*=>?\s*([^;\s]*)/.exec(line);
    if (kv) out[kv[1]!] = kv[2]!;
  }
  return out;
}

describe('docker-compose.yml and pbx-config/ share their secrets', () => {
  it.each(SECRETS)('refuses to start without %s (no default to fall back on)', (name) => {
    const env = { ...full };
    delete env[name];
    expect(() => load(env)).toThrow(MissingVariable);
  });

  it('gives Asterisk the AMI secret the server logs in with, for the user the server logs in as', () => {
    const compose = load(full);
    const server = compose.services.server!.environment!;
    const manager = section(read('pbx-config/manager.conf'), server.AMI_USERNAME!, compose, 'asterisk');
    expect(manager.secret).toBe(full.AMI_SECRET);
    expect(server.AMI_SECRET).toBe(full.AMI_SECRET);
  });

  it('ships no secret in manager.conf itself: without the deployed file the AMI user has none', () => {
    const manager = read('pbx-config/manager.conf');
    expect(manager).not.toMatch(/^\s*secret\s*=/m);
  });

  it('gives Asterisk\'s realtime the read-only role and the password PostgreSQL created it with', () => {
    const compose = load(full);
    const pg = section(read('pbx-config/res_pgsql.conf'), 'general', compose, 'asterisk');
    const init = read('deploy/postgres/asterisk-role.sh');
    expect(init).toMatch(new RegExp(`CREATE ROLE ${pg.dbuser} LOGIN PASSWORD :'pw' IN ROLE warmline_pbx`));
    expect(init).toContain('-v pw="$ASTERISK_DB_PASSWORD"');
    expect(compose.services.postgres!.environment!.ASTERISK_DB_PASSWORD).toBe(pg.dbpass);
    expect(pg.dbpass).toBe(full.ASTERISK_DB_PASSWORD);
    expect(compose.services.postgres!.volumes).toContain('./deploy/postgres/asterisk-role.sh:/docker-entrypoint-initdb.d/10-asterisk-role.sh:ro');
  });

  it('uses the same database password for the server as for PostgreSQL', () => {
    const compose = load(full);
    expect(compose.services.server!.environment!.DATABASE_URL).toContain(`:${full.POSTGRES_PASSWORD}@`);
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toBe(full.POSTGRES_PASSWORD);
  });
});
