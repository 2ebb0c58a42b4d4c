import { describe, expect, it } from 'vitest';
import { recogniseColumns } from '../../../pipelines/csv/csv-columns.js';

describe('recogniseColumns', () => {
  it('recognises Vietnamese header names with and without diacritics', () => {
    for (const header of [
      ['Mã tỉnh', 'Kỳ báo cáo', 'Chỉ tiêu', 'Giá trị'],
      ['ma_tinh', 'ky_bao_cao', 'chi_tieu', 'gia_tri'],
      ['MA TINH', 'Quý', 'CHI TIEU', 'So lieu'],
    ]) {
      expect(recogniseColumns(header)).toMatchObject({
        ok: true,
        columns: { layout: 'long', roles: { province: 0, period: 1, metric: 2, value: 3 } },
      });
    }
  });
  it('recognises the wide layout from metric-code columns', () => {
    const reading = recogniseColumns(['province', 'period', 'crime_cases_detected', 'border_posts']);
    expect(reading).toMatchObject({ ok: true, columns: { layout: 'wide' } });
    expect(reading.ok && reading.columns.metricColumns.map((column) => column.metric.code)).toEqual([
      'crime_cases_detected',
      'border_posts',
    ]);
  });
  it('names the missing required column and its accepted names', () => {
    expect(recogniseColumns(['province', 'period', 'metric'])).toMatchObject({
      ok: false,
      problem: {
        code: 'header-column-missing',
        en: expect.stringMatching(/no value \(accepted names: "value", "gia_tri"/),
      },
    });
  });
  it('refuses a first line that is data, not a header', () => {
    expect(recogniseColumns(['VN-22', '2024Q3', 'border_posts', '16'])).toMatchObject({
      ok: false,
      problem: { code: 'header-missing', en: expect.stringMatching(/No header row/) },
    });
  });
  it('refuses two columns with the same role', () => {
    expect(recogniseColumns(['province', 'period', 'metric', 'value', 'Giá trị'])).toMatchObject({
      ok: false,
      problem: {
        code: 'header-column-twice',
        vi: expect.stringMatching(/hai cột giá trị/),
        en: expect.stringMatching(/two value columns/),
      },
    });
  });
});
