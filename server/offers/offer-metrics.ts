// Model quality measures shared by the refit job, the report and bench:offers. Pure.

/** Area under the ROC curve (probability that a random acceptance is scored above a random refusal; ties half). */
export function auc(predicted: number[], actual: number[]): number | null {
  const rows = predicted.map((p, i) => [p, actual[i]!] as const).sort((a, b) => a[0] - b[0]);
  const pos = rows.filter(([, y]) => y === 1).length;
  const neg = rows.length - pos;
  if (pos === 0 || neg === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j < rows.length && rows[j]![0] === rows[i]![0]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (rows[k]![1] === 1) rankSum += avgRank;
    i = j;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface CalibrationBin { decile: number; n: number; predicted: number; actual: number }

/** Predicted vs actual acceptance (percent) by decile of the predicted probability. */
export function calibrationByDecile(predicted: number[], actual: number[]): CalibrationBin[] {
  const rows = predicted.map((p, i) => [p, actual[i]!] as const).sort((a, b) => a[0] - b[0]);
  const out: CalibrationBin[] = [];
  for (let d = 0; d < 10; d++) {
    const part = rows.slice(Math.floor((d * rows.length) / 10), Math.floor(((d + 1) * rows.length) / 10));
    if (part.length === 0) continue;
    const mean = (f: (r: readonly [number, number]) => number) => part.reduce((s, r) => s + f(r), 0) / part.length;
    out.push({ decile: d + 1, n: part.length, predicted: round1(100 * mean((r) => r[0])), actual: round1(100 * mean((r) => r[1])) });
  }
  return out;
}

/** Mean absolute gap between predicted and actual acceptance over the deciles, weighted by rows, in points. */
export function calibrationError(bins: CalibrationBin[]): number | null {
  const n = bins.reduce((s, b) => s + b.n, 0);
  if (n === 0) return null;
  return round1(bins.reduce((s, b) => s + b.n * Math.abs(b.predicted - b.actual), 0) / n);
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
