import { parse } from 'csv-parse/browser/esm/sync';
import { stringify } from 'csv-stringify/browser/esm/sync';

// Issue #22 (CSV exports): the server writes an export with the API's field names as its header and plain values
// (ISO dates, numbers without grouping, money as 1234.50), and audits it; the console, which holds the labels of
// every column in five languages, renames the header before saving the file. The values are left exactly as they
// came. A UTF-8 byte order mark goes first so that a spreadsheet reads Cyrillic or Devanagari headers as UTF-8.
export const UTF8_BOM = '\uFEFF';

export function relabelCsv(text: string, label: (key: string) => string): string {
  const records = parse(text, { bom: true, relax_column_count: true }) as string[][];
  const [header, ...rows] = records;
  if (!header) return text;
  return UTF8_BOM + stringify([header.map((key) => label(key)), ...rows]);
}
