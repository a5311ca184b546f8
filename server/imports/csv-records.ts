import { parse } from 'csv-parse/sync';

export type CsvProblemCode = 'csv-quote' | 'csv-unclosed' | 'csv-invalid';
/** `problem` in English; `code` (set with it) is stable, `detail` the parser's own code for csv-invalid. */
export interface CsvRecord { line: number; cells: string[] | null; problem: string | null; code?: CsvProblemCode; detail?: string }
const QUOTE = { code: 'csv-quote', problem: 'a quote inside a cell is not doubled ("") or the cell is not quoted as a whole' } as const;
const UNCLOSED = { code: 'csv-unclosed', problem: 'a quoted cell is never closed (a quote is missing)' } as const;

/**
 * Splits CSV text, as it streams in, into records (a newline inside a quoted cell stays in its record), then
 * parses each record's cells on its own. A broken record (a stray quote, a quote never closed) is that record's
 * problem and the next line starts afresh: csv-parse alone stops at the first such error or swallows the rest
 * of the file into one cell, which hid every row error after it (issue #21). A quoted cell may span at most
 * `maxSpan` characters before its opening line is given up as broken.
 */
export async function* csvRecords(source: AsyncIterable<string>, maxSpan = 64 * 1024): AsyncGenerator<CsvRecord> {
  let buf = '';
  let line = 1;
  const out: Array<{ text: string; line: number; unclosed: boolean; parsed?: CsvRecord }> = [];
  const drain = (final: boolean) => {
    let start = 0;
    for (;;) {
      let i = start;
      let inQuotes = false;
      let newlines = 0;
      let end = -1;
      while (i < buf.length) {
        const c = buf.charCodeAt(i);
        if (c === 34) inQuotes = !inQuotes;
        else if (c === 10) {
          if (!inQuotes) { end = i; break; }
          newlines += 1;
        }
        i += 1;
        if (inQuotes && i - start > maxSpan) break;
      }
      if (end >= 0) {
        const parsed = cellsOf(buf.slice(start, end), line);
        if (newlines > 0 && parsed.problem) {
          // A record over several lines that does not parse: a stray quote joined lines that were rows of their
          // own. Its first line is the broken row; the next line starts afresh.
          const nl = buf.indexOf('\n', start);
          const first = cellsOf(buf.slice(start, nl), line);
          out.push({ text: buf.slice(start, nl), line, unclosed: false, parsed: first.problem ? { ...first, cells: null } : { line, cells: null, ...QUOTE } });
          line += 1;
          start = nl + 1;
          continue;
        }
        out.push({ text: '', line, unclosed: false, parsed });
        line += newlines + 1;
        start = end + 1;
        continue;
      }
      if (inQuotes && (final || i - start > maxSpan)) {
        const nl = buf.indexOf('\n', start);
        const stop = nl < 0 ? buf.length : nl;
        out.push({ text: buf.slice(start, stop), line, unclosed: true });
        line += 1;
        start = Math.min(stop + 1, buf.length);
        if (start >= buf.length) break;
        continue;
      }
      if (final && start < buf.length) {
        out.push({ text: buf.slice(start), line, unclosed: false });
        start = buf.length;
      }
      break;
    }
    buf = buf.slice(start);
  };
  const emit = function* (): Generator<CsvRecord> {
    for (const r of out.splice(0)) {
      if (r.parsed) {
        if (r.parsed.cells !== null || r.parsed.problem !== null) yield r.parsed;
        continue;
      }
      if (r.unclosed) {
        yield { line: r.line, cells: null, ...UNCLOSED };
        continue;
      }
      yield cellsOf(r.text, r.line);
    }
  };
  for await (const s of source) {
    buf += s;
    drain(false);
    yield* emit();
  }
  drain(true);
  yield* emit();
}

/** One record's cells; an empty line is { cells: null, problem: null } (skipped). */
function cellsOf(raw: string, line: number): CsvRecord {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.trim() === '') return { line, cells: null, problem: null };
  try {
    const rows = parse(text, { relax_column_count: true, trim: true }) as string[][];
    return { line, cells: rows[0] ?? [], problem: null };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') return { line, cells: null, ...QUOTE };
    if (code === 'CSV_QUOTE_NOT_CLOSED') return { line, cells: null, ...UNCLOSED };
    return { line, cells: null, problem: `not valid CSV (${code || 'unreadable'})`, code: 'csv-invalid', detail: code || 'unreadable' };
  }
}
