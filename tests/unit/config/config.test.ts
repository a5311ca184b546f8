import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../../server/config';

const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', NODE_ENV: 'test' };

describe('loadConfig', () => {
  it('parses a complete environment into a frozen, typed config', () => {
    const sut = loadConfig({ ...base, PORT: '8080', AMI_HOST: 'pbx.local', AMI_PORT: '5039', AMI_USERNAME: 'crm', AMI_SECRET: 's3', DEFAULT_REGION: 'mn', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(sut.port).toBe(8080);
    expect(sut.defaultRegion).toBe('MN');
    expect(sut.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(sut.pbxs).toEqual([{ id: 'main', host: 'pbx.local', port: 5039, username: 'crm', secret: 's3' }]);
    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.pbxs[0])).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ AMI_HOST: 'pbx', AMI_PORT: 'x' }, 'AMI_PORT'],
    [{ DEFAULT_REGION: 'ZZ' }, 'DEFAULT_REGION'],
    [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE'],
    [{ PBX_LIST: '{not json' }, 'PBX_LIST'],
    [{ PBX_LIST: '[{"id":"a","host":"h","port":1,"username":"u","secret":"s"},{"id":"a","host":"h2","port":1,"username":"u","secret":"s"}]' }, 'PBX_LIST'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, ...env });
    } catch (err) {
      expect((err as ConfigError).variable).toContain(variable);
      expect((err as Error).message).toContain(variable);
    }
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('accepts several PBXs as a JSON list', () => {
    const sut = loadConfig({ ...base, PBX_LIST: '[{"id":"east","host":"10.0.0.1","port":5038,"username":"u","secret":"s"},{"id":"west","host":"10.0.0.2","port":5038,"username":"u","secret":"s"}]' });
    expect(sut.pbxs.map((p) => p.id)).toEqual(['east', 'west']);
  });
});
