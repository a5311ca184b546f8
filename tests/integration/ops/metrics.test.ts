import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { createTestContext } from '../../support/test-app';
import { createUser, type TestUser } from '../../factories/user.factory';
import { connectSocket, type RecordingSocket } from '../../support/socket-client';
import type { ScreenPopPayload } from '@contract/wire-events';

// GET /metrics scraped while a simulated call stream runs over AMI (issue #26 point 10). Each expectation names the
// instrument it proves: remove the observe()/inc() or the source and the matching assertion fails.

const TOKEN = 'metrics-token-for-tests-0123456789';
let stack: FullStack;
let agents: TestUser[];
let sockets: RecordingSocket[];

/** The value of one series in the text format (the first line whose name and labels start with `series`). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(): Promise<string> {
  const res = await stack.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

beforeAll(async () => {
  stack = await startFullStack({ sim: { agents: ['1001', '1002', '1003'], queues: { support: ['1001', '1002', '1003'] } }, env: { METRICS_TOKEN: TOKEN } });
  agents = await Promise.all(['1001', '1002', '1003'].map((extension) => createUser(stack.services, stack.app, { role: 'operator', extension })));
  await stack.waitConnected();
  sockets = await Promise.all(agents.map((a) => connectSocket(stack.url, a.token)));
});
afterAll(async () => {
  sockets?.forEach((s) => s.close());
  await stack?.close();
});

describe('GET /metrics', () => {
  it('answers only the scraper holding METRICS_TOKEN', async () => {
    expect((await stack.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await stack.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN.replace('0', 'x')}` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // A user's JWT is not a metrics token.
    const jwt = await stack.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${agents[0]!.token}` } });
    expect(jwt.statusCode).toBe(401);
  });

  it('during a stream of calls: calls in progress, the pop histogram, AMI events, pool waits, backlogs', async () => {
    const before = await scrape();
    const popsBefore = value(before, 'warmline_screen_pop_seconds_count') ?? 0;
    const framesBefore = value(before, 'warmline_ami_events_total{pbx="main"}') ?? 0;

    const calls = ['2125550101', '2125550102', '2125550103'].map((from) => stack.sim.placeInboundCall({ from, queue: 'support', toExtension: undefined }));
    for (const call of calls) {
      // The queue rings whichever agent is free: any agent's socket may get the pop.
      await until(async () => sockets.some((s) => s.received.some((r) => r.event === 'screen-pop' && (r.payload as ScreenPopPayload).linkedid === call.linkedid)), 8000, `pop of ${call.linkedid}`);
    }
    await until(async () => (await stack.services.callsRepo.listLive('main')).length === 3, 5000, 'three live calls');

    const during = await scrape();
    // Mutation caught: the calls-in-progress source removed (or counting ended calls).
    expect(value(during, 'warmline_calls_in_progress{pbx="main"}')).toBe(3);
    // Mutation caught: popSeconds.observe() removed from the fanout.
    expect(value(during, 'warmline_screen_pop_seconds_count')! - popsBefore).toBeGreaterThanOrEqual(3);
    expect(value(during, 'warmline_screen_pop_seconds_bucket{le="+Inf"}')).toBe(value(during, 'warmline_screen_pop_seconds_count'));
    expect(value(during, 'warmline_screen_pop_seconds_sum')).toBeGreaterThan(0);
    // Mutation caught: the frame counter in pbx-link removed.
    expect(value(during, 'warmline_ami_events_total{pbx="main"}')! - framesBefore).toBeGreaterThan(0);
    expect(value(during, 'warmline_ami_connections_total{pbx="main"}')).toBeGreaterThanOrEqual(1);
    // Mutation caught: the reserve() timer in createDb removed.
    expect(value(during, 'warmline_db_pool_wait_seconds_count{pool="main"}')).toBeGreaterThan(0);
    expect(value(during, 'warmline_job_queue_backlog{queue="in-process",state="waiting"}')).toBeGreaterThanOrEqual(0);
    expect(value(during, 'warmline_report_fold_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(during, 'warmline_report_fold_pending')).toBeGreaterThanOrEqual(0);
    expect(during).toMatch(/^warmline_process_cpu_seconds_total /m);

    for (const call of calls) stack.sim.hangup({ linkedid: call.linkedid, by: 'caller' });
    await until(async () => (await stack.services.callsRepo.listLive('main')).length === 0, 5000, 'calls ended');
    const after = await scrape();
    expect(value(after, 'warmline_calls_in_progress{pbx="main"}') ?? 0).toBe(0);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('does not exist (404), so a node never exposes its figures by default', async () => {
    const ctx = await createTestContext();
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'metrics-disabled' } });
    } finally {
      await ctx.close();
    }
  });
});
