// Pushes may repeat or arrive late (reconnects, several nodes): a record only moves forward in seq.
// A snapshot entry has no seq (0): it replaces state, and any later push with a real seq wins over it.
export function isNewer(previousSeq: number | undefined, incomingSeq: number): boolean {
  return previousSeq === undefined || incomingSeq > previousSeq;
}

export interface Sequenced<T> { value: T; seq: number }

/** Returns the next map, or the same object when the push is stale (so callers can tell nothing changed). */
export function mergeBySeq<K extends string | number, T>(
  current: Record<K, Sequenced<T>>, key: K, value: T, seq: number,
): Record<K, Sequenced<T>> {
  const previous = current[key] as Sequenced<T> | undefined;
  if (!isNewer(previous?.seq, seq)) return current;
  return { ...current, [key]: { value, seq } };
}
