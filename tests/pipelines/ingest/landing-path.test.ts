import { describe, expect, it } from 'vitest';
import { describeLanding, sourceKindOf } from '../../../pipelines/ingest/landing-path.js';

describe('describeLanding', () => {
  it('reads the province and period folders and keys the file from incoming/', () => {
    expect(describeLanding('samples/incoming/VN-22/2024Q3/bao-cao.csv')).toEqual({
      key: 'incoming/VN-22/2024Q3/bao-cao.csv',
      province: 'VN-22',
      period: { year: 2024, quarter: 3 },
    });
  });
  it('reads a province folder without a period', () => {
    expect(describeLanding('/data/incoming/VN-45/dong-thap.csv')).toMatchObject({
      key: 'incoming/VN-45/dong-thap.csv',
      province: 'VN-45',
      period: null,
    });
  });
  it('binds a file outside any province folder to no province', () => {
    expect(describeLanding('incoming/national-backfill.csv')).toMatchObject({ province: null, period: null });
    expect(describeLanding('backfill.csv')).toMatchObject({ key: 'backfill.csv', province: null });
  });
  it('flags a province folder that is not a province', () => {
    expect(describeLanding('incoming/VN-99/2024Q3/x.csv').problem).toMatch(/"VN-99" is not a province code/);
  });
  it('tells CSVs, text reports and everything else apart', () => {
    expect([sourceKindOf('a.CSV'), sourceKindOf('b.txt'), sourceKindOf('c.xlsx')]).toEqual(['csv', 'text', 'other']);
  });
});
