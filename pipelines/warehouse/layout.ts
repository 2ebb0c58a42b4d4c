/**
 * Where things live in the warehouse, locally and in S3 alike: the Hive partitions of `facts` and
 * `rejections`, the reference tables and their folders. Writers, views, the Glue catalog and
 * partition projection all take their keys from here.
 */
import { bindingSuffix, type SourceBinding } from './manifest.js';
import { LAST_YEAR, type Period } from '../period.js';
import { firstReportingPeriod, loadProvinceUnits } from '../reference/provinces.js';
import { PARTITION_COLUMNS } from './table-columns.js';

/** The partitioned tables, each a folder of Hive partitions. */
export const PARTITIONED_TABLES = ['facts', 'rejections'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

/** Partition column names in path order: `year`, `quarter`, `province`. */
export const PARTITION_NAMES: readonly string[] = PARTITION_COLUMNS.map((column) => column.name);

/** Partition values of records that named no valid period or province: `year=0/quarter=0/province=unknown`. */
export const UNKNOWN_YEAR = 0;
export const UNKNOWN_QUARTER = 0;
export const UNKNOWN_PROVINCE = 'unknown';

/** A partition of a partitioned table. */
export interface Partition {
  readonly year: number;
  readonly quarter: number;
  readonly province: string;
}

let firstYear: number | undefined;

/** The first year any unit can report for: the first year partitions are projected for. */
export function firstPartitionYear(): number {
  // Asked once per row: the reference units do not change while the process runs.
  firstYear ??= Math.min(...loadProvinceUnits().map((unit) => firstReportingPeriod(unit).year));
  return firstYear;
}

/** Every province code of the reference data (before and after the 2025 merger), sorted. */
export function partitionProvinceCodes(): string[] {
  return [...new Set(loadProvinceUnits().map((unit) => unit.code))].sort();
}

let provinceCodes: ReadonlySet<string> | undefined;

/**
 * The partition of a record. What it did not name, a year outside the projected years
 * (`firstPartitionYear()` to `LAST_YEAR`) or a code that is no province goes to year 0 / quarter 0
 * or province `unknown`: Athena sees only projected partitions, and the record must show there as
 * it does in DuckDB. The period it named stays in its `period` column.
 */
export function partitionOf(period: Period | null, province: string | null): Partition {
  provinceCodes ??= new Set(partitionProvinceCodes());
  const projected = period !== null && period.year >= firstPartitionYear() && period.year <= LAST_YEAR;
  return {
    year: projected ? period.year : UNKNOWN_YEAR,
    quarter: projected ? period.quarter : UNKNOWN_QUARTER,
    province: province !== null && provinceCodes.has(province) ? province : UNKNOWN_PROVINCE,
  };
}

/** The partition folder, `facts/year=2024/quarter=3/province=VN-22`. */
export function partitionFolderKey(table: PartitionedTable, partition: Partition): string {
  return `${table}/year=${partition.year}/quarter=${partition.quarter}/province=${partition.province}`;
}

/**
 * The file of one source in one partition: `<partition folder>/<sha256>.parquet` in the partition
 * of the province and period the source is bound to, `<sha256>--<province>-<period>.parquet`
 * (its binding) anywhere else. The same bytes under two bindings are two sources, and this keeps
 * their files apart: two bindings share no plain partition, and their suffixes differ.
 */
export function sourceFileKey(
  table: PartitionedTable,
  partition: Partition,
  sha256: string,
  binding: SourceBinding,
): string {
  const own = binding.province === partition.province && binding.period === `${partition.year}Q${partition.quarter}`;
  return `${partitionFolderKey(table, partition)}/${sha256}${own ? '' : bindingSuffix(binding)}.parquet`;
}

/** The reference tables, as the architecture names them (other tools read these keys). */
export const PROVINCES_KEY = 'reference/provinces.parquet';
export const METRICS_KEY = 'reference/metrics.parquet';
/**
 * The folders the Glue tables over the reference data read, one file each, identical to the keys
 * above: a Glue table's location is a folder whose every file it reads.
 */
export const REFERENCE_TABLE_FOLDERS = {
  provinces: 'reference/provinces/',
  metric_catalog: 'reference/metrics/',
} as const;
/** Records which reference data the warehouse holds, so unchanged data is not written again. */
export const REFERENCE_STAMP_KEY = 'reference/reference.json';
