import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { isIP } from 'node:net';
import { NUMBER_TYPES } from './phone/number-type-policy';

// The only reader of process.env. Everything else receives a frozen, typed Config.

const Url = (protocols: string[]) =>
  Type.String({ minLength: 1, pattern: `^(${protocols.join('|')})://` });

const PbxEntry = Type.Object({
  id: Type.String({ minLength: 1, pattern: '^[a-z0-9_-]+$' }),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  username: Type.String({ minLength: 1 }),
  secret: Type.String({ minLength: 1 }),
  /**
   * The channel driver of the agents' phones until the PBX names each member's interface itself (QueueStatus):
   * PJSIP (pbx-config) or SIP (chan_sip sites). AMI_AGENT_TECH.
   */
  agentTech: Type.Optional(Type.Union([Type.Literal('PJSIP'), Type.Literal('SIP')])),
});
export type PbxConnectionConfig = Static<typeof PbxEntry>;

export const ConfigSchema = Type.Object({
  nodeEnv: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')]),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  databaseUrl: Url(['postgres', 'postgresql']),
  readDatabaseUrl: Type.Optional(Url(['postgres', 'postgresql'])),
  redisUrl: Type.Optional(Url(['redis', 'rediss'])),
  pbxs: Type.Array(PbxEntry),
  defaultRegion: Type.String({ minLength: 2, maxLength: 2 }),
  defaultTimezone: Type.String({ minLength: 1 }),
  jwtSecret: Type.String({ minLength: 16 }),
  tokenTtlSeconds: Type.Integer({ minimum: 60 }),
  recordingsDir: Type.String({ minLength: 1 }),
  sipWssUrl: Type.String({ minLength: 1 }),
  sipDomain: Type.String({ minLength: 1 }),
  sipRealm: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  wrapupSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  /** Rings let go unanswered (or declined) in a row before the agent is paused with the 'missed' reason; 0: never. */
  missedOffersBeforePause: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Seconds after an agent's last console disconnects before the agent is paused ('away'); 0: at once. */
  consoleAwaySeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
  serviceLevelSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
  /** How often the predictive dialer paces each campaign it leads (ms); 0: never by itself. */
  dialerPacingMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
  /** The predictive pacer's abandon guard (docs/CAMPAIGNS.md): statistical (default) or worst-case. */
  dialerAbandonGuard: Type.Union([Type.Literal('statistical'), Type.Literal('worst-case')]),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  consoleDir: Type.String({ minLength: 1 }),
  nodeId: Type.String({ minLength: 1 }),
  /** Bearer token Prometheus sends to GET /metrics; without it /metrics answers 404 (docs/OPERATIONS.md). */
  metricsToken: Type.Optional(Type.String({ minLength: 16 })),
  /** statement_timeout of queries a person waits for and shapes (segment previews): docs/SECURITY.md. */
  interactiveQueryTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  /** libphonenumber number types click-to-dial refuses (server/phone/number-type-policy.ts); NONE: dial any. */
  dialBlockedNumberTypes: Type.Array(Type.Union(NUMBER_TYPES.map((t) => Type.Literal(t)))),
  // Security options (server/auth/security-config.ts explains each; docs/SECURITY.md, production checklist).
  trustProxy: Type.Array(Type.String({ minLength: 1 })),
  allowedOrigins: Type.Array(Type.String({ minLength: 1 })),
  loginMaxPerIpPerMinute: Type.Integer({ minimum: 1, maximum: 100_000 }),
  loginLockoutAfter: Type.Integer({ minimum: 1, maximum: 1000 }),
  loginLockoutBaseSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  loginLockoutMaxSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  recordingLinkTtlSeconds: Type.Integer({ minimum: 10, maximum: 86_400 }),
  socketRecheckMs: Type.Integer({ minimum: 50, maximum: 600_000 }),
});
export type Config = Readonly<Static<typeof ConfigSchema>>;

export class ConfigError extends Error {
  constructor(public readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  return Number(raw.trim());
}

function str(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

// PBX_LIST (JSON array) supports several PBXs; AMI_* describes a single one, the common case.
function parsePbxs(env: Env): unknown[] {
  const list = str(env, 'PBX_LIST');
  if (list) {
    try {
      const parsed: unknown = JSON.parse(list);
      if (!Array.isArray(parsed)) throw new Error('not an array');
      return parsed;
    } catch (err) {
      throw new ConfigError('PBX_LIST', `must be a JSON array of {id,host,port,username,secret}: ${(err as Error).message}`);
    }
  }
  const host = str(env, 'AMI_HOST');
  if (!host) return [];
  return [{
    id: str(env, 'PBX_ID', 'main'),
    host,
    port: int(env, 'AMI_PORT', 5038),
    username: str(env, 'AMI_USERNAME', ''),
    secret: str(env, 'AMI_SECRET', ''),
    ...(str(env, 'AMI_AGENT_TECH') ? { agentTech: str(env, 'AMI_AGENT_TECH')!.toUpperCase() } : {}),
  }];
}

const envNames: Record<string, string> = {
  nodeEnv: 'NODE_ENV', host: 'HOST', port: 'PORT', databaseUrl: 'DATABASE_URL', readDatabaseUrl: 'READ_DATABASE_URL',
  redisUrl: 'REDIS_URL', pbxs: 'AMI_HOST/AMI_PORT/AMI_USERNAME/AMI_SECRET (or PBX_LIST)', defaultRegion: 'DEFAULT_REGION',
  defaultTimezone: 'DEFAULT_TIMEZONE', jwtSecret: 'JWT_SECRET', tokenTtlSeconds: 'TOKEN_TTL_SECONDS',
  recordingsDir: 'RECORDINGS_DIR', sipWssUrl: 'SIP_WSS_URL', sipDomain: 'SIP_DOMAIN', sipRealm: 'SIP_REALM', wrapupSeconds: 'WRAPUP_SECONDS',
  missedOffersBeforePause: 'MISSED_OFFERS_BEFORE_PAUSE', consoleAwaySeconds: 'CONSOLE_AWAY_SECONDS',
  serviceLevelSeconds: 'SERVICE_LEVEL_SECONDS', dialerPacingMs: 'DIALER_PACING_MS', dialerAbandonGuard: 'DIALER_ABANDON_GUARD', logLevel: 'LOG_LEVEL', consoleDir: 'CONSOLE_DIR', nodeId: 'NODE_ID',
  metricsToken: 'METRICS_TOKEN',
  interactiveQueryTimeoutMs: 'INTERACTIVE_QUERY_TIMEOUT_MS',
  dialBlockedNumberTypes: 'DIAL_BLOCKED_NUMBER_TYPES',
  trustProxy: 'TRUST_PROXY', allowedOrigins: 'ALLOWED_ORIGINS', loginMaxPerIpPerMinute: 'LOGIN_MAX_PER_IP_PER_MINUTE',
  loginLockoutAfter: 'LOGIN_LOCKOUT_AFTER', loginLockoutBaseSeconds: 'LOGIN_LOCKOUT_BASE_SECONDS',
  loginLockoutMaxSeconds: 'LOGIN_LOCKOUT_MAX_SECONDS', recordingLinkTtlSeconds: 'RECORDING_LINK_TTL_SECONDS',
  socketRecheckMs: 'SOCKET_RECHECK_MS',
};

// proxy-addr's named ranges, accepted in TRUST_PROXY besides addresses and CIDRs.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: the addresses/CIDRs of the reverse proxies in front; empty (the default) trusts no X-Forwarded-*. */
function parseTrustProxy(raw: string): string[] {
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_NAMES.has(entry) || (family !== 0 && okBits && extra === undefined))) {
      throw new ConfigError('TRUST_PROXY', `must list proxy addresses or CIDRs (e.g. 10.0.0.5,10.1.0.0/16), got "${entry}"`);
    }
  }
  return entries;
}

/** ALLOWED_ORIGINS: extra browser origins allowed to open Socket.IO (the console's own origin always is). */
function parseOrigins(raw: string): string[] {
  return raw.split(',').map((e) => e.trim()).filter(Boolean).map((entry) => {
    let url: URL | undefined;
    try { url = new URL(entry); } catch { /* reported below */ }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError('ALLOWED_ORIGINS', `must list origins like https://crm.example.com, got "${entry}"`);
    }
    return url.origin;
  });
}

// Secrets that are public (in this repository or its docker-compose.yml) and must never sign production tokens.
export const KNOWN_PUBLIC_SECRETS: readonly string[] = [
  'warmline-dev-secret-change-me', 'change-me-to-a-long-random-secret', 'test-secret-test-secret', 'secret', 'changeme',
];
const MIN_PRODUCTION_SECRET = 32;

function assertProductionSecrets(config: Static<typeof ConfigSchema>): void {
  if (config.nodeEnv !== 'production') return;
  const secret = config.jwtSecret;
  if (KNOWN_PUBLIC_SECRETS.includes(secret) || /change[-_ ]?me/i.test(secret)) {
    throw new ConfigError('JWT_SECRET', 'is a published default; set a random secret (e.g. `openssl rand -base64 48`)');
  }
  if (secret.length < MIN_PRODUCTION_SECRET || new Set(secret).size < 8) {
    throw new ConfigError('JWT_SECRET', `must be at least ${MIN_PRODUCTION_SECRET} random characters in production (e.g. \`openssl rand -base64 48\`)`);
  }
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = str(env, 'NODE_ENV', 'development');
  const candidate = {
    nodeEnv,
    host: str(env, 'HOST', '127.0.0.1'),
    port: int(env, 'PORT', 3000),
    databaseUrl: str(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/warmline'),
    readDatabaseUrl: str(env, 'READ_DATABASE_URL'),
    redisUrl: str(env, 'REDIS_URL'),
    pbxs: parsePbxs(env),
    defaultRegion: str(env, 'DEFAULT_REGION', 'US')!.toUpperCase(),
    defaultTimezone: str(env, 'DEFAULT_TIMEZONE', 'UTC'),
    jwtSecret: str(env, 'JWT_SECRET', nodeEnv === 'production' ? undefined : 'warmline-dev-secret-change-me'),
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 12 * 3600),
    recordingsDir: str(env, 'RECORDINGS_DIR', '.data/recordings'),
    sipWssUrl: str(env, 'SIP_WSS_URL', 'wss://127.0.0.1:8089/ws'),
    sipDomain: str(env, 'SIP_DOMAIN', '127.0.0.1'),
    sipRealm: str(env, 'SIP_REALM', 'warmline'),
    wrapupSeconds: int(env, 'WRAPUP_SECONDS', 60),
    missedOffersBeforePause: int(env, 'MISSED_OFFERS_BEFORE_PAUSE', 2),
    consoleAwaySeconds: int(env, 'CONSOLE_AWAY_SECONDS', 30),
    serviceLevelSeconds: int(env, 'SERVICE_LEVEL_SECONDS', 20),
    dialerPacingMs: int(env, 'DIALER_PACING_MS', 1000),
    dialerAbandonGuard: str(env, 'DIALER_ABANDON_GUARD', 'worst-case'),
    logLevel: str(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info'),
    consoleDir: str(env, 'CONSOLE_DIR', 'dist/console'),
    nodeId: str(env, 'NODE_ID', `node-${process.pid}`),
    metricsToken: str(env, 'METRICS_TOKEN'),
    interactiveQueryTimeoutMs: int(env, 'INTERACTIVE_QUERY_TIMEOUT_MS', 10_000),
    dialBlockedNumberTypes: (str(env, 'DIAL_BLOCKED_NUMBER_TYPES', 'PREMIUM_RATE') ?? '').split(',').map((t) => t.trim().toUpperCase()).filter((t) => t && t !== 'NONE'),
    trustProxy: parseTrustProxy(str(env, 'TRUST_PROXY', '')!),
    allowedOrigins: parseOrigins(str(env, 'ALLOWED_ORIGINS', '')!),
    loginMaxPerIpPerMinute: int(env, 'LOGIN_MAX_PER_IP_PER_MINUTE', 120),
    loginLockoutAfter: int(env, 'LOGIN_LOCKOUT_AFTER', 5),
    loginLockoutBaseSeconds: int(env, 'LOGIN_LOCKOUT_BASE_SECONDS', 30),
    loginLockoutMaxSeconds: int(env, 'LOGIN_LOCKOUT_MAX_SECONDS', 900),
    recordingLinkTtlSeconds: int(env, 'RECORDING_LINK_TTL_SECONDS', 900),
    socketRecheckMs: int(env, 'SOCKET_RECHECK_MS', 5000),
  };
  for (const [key, value] of Object.entries(candidate)) {
    if (value === undefined) delete (candidate as Record<string, unknown>)[key];
  }
  const firstError = Value.Errors(ConfigSchema, candidate).First();
  if (firstError) {
    const key = firstError.path.split('/').filter(Boolean)[0] ?? '';
    const name = envNames[key] ?? key;
    throw new ConfigError(name, firstError.value === undefined ? 'is required' : `${firstError.message} (got ${JSON.stringify(firstError.value)})`);
  }
  const config = candidate as Static<typeof ConfigSchema>;
  if (!getCountries().includes(config.defaultRegion as CountryCode)) {
    throw new ConfigError('DEFAULT_REGION', `must be an ISO 3166 country code known to libphonenumber, got "${config.defaultRegion}"`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.defaultTimezone });
  } catch {
    throw new ConfigError('DEFAULT_TIMEZONE', `must be an IANA time zone, got "${config.defaultTimezone}"`);
  }
  assertProductionSecrets(config);
  const ids = new Set<string>();
  for (const p of config.pbxs) {
    if (ids.has(p.id)) throw new ConfigError('PBX_LIST', `has the PBX id "${p.id}" twice`);
    ids.add(p.id);
  }
  return Object.freeze({
    ...config,
    pbxs: Object.freeze(config.pbxs.map((p) => Object.freeze(p))),
    trustProxy: Object.freeze([...config.trustProxy]),
    allowedOrigins: Object.freeze([...config.allowedOrigins]),
  }) as Config;
}
