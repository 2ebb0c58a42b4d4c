import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsvTable } from '../../../pipelines/csv/read-csv-table.js';

const table = (text: string) => {
  const reading = readCsvTable(text);
  if (!reading.ok) throw new Error(reading.problem.en);
  return reading.table;
};

describe('readCsvTable', () => {
  it('detects ",", ";" and tab from the header line', () => {
    expect(detectDelimiter('province,period,metric,value')).toBe(',');
    expect(detectDelimiter('Tỉnh;Kỳ báo cáo;Chỉ tiêu;Giá trị')).toBe(';');
    expect(detectDelimiter('province\tperiod\tmetric\tvalue')).toBe('\t');
  });
  it('keeps a decimal comma inside a ";"-separated file', () => {
    expect(table('a;b\r\nVN-22;73,4\r\n').records[0]?.fields).toEqual(['VN-22', '73,4']);
  });
  it('numbers records by the line they start on, across CRLF, quoted newlines and blank lines', () => {
    const { records, headerLine } = table('\r\na,b\r\n1,"two\r\nlines"\r\n\r\n3,4\r\n,\r\n');
    expect(headerLine).toBe(2);
    expect(records.map((record) => record.line)).toEqual([3, 6]);
    expect(records[0]?.fields).toEqual(['1', 'two\r\nlines']);
  });
  it('skips blank trailing lines and rows of empty cells', () => {
    expect(table('a,b\n1,2\n,\n\n\n').records).toHaveLength(1);
  });
  it('flags a quote that is never closed', () => {
    expect(table('a,b\n1,"open\n2,3\n').records[0]?.problem?.code).toBe('row-unclosed-quote');
  });
  it('refuses an empty file', () => {
    expect(readCsvTable(' \n\n')).toMatchObject({ ok: false, problem: { code: 'file-empty' } });
  });
});
