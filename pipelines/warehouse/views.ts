/**
 * The warehouse views both engines create, `facts`, `metrics`, `rejections`, `provinces` and
 * `metric_catalog`: their names, their columns and the rule that makes a value current. The
 * DuckDB views and the Athena views are derived from these, so the engines cannot disagree.
 */
import {
  FACT_COLUMNS,
  METRIC_COLUMNS,
  PARTITION_COLUMNS,
  PROVINCE_COLUMNS,
  REJECTION_COLUMNS,
  type TableColumn,
} from './table-columns.js';

export const VIEW_NAMES = ['facts', 'metrics', 'rejections', 'provinces', 'metric_catalog'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** Columns of each view, in order. */
export const VIEW_COLUMNS: Record<ViewName, readonly TableColumn[]> = {
  facts: [...FACT_COLUMNS, ...PARTITION_COLUMNS],
  metrics: [...FACT_COLUMNS, ...PARTITION_COLUMNS],
  rejections: [...REJECTION_COLUMNS, ...PARTITION_COLUMNS],
  provinces: PROVINCE_COLUMNS,
  metric_catalog: METRIC_COLUMNS,
};

/**
 * The rows among which one is current: a province, period and metric. `year` and `quarter` follow
 * from `period` and change nothing in the grouping; they are there so that a filter on them passes
 * through the ranking in Trino and prunes the `metrics` view's partitions.
 */
export const CURRENT_VALUE_PARTITION = 'year, quarter, province, period, metric';

/**
 * Which facts may become a province's value for their period: the report's own figures (scope
 * `report`, or none on rows written before scopes) whose time span, when the text gave one, is
 * the period or one of its months. National, cumulative, one case's and other periods' figures
 * stay in `facts`. Kept apart from the ranking so each can change alone; `spanFitsPeriod`
 * (pipelines/extract/fact-scope.ts) is the same rule for the ingest summary.
 */
export const REPORT_VALUE_FILTER =
  "(scope IS NULL OR scope = 'report') AND (time_span IS NULL OR time_span = period OR (length(time_span) = 7" +
  ' AND substr(time_span, 1, 4) = substr(period, 1, 4) AND substr(period, 6, 1) = CASE' +
  " WHEN substr(time_span, 6, 2) IN ('01', '02', '03') THEN '1' WHEN substr(time_span, 6, 2) IN ('04', '05', '06') THEN '2'" +
  " WHEN substr(time_span, 6, 2) IN ('07', '08', '09') THEN '3' WHEN substr(time_span, 6, 2) IN ('10', '11', '12') THEN '4' END))";

/**
 * The order that makes one row current per province, period and metric: a CSV value beats a value
 * read from text; then the later upload wins (its time, then its S3 event sequencer), never the
 * later processing, so crashes, replays and delivery order cannot change it. Full ties (the same
 * upload time and no sequencer) go to the greater landing key, then the greater SHA-256, then the
 * first line or sentence of the source.
 */
export const CURRENT_VALUE_ORDER =
  "CASE WHEN source_kind = 'csv' THEN 0 ELSE 1 END, uploaded_at DESC, upload_sequence DESC NULLS LAST, " +
  'source_key DESC, source_sha256 DESC, source_row NULLS LAST, span_start NULLS LAST';
