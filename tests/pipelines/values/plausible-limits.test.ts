import { describe, expect, it } from 'vitest';
import { readTextReport } from '../../../pipelines/ingest/read-text-report.js';
import { checkMetricValue } from '../../../pipelines/values/metric-value.js';
import { findMetricByCode } from '../../../pipelines/reference/catalog.js';

const landing = { province: 'VN-22', period: { year: 2024, quarter: 3 as const } };

describe('plausibility limits', () => {
  it('reject a number read from text above its metric unit limit, with the sentence, instead of storing it rounded', () => {
    const huge = readTextReport(
      'Trong quý, Bộ đội Biên phòng tỉnh đã phát hiện, bắt giữ 99999999999999999999 vụ buôn lậu.',
      landing,
    );
    const normal = readTextReport('Trong quý, Bộ đội Biên phòng tỉnh đã phát hiện, bắt giữ 12 vụ buôn lậu.', landing);
    expect(normal.facts.map((fact) => fact.value)).toEqual([12]);
    expect(huge.facts).toEqual([]);
    expect(huge.read).toBe(1);
    expect(huge.rejections).toEqual([
      expect.objectContaining({
        rawValue: expect.stringContaining('99999999999999999999'),
        code: 'value-implausible',
        reason: expect.stringMatching(/vượt mức tối đa hợp lý/),
        reasonEn: expect.stringMatching(/above the plausible maximum/),
      }),
    ]);
  });

  it('reject a CSV value above its unit limit', () => {
    const metric = findMetricByCode('border_posts');
    if (!metric) throw new Error('border_posts is in the catalog');
    expect(checkMetricValue(metric, { value: '2000000' })).toMatchObject({
      ok: false,
      problem: { code: 'value-implausible', en: expect.stringMatching(/above the plausible maximum for border_posts/) },
    });
    expect(checkMetricValue(metric, { value: '16' })).toMatchObject({ ok: true, value: 16 });
  });
});
