import { describe, expect, it } from 'vitest';
import { parseProvinceCsv, type CsvSourceContext } from '../../../pipelines/csv/parse-province-csv.js';

const context: CsvSourceContext = { landingProvince: null, landingPeriod: null, now: new Date('2026-01-15T00:00:00Z') };

describe('a CSV with title rows above its header', () => {
  const lines = [
    'BÁO CÁO SỐ LIỆU QUÝ III/2024',
    'Đơn vị: Bộ đội Biên phòng tỉnh Nghệ An, Đồn Biên phòng Mường Xén',
    '',
    'Tỉnh;Kỳ báo cáo;Chỉ tiêu;Giá trị;ĐVT',
    'Nghệ An;Quý III/2024;border_posts;16;đồn',
    'Nghệ An;Quý III/2024;seized_goods_value_vnd;1,2;tỷ đồng',
    'Nghệ An;Quý III/2024;border_posts;17;đồn',
  ];
  const result = parseProvinceCsv(lines.join('\r\n'), context);

  it('finds the header and the delimiter under a title line with a comma in it', () => {
    expect(result.facts.map(({ metric, value, sourceRow }) => [metric, value, sourceRow])).toEqual([
      ['border_posts', 16, 5],
      ['seized_goods_value_vnd', 1_200_000_000, 6],
    ]);
  });

  it("keeps the file's own line numbers and leaves the title rows out of the counts", () => {
    expect(result.read).toBe(3);
    expect(result.rejections).toEqual([expect.objectContaining({ code: 'row-duplicate', sourceRow: 7 })]);
  });

  it('reports the header line and the rows skipped above it', () => {
    expect(result.format).toEqual({
      method: 'csv',
      headerLines: [4],
      titleRows: [
        { line: 1, text: 'BÁO CÁO SỐ LIỆU QUÝ III/2024' },
        { line: 2, text: 'Đơn vị: Bộ đội Biên phòng tỉnh Nghệ An, Đồn Biên phòng Mường Xén' },
      ],
    });
    expect(result.warnings).toContainEqual(expect.stringMatching(/header is on line 4; lines 1, 2 above it/));
  });

  it('refuses a file whose first 20 rows hold no header, pointing at the nearest attempt', () => {
    const refused = parseProvinceCsv(
      ['Báo cáo', 'Tỉnh;Kỳ báo cáo;Chỉ tiêu', 'Nghệ An;2024Q3;border_posts'].join('\n'),
      context,
    );
    expect(refused.unreadable).toMatch(/^Line 2: The header has no value/);
    expect(refused.rejections).toEqual([expect.objectContaining({ code: 'header-column-missing', sourceRow: null })]);
  });
});
