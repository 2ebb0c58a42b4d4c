import { describe, expect, it } from 'vitest';
import { scanProvinceTable, type CsvSourceContext } from '../../../pipelines/csv/parse-province-csv.js';
import { readWorkbook } from '../../../pipelines/csv/read-workbook.js';
import { chooseWorkbookTable } from '../../../pipelines/csv/workbook-table.js';
import { CSV_LIMITS } from '../../../pipelines/ingest/limits.js';
import type { FactDraft } from '../../../pipelines/facts/source-result.js';
import { buildWorkbook, type SheetSpec } from '../../support/build-workbook.js';

const context: CsvSourceContext = { landingProvince: null, landingPeriod: null, now: new Date('2026-01-15T00:00:00Z') };
const HEADER = ['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị', 'Mẫu số', 'ĐVT'];

async function tableOf(sheets: readonly SheetSpec[]) {
  const reading = await readWorkbook(await buildWorkbook(sheets));
  if (!reading.ok) throw new Error(reading.reason);
  return chooseWorkbookTable(reading.sheets);
}

async function scan(sheets: readonly SheetSpec[]) {
  const table = await tableOf(sheets);
  if (!table.ok) throw new Error(table.problem.en);
  const facts: FactDraft[] = [];
  const outline = scanProvinceTable(table.records, context, (fact) => facts.push(fact));
  return { table, facts, outline };
}

describe('a workbook as a metric table', () => {
  it('reads the first visible sheet with a header, numbers as numbers, with the sheet row numbers', async () => {
    const { table, facts, outline } = await scan([
      { name: 'Hướng dẫn', rows: [HEADER, ['Nghệ An', '2024Q3', 'border_posts', 99]], state: 'hidden' },
      { name: 'Ghi chú', rows: [['Biểu này do đồn điền']] },
      {
        name: 'Biểu 01',
        rows: [
          ['BÁO CÁO QUÝ III/2024'],
          ['Đơn vị: BĐBP Nghệ An'],
          HEADER,
          ['Nghệ An', 'Quý III/2024', 'drugs_seized_kg', 1.5, null, 'kg'],
          ['Nghệ An', 'Quý III/2024', 'seized_goods_value_vnd', 1.2, null, 'tỷ đồng'],
          ['Nghệ An', 'Quý III/2024', 'bp_council_deputies', 26, 27, null],
          ['Nghệ An', 'Quý III/2024', 'border_posts', '2.102', null, null],
        ],
      },
    ]);
    expect(table).toMatchObject({
      sheet: 'Biểu 01',
      otherSheets: [
        { name: 'Hướng dẫn', hidden: true },
        { name: 'Ghi chú', hidden: false },
      ],
    });
    // 1.5 as text would be ambiguous; the text cell "2.102" is read the Vietnamese way.
    expect(facts.map(({ metric, value, denominator, sourceRow }) => [metric, value, denominator, sourceRow])).toEqual([
      ['drugs_seized_kg', 1.5, null, 4],
      ['seized_goods_value_vnd', 1_200_000_000, null, 5],
      ['bp_council_deputies', 26, 27, 6],
      ['border_posts', 2102, null, 7],
    ]);
    expect(outline).toMatchObject({
      read: 4,
      rejections: [],
      format: { headerLines: [3], titleRows: [{ line: 1 }, { line: 2 }] },
    });
  });

  it('takes the cached value of a formula and rejects what cannot be a value, with its code', async () => {
    const { facts, outline } = await scan([
      {
        name: 'S',
        rows: [
          HEADER,
          ['VN-22', '2024Q3', 'border_posts', { formula: 'SUM(10,6)', result: 16 }],
          ['VN-22', '2024Q3', 'drug_cases_detected', new Date(Date.UTC(2024, 8, 30))],
          ['VN-22', '2024Q3', 'crime_cases_detected', { error: '#DIV/0!' }],
          ['VN-22', '2024Q3', 'smuggling_cases_detected', { formula: 'A1*2' }],
        ],
      },
    ]);
    expect(facts.map(({ metric, value, sourceRow }) => [metric, value, sourceRow])).toEqual([['border_posts', 16, 2]]);
    expect(
      outline.rejections.map(({ sourceRow, column, rawValue, code }) => [sourceRow, column, rawValue, code]),
    ).toEqual([
      [3, 'Giá trị', '2024-09-30', 'cell-date'],
      [4, 'Giá trị', '#DIV/0!', 'cell-error'],
      [5, 'Giá trị', '=A1*2', 'cell-formula-no-value'],
    ]);
    expect(outline.read).toBe(4);
  });

  it('says which sheet came nearest when no sheet has a header', async () => {
    const table = await tableOf([{ name: 'Số liệu', rows: [['Tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu']] }]);
    expect(table).toMatchObject({
      ok: false,
      problem: {
        code: 'header-column-missing',
        en: expect.stringMatching(/^Sheet "Số liệu", line 1: The header has no value/),
      },
    });
    expect(await tableOf([{ name: 'S', rows: [['Ghi chú']] }])).toMatchObject({
      ok: false,
      problem: { code: 'header-missing' },
    });
  });

  it('keeps to the CSV limits: a cell over the cell limit rejects its row, a row over the line limit the file', async () => {
    const long = 'x'.repeat(CSV_LIMITS.cellChars + 1);
    const { facts, outline } = await scan([
      {
        name: 'S',
        rows: [HEADER, ['VN-22', '2024Q3', 'border_posts', long], ['VN-22', '2024Q3', 'border_communes', 9]],
      },
    ]);
    expect(facts.map(({ metric }) => metric)).toEqual(['border_communes']);
    expect(outline.rejections).toEqual([
      expect.objectContaining({ sourceRow: 2, rawValue: '', code: 'cell-too-long' }),
    ]);
    const wide = Array.from({ length: 20 }, () => 'y'.repeat(CSV_LIMITS.lineChars / 16));
    expect(
      await tableOf([{ name: 'S', rows: [HEADER, ['VN-22', '2024Q3', 'border_posts', 1, ...wide]] }]),
    ).toMatchObject({
      ok: false,
      problem: { code: 'line-too-long', en: expect.stringMatching(/^Line 2 is longer/) },
    });
  });
});
