/**
 * A hostile CSV cannot stall the reader: an over-long header or line rejects the file, an over-long
 * cell rejects its record, each with a reason, and the work stops at the limit.
 */
import { describe, expect, it } from 'vitest';
import { scanCsvText, type CsvRecord } from '../../../pipelines/csv/read-csv-table.js';
import { CSV_LIMITS } from '../../../pipelines/ingest/limits.js';
import { decodeText } from '../../../pipelines/text/decode-text.js';

function scan(text: string): { result: ReturnType<typeof scanCsvText>; records: CsvRecord[] } {
  const records: CsvRecord[] = [];
  const result = scanCsvText(text, (record) => {
    records.push(record);
  });
  return { result, records };
}

describe('the CSV reader limits', () => {
  it('rejects a file whose header line is over the header limit', () => {
    const { result, records } = scan(`${'a'.repeat(CSV_LIMITS.headerChars + 1)}\n1\n`);
    expect(result).toMatchObject({ ok: false, problem: { code: 'header-too-long' } });
    if (!result.ok) expect(result.problem.en).toMatch(/^The header line is longer than the 64 KiB limit/);
    expect(records).toEqual([]);
  });

  it('rejects a file with a line over the line limit, naming the line', () => {
    const { result } = scan(
      `province,period,metric,value\nVN-22,2024Q3,border_posts,1\nVN-22,2024Q3,x,${'9'.repeat(CSV_LIMITS.lineChars)}\n`,
    );
    expect(result).toMatchObject({ ok: false, problem: { code: 'line-too-long' } });
    if (!result.ok) expect(result.problem.en).toMatch(/^Line 3 is longer than the 1 MiB limit of a line/);
  });

  it('rejects a record with a cell over the cell limit and does not pass the cell on', () => {
    const { result, records } = scan(
      `province,period,metric,value\nVN-22,2024Q3,border_posts,${'9'.repeat(CSV_LIMITS.cellChars + 1)}\nVN-22,2024Q3,border_posts,3\n`,
    );
    expect(result).toMatchObject({ ok: true });
    expect(records[1]).toEqual({
      line: 2,
      fields: ['VN-22', '2024Q3', 'border_posts', ''],
      problem: expect.objectContaining({
        code: 'cell-too-long',
        en: 'Cell 4 is longer than the 64 KiB limit of a cell.',
      }),
    });
    expect(records[2]).toEqual({ line: 3, fields: ['VN-22', '2024Q3', 'border_posts', '3'] });
  });

  it('accepts cells and lines at exactly their limits', () => {
    const { result, records } = scan(`a,b\n${'x'.repeat(CSV_LIMITS.cellChars)},1\n`);
    expect(result).toMatchObject({ ok: true });
    expect(records[1]?.problem).toBeUndefined();
  });
});

describe('binary data', () => {
  it('is refused wherever its NUL byte is, not only in the first 8 KiB', () => {
    const bytes = Buffer.from(`province,period,metric,value\n${'VN-22,2024Q3,border_posts,1\n'.repeat(1000)}\u0000\n`);
    expect(bytes.indexOf(0)).toBeGreaterThan(8192);
    expect(decodeText(bytes)).toEqual({
      ok: false,
      reason: expect.stringMatching(/not text \(it contains binary data\)/),
    });
  });
});
