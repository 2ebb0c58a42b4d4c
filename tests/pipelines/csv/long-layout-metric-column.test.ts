/** A value in a metric-named column of a long-layout file is read and rejected, never dropped unseen. */
import { describe, expect, it } from 'vitest';
import { scanProvinceCsv } from '../../../pipelines/csv/parse-province-csv.js';
import type { FactDraft } from '../../../pipelines/facts/source-result.js';

describe('a long-layout file with a metric-named column', () => {
  it('rejects each filled cell of that column with a reason, and counts it as read', () => {
    const text =
      'province,period,metric,value,crime_cases_detected\nVN-22,2024Q3,border_posts,16,7\nVN-22,2024Q3,border_communes,2,\n';
    const facts: FactDraft[] = [];
    const outline = scanProvinceCsv(
      text,
      { landingProvince: 'VN-22', landingPeriod: { year: 2024, quarter: 3 }, now: new Date('2025-01-01T00:00:00Z') },
      (fact) => {
        facts.push(fact);
      },
    );
    expect(facts.map((fact) => [fact.metric, fact.value])).toEqual([
      ['border_posts', 16],
      ['border_communes', 2],
    ]);
    expect(outline.rejections).toEqual([
      expect.objectContaining({
        sourceRow: 2,
        column: 'crime_cases_detected',
        rawValue: '7',
        code: 'metric-named-cell',
        reasonEn: expect.stringMatching(/^The column "crime_cases_detected" names a metric/),
      }),
    ]);
    expect(outline.read).toBe(3);
    expect(outline.warnings).toEqual([]);
  });
});
