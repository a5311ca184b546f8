import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, until, type FullStack } from '../../support/full-stack';
import { chaosSimOptions, judge, runChaos } from '../../../bench/support/ami-chaos-driver';

// Issue "Reliability and security", point 1, at CI size: 150 simulated calls, the AMI link cut 5 times at random
// moments (bench/ami-chaos.bench.ts runs the full 1,000). Every call the simulator made must have exactly one
// calls row, ended, with the outcome the simulator produced, and an end time within tolerance. A call that ended
// while the link was down is learnt from the resync after reconnecting, so its ended_at is the resync's time:
// the tolerance for those is the outage's length + 1 s (see docs/RELIABILITY.md).

let stack: FullStack;
beforeAll(async () => {
  stack = await startFullStack({ sim: chaosSimOptions() });
  await stack.waitConnected();
});
afterAll(async () => { await stack?.close(); });

describe('AMI link cut 5 times during 150 calls', () => {
  it('records every call exactly once, ended, with the right outcome and times', async () => {
    const link = stack.links.links[0]!;
    // stepMs 1500: the shortest scenario (abandon) lives 1.5 s, longer than an outage (~1 s reconnect + resync).
    // A call that starts and ends entirely inside an outage is invisible to AMI (see RELIABILITY.md).
    const { truth, outages } = await runChaos(stack.sim, { calls: 150, cuts: 5, callsPerSecond: 10, stepMs: 1500, isConnected: () => link.port.isConnected() });
    expect(outages).toHaveLength(5);
    await until(async () => stack.services.calls.backlog === 0 && (await stack.services.callsRepo.listLive('main')).length === 0, 20_000, 'all calls ended');
    const rows = await stack.db.db.selectFrom('calls').select(['linkedid', 'status', 'outcome', 'started_at', 'ended_at']).execute();
    const sut = judge(truth, outages, rows);
    expect(sut.calls).toBe(150);
    expect({ missing: sut.missing, notEnded: sut.notEnded, duplicates: sut.duplicates, wrongOutcome: sut.wrongOutcome, endTimeViolations: sut.endTimeViolations })
      .toEqual({ missing: [], notEnded: [], duplicates: 0, wrongOutcome: [], endTimeViolations: [] });
    expect(sut.recorded).toBe(150);
    expect(sut.maxStartTimeErrorMs).toBeLessThan(Math.max(...outages.map((o) => o.upAt - o.downAt)) + 1500);
  }, 90_000);
});
