import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { outputWidth, renderLargeTable, renderTable, type Cell } from '../../cli/output.js';

/** The widest line of some output, in terminal columns. */
function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => stringWidth(line)));
}

const WIDE_COLUMNS = [
  'province',
  'province_name',
  'cases',
  'suspects',
  'fines_vnd',
  'border_km',
  'cases_per_100_km',
  'administrative_cases_per_border_commune',
  'fines_vnd_per_border_commune',
  'rank_by_cases',
];
const WIDE_ROWS: Cell[][] = [
  ['VN-22', 'Nghệ An', 51, 68, 741000000, 468.3, 10.89, 0.74, 27444444, 1],
  ['VN-71', 'Điện Biên', 33, null, null, 455.9, 7.24, null, null, 4],
];

describe('outputWidth', () => {
  it('takes COLUMNS when it is set, on a terminal or not', () => {
    expect(outputWidth({ isTTY: true, columns: 200 }, { COLUMNS: '100' })).toBe(100);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '100' })).toBe(100);
  });

  it('takes the terminal width, and sets no limit when output goes to a file or a pipe', () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(outputWidth({ isTTY: false }, {})).toBeUndefined();
    expect(outputWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBeUndefined();
  });

  it('takes 80 columns on a terminal that does not say its width', () => {
    expect(outputWidth({ isTTY: true, columns: 0 }, {})).toBe(80);
  });
});

describe('renderTable', () => {
  it('draws a table that fits as it would without a width', () => {
    const rows: Cell[][] = [
      ['VN-22', 'Nghệ An', 51],
      ['VN-13', 'Quảng Ninh', 7],
    ];
    const unlimited = renderTable(['province', 'name', 'cases'], rows);
    expect(renderTable(['province', 'name', 'cases'], rows, { width: widest(unlimited) })).toBe(unlimited);
    expect(unlimited.split('\n')[2]).toBe('│ VN-22    │ Nghệ An    │    51 │');
  });

  it('wraps text columns, never numbers, when that makes the table fit', () => {
    const note = 'the row is for Hà Tĩnh (VN-23) but the file was uploaded to the folder of Nghệ An (VN-22)';
    const rows: Cell[][] = [['incoming/VN-22/2024Q4/bao-cao-quy-4-2024.csv', 22, 1234567, note]];
    const table = renderTable(['file', 'line', 'accepted', 'note'], rows, { width: 60 });
    expect(widest(table)).toBeLessThanOrEqual(60);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^┌─+┬/);
    expect(lines[2]).toMatch(/│ +22 │ +1234567 │/);
    // Every word of the note is still there, in order.
    const noteColumn = lines
      .slice(2, -1)
      .map((line) => line.split('│')[4]!.trim())
      .join(' ');
    expect(noteColumn.replace(/\s+/g, ' ')).toBe(note);
  });

  it('shows a table too wide to wrap one record per block, numbers right-aligned', () => {
    const output = renderTable(WIDE_COLUMNS, WIDE_ROWS, { width: 100 });
    expect(widest(output)).toBeLessThanOrEqual(100);
    const lines = output.split('\n');
    expect(lines[0]).toBe(`-[ RECORD 1 ]${'-'.repeat(27)}+${'-'.repeat(10)}`);
    expect(lines[1]).toBe('province                                | VN-22');
    expect(lines[2]).toBe('province_name                           | Nghệ An');
    // Numbers end under the widest one, 741000000.
    expect(lines[3]).toBe('cases                                   |        51');
    expect(lines[5]).toBe('fines_vnd                               | 741000000');
    expect(lines[6]).toBe('border_km                               |     468.3');
    expect(lines[11]).toMatch(/^-\[ RECORD 2 \]-+\+-+$/);
    // An empty value leaves the line at its label.
    expect(lines[15]).toBe('suspects                                |');
    expect(lines).toHaveLength(2 * (WIDE_COLUMNS.length + 1));
  });

  it('wraps long text inside a record to the width', () => {
    const sentence = 'Trong quý, các đồn biên phòng đã phát hiện, bắt giữ 7 vụ/9 đối tượng vi phạm pháp luật. '
      .repeat(3)
      .trim();
    const output = renderTable([...WIDE_COLUMNS, 'evidence'], [[...WIDE_ROWS[0]!, sentence]], { width: 80 });
    expect(widest(output)).toBeLessThanOrEqual(80);
    const evidence = output.split('\n').filter((line) => line.startsWith('evidence') || /^ +\| /.test(line));
    expect(evidence.length).toBeGreaterThan(1);
    expect(evidence.map((line) => line.split('| ')[1]).join(' ')).toBe(sentence);
  });

  it('counts a Vietnamese letter with combining marks as one column and a CJK character as two', () => {
    const rows: Cell[][] = [
      ['Nghe\u0302\u0323 An', 1],
      ['Nghệ An', 2],
      ['中文', 3],
    ];
    const lines = renderTable(['name', 'n'], rows).split('\n');
    expect(new Set(lines.map((line) => stringWidth(line))).size).toBe(1);
    expect(lines[4]).toBe('│ 中文    │ 3 │');
  });

  it('right-aligns the numbers of a column that also holds text', () => {
    const lines = renderTable(
      ['metric', 'value'],
      [
        ['a', 2102],
        ['b', '26/27'],
      ],
    ).split('\n');
    expect(lines[2]).toBe('│ a      │  2102 │');
    expect(lines[3]).toBe('│ b      │ 26/27 │');
  });

  it('draws large tables in one pass exactly as small ones, at any width', () => {
    const rows: Cell[][] = [
      ['incoming/VN-01/2015Q1/bao-cao-1.txt', 'text', 12, 'Nghe\u0302\u0323 An'],
      ['incoming/national.csv', 'csv', 1000000, 'two\nlines'],
      ['incoming/VN-04/2025Q2/bien-ban.docx', 'other', null, 'this kind of file is not supported'],
    ];
    const columns = ['file', 'kind', 'read', 'note'];
    for (const width of [undefined, 120, 50, 30]) {
      expect(renderLargeTable(columns, rows, { width }), String(width)).toBe(renderTable(columns, rows, { width }));
    }
    expect(renderTable(columns, rows, { width: 50 })).toMatch(/^┌/);
    expect(renderTable(columns, rows, { width: 30 })).toMatch(/^-\[ RECORD 1 \]/);
  });
});
