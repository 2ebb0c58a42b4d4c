import { describe, expect, it } from 'vitest';
import { compareWithCurrent, periodsOfFacts, type CurrentValue } from '../../../pipelines/ingest/value-changes.js';

const fact = (metric: string, value: number, denominator: number | null = null) => ({
  province: 'VN-22',
  period: { year: 2024, quarter: 3 as const },
  metric,
  value,
  denominator,
});
const current = (
  metric: string,
  value: number,
  sourceKind = 'csv',
  denominator: number | null = null,
): CurrentValue => ({
  province: 'VN-22',
  period: '2024Q3',
  metric,
  value,
  denominator,
  sourceKind,
  sourceKey: 'incoming/VN-22/2024Q3/q3.csv',
});

describe('compareWithCurrent', () => {
  it('counts values that replace a different current value, new values and repeated ones', () => {
    const changes = compareWithCurrent(
      [
        fact('border_posts', 17),
        fact('border_communes', 9),
        fact('crime_cases_detected', 4),
        fact('bp_council_deputies', 26, 28),
      ],
      'csv',
      [current('border_posts', 16), current('border_communes', 9), current('bp_council_deputies', 26, 'csv', 27)],
    );
    expect(changes).toMatchObject({ changed: 2, added: 1, unchanged: 1 });
    expect(changes.changes).toEqual([
      expect.objectContaining({ metric: 'border_posts', from: 16, to: 17, fromSource: 'incoming/VN-22/2024Q3/q3.csv' }),
      expect.objectContaining({ metric: 'bp_council_deputies', fromDenominator: 27, toDenominator: 28 }),
    ]);
  });

  it("never counts a value read from text as replacing one from a CSV, and keeps a report's first statement", () => {
    const changes = compareWithCurrent(
      [fact('border_posts', 17), fact('border_posts', 18), fact('border_communes', 3)],
      'text',
      [current('border_posts', 16), current('border_communes', 2, 'text')],
    );
    expect(changes).toMatchObject({ changed: 1, added: 0, unchanged: 1 });
    expect(changes.changes).toEqual([expect.objectContaining({ metric: 'border_communes', from: 2, to: 3 })]);
  });

  it('looks up each province and period once', () => {
    expect(periodsOfFacts([fact('a', 1), fact('b', 2), { ...fact('c', 3), province: 'VN-01' }])).toEqual([
      { province: 'VN-22', period: '2024Q3' },
      { province: 'VN-01', period: '2024Q3' },
    ]);
  });
});
