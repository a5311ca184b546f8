// AMI chaos: N simulated calls (default 1,000) while every AMI connection is cut C times (default 5) at random
// moments. Compares the simulator's truth with the calls table. Prints JSON. Only 127.0.0.1; stops by itself.
//   npx tsx bench/ami-chaos.bench.ts [--calls 1000] [--cuts 5] [--rate 10] [--step 1500]
import os from 'node:os';
import { startPbxSimulator } from '../server/pbx/simulator/pbx-simulator';
import { chaosSimOptions, judge, runChaos } from './support/ami-chaos-driver';
import { startBenchStack, waitFor } from './support/bench-stack';
import { arg } from './support/stats';

const calls = arg('calls', 1000);
const cuts = arg('cuts', 5);
const rate = arg('rate', 10);
const stepMs = arg('step', 1500);
const progress = (m: string) => process.stderr.write(`[ami-chaos] ${m}\n`);

const sim = await startPbxSimulator({ username: 'warmline', secret: 'sim-secret', ...chaosSimOptions() });
const stack = await startBenchStack(sim.port);
try {
  const port = stack.services.pbx.get('main')!;
  await waitFor(() => port.isConnected(), 10_000, 'AMI link');
  progress(`${calls} calls at ${rate}/s, ${cuts} cuts`);
  const t0 = Date.now();
  const { truth, outages } = await runChaos(sim, { calls, cuts, callsPerSecond: rate, stepMs, isConnected: () => port.isConnected() });
  await waitFor(async () => stack.services.calls.backlog === 0 && (await stack.services.callsRepo.listLive('main')).length === 0, 60_000, 'calls ended');
  const rows = await stack.services.db.selectFrom('calls').select(['linkedid', 'status', 'outcome', 'started_at', 'ended_at']).execute();
  const v = judge(truth, outages, rows);
  console.log(JSON.stringify({
    calls: v.calls, cuts: outages.length, recorded: v.recorded, duplicates: v.duplicates, missing: v.missing.length,
    notEnded: v.notEnded.length, wrongOutcome: v.wrongOutcome.length, unknownOutcome: v.unknownOutcome.length, endTimeViolations: v.endTimeViolations.length,
    maxEndTimeErrorMs: Math.max(v.maxEndTimeErrorMs, v.maxEndTimeErrorDuringOutageMs),
    maxEndTimeErrorLinkUpMs: v.maxEndTimeErrorMs, maxEndTimeErrorDuringOutageMs: v.maxEndTimeErrorDuringOutageMs, endedDuringOutage: v.endedDuringOutage,
    maxStartTimeErrorMs: v.maxStartTimeErrorMs, outagesMs: outages.map((o) => o.upAt - o.downAt),
    durationS: Math.round((Date.now() - t0) / 1000), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    details: { wrongOutcome: v.wrongOutcome.slice(0, 5), missing: v.missing.slice(0, 5), endTimeViolations: v.endTimeViolations.slice(0, 5) },
  }, null, 2));
} finally {
  await stack.stop();
  await sim.stop();
}
process.exit(0);
