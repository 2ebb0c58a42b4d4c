import { describe, expect, it } from 'vitest';
import { isReportValue } from '../../../pipelines/extract/fact-scope.js';
import { readTimeSpan } from '../../../pipelines/extract/time-spans.js';

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
  });
});
