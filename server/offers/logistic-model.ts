// L2-regularised logistic regression fitted by Newton's method (IRLS), on standardised features. Written here
// rather than taken from npm: ml-logistic-regression (the one maintained package) has no regularisation and no
// probabilities per row, and the whole fit is ~100 lines of arithmetic that the report and the "why" text read.
// Pure: no I/O, deterministic for the same rows.

export type FeatureMap = Record<string, number>;
export interface TrainingRow { x: FeatureMap; y: 0 | 1 }
export interface ModelFeature { name: string; mean: number; sd: number; weight: number }
/** Acceptance actually observed among training rows whose predicted probability fell in [lo, hi). */
export interface ScoreBin { lo: number; hi: number; n: number; accepted: number }
export interface LogisticModel {
  intercept: number;
  lambda: number;
  features: ModelFeature[];
  bins: ScoreBin[];
}

export interface FitOptions {
  /** L2 penalty on the standardised weights (the intercept is not penalised). */
  lambda?: number;
  /** A feature is used only when at least this many training rows have it non-zero. */
  minSupport?: number;
  maxIterations?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function featureStats(rows: TrainingRow[], minSupport: number): Array<Omit<ModelFeature, 'weight'>> {
  const support = new Map<string, number>();
  for (const r of rows) for (const [k, v] of Object.entries(r.x)) if (v !== 0 && Number.isFinite(v)) support.set(k, (support.get(k) ?? 0) + 1);
  const names = [...support].filter(([, n]) => n >= minSupport).map(([k]) => k).sort();
  const out: Array<Omit<ModelFeature, 'weight'>> = [];
  for (const name of names) {
    let sum = 0;
    let sq = 0;
    for (const r of rows) {
      const v = r.x[name] ?? 0;
      sum += v;
      sq += v * v;
    }
    const mean = sum / rows.length;
    const sd = Math.sqrt(Math.max(0, sq / rows.length - mean * mean));
    if (sd > 1e-9) out.push({ name, mean, sd });
  }
  return out;
}

/** Solves A x = b for a symmetric positive definite A (Cholesky). */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

export function fitLogistic(rows: TrainingRow[], options: FitOptions = {}): LogisticModel {
  const lambda = options.lambda ?? 1;
  if (rows.length === 0) return { intercept: 0, lambda, features: [], bins: [] };
  const stats = featureStats(rows, options.minSupport ?? 5);
  const d = stats.length + 1;
  // Design matrix: column 0 is the intercept, the rest standardised.
  const xs = rows.map((r) => [1, ...stats.map((f) => ((r.x[f.name] ?? 0) - f.mean) / f.sd)]);
  const positives = rows.reduce((n, r) => n + r.y, 0);
  const prior = Math.min(Math.max(positives / rows.length, 1e-4), 1 - 1e-4);
  const w = new Array<number>(d).fill(0);
  w[0] = Math.log(prior / (1 - prior));
  for (let iter = 0; iter < (options.maxIterations ?? 30); iter++) {
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const g = new Array<number>(d).fill(0);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const p = sigmoid(z);
      const s = Math.max(p * (1 - p), 1e-10);
      const e = rows[i]!.y - p;
      for (let j = 0; j < d; j++) {
        g[j]! += e * x[j]!;
        const sxj = s * x[j]!;
        for (let k = 0; k <= j; k++) h[j]![k]! += sxj * x[k]!;
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) h[k]![j] = h[j]![k]!;
      if (j > 0) {
        h[j]![j]! += lambda;
        g[j]! -= lambda * w[j]!;
      }
    }
    const step = solveSpd(h, g);
    let change = 0;
    for (let j = 0; j < d; j++) {
      w[j]! += step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-6) break;
  }
  const model: LogisticModel = { intercept: w[0]!, lambda, features: stats.map((f, i) => ({ ...f, weight: w[i + 1]! })), bins: [] };
  model.bins = scoreBins(rows.map((r) => predict(model, r.x)), rows.map((r) => r.y));
  return model;
}

export function predict(model: LogisticModel, x: FeatureMap): number {
  let z = model.intercept;
  for (const f of model.features) z += f.weight * ((x[f.name] ?? 0) - f.mean) / f.sd;
  return sigmoid(z);
}

/** Each feature's push on the log-odds for this customer, largest first. */
export function contributions(model: LogisticModel, x: FeatureMap): Array<{ name: string; value: number; contribution: number }> {
  return model.features
    .map((f) => ({ name: f.name, value: x[f.name] ?? 0, contribution: f.weight * ((x[f.name] ?? 0) - f.mean) / f.sd }))
    .sort((a, b) => b.contribution - a.contribution);
}

/** Ten bins of equal count by predicted probability, with what actually happened in each. */
export function scoreBins(predicted: number[], actual: number[], count = 10): ScoreBin[] {
  const order = predicted.map((p, i) => [p, actual[i]!] as const).sort((a, b) => a[0] - b[0]);
  const bins: ScoreBin[] = [];
  for (let b = 0; b < count; b++) {
    const part = order.slice(Math.floor((b * order.length) / count), Math.floor(((b + 1) * order.length) / count));
    if (part.length === 0) continue;
    bins.push({ lo: part[0]![0], hi: part[part.length - 1]![0], n: part.length, accepted: part.reduce((n, [, y]) => n + y, 0) });
  }
  return bins;
}

/** The observed acceptance rate among training rows scored like this one. */
export function similarRate(model: LogisticModel, p: number): { rate: number; n: number } | null {
  if (model.bins.length === 0) return null;
  const bin = model.bins.find((b) => p <= b.hi) ?? model.bins[model.bins.length - 1]!;
  return bin.n > 0 ? { rate: bin.accepted / bin.n, n: bin.n } : null;
}
