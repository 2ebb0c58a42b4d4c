/**
 * The current values an ingested source changed, for its receipt: in each partition it wrote facts
 * to, the current value per province, period and metric among the sources ingested before it,
 * against the current value once it was ingested. Exact whenever it is computed, since only
 * sources ingested up to it count.
 */
import type { ValueChanges } from '../../pipelines/ingest/receipt.js';
import { partitionFolderKey } from '../../pipelines/warehouse/layout.js';
import type { Manifest } from '../../pipelines/warehouse/manifest.js';
import { PARTITION_COLUMNS } from '../../pipelines/warehouse/table-columns.js';
import { CURRENT_VALUE_ORDER } from '../../pipelines/warehouse/views.js';
import type { WarehouseStorage } from '../../pipelines/warehouse/warehouse-storage.js';
import { quoteSqlString, type DuckDbDatabase } from './duckdb-database.js';

export interface ValueChangeSource {
  readonly database: DuckDbDatabase;
  readonly storage: WarehouseStorage;
  /** A local path DuckDB can read the warehouse key from (the file itself, or a downloaded copy). */
  localPath(key: string): Promise<string>;
}

/** The values a committed source changed in the `metrics` view; none for a source without facts. */
export async function readValueChanges(manifest: Manifest, source: ValueChangeSource): Promise<ValueChanges> {
  const keys: string[] = [];
  for (const partition of manifest.partitions.filter((entry) => entry.facts > 0)) {
    const folder = `${partitionFolderKey('facts', partition)}/`;
    const files = await source.storage.list(folder);
    keys.push(...files.filter((key) => key.endsWith('.parquet') && !key.slice(folder.length).includes('/')));
  }
  if (keys.length === 0) return [];
  // The first source in its partitions (a first upload, a backfill): nothing existed to change, and
  // a CSV's accepted values are one per province, period and metric, each now current.
  const alone = keys.every((key) => key.endsWith(`/${manifest.source_sha256}.parquet`));
  if (manifest.source_kind === 'csv' && alone) return { added: manifest.accepted };
  const paths: string[] = [];
  for (const key of keys) paths.push(await source.localPath(key));
  const hiveTypes = PARTITION_COLUMNS.map((column) => `${quoteSqlString(column.name)}: ${column.type}`).join(', ');
  const files =
    `read_parquet([${paths.map(quoteSqlString).join(', ')}], ` +
    `hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
  const thisSource = 'source_sha256 = ? AND source_key = ?';
  const ranked = (comparison: string): string =>
    'SELECT *, ROW_NUMBER() OVER (PARTITION BY province, period, metric ' +
    `ORDER BY ${CURRENT_VALUE_ORDER}) AS current_rank ` +
    `FROM f WHERE ingested_at ${comparison} (SELECT MIN(ingested_at) FROM f WHERE ${thisSource})`;
  const sql =
    `WITH f AS (SELECT * FROM ${files}), before AS (${ranked('<')}), after AS (${ranked('<=')}) ` +
    'SELECT a.province, a.period, a.metric, b.value AS old_value, b.denominator AS old_denominator, ' +
    'b.source_key AS old_source_key, a.value AS new_value, a.denominator AS new_denominator FROM after a ' +
    'LEFT JOIN before b ON b.province = a.province AND b.period = a.period AND b.metric = a.metric ' +
    'AND b.current_rank = 1 WHERE a.current_rank = 1 AND a.source_sha256 = ? AND a.source_key = ? ' +
    'AND (b.province IS NULL OR b.value IS DISTINCT FROM a.value OR b.denominator IS DISTINCT FROM a.denominator)';
  // `thisSource` appears three times: in each ranking, then in the final filter.
  const bound = [manifest.source_sha256, manifest.source_key];
  const result = await source.database.query(sql, [...bound, ...bound, ...bound]);
  return result.rows.map((row) => ({
    province: String(row.province),
    period: String(row.period),
    metric: String(row.metric),
    oldValue: numberOrNull(row.old_value),
    oldDenominator: numberOrNull(row.old_denominator),
    oldSourceKey: row.old_source_key === null || row.old_source_key === undefined ? null : String(row.old_source_key),
    newValue: Number(row.new_value),
    newDenominator: numberOrNull(row.new_denominator),
  }));
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
