import { describe, expect, it } from 'vitest';
import { formatPeriod, parsePeriod, periodEnd, previousPeriod } from '../../pipelines/period.js';

const read = (text: string): string | undefined => {
  const period = parsePeriod(text);
  return period ? formatPeriod(period) : undefined;
};

describe('parsePeriod', () => {
  it.each([
    '2024Q3',
    '2024-Q3',
    'Q3/2024',
    'Quý 3/2024',
    'Quý III/2024',
    'III/2024',
    'quy iii/2024',
    'Quý 3 năm 2024',
    'q3-2024',
  ])('reads %s as 2024Q3', (text) => {
    expect(read(text)).toBe('2024Q3');
  });
  it('reads a period written in NFD', () => {
    expect(read('Quý III/2024'.normalize('NFD'))).toBe('2024Q3');
  });
  it.each(['2024Q5', 'Q0/2024', '3/2024', 'V/2024', '2024', 'Quý 3', '', '1999Q1'])(
    'does not read %j as a period',
    (text) => {
      expect(read(text)).toBeUndefined();
    },
  );
  it('knows the last day of each quarter and the quarter before', () => {
    expect(periodEnd({ year: 2025, quarter: 2 })).toBe('2025-06-30');
    expect(formatPeriod(previousPeriod({ year: 2025, quarter: 1 }))).toBe('2024Q4');
  });
});
