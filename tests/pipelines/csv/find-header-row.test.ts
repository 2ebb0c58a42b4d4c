import { describe, expect, it } from 'vitest';
import { findHeaderRow, headerCandidateOf, HEADER_SEARCH_ROWS } from '../../../pipelines/csv/find-header-row.js';
import { readCsvTable } from '../../../pipelines/csv/read-csv-table.js';
import { readWorkbook } from '../../../pipelines/csv/read-workbook.js';
import { buildWorkbook } from '../../support/build-workbook.js';

const rowsOf = (lines: readonly (readonly string[])[]) => lines.map((fields, index) => ({ line: index + 1, fields }));

describe('findHeaderRow', () => {
  it("finds the header under a form's title rows and reports them", () => {
    const search = findHeaderRow(
      rowsOf([
        ['BÁO CÁO SỐ LIỆU QUÝ III/2024', '', ''],
        ['Đơn vị: BĐBP tỉnh Nghệ An', '', ''],
        ['Tỉnh', 'Nghệ An'],
        ['Ngày 30/9/2024'],
        [],
        ['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị', 'ĐVT'],
        ['Nghệ An', 'Quý III/2024', 'border_posts', '16', 'đồn'],
      ]),
    );
    expect(search).toMatchObject({
      ok: true,
      index: 5,
      lines: [6],
      dataIndex: 6,
      columns: { layout: 'long', roles: { province: 0, period: 1, metric: 2, value: 3, unit: 4 } },
      titleRows: [
        { line: 1, text: 'BÁO CÁO SỐ LIỆU QUÝ III/2024' },
        { line: 2, text: 'Đơn vị: BĐBP tỉnh Nghệ An' },
        { line: 3, text: 'Tỉnh | Nghệ An' },
        { line: 4, text: 'Ngày 30/9/2024' },
      ],
    });
  });

  it('takes a header on the first row, with no title rows', () => {
    expect(
      findHeaderRow(
        rowsOf([
          ['province', 'period', 'metric', 'value'],
          ['VN-22', '2024Q3', 'border_posts', '16'],
        ]),
      ),
    ).toMatchObject({ ok: true, index: 0, dataIndex: 1, titleRows: [] });
  });

  it('recognises the unit column as Đơn vị tính or ĐVT', () => {
    for (const unit of ['Đơn vị tính', 'ĐVT', 'don_vi_tinh', 'Don vi tinh']) {
      expect(findHeaderRow(rowsOf([['Mã tỉnh', 'Quý', 'Chỉ tiêu', 'Số liệu', unit]])), unit).toMatchObject({
        ok: true,
        columns: { roles: { unit: 4 } },
      });
    }
  });

  it('finds a wide header (one column per metric) under a title', () => {
    expect(
      findHeaderRow(rowsOf([['Số liệu biên giới'], ['ma_tinh', 'ky_bao_cao', 'border_posts', 'border_communes']])),
    ).toMatchObject({ ok: true, index: 1, columns: { layout: 'wide' } });
  });

  it('works on the records of a CSV with a title line', () => {
    const table = readCsvTable(
      'Báo cáo quý III/2024;;;\n\nTỉnh;Quý;Chỉ tiêu;Giá trị\nNghệ An;2024Q3;border_posts;16\n',
    );
    if (!table.ok) throw new Error(table.problem.en);
    const records = [{ line: table.table.headerLine, fields: table.table.header }, ...table.table.records];
    expect(findHeaderRow(records)).toMatchObject({
      ok: true,
      lines: [3],
      titleRows: [{ line: 1, text: 'Báo cáo quý III/2024' }],
    });
  });

  it('points at the nearest row when a header misses a column', () => {
    expect(findHeaderRow(rowsOf([['Báo cáo'], ['Tỉnh', 'Quý', 'Chỉ tiêu']]))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^line 2: the header has no value \(accepted names: /i),
    });
  });

  it(`looks no further than the first ${HEADER_SEARCH_ROWS} rows`, () => {
    const titles = Array.from({ length: HEADER_SEARCH_ROWS }, (_, index) => [`Dòng tiêu đề ${index + 1}`]);
    expect(findHeaderRow(rowsOf([...titles, ['province', 'period', 'metric', 'value']]))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^no header in the first 20 rows/),
    });
    expect(findHeaderRow(rowsOf([...titles.slice(1), ['province', 'period', 'metric', 'value']]))).toMatchObject({
      ok: true,
      index: 19,
    });
  });

  it('reads a two-row header whose group cell is merged over its sub-headers', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'Biểu 01',
        rows: [
          ['BIỂU SỐ LIỆU CÁN BỘ BIÊN PHÒNG THAM GIA CẤP ỦY'],
          ['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Số liệu', null, 'Đơn vị tính'],
          [null, null, null, 'Giá trị', 'Mẫu số', null],
          ['Nghệ An', 'Quý III/2024', 'bp_commune_deputy_secretaries', 26, 27, 'người'],
        ],
        merge: ['A1:F1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:E2', 'F2:F3'],
      },
    ]);
    const reading = await readWorkbook(bytes);
    if (!reading.ok) throw new Error(reading.reason);
    const rows = reading.sheets[0]?.rows.map(headerCandidateOf) ?? [];
    expect(findHeaderRow(rows)).toMatchObject({
      ok: true,
      lines: [2, 3],
      dataIndex: 3,
      header: ['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị', 'Mẫu số', 'Đơn vị tính'],
      columns: { layout: 'long', roles: { province: 0, period: 1, metric: 2, value: 3, denominator: 4, unit: 5 } },
      titleRows: [{ line: 1, text: 'BIỂU SỐ LIỆU CÁN BỘ BIÊN PHÒNG THAM GIA CẤP ỦY' }],
    });
  });

  it('reads a merged cell in a one-row header as one column when the row below is data', () => {
    const search = findHeaderRow([
      {
        line: 1,
        fields: ['province', 'period', 'metric', 'value', 'Ghi chú', ''],
        merged: [undefined, undefined, undefined, undefined, { rows: 1, columns: 2 }],
      },
      { line: 2, fields: ['VN-22', '2024Q3', 'border_posts', '', 'đã rà soát', ''] },
    ]);
    expect(search).toMatchObject({ ok: true, lines: [1], dataIndex: 1, columns: { roles: { note: 4 } } });
  });
});
