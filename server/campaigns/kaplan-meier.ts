// Survival estimate for the predictive pacer (predictive-pacer.ts), pure.

/**
 * Kaplan-Meier survival P(T > x) from finished durations (`events`) and durations still running (`censored`, e.g.
 * the calls agents are on now). Finished calls alone are biased short (at a cold start only the shortest have ended);
 * counting the running ones as "at least this long" removes that bias. Without any finished one: 1 everywhere.
 */
export function kaplanMeier(events: readonly number[], censored: readonly number[]): (x: number) => number {
  const points = [...events.map((t) => ({ t, event: 1 })), ...censored.map((t) => ({ t, event: 0 }))]
    .sort((a, b) => a.t - b.t || b.event - a.event);
  const times: number[] = [];
  const surv: number[] = [];
  let atRisk = points.length;
  let s = 1;
  for (let i = 0; i < points.length;) {
    const t = points[i]!.t;
    let deaths = 0, leaving = 0;
    for (; i < points.length && points[i]!.t === t; i++) { deaths += points[i]!.event; leaving++; }
    if (deaths > 0) { s *= 1 - deaths / atRisk; times.push(t); surv.push(s); }
    atRisk -= leaving;
  }
  return (x: number) => {
    let lo = 0, hi = times.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (times[m]! <= x) lo = m + 1; else hi = m; }
    return lo === 0 ? 1 : surv[lo - 1]!;
  };
}
