import client from 'prom-client';

// The node's Prometheus registry and the one-line ways to add a metric to it (docs/OPERATIONS.md, "Metrics").
// Metrics are process-wide, as prom-client intends: a module declares its metric once at the top,
//   const popSeconds = histogram('warmline_screen_pop_seconds', 'From the offer to the pop sent', SECONDS_BUCKETS);
// and calls popSeconds.observe(x) where the thing happens. Declaring the same name twice (a module loaded again,
// two nodes in one test process) returns the metric already registered instead of throwing.
// Names: warmline_ prefix, snake_case, base units (seconds, bytes), counters end in _total.

export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry, prefix: 'warmline_' });

/** Latency buckets in seconds, 1 ms to 10 s: a screen pop is expected in tens of ms, an outage shows up at the top. */
export const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels<L extends string> = readonly L[];

function existing<T>(name: string): T | undefined {
  return metricsRegistry.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string = never>(name: string, help: string, labelNames: Labels<L> = []): client.Counter<L> {
  return existing<client.Counter<L>>(name) ?? new client.Counter<L>({ name, help, labelNames: [...labelNames], registers: [metricsRegistry] });
}

export function gauge<L extends string = never>(name: string, help: string, labelNames: Labels<L> = []): client.Gauge<L> {
  return existing<client.Gauge<L>>(name) ?? new client.Gauge<L>({ name, help, labelNames: [...labelNames], registers: [metricsRegistry] });
}

export function histogram<L extends string = never>(name: string, help: string, buckets: number[] = SECONDS_BUCKETS, labelNames: Labels<L> = []): client.Histogram<L> {
  return existing<client.Histogram<L>>(name)
    ?? new client.Histogram<L>({ name, help, buckets, labelNames: [...labelNames], registers: [metricsRegistry] });
}

/** One reading of a sampled gauge: its labels (empty when it has none) and value. */
export type Sample<L extends string> = { labels?: Partial<Record<L, string>>; value: number };
export type SampleSource<L extends string> = () => Promise<Array<Sample<L>> | number> | Array<Sample<L>> | number;

export interface SampledGauge<L extends string> {
  /** Adds a source read at every scrape; returns the function that removes it (call it when its owner stops). */
  source(read: SampleSource<L>): () => void;
}

/**
 * A gauge read when Prometheus scrapes (a count in the database, a queue's length) rather than kept up to date:
 * each running part of the node adds a source, and a scrape sums what the sources return per label set. A source
 * that fails or takes over 2 s is left out of that scrape (its series disappear; alert on absent()), so a scrape
 * during a database outage still answers.
 */
export function sampledGauge<L extends string = never>(name: string, help: string, labelNames: Labels<L> = []): SampledGauge<L> {
  const known = sampledSources.get(name);
  if (known) return known as SampledGauge<L>;
  const sources = new Set<SampleSource<L>>();
  new client.Gauge<L>({
    name, help, labelNames: [...labelNames], registers: [metricsRegistry],
    async collect() {
      this.reset();
      const readings = await Promise.all([...sources].map((read) => withTimeout(Promise.resolve().then(read), 2000).catch(() => [])));
      for (const reading of readings) {
        for (const s of typeof reading === 'number' ? [{ value: reading }] : reading) {
          this.inc((s.labels ?? {}) as Partial<Record<L, string | number>>, s.value);
        }
      }
    },
  });
  const sampled: SampledGauge<L> = {
    source(read) {
      sources.add(read);
      return () => { sources.delete(read); };
    },
  };
  sampledSources.set(name, sampled);
  return sampled;
}
const sampledSources = new Map<string, SampledGauge<string>>();

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); })])
    .finally(() => clearTimeout(timer));
}

/** The text exposition format, as GET /metrics serves it. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
