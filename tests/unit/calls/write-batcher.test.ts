import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../../server/calls/write-batcher';

// The merging of per-call writes (issue #27, bench:ingest): no database here, the statements are recorded.
interface Row { key: string; v: number }
const transient = (err: unknown) => (err as { code?: string }).code === 'ECONNRESET';

function recorder(opts: { failMany?: Error; badKey?: string; maxInFlight?: number } = {}) {
  const statements: string[][] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const sut = new WriteBatcher<Row, number>(
    (r) => r.key,
    async (rows) => {
      statements.push(rows.map((r) => r.key));
      if (gate) await gate;
      if (opts.failMany) throw opts.failMany;
      return rows.map((r) => r.v * 10);
    },
    async (row) => {
      statements.push([row.key]);
      if (gate) await gate;
      if (row.key === opts.badKey) throw new Error('bad row');
      return row.v * 10;
    },
    transient,
    { maxInFlight: opts.maxInFlight ?? 1 },
  );
  return {
    sut, statements,
    hold() { gate = new Promise((r) => { release = r; }); },
    release() { const r = release; gate = undefined; r?.(); },
  };
}

describe('WriteBatcher', () => {
  it('sends a lone write alone and at once, through the single-row statement', async () => {
    const { sut, statements } = recorder();
    expect(await sut.run({ key: 'a', v: 1 })).toBe(10);
    expect(statements).toEqual([['a']]);
  });

  it('merges the writes that arrive while a statement is in flight, each caller getting its own result', async () => {
    const r = recorder();
    r.hold();
    const first = r.sut.run({ key: 'a', v: 1 });
    await new Promise((res) => setImmediate(res));
    const rest = ['b', 'c', 'd'].map((key, i) => r.sut.run({ key, v: i + 2 }));
    expect(r.sut.queued).toBe(3);
    r.release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(r.statements).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never merges two writes with one key: the later one goes in the next statement, in order', async () => {
    const r = recorder();
    const all = [r.sut.run({ key: 'a', v: 1 }), r.sut.run({ key: 'b', v: 2 }), r.sut.run({ key: 'a', v: 3 })];
    expect(await Promise.all(all)).toEqual([10, 20, 30]);
    expect(r.statements).toEqual([['a', 'b'], ['a']]);
  });

  it('runs a failed multi-row statement again row by row, so only the bad row fails', async () => {
    const r = recorder({ failMany: new Error('no partition'), badKey: 'b' });
    const all = ['a', 'b', 'c'].map((key, i) => r.sut.run({ key, v: i + 1 }).catch((e: Error) => e.message));
    expect(await Promise.all(all)).toEqual([10, 'bad row', 30]);
    expect(r.statements).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });

  it('fails every row of a statement lost to a transient error, for each caller to retry', async () => {
    const lost = Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    const r = recorder({ failMany: lost });
    const all = ['a', 'b'].map((key, i) => r.sut.run({ key, v: i + 1 }).catch((e: Error) => e));
    expect(await Promise.all(all)).toEqual([lost, lost]);
    expect(r.statements).toEqual([['a', 'b']]);
  });

  it('keeps at most maxInFlight statements running', async () => {
    const r = recorder({ maxInFlight: 2 });
    r.hold();
    const first = [r.sut.run({ key: 'a', v: 1 })];
    await new Promise((res) => setImmediate(res));
    first.push(r.sut.run({ key: 'b', v: 2 }));
    await new Promise((res) => setImmediate(res));
    const later = ['c', 'd'].map((key, i) => r.sut.run({ key, v: i + 3 }));
    await new Promise((res) => setImmediate(res));
    expect(r.statements).toEqual([['a'], ['b']]);
    expect(r.sut.queued).toBe(2);
    r.release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40]);
    expect(r.statements).toEqual([['a'], ['b'], ['c', 'd']]);
  });
});
