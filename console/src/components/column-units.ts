// A column's unit from its API field name (issue #22.1): rates are fractions of 1 (0.902 -> 90.2 %), the
// wallboard's serviceLevel is already a percentage (given as an override), *Seconds and the average times are
// seconds (h:mm:ss), money is the account's currency. Pure: unit-tested without a browser.
export type Unit = 'count' | 'ratio' | 'percent' | 'seconds' | 'money' | 'date' | 'text';

const RATIO = /Rate(ExShort|24h|7d)?$|^occupancy$|^serviceLevel(Strict)?$|^share$/;
const SECONDS = /Seconds$|^(asa|aht|avgTalk|avgHold|avgWrapup|avgTimeToAbandon|median_s)$/;
const MONEY = /^(cost|revenue|total_spend|price|spend|amount)$/;
const DATE = /At$|^(birthday|day|date)$/;
const TEXT = /^(key|label|name|queue|displayName|reason|period|kind|phone|category)$/;

export function unitOf(key: string, overrides: Record<string, Unit> = {}): Unit {
  const leaf = key.split('.').at(-1)!;
  if (overrides[key]) return overrides[key]!;
  if (key.startsWith('pauseByReason.')) return 'seconds';
  if (TEXT.test(leaf)) return 'text';
  if (SECONDS.test(leaf)) return 'seconds';
  if (RATIO.test(leaf)) return 'ratio';
  if (MONEY.test(leaf)) return 'money';
  if (DATE.test(leaf)) return 'date';
  return 'count';
}

