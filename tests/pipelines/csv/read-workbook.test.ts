import type ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnLetters, readWorkbook, sheetRowTexts, type Sheet } from '../../../pipelines/csv/read-workbook.js';
import { buildWorkbook } from '../../support/build-workbook.js';

const TITLE = 'BÁO CÁO KẾT QUẢ CÔNG TÁC BIÊN PHÒNG QUÝ III/2024';
const HEADER = ['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị', 'Mẫu số', 'Đơn vị tính', 'Ghi chú'];

async function readSheets(bytes: Uint8Array): Promise<readonly Sheet[]> {
  const reading = await readWorkbook(bytes);
  if (!reading.ok) throw new Error(reading.reason);
  return reading.sheets;
}

describe('readWorkbook', () => {
  it("reads a form with a merged title block above its header, with the sheet's own row numbers", async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Số liệu',
        rows: [
          [TITLE],
          ['Đơn vị: Bộ đội Biên phòng tỉnh Nghệ An'],
          [],
          HEADER,
          ['Nghệ An', 'Quý III/2024', 'border_posts', 16, null, 'đồn'],
        ],
        merge: ['A1:G1', 'A2:D2'],
      },
    ]);
    const [sheet] = await readSheets(bytes);
    expect(sheet?.name).toBe('Số liệu');
    expect(sheet?.rows.map(({ row }) => row)).toEqual([1, 2, 4, 5]);
    const [title, unit, header, data] = sheet?.rows ?? [];
    expect(title?.cells[0]).toEqual({ kind: 'text', value: TITLE, merged: { range: 'A1:G1', rows: 1, columns: 7 } });
    expect(title?.cells.slice(1)).toEqual(Array.from({ length: 6 }, () => ({ kind: 'covered', by: 'A1' })));
    expect(unit?.cells[0]).toMatchObject({ merged: { range: 'A2:D2', columns: 4 } });
    expect(sheet?.merged.map(({ range }) => range)).toEqual(['A1:G1', 'A2:D2']);
    expect(header && sheetRowTexts(header)).toEqual(HEADER);
    expect(data?.cells).toEqual([
      { kind: 'text', value: 'Nghệ An' },
      { kind: 'text', value: 'Quý III/2024' },
      { kind: 'text', value: 'border_posts' },
      { kind: 'number', value: 16 },
      { kind: 'empty' },
      { kind: 'text', value: 'đồn' },
    ]);
  });

  it('keeps numbers as numbers and text as text, whatever they look like', async () => {
    const [sheet] = await readSheets(
      await buildWorkbook([
        {
          name: 'S',
          rows: [[2102, '2.102', 73.4, '73,4', 0.734]],
          formats: { E1: '0.0%', A1: '#,##0' },
        },
      ]),
    );
    expect(sheet?.rows[0]?.cells).toEqual([
      { kind: 'number', value: 2102, format: '#,##0' },
      { kind: 'text', value: '2.102' },
      { kind: 'number', value: 73.4 },
      { kind: 'text', value: '73,4' },
      { kind: 'number', value: 0.734, format: '0.0%' },
    ]);
  });

  it('reads dates as ISO dates, booleans, rich text and hyperlinks as their text', async () => {
    const [sheet] = await readSheets(
      await buildWorkbook([
        {
          name: 'S',
          rows: [
            [
              new Date(Date.UTC(2024, 8, 30)),
              new Date(Date.UTC(2024, 8, 30, 8, 30)),
              true,
              { richText: [{ text: 'Bộ đội ', font: { bold: true } }, { text: 'Biên phòng' }] },
              { text: 'Cổng thông tin', hyperlink: 'https://example.org/' },
            ],
          ],
        },
      ]),
    );
    expect(sheet?.rows[0]?.cells).toEqual([
      { kind: 'date', value: '2024-09-30' },
      { kind: 'date', value: '2024-09-30T08:30:00' },
      { kind: 'boolean', value: true },
      { kind: 'text', value: 'Bộ đội Biên phòng' },
      { kind: 'text', value: 'Cổng thông tin' },
    ]);
  });

  it('gives formulas their cached values, and a formula without one its own kind', async () => {
    const [sheet] = await readSheets(
      await buildWorkbook([
        {
          name: 'S',
          rows: [
            [
              10,
              16,
              { formula: 'A1+B1', result: 26 },
              { formula: 'A1+B1' },
              { formula: 'A1/0', result: { error: '#DIV/0!' } },
              { error: '#N/A' },
              { formula: 'TEXT(A1,"0")', result: 'mười' },
            ],
          ],
        },
      ]),
    );
    expect(sheet?.rows[0]?.cells.slice(2)).toEqual([
      { kind: 'number', value: 26, formula: 'A1+B1' },
      { kind: 'formula-without-value', formula: 'A1+B1' },
      { kind: 'error', value: '#DIV/0!', formula: 'A1/0' },
      { kind: 'error', value: '#N/A' },
      { kind: 'text', value: 'mười', formula: 'TEXT(A1,"0")' },
    ]);
  });

  it('lists sheets in workbook order and flags hidden ones', async () => {
    const bytes = await buildWorkbook(
      [
        { name: 'Hướng dẫn', rows: [['Điền số liệu vào sheet "Số liệu"']], state: 'hidden' },
        { name: 'Số liệu', rows: [HEADER] },
        { name: 'Tham số', rows: [['x']], state: 'veryHidden' },
      ],
      (workbook) => {
        // Moves "Số liệu" first in the workbook while its part keeps the later number.
        const [guide, data] = workbook.worksheets as (ExcelJS.Worksheet & { orderNo: number })[];
        if (guide && data) [guide.orderNo, data.orderNo] = [data.orderNo, guide.orderNo];
      },
    );
    const sheets = await readSheets(bytes);
    expect(sheets.map(({ name, hidden }) => [name, hidden])).toEqual([
      ['Số liệu', false],
      ['Hướng dẫn', true],
      ['Tham số', true],
    ]);
  });

  it('leaves empty rows out and trims trailing empty cells', async () => {
    const [sheet] = await readSheets(
      await buildWorkbook([{ name: 'S', rows: [['a', null, 'b', null, null], [], [null, null], ['c']] }]),
    );
    expect(sheet?.rows).toEqual([
      { row: 1, cells: [{ kind: 'text', value: 'a' }, { kind: 'empty' }, { kind: 'text', value: 'b' }] },
      { row: 4, cells: [{ kind: 'text', value: 'c' }] },
    ]);
  });
});

describe('readWorkbook refuses what is not a readable workbook, with a reason', () => {
  const compoundFile = (extra = ''): Uint8Array =>
    new Uint8Array([
      0xd0,
      0xcf,
      0x11,
      0xe0,
      0xa1,
      0xb1,
      0x1a,
      0xe1,
      ...new Uint8Array(504),
      ...Buffer.from(extra, 'utf16le'),
      ...new Uint8Array(64),
    ]);
  it.each([
    [
      'a renamed CSV',
      new Uint8Array(Buffer.from('Tỉnh;Quý;Chỉ tiêu;Giá trị\nNghệ An;2024Q3;border_posts;16\n')),
      /text \(a CSV\?\) with an \.xlsx name/,
    ],
    ['a legacy .xls', compoundFile('Workbook'), /Excel 97-2003 workbook \(\.xls\)/],
    ['a password-protected workbook', compoundFile('EncryptionInfo'), /protected with a password/],
    ['binary data', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), /not an Excel workbook/],
    [
      'a zip of something else',
      zipSync({ 'notes.txt': new Uint8Array(Buffer.from('x')) }),
      /zip archive but not an Excel workbook/,
    ],
    [
      'an OpenDocument sheet',
      zipSync({
        mimetype: new Uint8Array(Buffer.from('application/vnd.oasis.opendocument.spreadsheet')),
        'content.xml': new Uint8Array(1),
      }),
      /OpenDocument/,
    ],
    ['an empty file', new Uint8Array(), /empty/],
  ])('%s', async (_name, bytes, reason) => {
    expect(await readWorkbook(bytes)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('a damaged workbook', async () => {
    const bytes = await buildWorkbook([{ name: 'S', rows: [HEADER] }]);
    expect(await readWorkbook(bytes.subarray(0, bytes.length - 200))).toEqual({
      ok: false,
      reason: expect.stringMatching(/damaged|could not be read/),
    });
  });

  it('a workbook whose sheet data is over the limit, before unpacking it', async () => {
    const rows = Array.from({ length: 2000 }, (_, index) => ['VN-22', '2024Q3', 'border_posts', index]);
    const bytes = await buildWorkbook([{ name: 'S', rows }]);
    expect(await readWorkbook(bytes, { maxSheetDataBytes: 64 * 1024 })).toEqual({
      ok: false,
      reason: expect.stringMatching(/MiB of sheet data, over the 0\.1 MiB.*CSV UTF-8/),
    });
    expect(await readWorkbook(bytes)).toMatchObject({ ok: true });
  });
});

describe('columnLetters', () => {
  it.each([
    [1, 'A'],
    [7, 'G'],
    [26, 'Z'],
    [27, 'AA'],
    [703, 'AAA'],
  ])('%i is %s', (column, letters) => {
    expect(columnLetters(column)).toBe(letters);
  });
});
