// A bounded memory of recent ids for the pure translator. Immutable like the rest of its state: adding copies at
// most one chunk (256 entries), never the whole memory, so it costs the same at 10 calls/s and at 500.

export interface Recent<V> { readonly chunks: ReadonlyArray<ReadonlyMap<string, V>> }

const CHUNK = 256;
const CHUNKS = 32;

export const EMPTY_RECENT: Recent<never> = Object.freeze({ chunks: Object.freeze([]) as ReadonlyArray<ReadonlyMap<string, never>> });

export function recentGet<V>(r: Recent<V>, key: string): V | undefined {
  for (let i = r.chunks.length - 1; i >= 0; i--) {
    const v = r.chunks[i]!.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** About the last 8,000 keys are remembered; older ones are forgotten a chunk at a time. */
export function recentAdd<V>(r: Recent<V>, key: string, value: V): Recent<V> {
  const last = r.chunks[r.chunks.length - 1];
  if (last && last.size < CHUNK) {
    const m = new Map(last);
    m.set(key, value);
    return { chunks: [...r.chunks.slice(0, -1), m] };
  }
  const chunks = [...r.chunks, new Map([[key, value]])];
  return { chunks: chunks.length > CHUNKS ? chunks.slice(chunks.length - CHUNKS) : chunks };
}
