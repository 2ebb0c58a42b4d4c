import { describe, expect, it } from 'vitest';
import { isReportValue } from '../../../pipelines/extract/fact-scope.js';
import { lastYearIn, readTimeSpan } from '../../../pipelines/extract/time-spans.js';

describe('isReportValue', () => {
  it("takes the report's own figures for the quarter, one of its months, or with no span", () => {
    expect(isReportValue('report', null, '2024Q3')).toBe(true);
    expect(isReportValue('report', '2024Q3', '2024Q3')).toBe(true);
    expect(isReportValue('report', '2024-08', '2024Q3')).toBe(true);
    expect(isReportValue(undefined, null, '2024Q3')).toBe(true);
  });
  it('leaves out other spans and other scopes', () => {
    expect(isReportValue('report', '2024-10', '2024Q3')).toBe(false);
    expect(isReportValue('report', '2024H1', '2024Q3')).toBe(false);
    expect(isReportValue('report', '2024', '2024Q3')).toBe(false);
    expect(isReportValue('cumulative', null, '2024Q3')).toBe(false);
    expect(isReportValue('incident', '2024Q3', '2024Q3')).toBe(false);
    expect(isReportValue('other_unit', null, '2024Q3')).toBe(false);
  });
});

describe('readTimeSpan', () => {
  it.each([
    ['6 tháng đầu năm 2024, đơn vị phát hiện', null, '2024H1'],
    ['sáu tháng đầu năm, đơn vị phát hiện', 2023, '2023H1'],
    ['9 tháng năm 2023', null, '2023Q1-2023Q3'],
    ['trong quý iii/2024', null, '2024Q3'],
    ['quý 4 năm 2025', null, '2025Q4'],
    ['trong tháng 11/2024', null, '2024-11'],
    ['trong tháng 11, đơn vị', 2024, '2024-11'],
    ['năm 2024, bđbp tỉnh', null, '2024'],
    ['giai đoạn 2020 - 2025', null, '2020-2025'],
    ['nhiệm kỳ 2020-2025', null, '2020-2025'],
    ['trong tháng 11, đơn vị', null, null],
  ])('reads %s as %s', (sentence, yearBefore, span) => {
    expect(readTimeSpan(sentence, yearBefore)?.span).toBe(span);
  });
  it('marks a span that runs to the time of writing', () => {
    expect(readTimeSpan('từ đầu năm đến nay, đơn vị', 2024)).toMatchObject({ toDate: true, span: null });
    expect(readTimeSpan('từ năm 2021 đến nay', null)).toMatchObject({ toDate: true });
    expect(readTimeSpan('tính từ ngày 2/2, đồn đã bắt giữ 5 vụ', 2024)).toMatchObject({ toDate: true });
    expect(readTimeSpan('từ tháng 7-2025 đến nay', null)).toMatchObject({ toDate: true });
  });
  it("reads one day as its month, marked as a day so it never becomes the report's period", () => {
    expect(readTimeSpan('khoảng 14 giờ ngày 14/8, tổ công tác', 2024)).toMatchObject({ span: '2024-08', date: true });
    expect(readTimeSpan('đêm 15-1-2026, tổ tuần tra', null)).toMatchObject({ span: '2026-01', date: true });
    expect(readTimeSpan('ngày 14/8, tổ công tác', null)?.span).toBeNull();
  });
  it('reads a campaign between two days as its months', () => {
    expect(readTimeSpan('từ ngày 25-11 đến 24-12-2025, các đơn vị', null)?.span).toBe('2025-11/2025-12');
    expect(readTimeSpan('từ ngày 15/12 đến ngày 15/2/2025', null)?.span).toBe('2024-12/2025-02');
  });
  it('takes no birth year for a span or for the year a later phrase falls back on', () => {
    expect(readTimeSpan('bắt đối tượng lò văn a, sinh năm 1990', null)).toBeUndefined();
    expect(lastYearIn('đối tượng a (sn 1988) và b (sinh năm 1999)')).toBeNull();
    expect(lastYearIn('tháng 6/2023, bắt đối tượng a (sn 1988)')).toBe(2023);
  });
});
