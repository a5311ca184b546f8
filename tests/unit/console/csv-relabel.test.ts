import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { relabelCsv, UTF8_BOM } from '../../../console/src/format/csv-relabel';
import columns from '../../../console/src/i18n/features/columns';

// Issue #22: CSV exports had the API's camelCase keys as headers. The console renames the header row with the
// columns' labels in the user's language and leaves every value exactly as the server wrote it (ISO dates, plain
// numbers), formula guards and quoted commas and line breaks included.
const ru = columns.ru.columns as Record<string, string>;
const label = (key: string) => ru[key] ?? key;

// As the server writes a report table (server/reports/reports.service.ts exportCsv): csv-stringify, header: true.
const serverCsv = stringify([
  { displayName: 'Support, "east"', offered: 1200, abandonRateExShort: 0.0912, avgHandleSeconds: 312.5, revenue: '3600.00', from: '2026-12-05T09:00:00.000Z', note: "'=HYPERLINK(\"x\")" },
  { displayName: 'Line\nbreak', offered: 0, abandonRateExShort: 0, avgHandleSeconds: null, revenue: '0.00', from: '2026-12-06T00:00:00.000Z', note: '' },
], { header: true });

describe('CSV export header in the user language', () => {
  it('translates every known column and keeps the values byte for byte', () => {
    const sut = relabelCsv(serverCsv, label);
    expect(sut.startsWith(UTF8_BOM)).toBe(true);
    const [header, ...rows] = parse(sut, { bom: true }) as string[][];
    expect(header).toEqual(['Очередь', 'Поступило', 'Доля потерь (без коротких)', 'Ср. обработка', 'Выручка', 'from', 'note']);
    expect(rows).toEqual((parse(serverCsv) as string[][]).slice(1));
    expect(rows[0]).toEqual(['Support, "east"', '1200', '0.0912', '312.5', '3600.00', '2026-12-05T09:00:00.000Z', "'=HYPERLINK(\"x\")"]);
    expect(rows[1]![0]).toBe('Line\nbreak');
  });

  it('leaves an empty export alone and reads a file that already has a byte order mark', () => {
    expect(relabelCsv('', label)).toBe('');
    expect(parse(relabelCsv(`${UTF8_BOM}offered\n3\n`, label), { bom: true })).toEqual([['Поступило'], ['3']]);
  });
});
