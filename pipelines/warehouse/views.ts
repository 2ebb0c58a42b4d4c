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
 * The order that makes one row current per province, period and metric: a CSV value beats a value
 * read from text; then the later upload wins (its time, then its S3 event sequencer), never the
 * later processing, so crashes, replays and delivery order cannot change it. Full ties (the same
 * upload time and no sequencer) go to the greater landing key, then the greater SHA-256, then the
 * first line or sentence of the source.
 */
export const CURRENT_VALUE_ORDER =
  "CASE WHEN source_kind = 'csv' THEN 0 ELSE 1 END, uploaded_at DESC, upload_sequence DESC NULLS LAST, " +
  'source_key DESC, source_sha256 DESC, source_row NULLS LAST, span_start NULLS LAST';
