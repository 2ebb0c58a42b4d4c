import { describe, expect, it } from 'vitest';
import { readTextReport } from '../../../pipelines/ingest/read-text-report.js';

const Q3 = { year: 2024, quarter: 3 } as const;
const REPORT =
  'Bộ đội Biên phòng tỉnh Hà Tĩnh phát hiện, bắt giữ 15 vụ, 20 đối tượng mua bán trái phép chất ma túy. Tỉnh Hà Tĩnh có 13 đồn biên phòng.';

describe('readTextReport', () => {
  it('turns extracted facts into facts bound to the landing province and period, with evidence and offsets', () => {
    const result = readTextReport(REPORT, { province: 'VN-23', period: Q3 });
    expect(result.facts.map((fact) => [fact.metric, fact.value])).toEqual([
      ['drug_cases_detected', 15],
      ['drug_suspects_detected', 20],
      ['border_posts', 13],
    ]);
    const [first] = result.facts;
    expect(first).toMatchObject({ province: 'VN-23', period: Q3, sourceRow: null });
    expect(REPORT.slice(first?.spanStart ?? 0, first?.spanEnd ?? 0)).toBe('15');
    expect(result.read).toBe(3);
    expect(result.warnings).toEqual([]);
  });
  it('warns when the report names another province than its folder', () => {
    expect(readTextReport(REPORT, { province: 'VN-22', period: Q3 }).warnings).toEqual([
      expect.stringMatching(/names Hà Tĩnh \(VN-23\) most often, but it was filed for Nghệ An \(VN-22\)/),
    ]);
  });
  it('records a report with no facts as such instead of dropping it', () => {
    const result = readTextReport('Tin liên quan. Ngày 12/10/2018.', { province: 'VN-22', period: Q3 });
    expect(result).toMatchObject({
      facts: [],
      rejections: [],
      read: 0,
      warnings: [expect.stringMatching(/no catalog metric was found/)],
    });
    expect(result.unreadable).toBeUndefined();
  });
  it('refuses a report without a province or period, or for a province that did not exist then', () => {
    expect(readTextReport(REPORT, { province: 'VN-22', period: null }).unreadable).toMatch(
      /needs its period: put it under incoming\/<ISO code>\/<period>\//,
    );
    expect(readTextReport(REPORT, { province: 'VN-03', period: { year: 2025, quarter: 3 } }).unreadable).toMatch(
      /merged into Tuyên Quang/,
    );
  });
});
