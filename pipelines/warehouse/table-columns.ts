/**
 * The warehouse tables' columns, as data: the Parquet writer, the DuckDB views, the Glue tables
 * and the Athena views are all derived from these lists, so the engines cannot disagree on shape.
 */

export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'BOOLEAN' | 'INTEGER' | 'TIMESTAMP' | 'DATE';

export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description: string;
}

/** Hive partition columns of `facts` and `rejections`, in path order. */
export const PARTITION_COLUMNS: readonly TableColumn[] = [
  { name: 'year', type: 'INTEGER', nullable: false, description: 'year of the period (0 when the record named none)' },
  {
    name: 'quarter',
    type: 'INTEGER',
    nullable: false,
    description: 'quarter of the period, 1 to 4 (0 when the record named none)',
  },
  {
    name: 'province',
    type: 'VARCHAR',
    nullable: false,
    description: "ISO 3166-2:VN code ('unknown' when the record named none)",
  },
];

/**
 * When the source was uploaded, which decides the current value (never when it was processed):
 * the same for every row of a source.
 */
const UPLOAD_COLUMNS: readonly TableColumn[] = [
  {
    name: 'uploaded_at',
    type: 'TIMESTAMP',
    nullable: false,
    description:
      "when the source was uploaded (UTC): the S3 object's last-modified time; locally the file's modification time or --uploaded-at",
  },
  {
    name: 'upload_sequence',
    type: 'VARCHAR',
    nullable: true,
    description:
      'S3 event sequencer, zero-padded to 32 hex digits so it sorts as text; breaks ties of uploaded_at (null locally)',
  },
];

export const FACT_COLUMNS: readonly TableColumn[] = [
  { name: 'period', type: 'VARCHAR', nullable: false, description: "reporting quarter, '2024Q3'" },
  { name: 'metric', type: 'VARCHAR', nullable: false, description: 'metric code from the catalog' },
  { name: 'value', type: 'DOUBLE', nullable: false, description: 'value in the catalog unit (đồng for money)' },
  { name: 'denominator', type: 'DOUBLE', nullable: true, description: 'denominator of a ratio such as 26/27' },
  { name: 'unit', type: 'VARCHAR', nullable: false, description: 'catalog unit' },
  {
    name: 'approx',
    type: 'BOOLEAN',
    nullable: false,
    description: 'the report gave the figure as approximate (gần, hơn, khoảng, trên)',
  },
  { name: 'source_kind', type: 'VARCHAR', nullable: false, description: "'csv' or 'text'" },
  {
    name: 'source_key',
    type: 'VARCHAR',
    nullable: false,
    description: 'landing key of the source file, incoming/<ISO>/<period>/<file>',
  },
  { name: 'source_sha256', type: 'VARCHAR', nullable: false, description: 'SHA-256 of the source bytes' },
  { name: 'source_row', type: 'INTEGER', nullable: true, description: 'CSV line the value came from' },
  { name: 'evidence', type: 'VARCHAR', nullable: true, description: 'text reports: the sentence the value came from' },
  {
    name: 'span_start',
    type: 'INTEGER',
    nullable: true,
    description: 'text reports: offset of the number in the text',
  },
  {
    name: 'span_end',
    type: 'INTEGER',
    nullable: true,
    description: 'text reports: end offset of the number in the text',
  },
  { name: 'note', type: 'VARCHAR', nullable: true, description: "the sender's note" },
  { name: 'ingested_at', type: 'TIMESTAMP', nullable: false, description: 'when the source was ingested (UTC)' },
  { name: 'pipeline_version', type: 'VARCHAR', nullable: false, description: 'provstat version that wrote the row' },
  {
    name: 'scope',
    type: 'VARCHAR',
    nullable: true,
    description:
      "whose figure: 'report' (the province's own for the period), 'other_unit', 'cumulative' or 'incident' (one case)",
  },
  {
    name: 'time_span_text',
    type: 'VARCHAR',
    nullable: true,
    description: "text reports: the phrase giving the figure's time span ('6 tháng đầu năm')",
  },
  {
    name: 'time_span',
    type: 'VARCHAR',
    nullable: true,
    description: "the figure's time span: '2024', '2024H1', '2024Q3', '2024-11', '2020-2025'",
  },
  ...UPLOAD_COLUMNS,
];

export const REJECTION_COLUMNS: readonly TableColumn[] = [
  {
    name: 'period',
    type: 'VARCHAR',
    nullable: true,
    description: 'reporting quarter, when the record named a valid one',
  },
  { name: 'source_kind', type: 'VARCHAR', nullable: false, description: "'csv', 'text' or 'other'" },
  { name: 'source_key', type: 'VARCHAR', nullable: false, description: 'landing key of the source file' },
  { name: 'source_sha256', type: 'VARCHAR', nullable: false, description: 'SHA-256 of the source bytes' },
  { name: 'source_row', type: 'INTEGER', nullable: true, description: 'CSV line; null for a file-level rejection' },
  { name: 'column', type: 'VARCHAR', nullable: true, description: 'header name of the offending column' },
  { name: 'raw_value', type: 'VARCHAR', nullable: true, description: 'the offending value as written' },
  {
    name: 'reason',
    type: 'VARCHAR',
    nullable: false,
    description: 'why it was rejected, in Vietnamese a clerk can act on',
  },
  { name: 'rejected_at', type: 'TIMESTAMP', nullable: false, description: 'when the source was ingested (UTC)' },
  { name: 'pipeline_version', type: 'VARCHAR', nullable: false, description: 'provstat version that wrote the row' },
  {
    name: 'code',
    type: 'VARCHAR',
    nullable: true,
    description: "stable code of the reason ('value-ambiguous-number'); null in files written before codes",
  },
  { name: 'reason_en', type: 'VARCHAR', nullable: true, description: 'the reason in English; null in older files' },
  ...UPLOAD_COLUMNS,
];

export const PROVINCE_COLUMNS: readonly TableColumn[] = [
  {
    name: 'code',
    type: 'VARCHAR',
    nullable: false,
    description: 'ISO 3166-2:VN code (a code may have a row before and from 2025-07-01)',
  },
  { name: 'name_vi', type: 'VARCHAR', nullable: false, description: 'Vietnamese name' },
  { name: 'name_ascii', type: 'VARCHAR', nullable: false, description: 'name without diacritics' },
  { name: 'kind', type: 'VARCHAR', nullable: false, description: "'province' or 'city'" },
  { name: 'valid_from', type: 'DATE', nullable: false, description: 'first day the unit existed with this extent' },
  { name: 'valid_to', type: 'DATE', nullable: true, description: 'last day; null for current units' },
  {
    name: 'first_period',
    type: 'VARCHAR',
    nullable: false,
    description: "first quarter the unit can report for ('2008Q3'): it exists on the quarter's last day",
  },
  {
    name: 'last_period',
    type: 'VARCHAR',
    nullable: true,
    description: "last quarter the unit can report for ('2025Q2'); null for current units",
  },
  {
    name: 'is_current',
    type: 'BOOLEAN',
    nullable: false,
    description: 'one of the 34 units in place since 2025-07-01',
  },
  {
    name: 'gso_code',
    type: 'VARCHAR',
    nullable: false,
    description: 'statistics office code in force for this row (reused in 2025: never a key)',
  },
  {
    name: 'land_border',
    type: 'VARCHAR',
    nullable: false,
    description: "neighbours on land: 'china', 'laos', 'cambodia', '+'-joined, or 'none'",
  },
  { name: 'has_land_border', type: 'BOOLEAN', nullable: false, description: 'the unit has a land border' },
  { name: 'coastal', type: 'BOOLEAN', nullable: false, description: 'the unit has a coastline' },
  {
    name: 'successor_code',
    type: 'VARCHAR',
    nullable: true,
    description: 'for units that ended on 2025-06-30: the unit they became part of',
  },
  {
    name: 'current_code',
    type: 'VARCHAR',
    nullable: false,
    description: 'the current unit this row rolls up to for like-for-like comparison',
  },
  {
    name: 'constituents',
    type: 'VARCHAR',
    nullable: true,
    description: "for units formed on 2025-07-01: former units, '|'-joined",
  },
  { name: 'aliases', type: 'VARCHAR', nullable: false, description: "spellings seen in text, '|'-joined" },
];

export const METRIC_COLUMNS: readonly TableColumn[] = [
  { name: 'code', type: 'VARCHAR', nullable: false, description: 'metric code' },
  { name: 'domain', type: 'VARCHAR', nullable: false, description: "'cadre', 'crime', 'civic' or 'scope'" },
  { name: 'unit', type: 'VARCHAR', nullable: false, description: 'catalog unit' },
  { name: 'ratio_ok', type: 'BOOLEAN', nullable: false, description: 'values may carry a denominator' },
  { name: 'label_vi', type: 'VARCHAR', nullable: false, description: 'Vietnamese label' },
  { name: 'label_en', type: 'VARCHAR', nullable: false, description: 'English label' },
];
