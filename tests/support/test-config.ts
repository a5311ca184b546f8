import { loadConfig, type Config } from '../../server/config';

export function testConfig(overrides: Record<string, string> = {}, databaseUrl = 'postgres://postgres@127.0.0.1:5432/unused'): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'test-secret-test-secret',
    LOG_LEVEL: 'silent',
    CONSOLE_DIR: '/nonexistent-console',
    ...overrides,
  });
}
