// npm run bench            -> every benchmark at a quick size (minutes), one JSON document on stdout
// npm run bench -- --full  -> the sizes the issues set (1M customers / 10M interactions / 10M calls, 5-minute load)
// Each benchmark runs in its own process (clean heap, its own event loop); progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { benchRuns } from './support/bench-runs';

const full = process.argv.includes('--full');
const runs = benchRuns(full);

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const results: Record<string, unknown> = {};
for (const run of runs.filter((r) => !only || only.includes(r.name))) {
  process.stderr.write(`[bench] ${run.name} ${run.args.join(' ')}\n`);
  const res = spawnSync('npx', ['tsx', `bench/${run.name}.bench.ts`, ...run.args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const out = res.stdout.trim();
  const start = out.indexOf('{');
  try {
    results[run.name] = res.status === 0 && start >= 0 ? JSON.parse(out.slice(start)) : { failed: true, status: res.status, output: out.slice(-2000) };
  } catch {
    results[run.name] = { failed: true, status: res.status, output: out.slice(-2000) };
  }
}
console.log(JSON.stringify({ full, at: new Date().toISOString(), results }, null, 2));
