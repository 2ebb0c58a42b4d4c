/**
 * Partition projection for the partitioned warehouse tables: Athena computes the partitions from
 * these parameters, so there is no crawler and no MSCK REPAIR, and a new partition is visible the
 * moment its first file lands.
 */
import { LAST_YEAR } from '../../pipelines/period.js';
import {
  firstPartitionYear,
  partitionProvinceCodes,
  UNKNOWN_PROVINCE,
  UNKNOWN_QUARTER,
  UNKNOWN_YEAR,
} from '../../pipelines/warehouse/layout.js';

export interface ProjectionOptions {
  /**
   * The last year projected.
   * @default LAST_YEAR of pipelines/period.ts (2099): the last year a period may name, so no row the pipeline writes is invisible
   */
  readonly lastYear?: number;
}

/** The first year of the reference data: the earliest quarter any unit can report for. */
export function firstReferenceYear(): number {
  return firstPartitionYear();
}

/** Every province code in the reference data (units before and after the 2025 merger), sorted. */
export function referenceProvinceCodes(): string[] {
  return partitionProvinceCodes();
}

/** Years projected: the unknown year, then the first reference year to `lastYear`. */
export function projectedYears(options: ProjectionOptions = {}): number[] {
  const first = firstReferenceYear();
  const last = options.lastYear ?? LAST_YEAR;
  if (!Number.isInteger(last) || last < first)
    throw new Error(`the last projected year must be a whole year from ${first} on, not ${last}`);
  return [UNKNOWN_YEAR, ...Array.from({ length: last - first + 1 }, (_, index) => first + index)];
}

/**
 * Glue table parameters that project `year`, `quarter` and `province` partitions under `location`
 * (an `s3://bucket/table/` URL, possibly holding deploy-time tokens).
 *
 * `year` is an enum rather than an integer range: a range must be contiguous, and `0..2099` would
 * project two thousand empty years for every query that does not filter on `year`.
 */
export function partitionProjectionParameters(
  location: string,
  options: ProjectionOptions = {},
): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.year.type': 'enum',
    'projection.year.values': projectedYears(options).join(','),
    'projection.quarter.type': 'integer',
    'projection.quarter.range': `${UNKNOWN_QUARTER},4`,
    'projection.province.type': 'enum',
    'projection.province.values': [...referenceProvinceCodes(), UNKNOWN_PROVINCE].join(','),
    'storage.location.template': `${location}year=\${year}/quarter=\${quarter}/province=\${province}/`,
  };
}
