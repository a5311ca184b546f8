import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counter, metricsRegistry, renderMetrics, sampledGauge } from '../../../server/metrics/metrics';
// The modules that declare Warmline's metrics, imported for their declarations.
import '../../../server/realtime/fanout';
import '../../../server/pbx/pbx-link';
import '../../../server/db/database';
import '../../../server/metrics/metric-sources';

describe('metrics registry', () => {
  it('declaring a metric twice returns the one registered (a module loaded again does not throw)', () => {
    const sut = counter('warmline_test_twice_total', 'test');
    expect(counter('warmline_test_twice_total', 'test')).toBe(sut);
  });

  it('a sampled gauge sums its sources per label set at scrape time, and leaves out a failing source', async () => {
    const sut = sampledGauge('warmline_test_sampled', 'test', ['queue']);
    const offA = sut.source(() => [{ labels: { queue: 'a' }, value: 2 }, { labels: { queue: 'b' }, value: 1 }]);
    const offB = sut.source(async () => [{ labels: { queue: 'a' }, value: 3 }]);
    const offC = sut.source(async () => { throw new Error('database down'); });
    const text = (await renderMetrics()).body;
    expect(text).toContain('warmline_test_sampled{queue="a"} 5');
    expect(text).toContain('warmline_test_sampled{queue="b"} 1');
    offA(); offB(); offC();
    expect((await renderMetrics()).body).not.toContain('warmline_test_sampled{queue="a"}');
  });

  it('every warmline_ metric the Grafana dashboard queries is one the server declares', () => {
    const dashboard = readFileSync(new URL('../../../docs/grafana-dashboard.json', import.meta.url), 'utf8');
    const used = new Set([...dashboard.matchAll(/warmline_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')));
    const declared = new Set(metricsRegistry.getMetricsAsArray().map((m) => m.name));
    expect([...used].filter((name) => !declared.has(name))).toEqual([]);
    for (const name of ['warmline_calls_in_progress', 'warmline_screen_pop_seconds', 'warmline_ami_events_total', 'warmline_ami_connections_total',
      'warmline_job_queue_backlog', 'warmline_report_fold_lag_seconds', 'warmline_db_pool_wait_seconds']) expect(used, name).toContain(name);
  });
});
