import { describe, expect, it } from 'vitest';
import { neutraliseCell, writeCsv } from '../../../pipelines/csv/write-csv.js';

describe('writeCsv', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(neutraliseCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutraliseCell('+84 912')).toBe(`'+84 912`);
    expect(neutraliseCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
  });
  it('leaves numbers, negative numbers and plain text alone', () => {
    expect(neutraliseCell('-12')).toBe('-12');
    expect(neutraliseCell(-12)).toBe(-12);
    expect(neutraliseCell('ghi chú')).toBe('ghi chú');
  });
  it('writes a header, quotes where needed and CRLF line ends', () => {
    expect(
      writeCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: 1 },
          { a: '-cmd', b: null },
        ],
      ),
    ).toBe('a,b\r\n"x,y",1\r\n\'-cmd,\r\n');
  });
});
