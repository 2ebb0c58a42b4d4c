import { describe, expect, it } from 'vitest';
import { projectedYears, referenceProvinceCodes } from '../../../infra/catalog/partition-projection.js';
import { firstPartitionYear, partitionOf } from '../../../pipelines/warehouse/layout.js';

describe('partitionOf', () => {
  it('files a record under its year, quarter and province when Athena projects them', () => {
    expect(partitionOf({ year: 2025, quarter: 2 }, 'VN-22')).toEqual({ year: 2025, quarter: 2, province: 'VN-22' });
  });

  it('files what a record did not name, or named outside the projection, where Athena still sees it', () => {
    expect(partitionOf(null, null)).toEqual({ year: 0, quarter: 0, province: 'unknown' });
    expect(partitionOf({ year: 2003, quarter: 1 }, 'VN-22')).toEqual({ year: 0, quarter: 0, province: 'VN-22' });
    expect(partitionOf({ year: 2025, quarter: 2 }, 'VN-99')).toEqual({ year: 2025, quarter: 2, province: 'unknown' });
  });

  it('only ever gives partition values the projection enumerates', () => {
    const years = new Set(projectedYears());
    const provinces = new Set([...referenceProvinceCodes(), 'unknown']);
    for (const year of [1999, 2000, firstPartitionYear() - 1, firstPartitionYear(), 2099]) {
      for (const province of ['VN-22', 'VN-99', 'VN-03', 'unknown', null]) {
        const partition = partitionOf({ year, quarter: 3 }, province);
        expect(
          years.has(partition.year) &&
            provinces.has(partition.province) &&
            partition.quarter >= 0 &&
            partition.quarter <= 4,
        ).toBe(true);
      }
    }
  });
});
