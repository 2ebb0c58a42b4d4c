/**
 * The national rollup's numbers for one quarter, gathered by running the query files through a
 * QueryRunner: DuckDB locally, Athena in AWS. Everything the report shows comes from these results.
 */
import { formatPeriod, parsePeriod, previousPeriod, type Period } from '../period.js';
import { requireQuery, type QueryLibrary } from '../query/query-library.js';
import type { QueryRunner } from '../query/query-runner.js';
import type { ResultRow } from '../query/query-runner.js';

/** Days after a quarter's end by which reports are due, unless configured otherwise. */
export const DEFAULT_DEADLINE_DAYS = 10;
/** Standard deviations from a province's own history that make a value an outlier. */
export const DEFAULT_Z_THRESHOLD = 3;
/** Quarters in the national trend chart, the reported one included. */
export const TREND_QUARTERS = 8;

export interface RollupOptions {
  readonly period: Period;
  readonly deadlineDays?: number;
  readonly zThreshold?: number;
  readonly generatedAt?: Date;
  /** Called before each query, for progress output. */
  readonly onQuery?: (name: string, index: number, count: number) => void;
}

/** Rows of every query the report is built from, and the settings they were run with. */
export interface RollupData {
  readonly period: string;
  readonly previousQuarter: string;
  readonly previousYear: string;
  readonly trendFrom: string;
  readonly deadlineDays: number;
  readonly zThreshold: number;
  readonly generatedAt: string;
  readonly engine: string;
  readonly completeness: readonly ResultRow[];
  /** national_trend over the trend window; the rows of `period` are the national totals. */
  readonly nationalTrend: readonly ResultRow[];
  readonly cadre: readonly ResultRow[];
  readonly crime: readonly ResultRow[];
  readonly outliers: readonly ResultRow[];
  readonly conflicts: readonly ResultRow[];
  readonly rejections: readonly ResultRow[];
  /** provenance of every fact of the quarter. */
  readonly sources: readonly ResultRow[];
}

/** Runs the rollup's queries in turn (one engine connection, no parallel load on Athena quotas). */
export async function collectRollup(
  runner: QueryRunner,
  library: QueryLibrary,
  options: RollupOptions,
): Promise<RollupData> {
  const period = formatPeriod(options.period);
  const deadlineDays = options.deadlineDays ?? DEFAULT_DEADLINE_DAYS;
  const zThreshold = options.zThreshold ?? DEFAULT_Z_THRESHOLD;
  if (!Number.isInteger(deadlineDays) || deadlineDays < 0)
    throw new Error(`the deadline must be a whole number of days, not ${deadlineDays}`);
  if (!(zThreshold > 0))
    throw new Error(`the outlier threshold must be a positive number of standard deviations, not ${zThreshold}`);
  const trendFrom = formatPeriod(stepBack(options.period, TREND_QUARTERS - 1));
  const plan: [keyof RollupData, string, string[]][] = [
    ['completeness', 'reporting_completeness', [period, String(deadlineDays)]],
    ['nationalTrend', 'national_trend', [trendFrom, period]],
    ['cadre', 'cadre_by_province', [period]],
    ['crime', 'crime_by_province', [period]],
    ['outliers', 'outliers', [period, String(zThreshold)]],
    ['conflicts', 'text_csv_conflicts', [period]],
    ['rejections', 'rejections_summary', [period]],
    ['sources', 'provenance', [period, '*', '*']],
  ];
  const results: Partial<Record<keyof RollupData, readonly ResultRow[]>> = {};
  for (const [index, [key, name, values]] of plan.entries()) {
    options.onQuery?.(name, index, plan.length);
    const result = await runner.run(requireQuery(library, name), values);
    results[key] = result.rows;
  }
  return {
    period,
    previousQuarter: formatPeriod(previousPeriod(options.period)),
    previousYear: formatPeriod(stepBack(options.period, 4)),
    trendFrom,
    deadlineDays,
    zThreshold,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    engine: runner.engine,
    completeness: results.completeness ?? [],
    nationalTrend: results.nationalTrend ?? [],
    cadre: results.cadre ?? [],
    crime: results.crime ?? [],
    outliers: results.outliers ?? [],
    conflicts: results.conflicts ?? [],
    rejections: results.rejections ?? [],
    sources: results.sources ?? [],
  };
}

function stepBack(period: Period, quarters: number): Period {
  let current = period;
  for (let step = 0; step < quarters; step++) current = previousPeriod(current);
  return current;
}

/** The quarter that ended most recently before `date` (what a scheduled rollup reports on). */
export function quarterEndedBefore(date: Date): Period {
  const year = date.getUTCFullYear();
  const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
  const current = parsePeriod(`${year}Q${quarter}`);
  if (!current) throw new Error(`no quarter for ${date.toISOString()}`);
  return previousPeriod(current);
}
