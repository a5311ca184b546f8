import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../server/imports/csv-records';
import { delimiterProblem, sniffStart, utf8Decoder } from '../../../server/imports/csv-file';

async function records(text: string, chunk = 7) {
  async function* src() { for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk); }
  const out = [];
  for await (const r of csvRecords(src())) out.push(r);
  return out;
}

// Issue #21: a structural CSV error must not hide the rows after it (csv-parse alone stopped at the first one).
describe('csvRecords', () => {
  it('splits streamed text into records, keeps a quoted newline inside its cell, skips empty lines', async () => {
    const sut = await records('a,b\r\n1,"two\nlines"\n\n3,"say ""hi"""\n4,x');
    expect(sut).toEqual([
      { line: 1, cells: ['a', 'b'], problem: null },
      { line: 2, cells: ['1', 'two\nlines'], problem: null },
      { line: 5, cells: ['3', 'say "hi"'], problem: null },
      { line: 6, cells: ['4', 'x'], problem: null },
    ]);
  });

  it('reports a stray quote and a quote never closed on their own line and carries on', async () => {
    const sut = await records('h1,h2\nok,1\nx,"bro"ken\nnext,2\ny,"never closed\nlast,3\n');
    expect(sut.map((r) => [r.line, r.cells?.[0] ?? null, r.problem ? 'problem' : null])).toEqual([
      [1, 'h1', null], [2, 'ok', null], [3, null, 'problem'], [4, 'next', null], [5, null, 'problem'], [6, 'last', null],
    ]);
    expect(sut[4]!.problem).toMatch(/never closed/);
  });

  it('gives up on a quoted cell longer than the limit at its opening line', async () => {
    const sut = [];
    async function* src() { yield 'h\n"open'; for (let i = 0; i < 20; i += 1) yield `\nrow${i}`; }
    for await (const r of csvRecords(src(), 40)) sut.push(r);
    expect(sut[1]).toMatchObject({ line: 2, cells: null });
    expect(sut.at(-1)).toMatchObject({ line: 22, cells: ['row19'] });
  });
});

describe('file checks', () => {
  it('names a workbook, binary data, UTF-16 and a semicolon header', () => {
    expect(sniffStart(Buffer.from('PK\u0003\u0004rest'))?.code).toBe('file-spreadsheet');
    expect(sniffStart(Buffer.from([0x41, 0x00, 0x42]))?.code).toBe('file-binary');
    expect(sniffStart(Buffer.from([0xff, 0xfe, 0x41, 0x00]))?.code).toBe('file-utf16');
    expect(sniffStart(Buffer.from('full_name\nAnn\n'))).toBeNull();
    expect(delimiterProblem(['full_name;email'])?.code).toBe('file-delimiter');
    expect(delimiterProblem(['full_name', 'email'])).toBeNull();
  });

  it('decodes UTF-8 split inside a character, and refuses Windows-1251', () => {
    const decode = utf8Decoder();
    const bytes = Buffer.from('Анна', 'utf8');
    expect(decode(bytes.subarray(0, 3), 0) + decode(bytes.subarray(3), 3) + decode(null, 8)).toBe('Анна');
    expect(() => utf8Decoder()(Buffer.from([0xc0, 0xe0, 0xed]), 10)).toThrow(/not UTF-8/);
  });
});
