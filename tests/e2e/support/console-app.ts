import { createTestContext, type TestContext } from '../../support/test-app';
import { buildConsoleOnce } from './console-build';

export interface ConsoleApp { ctx: TestContext; baseUrl: string; close(): Promise<void> }

/** The real app on a fresh test DB, serving the built console, listening on a free port. */
export async function startConsoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const consoleDir = buildConsoleOnce();
  const ctx = await createTestContext({ env: { CONSOLE_DIR: consoleDir, SIP_WSS_URL: 'loopback:', ...env } });
  const baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return { ctx, baseUrl, close: () => ctx.close() };
}
