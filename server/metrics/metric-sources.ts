import type { AppServices } from '../services';
import { sampledGauge } from './metrics';
import { MetricsRepository } from './metrics.repository';

const callsInProgress = sampledGauge('warmline_calls_in_progress', 'Calls not ended, per PBX, as the database has them (the same on every node: use max())', ['pbx']);
const jobBacklog = sampledGauge('warmline_job_queue_backlog', 'Jobs waiting or delayed, per queue (BullMQ: shared by every node, use max())', ['queue', 'state']);
const foldPending = sampledGauge('warmline_report_fold_pending', 'Calls noted for the report fold and not folded yet');
const ingestBacklog = sampledGauge('warmline_pbx_ingest_backlog', 'PBX events read and not yet applied to the call record on this node (bounded: the AMI socket is not read above 5,000)');
const ingestLag = sampledGauge('warmline_pbx_ingest_lag_seconds', 'Age of the oldest PBX event not yet applied on this node (0 when none): how far the call record trails the PBX');
const foldLag = sampledGauge('warmline_report_fold_lag_seconds', 'Age of the oldest call noted for the report fold (0 when none): how far the rollups trail the calls');

// The gauges read at scrape time from this node's services. Started with the runtime; the returned function removes
// them, so a stopped node (tests run several in one process) no longer reports.
export function startMetricSources(services: Pick<AppServices, 'db' | 'jobs'> & { calls?: Pick<AppServices['calls'], 'backlog' | 'lagMs'> }): () => void {
  const repo = new MetricsRepository(services.db);
  // One read of the fold queue serves both of its gauges in the same scrape.
  let fold: Promise<{ pending: number; lagSeconds: number }> | null = null;
  const foldOnce = () => {
    fold ??= repo.foldBacklog().finally(() => { setImmediate(() => { fold = null; }); });
    return fold;
  };
  const offs = [
    callsInProgress.source(async () => (await repo.callsInProgress()).map((r) => ({ labels: { pbx: r.pbx }, value: r.count }))),
    jobBacklog.source(async () => (await services.jobs.counts()).map((c) => ({ labels: { queue: c.queue, state: c.state }, value: c.count }))),
    foldPending.source(async () => (await foldOnce()).pending),
    foldLag.source(async () => (await foldOnce()).lagSeconds),
    ingestBacklog.source(() => services.calls?.backlog ?? 0),
    ingestLag.source(() => (services.calls?.lagMs ?? 0) / 1000),
  ];
  return () => offs.forEach((off) => off());
}
