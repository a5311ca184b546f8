import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { handleUnhandledRejection, isDriverTypeQueryRejection } from '../../../server/process-guards';

// The query text as the installed postgres.js sends it, so that an upgrade that changes it fails here.
const require = createRequire(import.meta.url);
const driverSource = readFileSync(path.join(path.dirname(require.resolve('postgres')), 'connection.js'), 'utf8');
const typeQuery = /async function fetchArrayTypes\(\)[\s\S]*?new Query\(\[`([\s\S]*?)`\]/.exec(driverSource)?.[1];

function logSink() {
  const lines: Array<{ level: number; msg: string }> = [];
  const log = pino({ level: 'trace' }, { write: (s: string) => { lines.push(JSON.parse(s) as { level: number; msg: string }); } });
  return { log, lines };
}

describe('process guards', () => {
  it('finds the startup type query in the installed postgres.js', () => {
    expect(typeQuery).toMatch(/pg_catalog\.pg_type/);
  });

  it('keeps the process alive for the driver\'s dropped type-query rejection, and logs it', () => {
    const reason = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read', query: typeQuery, parameters: [] });
    expect(isDriverTypeQueryRejection(reason)).toBe(true);
    const { log, lines } = logSink();
    const exits: number[] = [];
    handleUnhandledRejection(reason, log, (code) => exits.push(code));
    expect(exits).toEqual([]);
    expect(lines).toMatchObject([{ level: 40 }]);
  });

  it('exits with 1 on any other unhandled rejection, a failed application query included', () => {
    const { log, lines } = logSink();
    const exits: number[] = [];
    for (const reason of [new Error('boom'), undefined, 'text', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', query: 'select * from calls where id = $1' })]) {
      expect(isDriverTypeQueryRejection(reason)).toBe(false);
      handleUnhandledRejection(reason, log, (code) => exits.push(code));
    }
    expect(exits).toEqual([1, 1, 1, 1]);
    expect(lines.every((l) => l.level === 60)).toBe(true);
  });
});
